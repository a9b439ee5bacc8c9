"""The data-quality score (indicators.kualitas) by hand: completeness and timeliness weigh half
each, an open outlier costs 10 points per desa, bounded to 0–100, nothing expected: no score."""
import math

import pytest

from indicators.kualitas import skor_kualitas


@pytest.mark.parametrize(("lengkap", "tepat", "janggal", "desa", "skor"), [
    (1.0, 1.0, 0, 10, 100.0),
    (0.9, 0.5, 0, 10, 70.0),          # 45 + 25
    (0.9, 0.5, 3, 10, 67.0),          # − 10 × 3 ÷ 10
    (0.9, None, 0, 10, 90.0),         # no known arrival: timeliness taken as completeness
    (0.9, math.nan, 0, 10, 90.0),
    (0.2, 0.0, 5, 1, 0.0),            # 10 − 50: never below 0
    (1.0, 1.0, 2, 0, 80.0),           # a Puskesmas-level area without desa counts as one
])
def test_the_score_by_hand(lengkap, tepat, janggal, desa, skor):
    assert skor_kualitas(lengkap, tepat, janggal, desa) == pytest.approx(skor)


def test_nothing_expected_has_no_score():
    assert skor_kualitas(None, 1.0, 0, 5) is None
    assert skor_kualitas(math.nan, None, 2, 5) is None


def test_a_scorecard_header_is_a_short_name_never_a_code():
    from indicators.program import INDICATOR_BY_CODE
    from layouts.skor_parts import short_label

    assert short_label(INDICATOR_BY_CODE["k6"]) == "K6"  # the scorecard's own
    assert short_label(INDICATOR_BY_CODE["mutu_tb_so"]) == "Pengobatan TB SO berhasil"  # the indicator's
