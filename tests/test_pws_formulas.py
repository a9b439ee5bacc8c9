"""PWS formulas (indicators/pws.py, domain.md §3) on small cases worked out by hand."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from indicators.program import INDICATOR_BY_CODE, KASKADE_BY_CODE, with_denominators
from indicators.pws import (
    BAIK,
    CUKUP,
    JELEK,
    KURANG,
    kaskade_table,
    last_reported_month,
    matrix,
    pws_columns,
    pws_series,
    pws_statuses,
    pws_table,
    status,
    status_counts,
    target_at,
    total_inputs,
)

K1, K6 = INDICATOR_BY_CODE["k1"], INDICATOR_BY_CODE["k6"]
D_S, N_D = INDICATOR_BY_CODE["d_s"], INDICATOR_BY_CODE["n_d"]
BB_KURANG, STUNTING = INDICATOR_BY_CODE["bb_kurang"], INDICATOR_BY_CODE["stunting"]


def counts(*rows) -> pd.DataFrame:
    """Desa rows (kode, tahun, bulan, indikator, nilai); each desa reports for itself."""
    frame = pd.DataFrame(rows, columns=["kode", "tahun", "bulan", "indikator", "nilai"])
    frame["nilai"] = frame["nilai"].astype(float)
    return frame.assign(desa_lapor=1)


def sasaran(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["kode", "tahun", "sasaran", "jumlah"])
    frame["jumlah"] = frame["jumlah"].astype(float)
    return frame.assign(desa_ada=1)


def monthly(kode: str, indikator: str, values: dict[int, int], tahun: int = 2025) -> list[tuple]:
    return [(kode, tahun, b, indikator, v) for b, v in values.items()]


def table(c, s, ind, bulan, kode, target=None, tahun=2025) -> pd.DataFrame:
    target = ind.target if target is None else target
    return pws_table(c, s, ind, tahun, bulan, kode, dict.fromkeys(kode, target)).set_index("kode")


# --- 1. coverage and the linear target ---------------------------------------------------------

def test_monthly_coverage_is_the_months_count_over_the_annual_sasaran():
    c = counts(*monthly("a", "k6", {1: 5, 2: 7, 3: 9}))
    row = table(c, sasaran(("a", 2025, "bumil", 100)), K6, 3, ["a"]).loc["a"]
    assert row.cakupan_bulan_ini == pytest.approx(0.09)
    assert row.cakupan_bulan_lalu == pytest.approx(0.07)
    assert (row.capaian_bulan_ini, row.capaian_bulan_lalu, row.sasaran) == (9, 7, 100)


def test_cumulative_coverage_sums_january_to_the_month_over_the_sasaran():
    c = counts(*monthly("a", "k6", {1: 5, 2: 7, 3: 9, 4: 100}))
    row = table(c, sasaran(("a", 2025, "bumil", 100)), K6, 3, ["a"]).loc["a"]
    assert row.capaian_kumulatif == 21  # April is not counted in March
    assert row.cakupan_kumulatif == pytest.approx(0.21)
    # below 23.75% and rising → catching up
    assert row.status == CUKUP and row.alasan == ""


def test_target_grows_linearly_k6_95_percent_at_march_is_23_75_percent():
    assert target_at(K6, 95, 3) == pytest.approx(0.2375)
    assert target_at(K6, 95, 12) == pytest.approx(0.95)
    assert target_at(K6, 95, 1) == pytest.approx(0.95 / 12)
    row = table(counts(("a", 2025, 3, "k6", 1)), sasaran(("a", 2025, "bumil", 100)), K6, 3,
                ["a"]).loc["a"]
    assert row.target_bulan_ini == pytest.approx(0.2375) and row.target_tahunan == 95


def test_target_of_a_monthly_ratio_is_flat_and_no_target_is_empty():
    assert target_at(D_S, 85, 3) == pytest.approx(0.85)
    assert target_at(D_S, 85, 12) == pytest.approx(0.85)
    assert np.isnan(target_at(K6, None, 3)) and np.isnan(target_at(K6, float("nan"), 3))


def test_fractional_sasaran_is_divided_as_it_is():
    c = counts(*monthly("a", "k1", {1: 40, 2: 30}))
    row = table(c, sasaran(("a", 2025, "bumil", 101.2)), K1, 2, ["a"]).loc["a"]
    assert row.sasaran == pytest.approx(101.2)
    assert row.cakupan_bulan_ini == pytest.approx(30 / 101.2)
    assert row.cakupan_kumulatif == pytest.approx(70 / 101.2)


# --- 2. the four statuses ------------------------------------------------------------------------

def test_each_of_the_four_statuses():
    # K6 95%, March: target 23.75%; sasaran 100 each
    c = counts(
        *monthly("baik", "k6", {1: 10, 2: 8, 3: 9}),    # 27% ≥ target, 9 > 8 up
        *monthly("kurang", "k6", {1: 10, 2: 9, 3: 8}),  # 27% ≥ target, 8 < 9 down
        *monthly("cukup", "k6", {1: 5, 2: 6, 3: 7}),    # 18% < target, up
        *monthly("jelek", "k6", {1: 5, 2: 7, 3: 6}),    # 18% < target, down
    )
    kode = ["baik", "kurang", "cukup", "jelek"]
    s = sasaran(*[(k, 2025, "bumil", 100) for k in kode])
    out = table(c, s, K6, 3, kode)
    assert out["status"].to_dict() == {BAIK: BAIK, KURANG: KURANG, CUKUP: CUKUP, JELEK: JELEK}
    assert out["cakupan_kumulatif"].tolist() == pytest.approx([0.27, 0.27, 0.18, 0.18])
    assert status_counts(out.reset_index()) == {BAIK: 1, KURANG: 1, CUKUP: 1, JELEK: 1, "kosong": 0}


def test_statuses_alone_are_the_tables_statuses_for_every_month_from_one_matrix():
    # what the league table reads: the four statuses of March (and the months around it, a
    # month without report included), for an indicator higher-is-better and one lower-is-better
    c = counts(
        *monthly("baik", "k6", {1: 10, 2: 8, 3: 9}), *monthly("kurang", "k6", {1: 10, 2: 9, 3: 8}),
        *monthly("cukup", "k6", {1: 5, 2: 6, 3: 7}), *monthly("jelek", "k6", {1: 5, 2: 7, 3: 6}),
        *monthly("baik", "balita_d", {2: 100, 3: 100}), *monthly("baik", "balita_bb_kurang", {2: 6, 3: 5}),
        *monthly("jelek", "balita_d", {2: 100, 3: 100}), *monthly("jelek", "balita_bb_kurang", {2: 9, 3: 12}),
    )
    kode = ["baik", "kurang", "cukup", "jelek", "kosong"]
    s = sasaran(*[(k, 2025, "bumil", 100) for k in kode[:4]])
    for ind, target in ((K6, 95), (BB_KURANG, 7)):
        targets = dict.fromkeys(kode, target)
        m = matrix(c, s, ind, 2025, kode)
        for bulan in (1, 2, 3, 4, 12):
            alone = pws_statuses(c, s, ind, 2025, bulan, kode, targets, m=m)
            assert list(alone) == list(pws_columns(c, s, ind, 2025, bulan, kode, targets)["status"])
    assert list(pws_statuses(c, s, K6, 2025, 3, kode, dict.fromkeys(kode, 95))) == [BAIK, KURANG, CUKUP, JELEK, None]


def test_status_rules_directly():
    assert status(0.30, 0.25, 0.10, 0.08) == BAIK
    assert status(0.30, 0.25, 0.08, 0.10) == KURANG
    assert status(0.20, 0.25, 0.10, 0.08) == CUKUP
    assert status(0.20, 0.25, 0.08, 0.10) == JELEK
    assert status(float("nan"), 0.25, 0.1, 0.1) is None
    assert status(0.3, float("nan"), 0.1, 0.1) is None
    assert status(0.3, 0.25, float("nan"), 0.1) is None


def test_monthly_coverage_equal_to_last_month_counts_as_up():
    c = counts(*monthly("on", "k6", {1: 10, 2: 9, 3: 9}),      # 28% ≥ 23.75%
               *monthly("below", "k6", {1: 2, 2: 9, 3: 9}))    # 20% < 23.75%
    s = sasaran(("on", 2025, "bumil", 100), ("below", 2025, "bumil", 100))
    out = table(c, s, K6, 3, ["on", "below"])
    assert out.loc["on", "status"] == BAIK
    assert out.loc["below", "status"] == CUKUP


def test_cumulative_exactly_equal_to_the_target_is_on_target():
    # 57/240 = 0.2375 and 0.95 × 3 / 12 = 0.23749999999999996: equal, not noise
    c = counts(*monthly("a", "k6", {1: 19, 2: 19, 3: 19}))
    row = table(c, sasaran(("a", 2025, "bumil", 240)), K6, 3, ["a"]).loc["a"]
    assert row.status == BAIK
    # 24/120 = 0.2 while 0.80 × 3 / 12 = 0.20000000000000004: the noise lies the other way
    c = counts(*monthly("a", "k6", {1: 8, 2: 8, 3: 8}))
    row = table(c, sasaran(("a", 2025, "bumil", 120)), K6, 3, ["a"], target=80).loc["a"]
    assert 24 / 120 < 0.80 * 3 / 12  # the trap this case sets
    assert row.status == BAIK
    # one service fewer is below
    c = counts(*monthly("a", "k6", {1: 8, 2: 8, 3: 7}))
    assert table(c, sasaran(("a", 2025, "bumil", 120)), K6, 3, ["a"], target=80).loc["a", "status"] == JELEK


# --- 3. January against December -----------------------------------------------------------------

def test_january_compares_with_previous_december():
    # December 2024: 11/120 = 9.17% (2024 sasaran); January 2025: 10/100 = 10% → up.
    # With the 2025 sasaran December would be 11% and the trend down.
    c = counts(("a", 2024, 12, "k1", 11), ("a", 2025, 1, "k1", 10))
    s = sasaran(("a", 2024, "bumil", 120), ("a", 2025, "bumil", 100))
    row = table(c, s, K1, 1, ["a"]).loc["a"]
    assert row.cakupan_bulan_lalu == pytest.approx(11 / 120)
    assert row.capaian_bulan_lalu == 11
    assert row.status == BAIK  # 10% ≥ 100 × 1/12 = 8.33%, up
    # December higher than January → down
    c = counts(("a", 2024, 12, "k1", 13), ("a", 2025, 1, "k1", 10))
    assert table(c, s, K1, 1, ["a"]).loc["a", "status"] == KURANG
    # the previous year's registers do not count in this year's cumulative
    assert table(c, s, K1, 1, ["a"]).loc["a", "capaian_kumulatif"] == 10


def test_january_without_previous_december_counts_as_up():
    s = sasaran(("a", 2024, "bumil", 120), ("a", 2025, "bumil", 100))
    low = table(counts(("a", 2025, 1, "k1", 5)), s, K1, 1, ["a"]).loc["a"]  # 5% < 8.33%
    assert np.isnan(low.cakupan_bulan_lalu) and low.status == CUKUP
    # December reported but no 2024 sasaran: December's coverage is unknown, still "up"
    c = counts(("a", 2024, 12, "k1", 50), ("a", 2025, 1, "k1", 10))
    row = table(c, sasaran(("a", 2025, "bumil", 100)), K1, 1, ["a"]).loc["a"]
    assert np.isnan(row.cakupan_bulan_lalu) and row.status == BAIK


# --- 4. missing or zero sasaran -------------------------------------------------------------------

def test_missing_sasaran_leaves_coverage_and_status_empty_with_reason():
    c = counts(*monthly("a", "k6", {1: 5, 2: 7}))
    s = sasaran(("a", 2024, "bumil", 100), ("a", 2025, "bayi", 100))  # other year, other sasaran
    row = table(c, s, K6, 2, ["a"]).loc["a"]
    for column in ("cakupan_bulan_ini", "cakupan_bulan_lalu", "cakupan_kumulatif", "sasaran"):
        assert np.isnan(row[column]), column
    assert pd.isna(row.status)
    assert row.alasan == "Sasaran ibu hamil tahun 2025 belum diunggah"
    assert row.capaian_kumulatif == 12  # the services are still counted
    assert row.sasaran_ada == 0


def test_zero_sasaran_leaves_coverage_empty_never_zero_percent():
    c = counts(*monthly("a", "k6", {1: 5, 2: 7}))
    row = table(c, sasaran(("a", 2025, "bumil", 0)), K6, 2, ["a"]).loc["a"]
    assert np.isnan(row.cakupan_bulan_ini) and np.isnan(row.cakupan_kumulatif)
    assert pd.isna(row.status)
    assert row.alasan == "Sasaran ibu hamil tahun 2025 bernilai 0"
    series = pws_series(c, sasaran(("a", 2025, "bumil", 0)), K6, 2025, ["a"])
    assert series["cakupan"].isna().all() and series["cakupan_kumulatif"].isna().all()


# --- 5. months without a report -------------------------------------------------------------------

def test_month_without_report_has_empty_monthly_coverage_and_status_with_reason():
    c = counts(*monthly("a", "k6", {1: 10, 2: 9}))  # no March row
    row = table(c, sasaran(("a", 2025, "bumil", 100)), K6, 3, ["a"]).loc["a"]
    assert np.isnan(row.cakupan_bulan_ini) and np.isnan(row.capaian_bulan_ini)  # not 0
    assert pd.isna(row.status)
    assert row.alasan == "Belum ada laporan bulan Maret 2025"
    assert row.lapor == 0


def test_cumulative_still_sums_the_reported_months_when_this_month_is_missing():
    c = counts(*monthly("a", "k6", {1: 10, 3: 9}))  # February missing
    s = sasaran(("a", 2025, "bumil", 100))
    march = table(c, s, K6, 3, ["a"]).loc["a"]
    assert march.capaian_kumulatif == 19 and march.cakupan_kumulatif == pytest.approx(0.19)
    february = table(c, s, K6, 2, ["a"]).loc["a"]
    assert february.cakupan_kumulatif == pytest.approx(0.10) and pd.isna(february.status)
    april = table(c, s, K6, 4, ["a"]).loc["a"]
    assert april.cakupan_kumulatif == pytest.approx(0.19)
    assert april.alasan == "Belum ada laporan bulan April 2025"


def test_no_report_at_all_in_the_year_gives_its_own_reason():
    row = table(counts(("a", 2024, 12, "k6", 3)), sasaran(("a", 2025, "bumil", 100)), K6, 2,
                ["a"]).loc["a"]
    assert np.isnan(row.capaian_kumulatif) and np.isnan(row.cakupan_kumulatif)
    assert row.alasan == "Belum ada laporan Cakupan K6 tahun 2025 sampai Februari"


def test_previous_month_without_report_does_not_make_the_trend_down():
    c = counts(*monthly("a", "k6", {1: 30, 3: 1}))  # February missing; March 1%
    row = table(c, sasaran(("a", 2025, "bumil", 100)), K6, 3, ["a"]).loc["a"]
    assert np.isnan(row.cakupan_bulan_lalu)
    assert row.status == BAIK  # 31% ≥ 23.75%, and no February to fall from


# --- 6. areas are summed, then divided --------------------------------------------------------------

def test_area_total_sums_numerators_and_sasaran_then_divides():
    c = counts(("A", 2025, 1, "k1", 10), ("B", 2025, 1, "k1", 30))
    s = sasaran(("A", 2025, "bumil", 100), ("B", 2025, "bumil", 50))
    desa = table(c, s, K1, 1, ["A", "B"])
    assert desa["cakupan_bulan_ini"].tolist() == pytest.approx([0.10, 0.60])
    tc, ts = total_inputs(c, s, "P")
    row = table(tc, ts, K1, 1, ["P"]).loc["P"]
    assert row.cakupan_kumulatif == pytest.approx(40 / 150)  # 26.7%, not the mean 35%
    assert (row.capaian_kumulatif, row.sasaran, row.lapor, row.sasaran_ada) == (40, 150, 2, 2)


def test_area_total_counts_the_desa_that_reported_and_have_sasaran():
    c = counts(("A", 2025, 1, "k1", 10), ("B", 2025, 1, "k1", 30), ("A", 2025, 2, "k1", 5))
    s = sasaran(("A", 2025, "bumil", 100))
    tc, ts = total_inputs(c, s, "P")
    row = table(tc, ts, K1, 2, ["P"]).loc["P"]
    assert (row.lapor, row.sasaran_ada, row.capaian_bulan_lalu) == (1, 1, 40)


# --- 7. monthly ratios (per_bulan) ------------------------------------------------------------------

def test_d_s_is_weighed_over_balita_in_the_month_with_a_flat_target():
    c = counts(*monthly("a", "balita_d", {1: 100, 2: 150, 3: 170}))
    row = table(c, sasaran(("a", 2025, "balita", 200)), D_S, 3, ["a"]).loc["a"]
    assert row.cakupan_bulan_ini == pytest.approx(0.85)
    assert row.cakupan_bulan_lalu == pytest.approx(0.75)
    assert row.cakupan_kumulatif == pytest.approx(0.85)  # the month's own value, not Σ
    assert row.capaian_kumulatif == 170
    assert row.target_bulan_ini == pytest.approx(0.85)  # flat, not 85% × 3/12
    assert row.status == BAIK  # exactly on the target, rising


def test_n_d_subtracts_not_gaining_and_not_weighed_last_month():
    c = counts(*monthly("a", "balita_d", {2: 150, 3: 170}),
               *monthly("a", "balita_t", {2: 30, 3: 20}),
               *monthly("a", "balita_o", {2: 15, 3: 10}))
    row = table(c, sasaran(), N_D, 3, ["a"]).loc["a"]
    assert row.capaian_bulan_ini == 140  # N = 170 − 20 − 10
    assert row.sasaran == 170  # D of the month
    assert row.cakupan_bulan_ini == pytest.approx(140 / 170)
    assert row.cakupan_bulan_lalu == pytest.approx(105 / 150)  # (150 − 30 − 15) / 150
    assert row.status == BAIK  # 82.4% ≥ 80%, up from 70%
    assert row.sasaran_ada == -1  # not divided by a sasaran


def test_lower_is_better_inverts_both_directions():
    # prevalence of underweight, target 7%: at or below is on target, falling is improving
    c = counts(
        *monthly("baik", "balita_d", {2: 100, 3: 100}), *monthly("baik", "balita_bb_kurang", {2: 6, 3: 5}),
        *monthly("kurang", "balita_d", {2: 100, 3: 100}), *monthly("kurang", "balita_bb_kurang", {2: 4, 3: 6}),
        *monthly("cukup", "balita_d", {2: 100, 3: 100}), *monthly("cukup", "balita_bb_kurang", {2: 12, 3: 9}),
        *monthly("jelek", "balita_d", {2: 100, 3: 100}), *monthly("jelek", "balita_bb_kurang", {2: 9, 3: 12}),
        *monthly("sama", "balita_d", {2: 100, 3: 100}), *monthly("sama", "balita_bb_kurang", {2: 7, 3: 7}),
    )
    kode = ["baik", "kurang", "cukup", "jelek", "sama"]
    out = table(c, sasaran(), BB_KURANG, 3, kode)
    assert out["status"].to_dict() == {BAIK: BAIK, KURANG: KURANG, CUKUP: CUKUP, JELEK: JELEK,
                                       "sama": BAIK}  # equal to the target and to last month
    assert out.loc["sama", "target_bulan_ini"] == pytest.approx(0.07)


def test_stunting_above_target_and_rising_is_jelek():
    c = counts(*monthly("a", "balita_diukur", {2: 40, 3: 50}),
               *monthly("a", "balita_stunting", {2: 6, 3: 10}))
    row = table(c, sasaran(), STUNTING, 3, ["a"]).loc["a"]
    assert row.cakupan_bulan_ini == pytest.approx(0.20)
    assert row.cakupan_bulan_lalu == pytest.approx(0.15)
    assert row.status == JELEK  # 20% > 14% and worse than 15%


def test_register_denominator_zero_in_the_month_leaves_coverage_empty_with_reason():
    c = counts(*monthly("a", "balita_diukur", {2: 40, 3: 0}),
               *monthly("a", "balita_stunting", {2: 6, 3: 0}))
    row = table(c, sasaran(), STUNTING, 3, ["a"]).loc["a"]
    assert np.isnan(row.cakupan_bulan_ini) and np.isnan(row.cakupan_kumulatif)
    assert pd.isna(row.status)
    assert row.alasan == "Balita diukur TB/PB bulan Maret bernilai 0: status bulan ini tidak dapat dinilai"


def test_register_denominator_not_reported_is_not_called_zero():
    # underweight reported, D (weighed) not reported in March
    c = counts(*monthly("a", "balita_d", {2: 100}), *monthly("a", "balita_bb_kurang", {2: 5, 3: 4}))
    row = table(c, sasaran(), BB_KURANG, 3, ["a"]).loc["a"]
    assert np.isnan(row.cakupan_bulan_ini) and pd.isna(row.status)
    assert row.alasan == "Belum ada laporan Balita ditimbang (D) bulan Maret 2025"


def test_per_bulan_january_compares_with_previous_december():
    c = counts(("a", 2024, 12, "balita_d", 90), ("a", 2025, 1, "balita_d", 170))
    s = sasaran(("a", 2024, "balita", 100), ("a", 2025, "balita", 200))
    row = table(c, s, D_S, 1, ["a"]).loc["a"]
    assert row.cakupan_bulan_lalu == pytest.approx(0.90)  # 90/100 with the 2024 S
    assert row.status == KURANG  # 85% on target, down from 90%


# --- 8. cascades --------------------------------------------------------------------------------------

TB = KASKADE_BY_CODE["tb"]
TB_STEPS = list(TB.steps)


def tb(kode, tahun, bulan, *values):
    return [(kode, tahun, bulan, step, v) for step, v in zip(TB_STEPS, values)]


def test_cascade_sums_january_to_the_month_per_step_with_conversions():
    c = counts(*tb("a", 2024, 12, 999, 99, 9, 9),   # last year: not counted
               *tb("a", 2024, 2, 500, 50, 5, 5),    # last year, inside Jan..3: not counted
               *tb("a", 2025, 1, 100, 10, 3, 2),
               *tb("a", 2025, 3, 50, 5, 2, 2),
               *tb("a", 2025, 4, 70, 7, 7, 7))      # after the period: not counted
    row = kaskade_table(c, sasaran(), TB, 2025, 3, ["a"]).set_index("kode").loc["a"]
    assert [row[s] for s in TB_STEPS] == [150, 15, 5, 4]
    assert row.konversi_tb_terduga == pytest.approx(0.10)
    assert row.konversi_tb_diagnosis == pytest.approx(5 / 15)
    assert row.konversi_tb_diobati == pytest.approx(0.8)
    assert row.melebihi == ""
    assert "konversi_tb_skrining" not in row.index


def test_cascade_later_step_exceeding_an_earlier_one_is_flagged_not_clipped():
    c = counts(*tb("a", 2025, 1, 100, 10, 3, 4), *tb("b", 2025, 1, 10, 20, 25, 1))
    out = kaskade_table(c, sasaran(), TB, 2025, 1, ["a", "b"]).set_index("kode")
    assert out.loc["a", "tb_diobati"] == 4
    assert out.loc["a", "konversi_tb_diobati"] == pytest.approx(4 / 3)  # > 1, not clipped
    assert out.loc["a", "melebihi"] == "tb_diobati"
    assert out.loc["b", "melebihi"] == "tb_terduga, tb_diagnosis"


def test_cascade_zero_earlier_step_leaves_the_conversion_empty():
    c = counts(*tb("a", 2025, 1, 0, 2, 0, 0))
    row = kaskade_table(c, sasaran(), TB, 2025, 1, ["a"]).set_index("kode").loc["a"]
    assert np.isnan(row.konversi_tb_terduga)
    assert row.konversi_tb_diagnosis == 0  # 0 of 2 is 0%
    assert np.isnan(row.konversi_tb_diobati)  # 0 of 0 is nothing, not 0%
    assert row.melebihi == "tb_terduga"
    c = counts(*tb("a", 2025, 1, 0, 0, 0, 0))
    row = kaskade_table(c, sasaran(), TB, 2025, 1, ["a"]).set_index("kode").loc["a"]
    assert np.isnan(row.konversi_tb_terduga) and row.melebihi == ""


def test_cascade_area_without_report_is_empty_and_sasaran_shown_when_declared():
    ht = KASKADE_BY_CODE["ht"]
    c = counts(("a", 2025, 1, "ht_skrining", 40), ("a", 2025, 2, "ht_diagnosis", 12))
    s = sasaran(("a", 2025, "ht_estimasi", 30.5), ("b", 2024, "ht_estimasi", 99))
    out = kaskade_table(c, s, ht, 2025, 2, ["a", "b"]).set_index("kode")
    assert out.loc["a", "ht_estimasi"] == pytest.approx(30.5)
    assert np.isnan(out.loc["b", "ht_estimasi"])  # only last year's
    assert (out.loc["a", "ht_skrining"], out.loc["a", "ht_diagnosis"]) == (40, 12)
    assert np.isnan(out.loc["a", "ht_diobati"])  # nobody reported the step
    assert out.loc["b", ["ht_skrining", "ht_diagnosis"]].isna().all()
    assert out.loc["b", "melebihi"] == ""


# --- helpers ----------------------------------------------------------------------------------------

def test_series_gives_monthly_and_cumulative_coverage_by_month():
    c = counts(*monthly("a", "k1", {1: 10, 2: 20, 4: 5}))
    out = pws_series(c, sasaran(("a", 2025, "bumil", 100)), K1, 2025, ["a"]).set_index("bulan")
    assert out.loc[[1, 2, 4], "cakupan"].tolist() == pytest.approx([0.10, 0.20, 0.05])
    assert np.isnan(out.loc[3, "cakupan"])
    assert out.loc[[1, 2, 3, 4], "cakupan_kumulatif"].tolist() == pytest.approx([0.10, 0.30, 0.30, 0.35])


def test_last_reported_month_of_the_year():
    c = counts(("a", 2025, 2, "k1", 1), ("a", 2025, 5, "k6", 1), ("a", 2026, 1, "k1", 1))
    assert last_reported_month(c, 2025, ("k1",)) == 2
    assert last_reported_month(c, 2025, ("k1", "k6")) == 5
    assert last_reported_month(c, 2024, ("k1",)) is None


def test_indicator_without_target_has_empty_target_and_status_with_reason():
    no_target = replace(K1, target=None)
    c = counts(("a", 2025, 1, "k1", 10))
    row = pws_table(c, sasaran(("a", 2025, "bumil", 100)), no_target, 2025, 1, ["a"],
                    {"a": None}).iloc[0]
    assert row.cakupan_kumulatif == pytest.approx(0.10)  # coverage is still shown
    assert np.isnan(row.target_bulan_ini) and np.isnan(row.target_tahunan)
    assert pd.isna(row.status)
    assert row.alasan == "Target Cakupan K1 tahun 2025 belum ditetapkan"


def test_a_deployment_may_divide_k6_by_bulin():
    k6 = with_denominators({"k6": "bulin"})["k6"]
    assert k6.denominator == "bulin" and K6.denominator == "bumil"
    c = counts(*monthly("a", "k6", {1: 10}))
    s = sasaran(("a", 2025, "bumil", 100), ("a", 2025, "bulin", 80))
    assert table(c, s, k6, 1, ["a"]).loc["a", "cakupan_bulan_ini"] == pytest.approx(10 / 80)
    row = table(c, sasaran(("a", 2025, "bumil", 100)), k6, 1, ["a"]).loc["a"]
    assert row.alasan == "Sasaran ibu bersalin/nifas tahun 2025 belum diunggah"
    with pytest.raises(ValueError, match="bukan kode sasaran"):
        with_denominators({"k6": "xyz"})
    with pytest.raises(ValueError, match="bukan indikator PWS"):
        with_denominators({"n_d": "bumil"})


def test_month_outside_1_to_12_is_refused():
    with pytest.raises(ValueError, match="bulan"):
        pws_table(counts(), sasaran(), K1, 2025, 13, ["a"], {})
    with pytest.raises(ValueError, match="bulan"):
        pws_table(counts(), sasaran(), K1, 2025, 0, ["a"], {})
