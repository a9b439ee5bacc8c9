"""Klaster 3 (PTM, mental health, elderly) and Klaster 4 (TB, contact investigation) in the
program registry: the new codes are declared and consistent, the demo draws each of them at
plausible rates, the PWS engine reads the new indicators as declared, and the import accepts
them."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from data_access import schema
from demo import generate as demo
from demo.program import RATES, SASARAN_SHARE, generate_program, registers_without_rate
from indicators import program
from indicators.program import (
    INDICATOR_BY_CODE,
    INDICATORS,
    KASKADE_BY_CODE,
    KELOMPOK,
    REGISTER_BY_CODE,
    SASARAN_BY_CODE,
    TARGET_CODES,
)
from indicators.pws import linear_target, pws_table
from ingest import import_file
from tests.test_import_accept import WILAYAH_HEADER, WILAYAH_ROWS, table_rows, write_csv

SASARAN_K34 = ("dm_estimasi", "lansia", "odgj_berat_estimasi", "penduduk")
SASARAN_DEMO = SASARAN_K34
REGISTERS_K3 = ("dm_skrining", "dm_diagnosis", "dm_diobati", "dm_terkendali", "ptm_merokok",
                "ptm_obesitas", "jiwa_skrining", "jiwa_diagnosis", "jiwa_diobati", "jiwa_dirujuk",
                "odgj_berat_dilayani", "pasung_ditemukan", "pasung_dibebaskan", "icope_skrining")
REGISTERS_K4 = ("tb_ik_indeks", "tb_ik_diinvestigasi", "tb_kontak_serumah", "tb_kontak_tpt",
                "tb_kontak_oat")
INDICATORS_K3 = {"ht_spm": "ptm", "ht_terkendali": "ptm", "dm_spm": "ptm", "dm_terkendali": "ptm",
                 "skrining_ptm": "ptm", "odgj_berat": "jiwa", "icope": "lansia"}
INDICATORS_K4 = {"tb_notifikasi": "tb", "tb_pengobatan": "tb", "tb_ik": "ik"}


# --- declarations -----------------------------------------------------------------------------

def test_new_codes_are_declared_and_validate():
    program._check()
    assert set(SASARAN_K34) <= set(SASARAN_BY_CODE)
    for codes, klaster in ((REGISTERS_K3, 3), (REGISTERS_K4, 4)):
        for code in codes:
            assert REGISTER_BY_CODE[code].klaster == klaster, code
            assert REGISTER_BY_CODE[code].label and REGISTER_BY_CODE[code].definition
    for codes, klaster in ((INDICATORS_K3, 3), (INDICATORS_K4, 4)):
        for code, group in codes.items():
            ind = INDICATOR_BY_CODE[code]
            assert (ind.klaster, ind.group) == (klaster, group), code
            assert group in KELOMPOK and ind.definition and ind.source, code
            assert code in TARGET_CODES


def test_spm_indicators_divide_treated_patients_by_the_estimate_against_100():
    for code, num, den in (("ht_spm", "ht_diobati", "ht_estimasi"),
                           ("dm_spm", "dm_diobati", "dm_estimasi"),
                           ("odgj_berat", "odgj_berat_dilayani", "odgj_berat_estimasi")):
        ind = INDICATOR_BY_CODE[code]
        assert (ind.numerator, ind.denominator, ind.target) == ((num,), den, 100), code
        assert ind.by_sasaran and not ind.per_bulan and "Standar Pelayanan Minimal" in ind.source
    assert INDICATOR_BY_CODE["skrining_ptm"].denominator == "usia_15_plus"
    assert INDICATOR_BY_CODE["icope"].denominator == "lansia"
    notifikasi = INDICATOR_BY_CODE["tb_notifikasi"]
    assert (notifikasi.numerator, notifikasi.denominator, notifikasi.target) == (
        ("tb_diagnosis",), "penduduk", None)


def test_flow_ratios_accumulate_and_stock_ratios_are_monthly():
    """A ratio of two flows (treated ÷ diagnosed) sums both over Jan..M like a cascade, with a
    flat target; a monthly stock ratio (D/S, N/D, prevalence) keeps the month's value."""
    for ind in INDICATORS:
        if ind.denominator in REGISTER_BY_CODE and ind.klaster in (3, 4):
            assert not ind.per_bulan and not linear_target(ind), ind.code
    assert INDICATOR_BY_CODE["n_d"].per_bulan and INDICATOR_BY_CODE["stunting"].per_bulan
    assert linear_target(INDICATOR_BY_CODE["k6"])
    for code, num, den in (("ht_terkendali", "ht_terkendali", "ht_diobati"),
                           ("dm_terkendali", "dm_terkendali", "dm_diobati"),
                           ("tb_pengobatan", "tb_diobati", "tb_diagnosis"),
                           ("tb_ik", "tb_ik_diinvestigasi", "tb_ik_indeks")):
        ind = INDICATOR_BY_CODE[code]
        assert (ind.numerator, ind.denominator) == ((num,), den), code


def test_existing_cascades_are_kept():
    assert KASKADE_BY_CODE["ht"].steps == ("ht_skrining", "ht_diagnosis", "ht_diobati",
                                           "ht_terkendali")
    assert KASKADE_BY_CODE["ht"].sasaran == "ht_estimasi"
    assert KASKADE_BY_CODE["tb"].steps == ("tb_skrining", "tb_terduga", "tb_diagnosis",
                                           "tb_diobati")


# --- the PWS engine on the new declarations, by hand --------------------------------------------

def _counts(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["kode", "tahun", "bulan", "indikator", "nilai"])
    return frame.assign(nilai=frame["nilai"].astype(float), desa_lapor=1)


def _sasaran(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["kode", "tahun", "sasaran", "jumlah"])
    return frame.assign(jumlah=frame["jumlah"].astype(float), desa_ada=1)


def test_contact_investigation_sums_both_flows_over_the_period():
    c = _counts(("a", 2025, 1, "tb_ik_indeks", 4), ("a", 2025, 1, "tb_ik_diinvestigasi", 3),
                ("a", 2025, 2, "tb_ik_indeks", 5), ("a", 2025, 2, "tb_ik_diinvestigasi", 2),
                ("b", 2025, 2, "tb_ik_indeks", 0), ("b", 2025, 2, "tb_ik_diinvestigasi", 0))
    ind = INDICATOR_BY_CODE["tb_ik"]
    rows = pws_table(c, _sasaran(), ind, 2025, 2, ["a", "b"], {"a": 90, "b": 90}).set_index("kode")
    assert rows.loc["a", "cakupan_bulan_ini"] == pytest.approx(2 / 5)
    assert rows.loc["a", "cakupan_bulan_lalu"] == pytest.approx(3 / 4)
    # Jan..Feb: (3 + 2) investigated of (4 + 5) index cases, not February's 2 of 5
    assert rows.loc["a", "cakupan_kumulatif"] == pytest.approx(5 / 9)
    assert rows.loc["a", "capaian_kumulatif"] == 5 and rows.loc["a", "sasaran"] == 9
    assert rows.loc["a", "target_bulan_ini"] == pytest.approx(0.9)  # flat, not 90% × 2 / 12
    assert np.isnan(rows.loc["b", "cakupan_bulan_ini"])  # no index case: empty, with a reason
    assert rows.loc["b", "alasan"]


def test_notification_is_cumulative_cases_over_the_population():
    c = _counts(("a", 2025, 1, "tb_diagnosis", 3), ("a", 2025, 2, "tb_diagnosis", 2))
    s = _sasaran(("a", 2025, "penduduk", 4000))
    rows = pws_table(c, s, INDICATOR_BY_CODE["tb_notifikasi"], 2025, 2, ["a"], {"a": None})
    row = rows.iloc[0]
    assert row["cakupan_kumulatif"] * 100_000 == pytest.approx(125)  # 5 cases per 4,000
    assert row["status"] is None  # no default target


# --- demo data ----------------------------------------------------------------------------------

def test_every_register_has_a_demo_rate():
    assert registers_without_rate() == ()
    assert set(SASARAN_DEMO) <= set(SASARAN_SHARE)
    assert SASARAN_SHARE["penduduk"] == 1.0


@pytest.fixture(scope="module")
def generated():
    province = demo.generate()
    return province.wilayah, generate_program(province.wilayah, 2024)


@pytest.fixture(scope="module")
def annual(generated) -> pd.DataFrame:
    _, prog = generated
    return prog.layanan.pivot_table(index=["kode_desa", "tahun"], columns="indikator",
                                    values="nilai", aggfunc="sum", fill_value=0)


@pytest.fixture(scope="module")
def totals(annual) -> pd.Series:
    return annual.xs(2024, level="tahun").sum()


@pytest.fixture(scope="module")
def sasaran_2024(generated) -> pd.Series:
    _, prog = generated
    s = prog.sasaran
    return s[s["tahun"] == 2024].groupby("sasaran")["jumlah"].sum()


def test_demo_generates_every_new_code_for_24_months(generated):
    wilayah, prog = generated
    months = prog.layanan.drop_duplicates(["indikator", "tahun", "bulan"])["indikator"].value_counts()
    for code in (*REGISTERS_K3, *REGISTERS_K4):
        assert months.get(code) == 24, code
    kinds = prog.sasaran.groupby("tahun")["sasaran"].unique()
    assert all(set(SASARAN_DEMO) <= set(k) for k in kinds)


def test_demo_population_sasaran_is_the_desa_population(generated):
    wilayah, prog = generated
    s = prog.sasaran
    penduduk = s[(s["tahun"] == 2024) & (s["sasaran"] == "penduduk")].set_index("kode_desa")["jumlah"]
    pop = wilayah.set_index("kode_desa")["jumlah_penduduk"].reindex(penduduk.index)
    assert np.allclose(penduduk, pop, atol=0.051)


def test_demo_ptm_coverage_and_control_are_plausible(totals, sasaran_2024, annual):
    # SPM coverage: a minority of the estimated patients are treated to standard
    assert 0.15 <= totals["ht_diobati"] / sasaran_2024["ht_estimasi"] <= 0.45
    assert 0.10 <= totals["dm_diobati"] / sasaran_2024["dm_estimasi"] <= 0.40
    # and a minority of those treated are controlled
    assert 0.15 <= totals["ht_terkendali"] / totals["ht_diobati"] <= 0.45
    assert 0.10 <= totals["dm_terkendali"] / totals["dm_diobati"] <= 0.40
    for before, step in (("ht_diobati", "ht_terkendali"), ("dm_diobati", "dm_terkendali"),
                         ("dm_skrining", "dm_diagnosis"), ("dm_diagnosis", "dm_diobati")):
        assert (annual[step] <= annual[before]).mean() > 0.95, step
    assert 0.3 <= totals["ht_skrining"] / sasaran_2024["usia_15_plus"] <= 0.7
    for factor in ("ptm_merokok", "ptm_obesitas"):
        assert 0.1 <= totals[factor] / totals["ht_skrining"] <= 0.35, factor


def test_demo_mental_health_and_elderly_are_plausible(totals, sasaran_2024, generated):
    _, prog = generated
    odgj_berat = sasaran_2024["odgj_berat_estimasi"]
    assert 0.5 <= totals["odgj_berat_dilayani"] / odgj_berat <= 1.0
    assert 0.005 <= totals["pasung_ditemukan"] / odgj_berat <= 0.05
    assert 0.3 <= totals["icope_skrining"] / sasaran_2024["lansia"] <= 0.8
    assert totals["jiwa_diobati"] <= totals["jiwa_diagnosis"] <= totals["jiwa_skrining"]
    assert totals["jiwa_dirujuk"] < totals["jiwa_diagnosis"]
    assert 0 < totals["pasung_dibebaskan"] <= totals["pasung_ditemukan"]
    month = prog.layanan.pivot_table(index=["kode_desa", "tahun", "bulan"], columns="indikator",
                                     values="nilai")
    assert (month["pasung_dibebaskan"] <= month["pasung_ditemukan"]).all()


def test_demo_tb_and_contact_investigation_are_plausible(totals, sasaran_2024, annual):
    per_100k = totals["tb_diagnosis"] / sasaran_2024["penduduk"] * 100_000
    assert 150 <= per_100k <= 450  # below the estimated incidence of 385: not every case is found
    assert 0.75 <= totals["tb_ik_indeks"] / totals["tb_diagnosis"] <= 0.95
    assert 0.5 <= totals["tb_ik_diinvestigasi"] / totals["tb_ik_indeks"] <= 0.9
    assert 3 <= totals["tb_kontak_serumah"] / totals["tb_ik_diinvestigasi"] <= 4.5
    assert 0.25 <= totals["tb_kontak_tpt"] / totals["tb_kontak_serumah"] <= 0.6
    assert 0.005 <= totals["tb_kontak_oat"] / totals["tb_kontak_serumah"] <= 0.06
    assert (annual["tb_ik_diinvestigasi"] <= annual["tb_ik_indeks"]).mean() > 0.95
    neither = annual["tb_kontak_serumah"] - annual["tb_kontak_tpt"] - annual["tb_kontak_oat"]
    assert (neither >= 0).mean() > 0.95  # contacts neither given TPT nor OAT


def test_every_new_rate_is_drawn_from_a_declared_base():
    for code in (*REGISTERS_K3, *REGISTERS_K4):
        base = RATES[code].base
        assert base in REGISTER_BY_CODE or base in SASARAN_SHARE, code


# --- import ---------------------------------------------------------------------------------------

@pytest.fixture
def wilayah_db(engine, tmp_path):
    result = import_file(engine, "wilayah", write_csv(tmp_path / "wilayah.csv", WILAYAH_HEADER,
                                                       WILAYAH_ROWS))
    assert result.ok, result.message
    return engine


def test_import_accepts_the_new_codes(wilayah_db, tmp_path):
    codes = (*REGISTERS_K3, *REGISTERS_K4)
    layanan = write_csv(tmp_path / "l.csv", ["kode_desa", "tahun", "bulan", "indikator", "nilai"],
                        [["99.01.01.2001", 2025, 3, code.upper() if i % 2 else code, i]
                         for i, code in enumerate(codes)])
    sasaran = write_csv(tmp_path / "s.csv", ["kode_desa", "tahun", "sasaran", "jumlah"],
                        [["9901012001", 2025, code, f"{10.5 + i}"] for i, code in enumerate(SASARAN_K34)])
    target = write_csv(tmp_path / "t.csv", ["indikator", "tahun", "target_persen"],
                       [[code, 2025, 80] for code in (*INDICATORS_K3, *INDICATORS_K4)])
    for dataset, path, n in (("layanan", layanan, len(codes)), ("sasaran", sasaran, len(SASARAN_K34)),
                             ("target", target, len(INDICATORS_K3) + len(INDICATORS_K4))):
        first = import_file(wilayah_db, dataset, path)
        assert (first.ok, first.added) == (True, n), first.message
        again = import_file(wilayah_db, dataset, path)
        assert (again.added, again.changed, again.unchanged) == (0, 0, n)
    stored = {r[3]: r[4] for r in table_rows(wilayah_db, schema.layanan)}
    assert stored == {code: i for i, code in enumerate(codes)}
    assert {r[2] for r in table_rows(wilayah_db, schema.sasaran)} == set(SASARAN_K34)
    with wilayah_db.connect() as conn:
        targets = set(conn.execute(select(schema.target.c.indikator)).scalars())
    assert targets == {*INDICATORS_K3, *INDICATORS_K4}
