"""Morbidity queries on SQLite and PostgreSQL, against the numbers worked out by hand in
tests/sample_morbiditas.py."""
from __future__ import annotations

import math

import pytest

from data_access.morbiditas import (
    breakdown,
    cases_by_area,
    cases_by_level,
    diagnosis_names,
    latest_month,
    morbiditas_years,
    ranked_diagnoses,
    top_by_level,
    top_diagnoses,
    trend,
)
from data_access.pws import pws_by_level
from data_access.wilayah import resolve_area
from domain.codes import Level
from domain.wilayah import NASIONAL, OutOfScope, Scope
from indicators.morbiditas import KECIL, siklus_breakdown
from tests import sample_morbiditas
from tests.sample_morbiditas import A1, A2, B1, C1

EVERYTHING = Scope.everything()


@pytest.fixture
def db(loaded):
    sample_morbiditas.load(loaded)
    return loaded


def area(conn, level, kode, scope=EVERYTHING):
    return resolve_area(conn, scope, level, kode)


def test_years_and_the_latest_month(db):
    with db.connect() as conn:
        pkm_a = area(conn, Level.PUSKESMAS, "P01")
        assert morbiditas_years(conn, EVERYTHING, pkm_a) == (2023, 2025)
        assert latest_month(conn, EVERYTHING, pkm_a, 2025) == 3
        assert latest_month(conn, EVERYTHING, area(conn, Level.PUSKESMAS, "P03"), 2024) is None
        assert morbiditas_years(conn, EVERYTHING, NASIONAL) == (2023, 2025)


def test_the_ranking_is_by_cases_then_code(db):
    with db.connect() as conn:
        pkm_a = area(conn, Level.PUSKESMAS, "P01")
        ranked = ranked_diagnoses(conn, EVERYTHING, pkm_a, 2025, 3)
        assert list(zip(ranked["kode_icd"], ranked["jumlah"])) == [("J06.9", 15), ("A09", 12), ("I10", 4),
                                                                    ("K30", 4)]
        assert ranked["nama"].tolist()[0] == "ISPA akut"
        assert top_diagnoses(conn, EVERYTHING, pkm_a, 2025, 3, n=3)["kode_icd"].tolist() == ["J06.9", "A09", "I10"]
        # January to March: February's 9 are added to ISPA
        kumulatif = ranked_diagnoses(conn, EVERYTHING, pkm_a, 2025, 3, True)
        assert kumulatif.iloc[0].to_dict() == {"kode_icd": "J06.9", "nama": "ISPA akut", "jumlah": 24}
        assert ranked_diagnoses(conn, EVERYTHING, pkm_a, 2025, 1).empty
        assert diagnosis_names(conn)["K30"] == "Dispepsia"


def test_the_trend_covers_24_months_with_gaps_for_months_without_reports(db):
    with db.connect() as conn:
        pkm_a = area(conn, Level.PUSKESMAS, "P01")
        series = trend(conn, EVERYTHING, pkm_a, 2025, 3, ("J06.9", "K30"))
    ispa = series[series["kode_icd"] == "J06.9"]
    assert len(ispa) == 24
    assert (ispa["tahun"].iloc[0], ispa["bulan"].iloc[0]) == (2023, 4)  # March 2023 (50) is outside
    values = dict(zip(zip(ispa["tahun"], ispa["bulan"]), ispa["jumlah"]))
    assert values[(2023, 4)] == 2 and values[(2025, 2)] == 9 and values[(2025, 3)] == 15
    assert math.isnan(values[(2025, 1)])  # nothing reported in January: a gap, not 0
    dispepsia = series[series["kode_icd"] == "K30"]
    k30 = dict(zip(zip(dispepsia["tahun"], dispepsia["bulan"]), dispepsia["jumlah"]))
    assert k30[(2025, 2)] == 0 and k30[(2025, 3)] == 4  # reports that month, none of K30: 0


def test_cases_per_1000_per_desa_and_for_the_puskesmas(db):
    with db.connect() as conn:
        rows, total = cases_by_area(conn, EVERYTHING, area(conn, Level.PUSKESMAS, "P01"), 2025, 3, "J06.9")
    assert rows["kode"].tolist() == [A1, A2]
    assert rows["kasus"].tolist() == [12, 3]
    assert rows["per_1000"].tolist() == [pytest.approx(6.0), pytest.approx(5.0)]
    assert total["kasus"] == 15 and total["penduduk"] == 2600
    assert total["per_1000"] == pytest.approx(15 / 2600 * 1000)


def test_a_missing_or_zero_population_gives_no_rate_and_says_why(db):
    with db.connect() as conn:
        kab_satu = cases_by_level(conn, EVERYTHING, area(conn, Level.KABUPATEN, "99.01"), Level.PUSKESMAS,
                                  2025, 3, "J06.9").set_index("kode")
        prov = cases_by_level(conn, EVERYTHING, area(conn, Level.PROVINSI, "99"), Level.KABUPATEN,
                              2025, 3, "J06.9").set_index("kode")
        desa = cases_by_level(conn, EVERYTHING, area(conn, Level.PROVINSI, "99"), Level.DESA,
                              2025, 3, "J06.9").set_index("kode")
    assert kab_satu.loc["P01", "per_1000"] == pytest.approx(15 / 2600 * 1000)
    assert math.isnan(kab_satu.loc["P02", "per_1000"]) and kab_satu.loc["P02", "kasus"] == 5
    assert kab_satu.loc["P02", "keterangan"] == "jumlah penduduk belum diisi di data wilayah"
    # Kab Satu holds B1 (no population): no rate for the kabupaten, rather than 20 / 2.600
    assert math.isnan(prov.loc["99.01", "per_1000"]) and prov.loc["99.01", "kasus"] == 20
    assert prov.loc["99.01", "keterangan"] == "1 desa belum punya jumlah penduduk di data wilayah"
    assert math.isnan(prov.loc["99.02", "per_1000"]) and prov.loc["99.02", "penduduk"] == 0
    assert desa.loc[B1, "keterangan"] == desa.loc[C1, "keterangan"] == \
        "jumlah penduduk desa belum diisi di data wilayah"
    assert desa.loc[A2, "per_1000"] == pytest.approx(5.0)


def test_a_desa_is_shown_among_its_puskesmas_desa(db):
    with db.connect() as conn:
        rows, total = cases_by_area(conn, EVERYTHING, area(conn, Level.DESA, A2), 2025, 3, "A09")
    assert rows["kode"].tolist() == [A1, A2]
    assert (total["kode"], total["kasus"], total["per_1000"]) == (A2, 5, pytest.approx(5 / 600 * 1000))


def test_the_breakdown_by_age_and_sex_and_its_small_cells(db):
    with db.connect() as conn:
        pkm = breakdown(conn, EVERYTHING, area(conn, Level.PUSKESMAS, "P01"), 2025, 3, "J06.9")
        kab = breakdown(conn, EVERYTHING, area(conn, Level.KABUPATEN, "99.01"), 2025, 3, "J06.9")
        prov = breakdown(conn, EVERYTHING, area(conn, Level.PROVINSI, "99"), 2025, 3, "J06.9")
    as_dict = {(k, j): n for k, j, n in pkm.itertuples(index=False)}
    assert as_dict == {("1-4", "L"): 9, ("1-4", "P"): 4, ("20-44", "P"): 2}
    assert {(k, j): n for k, j, n in kab.itertuples(index=False)}[("5-9", "P")] == 5
    assert {(k, j): n for k, j, n in prov.itertuples(index=False)}[("70+", "L")] == 1
    table = siklus_breakdown(pkm).set_index("siklus")
    assert table.loc["Bayi dan balita (0–4)", "teks_L"] == "9"
    assert table.loc["Bayi dan balita (0–4)", "teks_P"] == KECIL
    assert table.loc["Dewasa (20–59)", "teks_P"] == KECIL
    assert table.loc["Lansia (60+)", "teks_L"] == "0"


def test_every_area_with_its_top_diagnoses(db):
    with db.connect() as conn:
        top = top_by_level(conn, EVERYTHING, area(conn, Level.PUSKESMAS, "P01"), Level.DESA, 2025, 3, n=3)
    a1 = top[top["kode"] == A1]
    assert a1[["peringkat", "kode_icd", "kasus"]].values.tolist() == [[1, "J06.9", 12], [2, "A09", 7], [3, "I10", 4]]
    assert top[top["kode"] == A2]["kode_icd"].tolist() == ["A09", "J06.9"]


def test_an_area_outside_the_viewers_scope_is_refused_in_the_words_of_pws(db):
    kab_satu = Scope(Level.KABUPATEN, "99.01")
    with db.connect() as conn:
        kab_dua, prov, c1 = area(conn, Level.KABUPATEN, "99.02"), area(conn, Level.PROVINSI, "99"), \
            area(conn, Level.DESA, C1)
        calls = [
            lambda a: morbiditas_years(conn, kab_satu, a),
            lambda a: latest_month(conn, kab_satu, a, 2025),
            lambda a: ranked_diagnoses(conn, kab_satu, a, 2025, 3),
            lambda a: trend(conn, kab_satu, a, 2025, 3, ("J06.9",)),
            lambda a: cases_by_area(conn, kab_satu, a, 2025, 3, "J06.9"),
            lambda a: cases_by_level(conn, kab_satu, a, Level.DESA, 2025, 3, "J06.9"),
            lambda a: breakdown(conn, kab_satu, a, 2025, 3, "J06.9"),
            lambda a: top_by_level(conn, kab_satu, a, Level.DESA, 2025, 3),
        ]
        for outside in (kab_dua, prov, c1):
            with pytest.raises(OutOfScope) as pws_refusal:
                pws_by_level(conn, kab_satu, outside, Level.DESA, 2025, 3, "k1")
            for call in calls:
                with pytest.raises(OutOfScope) as refusal:
                    call(outside)
                assert str(refusal.value) == str(pws_refusal.value)
        # inside the scope: only its own areas; the province's sums are not reached
        mine = cases_by_level(conn, kab_satu, area(conn, Level.KABUPATEN, "99.01", kab_satu), Level.DESA,
                              2025, 3, "J06.9")
        assert mine["kode"].tolist() == [A1, A2, B1]
