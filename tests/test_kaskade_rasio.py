"""A cascade's derived rates and the breakdowns (indicators.pws.kaskade_table, rincian_table):
yield, number needed to screen, initial loss to follow-up, contact investigation results,
controlled of estimate/treated, on hand-computed cases with zero and missing divisors."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.program import KASKADE_BY_CODE, KASKADES
from indicators.pws import kaskade_table

COLUMNS = ["kode", "tahun", "bulan", "indikator", "nilai", "desa_lapor"]
TB, IK, HT = KASKADE_BY_CODE["tb"], KASKADE_BY_CODE["ik"], KASKADE_BY_CODE["ht"]


def counts(rows):
    return pd.DataFrame([(k, 2025, b, c, v, 1) for k, b, c, v in rows], columns=COLUMNS)


def row_of(table: pd.DataFrame, kode: str) -> pd.Series:
    return table.set_index("kode").loc[kode]


def test_tb_yield_nns_and_initial_loss_to_follow_up():
    # A: 600 + 400 screened, 100 presumptive, 8 diagnosed, 6 started treatment (Jan..Mar)
    c = counts([("A", 1, "tb_skrining", 600), ("A", 3, "tb_skrining", 400), ("A", 2, "tb_terduga", 100),
                ("A", 2, "tb_diagnosis", 8), ("A", 3, "tb_diobati", 6)])
    a = row_of(kaskade_table(c, None, TB, 2025, 3, ["A"]), "A")
    assert a.rasio_yield == pytest.approx(8 / 1000)  # 0,8%
    assert a.rasio_nns == pytest.approx(125)  # 1000 screened per case found
    assert a.rasio_putus_awal == pytest.approx(2 / 8)  # 2 of 8 diagnosed not started


def test_months_after_the_period_are_not_counted():
    c = counts([("A", 1, "tb_skrining", 500), ("A", 1, "tb_diagnosis", 5), ("A", 4, "tb_skrining", 500)])
    a = row_of(kaskade_table(c, None, TB, 2025, 3, ["A"]), "A")
    assert a.tb_skrining == 500 and a.rasio_nns == pytest.approx(100)


def test_zero_or_missing_divisors_leave_the_rates_empty_not_zero():
    c = counts([("Z", 1, "tb_skrining", 0), ("Z", 1, "tb_diagnosis", 0), ("Z", 1, "tb_diobati", 0),
                ("N", 1, "tb_diagnosis", 3)])
    table = kaskade_table(c, None, TB, 2025, 3, ["Z", "N", "kosong"])
    z, n, none = row_of(table, "Z"), row_of(table, "N"), row_of(table, "kosong")
    assert math.isnan(z.rasio_yield) and math.isnan(z.rasio_nns) and math.isnan(z.rasio_putus_awal)
    # N reported diagnoses but no screening and no treatment register: nothing to divide by
    assert math.isnan(n.rasio_yield) and math.isnan(n.rasio_nns)
    assert math.isnan(n.rasio_putus_awal)  # diobati never reported: unknown, not 100% lost
    assert none[[f"rasio_{r.code}" for r in TB.rasio]].isna().all()


def test_treatment_above_diagnosis_is_flagged_and_not_clipped():
    # late registration: 9 started treatment this year, 8 diagnosed this year
    c = counts([("A", 1, "tb_skrining", 100), ("A", 1, "tb_terduga", 20), ("A", 1, "tb_diagnosis", 8),
                ("A", 2, "tb_diobati", 9)])
    a = row_of(kaskade_table(c, None, TB, 2025, 2, ["A"]), "A")
    assert a.melebihi == "tb_diobati"
    assert a.konversi_tb_diobati == pytest.approx(9 / 8)
    assert a.rasio_putus_awal == pytest.approx(-1 / 8)  # shown as it is, never clipped to 0


def test_contact_investigation_results_among_household_contacts():
    c = counts([("A", 1, "tb_ik_indeks", 12), ("A", 1, "tb_ik_diinvestigasi", 10),
                ("A", 1, "tb_kontak_serumah", 40), ("A", 2, "tb_kontak_tpt", 18),
                ("A", 2, "tb_kontak_oat", 2)])
    a = row_of(kaskade_table(c, None, IK, 2025, 2, ["A"]), "A")
    assert a.rasio_cakupan_ik == pytest.approx(10 / 12)
    assert a.rasio_kontak_per_indeks == pytest.approx(4.0)
    assert (a.rasio_kontak_tpt, a.rasio_kontak_oat, a.rasio_kontak_lain) == pytest.approx((0.45, 0.05, 0.5))
    # the three results add up to every contact
    assert a.rasio_kontak_tpt + a.rasio_kontak_oat + a.rasio_kontak_lain == pytest.approx(1)


def test_hypertension_controlled_of_estimate_and_of_treated():
    c = counts([("P", 1, "ht_skrining", 100), ("P", 1, "ht_diagnosis", 20), ("P", 2, "ht_diobati", 15),
                ("P", 2, "ht_terkendali", 10), ("Q", 1, "ht_terkendali", 4)])
    s = pd.DataFrame([("P", 2025, "ht_estimasi", 30.5, 1)],
                     columns=["kode", "tahun", "sasaran", "jumlah", "desa_ada"])
    table = kaskade_table(c, s, HT, 2025, 2, ["P", "Q"])
    p, q = row_of(table, "P"), row_of(table, "Q")
    assert p.ht_estimasi == 30.5
    assert p.rasio_ht_ditemukan == pytest.approx(20 / 30.5)
    assert p.rasio_ht_terkendali_estimasi == pytest.approx(10 / 30.5)
    assert p.rasio_ht_terkendali_diobati == pytest.approx(10 / 15)
    # Q has no estimate uploaded: the rates that need it are empty
    assert math.isnan(q.rasio_ht_terkendali_estimasi) and math.isnan(q.rasio_ht_ditemukan)


def test_every_declared_rate_becomes_a_column():
    for k in KASKADES:
        table = kaskade_table(counts([]), None, k, 2025, 12, ["X"])
        assert [c for c in table.columns if c.startswith("rasio_")] == [f"rasio_{r.code}" for r in k.rasio]


# --- breakdowns (indicators.pws.rincian_table, figures.pws.rincian_*) ----------------------

def test_ptm_screening_by_age_and_sex_divides_each_group_by_its_own_population():
    from indicators.program import RINCIAN_BY_CODE
    from indicators.pws import rincian_table

    umur = RINCIAN_BY_CODE["skrining_ptm_umur"]
    c = counts([("A", 1, "ptm_skrining_l_15_59", 30), ("A", 2, "ptm_skrining_l_15_59", 10),
                ("A", 1, "ptm_skrining_p_15_59", 50), ("A", 1, "ptm_skrining_l_60_plus", 9),
                ("A", 5, "ptm_skrining_p_60_plus", 99)])  # May: after the period
    s = pd.DataFrame([("A", 2025, "l_15_59", 100.0, 1), ("A", 2025, "p_15_59", 80.0, 1),
                      ("A", 2025, "l_60_plus", 0.0, 1), ("A", 2025, "p_60_plus", 20.0, 1)],
                     columns=["kode", "tahun", "sasaran", "jumlah", "desa_ada"])
    a = row_of(rincian_table(c, s, umur, 2025, 4, ["A"]), "A")
    assert a.nilai_0 == pytest.approx(40 / 100)  # men 15–59: Jan + Feb
    assert a.nilai_1 == pytest.approx(50 / 80)
    assert math.isnan(a.nilai_2)  # a population of 0: no rate, not 0% or infinity
    assert math.isnan(a.jumlah_3) and math.isnan(a.nilai_3)  # nothing reported Jan..Apr


def test_risk_factors_are_shares_of_those_screened():
    from figures.pws import rincian_bars, rincian_by_area
    from indicators.program import RINCIAN_BY_CODE
    from indicators.pws import rincian_table

    fr = RINCIAN_BY_CODE["faktor_risiko_ptm"]
    c = counts([("A", 1, "ht_skrining", 200), ("A", 1, "ptm_merokok", 50), ("A", 1, "ptm_td_tinggi", 60),
                ("B", 1, "ht_skrining", 100), ("B", 1, "ptm_merokok", 10)])
    table = rincian_table(c, None, fr, 2025, 1, ["A", "B"])
    a = row_of(table, "A")
    assert (a.nilai_0, a.nilai_2) == pytest.approx((0.25, 0.30))
    assert math.isnan(a.nilai_1)  # obesity not reported: empty, not 0%
    bars = rincian_bars(a, fr)
    assert bars["data"][0]["x"] == ["Merokok", "Obesitas", "Tekanan darah tinggi", "Gula darah tinggi"]
    assert bars["data"][0]["text"][0] == "25,0%"
    heat = rincian_by_area(table.assign(nama=["Desa A", "Desa B"]), fr)["data"][0]
    assert heat["y"] == ["B", "A"]  # the lowest first part (smoking 10%) first
    assert heat["z"][0][0] == pytest.approx(0.1)


def test_heatmap_end_to_end_is_from_the_estimate_and_not_repeated_for_two_steps():
    from figures.pws import kaskade_by_area

    c = counts([("P", 1, "ht_skrining", 100), ("P", 1, "ht_diagnosis", 20), ("P", 2, "ht_diobati", 15),
                ("P", 2, "ht_terkendali", 10)])
    s = pd.DataFrame([("P", 2025, "ht_estimasi", 40.0, 1)],
                     columns=["kode", "tahun", "sasaran", "jumlah", "desa_ada"])
    heat = kaskade_by_area(kaskade_table(c, s, HT, 2025, 2, ["P"]).assign(nama=["Pkm P"]), HT)["data"][0]
    assert "Estimasi" in heat["x"][-1] and heat["z"][0][-1] == pytest.approx(10 / 40)
    ik = counts([("A", 1, "tb_ik_indeks", 10), ("A", 1, "tb_ik_diinvestigasi", 7)])
    heat = kaskade_by_area(kaskade_table(ik, None, IK, 2025, 1, ["A"]).assign(nama=["A"]), IK)["data"][0]
    assert len(heat["x"]) == 1 and heat["z"][0] == [pytest.approx(0.7)]


def test_end_to_end_share_is_of_the_estimate_or_else_of_the_first_step():
    """KIA has no estimate: KN lengkap of K1 (45 of 60 = 75%). Hypertension: controlled of the
    estimated patients (12 of 50,5), not of those screened. No first step: empty, not 0."""
    kia = KASKADE_BY_CODE["kia"]
    c = counts([("A", 1, "k1", 60), ("A", 2, "k6", 50), ("A", 3, "kn_lengkap", 45), ("B", 1, "k6", 9)])
    t = kaskade_table(c, None, kia, 2025, 3, ["A", "B"])
    assert row_of(t, "A").konversi_total == pytest.approx(0.75)
    assert math.isnan(row_of(t, "B").konversi_total)  # B reported no K1
    s = pd.DataFrame([("A", 2025, "ht_estimasi", 50.5, 1)], columns=["kode", "tahun", "sasaran", "jumlah", "desa_ada"])
    c = counts([("A", 1, "ht_skrining", 40), ("A", 2, "ht_terkendali", 12)])
    a = row_of(kaskade_table(c, s, HT, 2025, 3, ["A"]), "A")
    assert a.konversi_total == pytest.approx(12 / 50.5) \
        and a.konversi_total == pytest.approx(a.rasio_ht_terkendali_estimasi)
