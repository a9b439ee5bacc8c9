"""The scorecard's composite score, rank and rank change (indicators.skor), pure."""
import numpy as np
import pytest

from indicators.program import INDICATORS
from indicators.pws import BAIK, CUKUP, JELEK, KURANG
from indicators.skor import (
    SKOR_CODES,
    SKOR_INDICATORS,
    composite,
    rank_change,
    rank_change_text,
    ranks,
    status_counts,
)


def _array(*words):
    return np.array(words, dtype=object)


def test_the_scorecard_shows_every_pws_indicator_of_klaster_2_to_4_grouped_by_klaster():
    assert len(SKOR_INDICATORS) == 25
    assert set(SKOR_CODES) == {i.code for i in INDICATORS if i.klaster in (2, 3, 4)}
    klaster = [i.klaster for i in SKOR_INDICATORS]
    assert klaster == sorted(klaster)


def test_counts_per_area_over_the_indicators():
    counts = status_counts([_array(BAIK, JELEK, None), _array(KURANG, JELEK, None), _array(BAIK, CUKUP, None)])
    assert counts["jumlah_baik"].tolist() == [2, 0, 0]
    assert counts["jumlah_kurang"].tolist() == [1, 0, 0]
    assert counts["jumlah_cukup"].tolist() == [0, 1, 0]
    assert counts["jumlah_jelek"].tolist() == [0, 2, 0]


def test_score_is_the_mean_of_the_points_of_the_rated_indicators_out_of_100():
    counts = status_counts([_array(BAIK, JELEK, None, BAIK), _array(KURANG, JELEK, None, None),
                            _array(CUKUP, JELEK, None, None)])
    score = composite(counts)
    assert score[0] == pytest.approx(66.7)  # (3 + 2 + 1) / 9 × 100
    assert score[1] == 0.0  # all jelek
    assert np.isnan(score[2])  # nothing rated: no score, not 0
    assert score[3] == 100.0  # one indicator rated, baik


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    assert ranks(np.array([50.0, 90.0, 50.0, np.nan, 10.0])).tolist()[:3] == [2.0, 1.0, 2.0]
    out = ranks(np.array([50.0, 90.0, 50.0, np.nan, 10.0]))
    assert np.isnan(out[3]) and out[4] == 4.0


def test_rank_change_is_places_gained():
    change = rank_change(np.array([1.0, 3.0, 2.0, np.nan]), np.array([3.0, 1.0, 2.0, 1.0]))
    assert change[:3].tolist() == [2.0, -2.0, 0.0] and np.isnan(change[3])
    assert [rank_change_text(v) for v in change] == ["▲2", "▼2", "=", "–"]
    assert rank_change_text(None) == "–"
