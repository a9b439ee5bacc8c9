"""IKS formulas against hand-computed cases (domain.md §2)."""
from datetime import date

import numpy as np
import pandas as pd
import pytest

from indicators.iks import (
    Kategori,
    area_indicators,
    category,
    family_counts,
    family_iks,
    ratio,
    state_as_of,
    summarise_by_desa,
    summarise_visits,
    total_indicators,
)
from indicators.registry import IKS_CODES


def answers(y=0, t=0, n=0):
    values = ["Y"] * y + ["T"] * t + ["N"] * n
    assert len(values) == 12
    return dict(zip(IKS_CODES, values))


def visit(id_keluarga, tanggal, kode_desa="99.01.01.2001", **counts):
    return {"id_keluarga": id_keluarga, "tanggal_kunjungan": tanggal, "kode_desa": kode_desa,
            **answers(**counts)}


def test_family_iks_is_y_over_12_minus_n():
    assert family_iks(answers(y=6, t=3, n=3)) == pytest.approx(6 / 9)


def test_family_iks_all_n_is_undefined():
    assert family_iks(answers(n=12)) is None


def test_iks_exactly_0_8_is_pra_sehat():
    # 8 Y of 10 applicable = 0.800: pra-sehat, not sehat (sehat needs > 0.800)
    assert family_iks(answers(y=8, t=2, n=2)) == 0.8
    assert category(8, 10) is Kategori.PRA_SEHAT


def test_iks_just_above_0_8_is_sehat():
    assert category(9, 11) is Kategori.SEHAT  # 0.818


def test_iks_exactly_0_5_is_pra_sehat():
    assert category(5, 10) is Kategori.PRA_SEHAT


def test_iks_just_below_0_5_is_tidak_sehat():
    assert category(4, 9) is Kategori.TIDAK_SEHAT  # 0.444


def test_category_without_denominator_is_none():
    assert category(0, 0) is None


def test_family_counts_categories_and_all_n():
    visits = pd.DataFrame([
        visit("a", date(2024, 1, 1), y=8, t=2, n=2),   # 0.8 pra
        visit("b", date(2024, 1, 1), y=10, t=1, n=1),  # 0.909 sehat
        visit("c", date(2024, 1, 1), y=3, t=9),        # 0.25 tidak
        visit("d", date(2024, 1, 1), n=12),            # undefined
    ])
    c = family_counts(visits)
    assert c["sehat"].tolist() == [False, True, False, False]
    assert c["pra_sehat"].tolist() == [True, False, False, False]
    assert c["tidak_sehat"].tolist() == [False, False, True, False]
    assert c["semua_n"].tolist() == [False, False, False, True]
    assert c["n_n"].tolist() == [2, 1, 0, 12]


def test_state_as_of_takes_latest_visit_up_to_date():
    visits = pd.DataFrame([
        visit("a", date(2024, 3, 1), y=2, t=10),
        visit("a", date(2025, 3, 1), y=12),
        visit("b", date(2026, 1, 5), y=12),  # first visited after the period: not counted
    ])
    s2024 = state_as_of(visits, date(2024, 12, 31))
    assert s2024["id_keluarga"].tolist() == ["a"]
    assert s2024["tanggal_kunjungan"].tolist() == [date(2024, 3, 1)]
    s2025 = state_as_of(visits, date(2025, 12, 31))
    assert s2025["tanggal_kunjungan"].tolist() == [date(2025, 3, 1)]


def test_state_awal_uses_first_visit_of_families_seen_by_then():
    visits = pd.DataFrame([
        visit("a", date(2024, 3, 1), y=2, t=10),
        visit("a", date(2025, 3, 1), y=12),
        visit("b", date(2025, 6, 1), y=12),
        visit("c", date(2026, 2, 1), y=12),
    ])
    awal = state_as_of(visits, date(2025, 12, 31), awal=True)
    assert sorted(zip(awal["id_keluarga"], awal["tanggal_kunjungan"])) == [
        ("a", date(2024, 3, 1)), ("b", date(2025, 6, 1))]


def test_summary_counts_per_desa_hand_computed():
    # desa 1: a sehat (11/12), b tidak (3/12), c all N; desa 2: d pra (exactly 0.5)
    visits = pd.DataFrame([
        visit("a", date(2024, 2, 1), y=11, t=1),
        visit("b", date(2024, 2, 1), y=3, t=9),
        visit("c", date(2024, 2, 1), n=12),
        visit("d", date(2024, 2, 1), kode_desa="99.01.01.2002", y=5, t=5, n=2),
    ])
    s = summarise_by_desa(visits, 2024, awal=False).set_index("kode_desa")
    d1 = s.loc["99.01.01.2001"]
    assert (d1.keluarga_dikunjungi, d1.keluarga_iks, d1.sehat, d1.pra_sehat, d1.tidak_sehat,
            d1.semua_n) == (3, 2, 1, 0, 1, 1)
    # first indicator (kb): a=Y, b=Y, c=N → y=2, t=0; last (jamban_sehat): a=T, b=T
    assert (d1.y_kb, d1.t_kb) == (2, 0)
    assert (d1.y_jamban_sehat, d1.t_jamban_sehat) == (0, 2)
    d2 = s.loc["99.01.01.2002"]
    assert (d2.pra_sehat, d2.keluarga_iks) == (1, 1)


def test_summarise_visits_rows_from_first_visit_year_to_last_year():
    visits = pd.DataFrame([
        visit("a", date(2024, 2, 1), y=2, t=10),
        visit("a", date(2025, 2, 1), y=12),
        visit("b", date(2024, 2, 1), kode_desa="99.01.01.2002", y=12),
    ])
    s = summarise_visits(visits, until_year=2026)
    keys = sorted(zip(s["kode_desa"], s["tahun"], s["awal"]))
    assert keys == [("99.01.01.2001", y, a) for y in (2024, 2025, 2026) for a in (False, True)] + [
        ("99.01.01.2002", y, a) for y in (2024, 2025, 2026) for a in (False, True)]
    row = s[(s.kode_desa == "99.01.01.2001") & (s.tahun == 2025)].set_index("awal")
    assert row.loc[False, "sehat"] == 1 and row.loc[True, "sehat"] == 0


def test_area_iks_is_share_of_sehat_among_defined_and_coverage_excludes_n():
    counts = pd.DataFrame([{
        "kode": "x", "keluarga_dikunjungi": 10, "keluarga_iks": 8, "sehat": 4, "pra_sehat": 2,
        "tidak_sehat": 2, "semua_n": 2, "keluarga_terdaftar": 20, "desa_tanpa_terdaftar": 0,
        **{f"y_{c}": 3 for c in IKS_CODES}, **{f"t_{c}": 1 for c in IKS_CODES},
    }])
    out = area_indicators(counts).iloc[0]
    assert out["iks"] == 0.5 and out["kategori"] == "pra_sehat"
    assert out["cakupan_kunjungan"] == 0.5
    assert out["cakupan_kb"] == 0.75


def test_area_without_families_has_no_iks_rather_than_zero():
    counts = pd.DataFrame([{
        "kode": "x", "keluarga_dikunjungi": 0, "keluarga_iks": 0, "sehat": 0, "pra_sehat": 0,
        "tidak_sehat": 0, "semua_n": 0, "keluarga_terdaftar": 0, "desa_tanpa_terdaftar": 0,
        **{f"y_{c}": 0 for c in IKS_CODES}, **{f"t_{c}": 0 for c in IKS_CODES},
    }])
    out = area_indicators(counts).iloc[0]
    assert np.isnan(out["iks"]) and out["kategori"] is None
    assert np.isnan(out["cakupan_kunjungan"]) and np.isnan(out["cakupan_kb"])


def test_visit_coverage_unknown_when_a_desa_lacks_registered_families():
    counts = pd.DataFrame([{
        "kode": "x", "keluarga_dikunjungi": 5, "keluarga_iks": 5, "sehat": 5, "pra_sehat": 0,
        "tidak_sehat": 0, "semua_n": 0, "keluarga_terdaftar": 10, "desa_tanpa_terdaftar": 1,
        **{f"y_{c}": 0 for c in IKS_CODES}, **{f"t_{c}": 0 for c in IKS_CODES},
    }])
    assert np.isnan(area_indicators(counts).iloc[0]["cakupan_kunjungan"])


def test_area_iks_awal_and_change_from_summed_counts():
    counts = pd.DataFrame([{
        "kode": "x", "keluarga_dikunjungi": 10, "keluarga_iks": 10, "sehat": 5, "pra_sehat": 5,
        "tidak_sehat": 0, "semua_n": 0, "awal_sehat": 2, "awal_keluarga_iks": 8,
        **{f"y_{c}": 0 for c in IKS_CODES}, **{f"t_{c}": 0 for c in IKS_CODES},
    }])
    out = area_indicators(counts).iloc[0]
    assert out["iks_awal"] == 0.25 and out["perubahan"] == pytest.approx(0.25)


def test_total_sums_counts_then_divides():
    rows = pd.DataFrame([
        {"sehat": 9, "keluarga_iks": 10, "keluarga_dikunjungi": 10, "pra_sehat": 1, "tidak_sehat": 0,
         "semua_n": 0, **{f"y_{c}": 1 for c in IKS_CODES}, **{f"t_{c}": 0 for c in IKS_CODES}},
        {"sehat": 0, "keluarga_iks": 90, "keluarga_dikunjungi": 90, "pra_sehat": 0, "tidak_sehat": 90,
         "semua_n": 0, **{f"y_{c}": 0 for c in IKS_CODES}, **{f"t_{c}": 9 for c in IKS_CODES}},
    ])
    total = total_indicators(rows)
    # 9 sehat of 100 families = 0.09, not the mean of 0.9 and 0.0
    assert total["iks"] == pytest.approx(0.09) and total["sehat"] == 9 and total["keluarga_iks"] == 100
    assert total["cakupan_kb"] == pytest.approx(0.1)  # 1 Y of 1 + 9 T
    assert total["kategori"] == "tidak_sehat" and "cakupan_kunjungan" not in total


def test_total_of_areas_without_registered_families_has_no_visit_coverage():
    """Registered families summed over areas where one desa has no count: the coverage of
    visits cannot be computed (a desa without jumlah_keluarga), not 100% or 0%."""
    row = {"sehat": 4, "keluarga_iks": 5, "keluarga_dikunjungi": 5, "pra_sehat": 1, "tidak_sehat": 0,
           "semua_n": 0, **{f"y_{c}": 1 for c in IKS_CODES}, **{f"t_{c}": 1 for c in IKS_CODES}}
    rows = pd.DataFrame([{**row, "keluarga_terdaftar": 10, "desa_tanpa_terdaftar": 0},
                         {**row, "keluarga_terdaftar": np.nan, "desa_tanpa_terdaftar": 1}])
    total = total_indicators(rows)
    assert total["keluarga_terdaftar"] == 10 and total["desa_tanpa_terdaftar"] == 1
    assert np.isnan(total["cakupan_kunjungan"]) and total["iks"] == pytest.approx(0.8)
    assert total["kategori"] == "pra_sehat"  # exactly 0.800 is pra-sehat
    one = total_indicators(rows.iloc[:1])
    assert one["cakupan_kunjungan"] == pytest.approx(0.5)


def test_ratio_zero_denominator_is_nan():
    assert np.isnan(ratio(3, 0))
    assert ratio(3, 4) == 0.75
