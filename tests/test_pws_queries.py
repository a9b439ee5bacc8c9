"""PWS queries (data_access/pws.py) and the per-area program summaries, on the hand-made
registers of tests/sample_pws.py, on SQLite and PostgreSQL; and the same numbers through the
importer (layanan, sasaran and target CSV files)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import delete, inspect, select

from data_access import schema
from data_access.db import dispose_engines, get_engine
from data_access.pws import (
    areas_at,
    default_month,
    kaskade_by_level,
    kaskade_view,
    program_years,
    pws_by_level,
    pws_totals,
    pws_view,
    read_inputs,
    resolve_targets,
    target_rows,
)
from data_access.store import refresh_program_summary, write_wilayah
from data_access.wilayah import resolve_area
from domain.codes import Level
from domain.wilayah import NASIONAL, OutOfScope, Scope
from indicators.program import INDICATOR_BY_CODE
from indicators.pws import BAIK, KURANG, PWS_COLUMNS, pws_table, total_inputs
from ingest import import_file
from tests import sample_pws
from tests.sample import WILAYAH
from tests.sample_pws import A1, A2, B1, C1, DESA_OF, summary_months

ALL = Scope.everything()
K1 = INDICATOR_BY_CODE["k1"]
LEVEL_OF = {"P01": Level.PUSKESMAS, "P02": Level.PUSKESMAS, "P03": Level.PUSKESMAS,
            "99.01": Level.KABUPATEN, "99.02": Level.KABUPATEN, "99": Level.PROVINSI}


@pytest.fixture
def pws_db(engine, request):
    from tests.conftest import loaded_with

    return loaded_with(request, engine, "pws", sample_pws.load)  # sample_pws.load(engine), once per session


def area(conn, level: Level, kode: str, scope: Scope = ALL):
    return resolve_area(conn, scope, level, kode)


def by_level(engine, level: Level, bulan: int = 3, indikator: str = "k1", tahun: int = 2025,
             inside: tuple[Level, str] = (Level.PROVINSI, "99")) -> pd.DataFrame:
    with engine.connect() as conn:
        return pws_by_level(conn, ALL, area(conn, *inside), level, tahun, bulan,
                            indikator).set_index("kode")


def summary_rows(engine) -> dict[str, list[tuple]]:
    out = {}
    with engine.connect() as conn:
        for table in (schema.layanan, schema.sasaran, schema.target, schema.layanan_bulanan,
                      schema.sasaran_wilayah):
            out[table.name] = sorted(map(tuple, conn.execute(select(table)).all()), key=repr)
    return out


def layanan_summary(engine, tingkat: str, kode: str, indikator: str = "k1") -> dict:
    """(tahun, bulan) → (nilai, desa_lapor) of one area's summary."""
    with engine.connect() as conn:
        rows = summary_months(conn, tingkat)
    rows = rows[(rows["kode"] == kode) & (rows["indikator"] == indikator)]
    return {(t, b): (n, d) for t, b, n, d in zip(rows["tahun"], rows["bulan"], rows["nilai"], rows["desa_lapor"])}


def sasaran_summary(engine, tingkat: str, kode: str, sasaran: str = "bumil") -> dict:
    w = schema.sasaran_wilayah
    with engine.connect() as conn:
        rows = conn.execute(select(w.c.tahun, w.c.jumlah, w.c.desa_ada).where(
            w.c.tingkat == tingkat, w.c.kode == kode, w.c.sasaran == sasaran)).all()
    return {t: (pytest.approx(j), d) for t, j, d in rows}


# --- desa rows ----------------------------------------------------------------------------------

def test_desa_rows_in_march_match_the_hand_numbers(pws_db):
    out = by_level(pws_db, Level.DESA)
    assert list(out.index) == [A1, A2, B1, C1]  # ordered by name
    a1 = out.loc[A1]
    assert (a1.capaian_bulan_ini, a1.capaian_bulan_lalu, a1.capaian_kumulatif) == (12, 8, 30)
    assert (a1.cakupan_bulan_ini, a1.cakupan_kumulatif) == (pytest.approx(0.12), pytest.approx(0.30))
    assert a1.target_bulan_ini == pytest.approx(0.25) and a1.status == BAIK
    a2 = out.loc[A2]  # no March report
    assert np.isnan(a2.cakupan_bulan_ini) and pd.isna(a2.status)
    assert a2.cakupan_kumulatif == pytest.approx(35 / 50)
    assert a2.alasan == "Belum ada laporan bulan Maret 2025"
    b1 = out.loc[B1]
    assert b1.sasaran == pytest.approx(101.2)
    assert b1.cakupan_kumulatif == pytest.approx(65 / 101.2) and b1.status == BAIK
    c1 = out.loc[C1]  # no 2025 sasaran
    assert np.isnan(c1.cakupan_kumulatif) and pd.isna(c1.status) and c1.capaian_kumulatif == 10
    assert c1.alasan == "Sasaran ibu hamil tahun 2025 belum diunggah"
    assert list(out.columns[:len(PWS_COLUMNS)]) == ["nama", *PWS_COLUMNS[1:]]


def test_table_of_an_area_at_its_own_level_is_its_own_row(pws_db):
    own = by_level(pws_db, Level.PUSKESMAS, inside=(Level.PUSKESMAS, "P01"))
    assert own.index.tolist() == ["P01"] and own.loc["P01", "nama"] == "Pkm A"
    assert own.loc["P01", "cakupan_kumulatif"] == pytest.approx(65 / 150)
    desa = by_level(pws_db, Level.DESA, inside=(Level.DESA, A1))
    assert desa.index.tolist() == [A1] and desa.loc[A1, "status"] == BAIK
    with pytest.raises(ValueError, match="di atas"):
        by_level(pws_db, Level.KABUPATEN, inside=(Level.PUSKESMAS, "P01"))


def test_january_compares_with_previous_december_through_the_database(pws_db):
    desa = by_level(pws_db, Level.DESA, bulan=1)
    # 10/100 = 10% against December 11/120 (2024 sasaran) = 9.17%: up
    assert desa.loc[A1, "cakupan_bulan_lalu"] == pytest.approx(11 / 120)
    assert desa.loc[A1, "status"] == BAIK
    # no December in A2 → up
    assert np.isnan(desa.loc[A2, "cakupan_bulan_lalu"]) and desa.loc[A2, "status"] == BAIK
    pkm = by_level(pws_db, Level.PUSKESMAS, bulan=1)
    assert pkm.loc["P01", "capaian_bulan_lalu"] == 11
    assert pkm.loc["P01", "cakupan_bulan_lalu"] == pytest.approx(11 / 120)
    assert pkm.loc["P01", "status"] == BAIK


# --- areas: sums, then ratios -----------------------------------------------------------------------

def test_area_coverage_sums_numerators_and_sasaran_then_divides(pws_db):
    january = by_level(pws_db, Level.PUSKESMAS, bulan=1)
    assert january.loc["P01", "cakupan_bulan_ini"] == pytest.approx(40 / 150)  # not (10% + 60%)/2
    march = by_level(pws_db, Level.PUSKESMAS)
    p01 = march.loc["P01"]
    assert (p01.capaian_bulan_ini, p01.capaian_bulan_lalu, p01.capaian_kumulatif) == (12, 13, 65)
    assert p01.sasaran == 150 and p01.cakupan_kumulatif == pytest.approx(65 / 150)
    assert p01.status == KURANG  # 43.3% ≥ 25%, 8% < 8.67%
    assert (p01.lapor, p01.sasaran_ada) == (1, 2)
    kab = by_level(pws_db, Level.KABUPATEN).loc["99.01"]
    assert kab.sasaran == pytest.approx(251.2) and kab.capaian_kumulatif == 130
    assert kab.cakupan_kumulatif == pytest.approx(130 / 251.2) and kab.status == BAIK
    assert (kab.lapor, kab.sasaran_ada) == (2, 3)
    prov = by_level(pws_db, Level.PROVINSI).loc["99"]
    assert prov.capaian_kumulatif == 140 and prov.sasaran == pytest.approx(251.2)
    assert prov.cakupan_kumulatif == pytest.approx(140 / 251.2)
    assert (prov.lapor, prov.sasaran_ada) == (3, 3)
    assert by_level(pws_db, Level.KABUPATEN).loc["99.02", "alasan"] == \
        "Sasaran ibu hamil tahun 2025 belum diunggah"


def test_summaries_hold_the_hand_sums(pws_db):
    assert layanan_summary(pws_db, "puskesmas", "P01") == {
        (2024, 12): (11, 1), (2025, 1): (40, 2), (2025, 2): (13, 2), (2025, 3): (12, 1)}
    assert layanan_summary(pws_db, "kabupaten", "99.01")[(2025, 3)] == (37, 2)
    assert layanan_summary(pws_db, "provinsi", "99")[(2025, 1)] == (67, 4)
    assert sasaran_summary(pws_db, "puskesmas", "P01") == {2024: (120, 1), 2025: (150, 2)}
    assert sasaran_summary(pws_db, "kabupaten", "99.01") == {2024: (120, 1), 2025: (251.2, 3)}
    assert sasaran_summary(pws_db, "provinsi", "99") == {2024: (120, 1), 2025: (251.2, 3)}
    assert sasaran_summary(pws_db, "puskesmas", "P03") == {}


@pytest.mark.parametrize("bulan", [1, 2, 3, 4])
def test_every_level_equals_summing_the_desa_rows(pws_db, bulan):
    with pws_db.connect() as conn:
        counts, sas = read_inputs(conn, ALL, area(conn, Level.PROVINSI, "99"), Level.DESA,
                                  (2024, 2025), K1.registers, ("bumil",)).frames()
    for parent, desa in DESA_OF.items():
        c, s = total_inputs(counts[counts["kode"].isin(desa)], sas[sas["kode"].isin(desa)], parent)
        # the parent has len(desa) desa: the 'n dari N desa melapor' mark counts them
        expected = pws_table(c, s, K1, 2025, bulan, [parent], {parent: 100.0}, ada=[len(desa)]).iloc[0]
        got = by_level(pws_db, LEVEL_OF[parent], bulan=bulan).loc[parent]
        for column in expected.index.drop("kode"):
            want, have = expected[column], got[column]
            if isinstance(want, str) or pd.isna(want):
                assert have == want or pd.isna(have) and pd.isna(want), (parent, column)
            else:
                assert have == pytest.approx(want, nan_ok=True), (parent, column)


def test_pws_view_shows_children_and_the_area_itself(pws_db):
    with pws_db.connect() as conn:
        pkm = pws_view(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), 2025, 3, "k1")
        desa = pws_view(conn, ALL, area(conn, Level.DESA, A1), 2025, 3, "k1")
        prov = pws_view(conn, ALL, area(conn, Level.PROVINSI, "99"), 2025, 3, "k1")
        nasional = pws_view(conn, ALL, NASIONAL, 2025, 3, "k1")
    assert pkm.rows["kode"].tolist() == [A1, A2]
    assert pkm.total["cakupan_kumulatif"] == pytest.approx(65 / 150)
    assert pkm.total["status"] == KURANG and pkm.total["nama"] == "Pkm A"
    assert pkm.bulan_terakhir == 3 and pkm.target_tahunan == 100
    # a desa is shown among its Puskesmas' desa; its total is its own row
    assert desa.rows["kode"].tolist() == [A1, A2]
    assert desa.total["cakupan_kumulatif"] == pytest.approx(0.30) and desa.total["status"] == BAIK
    assert desa.total["nama"] == "Desa A1"
    assert prov.rows["kode"].tolist() == ["99.02", "99.01"]  # Kab Dua, Kab Satu
    assert prov.total["capaian_kumulatif"] == 140
    assert nasional.rows["kode"].tolist() == ["99"]
    assert nasional.total["capaian_kumulatif"] == 140
    series = pkm.total_series.frame().set_index("bulan")
    assert series.loc[[1, 2, 3], "cakupan_kumulatif"].tolist() == pytest.approx(
        [40 / 150, 53 / 150, 65 / 150])
    a2 = pkm.series.frame().query("kode == @A2").set_index("bulan")
    assert np.isnan(a2.loc[3, "cakupan"]) and a2.loc[3, "nama"] == "Desa A2"


def test_totals_of_an_area_are_its_own_pws_rows(pws_db):
    with pws_db.connect() as conn:
        pkm = pws_totals(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), 2025, 3, ("k1", "k6"))
        desa = pws_totals(conn, ALL, area(conn, Level.DESA, A2), 2025, 3, ("k1",))
        nasional = pws_totals(conn, ALL, NASIONAL, 2025, 3, ("k1",))
    pkm, desa, nasional = (pd.DataFrame(t) for t in (pkm, desa, nasional))
    pkm = pkm.set_index("indikator")
    assert pkm.loc["k1", "cakupan_kumulatif"] == pytest.approx(65 / 150)
    assert pkm.loc["k1", "status"] == KURANG
    assert pkm.loc["k6", "target_tahunan"] == 80 and pkm.loc["k1", "target_tahunan"] == 100
    assert desa.iloc[0]["cakupan_kumulatif"] == pytest.approx(35 / 50)
    assert desa.iloc[0]["alasan"] == "Belum ada laporan bulan Maret 2025"
    assert nasional.iloc[0]["capaian_kumulatif"] == 140
    assert nasional.iloc[0]["cakupan_kumulatif"] == pytest.approx(140 / 251.2)


def test_default_month_is_the_latest_reported_inside_the_area(pws_db):
    with pws_db.connect() as conn:
        assert default_month(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), 2025, ("k1",)) == 3
        assert default_month(conn, ALL, area(conn, Level.DESA, A2), 2025, ("k1",)) == 2
        assert default_month(conn, ALL, NASIONAL, 2025, ("k1",)) == 3
        assert default_month(conn, ALL, NASIONAL, 2024, ("k1",)) == 12
        assert default_month(conn, ALL, area(conn, Level.DESA, B1), 2025, ("tb_skrining",)) is None


def test_program_years_of_an_area(pws_db):
    with pws_db.connect() as conn:
        assert program_years(conn, ALL, area(conn, Level.PUSKESMAS, "P01")) == (2024, 2025)
        assert program_years(conn, ALL, area(conn, Level.DESA, C1)) == (2025,)
        assert program_years(conn, ALL, NASIONAL) == (2024, 2025)
        assert program_years(conn, Scope(Level.KABUPATEN, "99.02"), area(conn, Level.KABUPATEN, "99.02")) == (2025,)


# --- cascades ----------------------------------------------------------------------------------------

def test_cascade_through_the_database(pws_db):
    with pws_db.connect() as conn:
        prov = area(conn, Level.PROVINSI, "99")
        desa1 = kaskade_by_level(conn, ALL, prov, Level.DESA, 2025, 1, "tb").set_index("kode")
        desa3 = kaskade_by_level(conn, ALL, prov, Level.DESA, 2025, 3, "tb").set_index("kode")
        pkm = kaskade_by_level(conn, ALL, prov, Level.PUSKESMAS, 2025, 3, "tb").set_index("kode")
        view = kaskade_view(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), 2025, 3, "tb")
    steps = ["tb_skrining", "tb_terduga", "tb_diagnosis", "tb_diobati"]
    assert desa1.loc[A1, steps].tolist() == [100, 10, 3, 4]  # December 2024 not counted
    assert desa1.loc[A1, "konversi_tb_diobati"] == pytest.approx(4 / 3)
    assert desa1.loc[A1, "melebihi"] == "tb_diobati"
    assert desa3.loc[A1, steps].tolist() == [150, 15, 5, 5] and desa3.loc[A1, "melebihi"] == ""
    assert np.isnan(desa3.loc[A2, "konversi_tb_terduga"])  # after a zero step
    assert desa3.loc[A2, "melebihi"] == "tb_terduga"
    assert desa3.loc[B1, steps].isna().all()
    assert pkm.loc["P01", steps].tolist() == [150, 17, 5, 5]
    assert [view.total[s] for s in steps] == [150, 17, 5, 5]
    assert view.rows["kode"].tolist() == [A1, A2]


def test_cascade_with_a_sasaran_estimate_through_the_summaries(pws_db):
    with pws_db.connect() as conn:
        prov = area(conn, Level.PROVINSI, "99")
        pkm = kaskade_by_level(conn, ALL, prov, Level.PUSKESMAS, 2025, 2, "ht").set_index("kode")
        own = kaskade_by_level(conn, ALL, area(conn, Level.PUSKESMAS, "P01"), Level.PUSKESMAS,
                               2025, 2, "ht").set_index("kode")
        view = kaskade_view(conn, ALL, prov, 2025, 2, "ht")
    assert pkm.loc["P01", "ht_estimasi"] == pytest.approx(50.5)
    assert pkm.loc["P01", ["ht_skrining", "ht_diagnosis"]].tolist() == [65, 6]
    assert np.isnan(pkm.loc["P01", "ht_diobati"]) and np.isnan(pkm.loc["P02", "ht_estimasi"])
    assert pkm.loc["P01", "konversi_ht_diagnosis"] == pytest.approx(6 / 65)
    assert own.loc["P01"].drop("nama").equals(pkm.loc["P01"].drop("nama"))
    assert view.total["ht_estimasi"] == pytest.approx(50.5) and view.total["ht_skrining"] == 65


# --- targets -------------------------------------------------------------------------------------------

def test_registry_default_target_when_none_is_imported(pws_db):
    assert by_level(pws_db, Level.DESA, indikator="k1")["target_tahunan"].eq(100).all()
    k6_2024 = by_level(pws_db, Level.DESA, indikator="k6", tahun=2024)
    assert k6_2024["target_tahunan"].eq(95).all()


def test_most_specific_target_wins_and_desa_inherit_their_puskesmas(pws_db):
    desa = by_level(pws_db, Level.DESA, indikator="k6")["target_tahunan"].to_dict()
    assert desa == {A1: 80, A2: 80, B1: 85, C1: 90}
    pkm = by_level(pws_db, Level.PUSKESMAS, indikator="k6")["target_tahunan"].to_dict()
    assert pkm == {"P01": 80, "P02": 85, "P03": 90}  # Puskesmas > kabupaten > general
    kab = by_level(pws_db, Level.KABUPATEN, indikator="k6")["target_tahunan"].to_dict()
    assert kab == {"99.01": 85, "99.02": 90}  # kabupaten > general
    assert by_level(pws_db, Level.PROVINSI, indikator="k6").loc["99", "target_tahunan"] == 90
    assert by_level(pws_db, Level.DESA, indikator="k6").loc[A1, "target_bulan_ini"] == \
        pytest.approx(0.80 * 3 / 12)
    with pws_db.connect() as conn:
        own = pws_view(conn, ALL, area(conn, Level.DESA, B1), 2025, 3, "k6")
        kab = pws_view(conn, ALL, area(conn, Level.KABUPATEN, "99.02"), 2025, 3, "k6")
    assert own.target_tahunan == 85 and own.rows.frame().set_index("kode").loc[B1, "target_tahunan"] == 85
    assert kab.target_tahunan == 90


def test_indicator_without_default_or_imported_target_has_none_with_reason(pws_db):
    no_default = replace(K1, target=None)
    with pws_db.connect() as conn:
        prov = area(conn, Level.PROVINSI, "99")
        areas = areas_at(conn, ALL, prov, Level.DESA)
        counts, sas = read_inputs(conn, ALL, prov, Level.DESA, (2024, 2025), K1.registers,
                                  ("bumil",)).frames()
        targets = resolve_targets(no_default, target_rows(conn, "k1", 2025), areas)
        k6_rows = target_rows(conn, "k6", 2025)
    assert targets == {A1: None, A2: None, B1: None, C1: None}
    out = pws_table(counts, sas, no_default, 2025, 3, list(areas["kode"]), targets).set_index("kode")
    assert pd.isna(out.loc[A1, "status"]) and np.isnan(out.loc[A1, "target_bulan_ini"])
    assert out.loc[A1, "cakupan_kumulatif"] == pytest.approx(0.30)
    assert out.loc[A1, "alasan"] == "Target Cakupan K1 tahun 2025 belum ditetapkan"
    # an imported general target fills it
    assert resolve_targets(no_default, {"": 70.0}, areas) == dict.fromkeys(areas["kode"], 70.0)
    assert k6_rows == {"": 90.0, "99.01": 85.0, "P01": 80.0}


# --- scope ---------------------------------------------------------------------------------------------

def test_area_outside_the_viewers_scope_is_refused(pws_db):
    kab_satu = Scope(Level.KABUPATEN, "99.01")
    with pws_db.connect() as conn:
        kab_dua, prov = area(conn, Level.KABUPATEN, "99.02"), area(conn, Level.PROVINSI, "99")
        c1 = area(conn, Level.DESA, C1)
        calls = [
            lambda a: pws_by_level(conn, kab_satu, a, Level.DESA, 2025, 3, "k1"),
            lambda a: pws_view(conn, kab_satu, a, 2025, 3, "k1"),
            lambda a: kaskade_by_level(conn, kab_satu, a, Level.DESA, 2025, 3, "tb"),
            lambda a: kaskade_view(conn, kab_satu, a, 2025, 3, "tb"),
            lambda a: read_inputs(conn, kab_satu, a, Level.DESA, (2025,), ("k1",), ("bumil",)),
            lambda a: program_years(conn, kab_satu, a),
            lambda a: areas_at(conn, kab_satu, a, Level.DESA),
        ]
        for call in calls:
            for outside in (kab_dua, prov, c1):
                with pytest.raises(OutOfScope, match="tidak ditemukan di wilayah yang boleh Anda lihat"):
                    call(outside)
        # inside the scope: only its own areas
        mine = pws_by_level(conn, kab_satu, area(conn, Level.KABUPATEN, "99.01"), Level.DESA, 2025, 3, "k1")
        assert mine["kode"].tolist() == [A1, A2, B1]
        view = pws_view(conn, kab_satu, area(conn, Level.KABUPATEN, "99.01", kab_satu), 2025, 3, "k1")
        assert view.rows["kode"].tolist() == ["P01", "P02"]


# --- through the importer ------------------------------------------------------------------------------

def write_csv(path: Path, frame: pd.DataFrame) -> Path:
    frame.to_csv(path, index=False)
    return path


@pytest.fixture
def imported(engine, tmp_path):
    """The same registers, sasaran and targets as sample_pws, through import_file."""
    with engine.begin() as conn:
        write_wilayah(conn, WILAYAH)
    for dataset, frame in (("layanan", sample_pws.LAYANAN), ("sasaran", sample_pws.SASARAN),
                           ("target", sample_pws.TARGET)):
        result = import_file(engine, dataset, write_csv(tmp_path / f"{dataset}.csv", frame))
        assert result.ok and result.added == len(frame), result.message
    return engine


def test_import_gives_the_hand_summaries_and_pws(imported):
    assert layanan_summary(imported, "puskesmas", "P01") == {
        (2024, 12): (11, 1), (2025, 1): (40, 2), (2025, 2): (13, 2), (2025, 3): (12, 1)}
    assert sasaran_summary(imported, "kabupaten", "99.01") == {2024: (120, 1), 2025: (251.2, 3)}
    p01 = by_level(imported, Level.PUSKESMAS).loc["P01"]
    assert p01.cakupan_kumulatif == pytest.approx(65 / 150) and p01.status == KURANG
    assert by_level(imported, Level.KABUPATEN).loc["99.01", "cakupan_kumulatif"] == \
        pytest.approx(130 / 251.2)
    assert by_level(imported, Level.PROVINSI).loc["99", "capaian_kumulatif"] == 140
    targets = by_level(imported, Level.DESA, indikator="k6")["target_tahunan"].to_dict()
    assert targets == {A1: 80, A2: 80, B1: 85, C1: 90}


def test_importer_summaries_equal_a_full_rebuild(imported):
    """The importer's summaries are those of a full rebuild from the desa rows."""
    before = summary_rows(imported)
    with imported.begin() as conn:
        refresh_program_summary(conn)
    assert summary_rows(imported) == before


def test_an_import_of_one_kabupaten_re_sums_its_areas_only_and_as_a_full_rebuild(imported, tmp_path):
    """C1 (Kab Dua) Jan k1 7 → 9: P03, 99.02 and the provinsi change (provinsi Jan 67 → 69);
    Kab Satu's rows are not rewritten (a row planted there survives, and the provinsi, summed
    from its kabupaten's rows, carries it); a full rebuild after gives the same rows, the
    planted one aside."""
    w = schema.layanan_bulanan
    with imported.begin() as conn:  # a marker row no re-sum of Kab Satu would leave
        conn.execute(w.update().where(w.c.tingkat == "kabupaten", w.c.kode == "99.01", w.c.tahun == 2025,
                                      w.c.indikator == "k1").values(n12=4242))
    layanan = sample_pws.LAYANAN[(sample_pws.LAYANAN["kode_desa"] == C1)].copy()
    layanan.loc[(layanan["bulan"] == 1) & (layanan["indikator"] == "k1"), "nilai"] = 9
    result = import_file(imported, "layanan", write_csv(tmp_path / "c1.csv", layanan))
    assert (result.ok, result.changed, result.added) == (True, 1, 0)
    assert layanan_summary(imported, "puskesmas", "P03")[(2025, 1)] == (9, 1)
    assert layanan_summary(imported, "kabupaten", "99.02")[(2025, 1)] == (9, 1)
    assert layanan_summary(imported, "provinsi", "99")[(2025, 1)] == (69, 4)
    with imported.connect() as conn:
        kept = conn.execute(select(w.c.n12).where(w.c.tingkat == "kabupaten", w.c.kode == "99.01",
                                                  w.c.tahun == 2025, w.c.indikator == "k1")).scalar()
        province = conn.execute(select(w.c.n12).where(w.c.tingkat == "provinsi", w.c.kode == "99",
                                                      w.c.tahun == 2025, w.c.indikator == "k1")).scalar()
    assert kept == 4242 and province == 4242  # no desa reported December 2025: the planted row alone
    with imported.begin() as conn:
        conn.execute(w.update().where(w.c.kode.in_(["99.01", "99"]), w.c.tahun == 2025, w.c.indikator == "k1")
                     .values(n12=None))
    before = summary_rows(imported)
    with imported.begin() as conn:
        refresh_program_summary(conn)
    assert summary_rows(imported) == before


def test_reimport_of_a_changed_value_updates_the_summary(imported, tmp_path):
    layanan = sample_pws.LAYANAN[sample_pws.LAYANAN["tahun"] == 2025].copy()
    march_a1 = (layanan["kode_desa"] == A1) & (layanan["bulan"] == 3) & (layanan["indikator"] == "k1")
    layanan.loc[march_a1, "nilai"] = 18
    result = import_file(imported, "layanan", write_csv(tmp_path / "l2.csv", layanan))
    assert (result.ok, result.changed, result.added) == (True, 1, 0)
    assert layanan_summary(imported, "puskesmas", "P01") == {
        (2024, 12): (11, 1), (2025, 1): (40, 2), (2025, 2): (13, 2), (2025, 3): (18, 1)}
    assert layanan_summary(imported, "provinsi", "99")[(2025, 3)] == (46, 3)
    p01 = by_level(imported, Level.PUSKESMAS).loc["P01"]
    assert p01.cakupan_bulan_ini == pytest.approx(18 / 150)
    assert p01.status == BAIK  # now rising: 12% ≥ 8.67%

    sasaran = sample_pws.SASARAN.copy()
    a2 = (sasaran["kode_desa"] == A2) & (sasaran["tahun"] == 2025) & (sasaran["sasaran"] == "bumil")
    sasaran.loc[a2, "jumlah"] = 70.0
    result = import_file(imported, "sasaran", write_csv(tmp_path / "s2.csv", sasaran))
    assert (result.ok, result.changed) == (True, 1)
    assert sasaran_summary(imported, "puskesmas", "P01") == {2024: (120, 1), 2025: (170, 2)}
    assert by_level(imported, Level.PUSKESMAS).loc["P01", "cakupan_kumulatif"] == \
        pytest.approx(71 / 170)

    target = pd.DataFrame([("k6", 2025, "P01", 75.0)],
                          columns=["indikator", "tahun", "kode_wilayah", "target_persen"])
    assert import_file(imported, "target", write_csv(tmp_path / "t2.csv", target)).ok
    assert by_level(imported, Level.DESA, indikator="k6").loc[A2, "target_tahunan"] == 75


def test_rejected_import_changes_nothing(imported, tmp_path):
    before = summary_rows(imported)
    pws_before = by_level(imported, Level.PUSKESMAS)
    layanan = sample_pws.LAYANAN.copy()
    layanan.loc[0, "nilai"] = 500  # a change that must not be written …
    bad = pd.concat([layanan, pd.DataFrame([(A1, 2025, 4, "k1", -1)], columns=layanan.columns)])
    result = import_file(imported, "layanan", write_csv(tmp_path / "bad.csv", bad))
    assert not result.ok  # … because another row is invalid
    sasaran = pd.concat([sample_pws.SASARAN.assign(jumlah=1.0), pd.DataFrame(
        [("99.99.99.9999", 2025, "bumil", 5.0)], columns=sample_pws.SASARAN.columns)])
    assert not import_file(imported, "sasaran", write_csv(tmp_path / "bad_s.csv", sasaran)).ok
    assert summary_rows(imported) == before
    pd.testing.assert_frame_equal(by_level(imported, Level.PUSKESMAS), pws_before)


def test_desa_moved_to_another_puskesmas_moves_its_registers(imported):
    moved = WILAYAH.copy()
    moved.loc[moved["kode_desa"] == A2, ["kode_puskesmas", "nama_puskesmas"]] = ["P02", "Pkm B"]
    with imported.begin() as conn:
        write_wilayah(conn, moved)
    assert layanan_summary(imported, "puskesmas", "P01")[(2025, 1)] == (10, 1)
    assert layanan_summary(imported, "puskesmas", "P02")[(2025, 1)] == (50, 2)
    assert sasaran_summary(imported, "puskesmas", "P02") == {2025: (151.2, 2)}


def test_a_database_of_the_earlier_summary_shape_is_summed_again_at_start(pws_db):
    """An earlier version kept the register summary one row per month (layanan_wilayah):
    opening such a database drops that table and sums the desa rows into the current one."""
    expected = layanan_summary(pws_db, "puskesmas", "P01")
    with pws_db.begin() as conn:
        conn.execute(delete(schema.layanan_bulanan))
        conn.exec_driver_sql("CREATE TABLE layanan_wilayah (tingkat VARCHAR(12), kode VARCHAR(20))")
        conn.exec_driver_sql("DROP TABLE alembic_version")  # earlier versions had no revision
    url = pws_db.url.render_as_string(hide_password=False)
    dispose_engines()
    reopened = get_engine(url)
    assert layanan_summary(reopened, "puskesmas", "P01") == expected == {
        (2024, 12): (11, 1), (2025, 1): (40, 2), (2025, 2): (13, 2), (2025, 3): (12, 1)}
    assert not inspect(reopened).has_table("layanan_wilayah")


TWO_PROVINCES = pd.DataFrame(
    [(p, f"Prov {p}", k, f"Kab {k}", pkm, f"Pkm {pkm}", d, f"Desa {d}", 5)
     for p, k, pkm, d in [("97", "97.01", "P9701", "97.01.01.2001"), ("97", "97.01", "P9701", "97.01.01.2002"),
                          ("97", "97.02", "P9702", "97.02.01.2001"), ("98", "98.01", "P9801", "98.01.01.2001"),
                          ("98", "98.01", "P9802", "98.01.02.2001")]],
    columns=WILAYAH.columns)


def _province_sums_from_desa(conn) -> tuple[dict, dict]:
    """The provinces' twelve months and sasaran summed straight from the desa rows, in pandas."""
    desa = TWO_PROVINCES.set_index("kode_desa")["kode_provinsi"]
    lay = pd.DataFrame(conn.execute(select(schema.layanan)).mappings().all())
    lay["p"] = lay["kode_desa"].map(desa)
    months = {}
    for (p, tahun, ind), rows in lay.groupby(["p", "tahun", "indikator"]):
        by_month = rows.groupby("bulan")["nilai"]
        months[(p, tahun, ind)] = (tuple(int(by_month.sum()[m]) if m in by_month.groups else None
                                         for m in range(1, 13)),
                                   tuple(int(by_month.size().get(m, 0)) for m in range(1, 13)))
    sas = pd.DataFrame(conn.execute(select(schema.sasaran)).mappings().all())
    sas["p"] = sas["kode_desa"].map(desa)
    sasaran = {(p, t, code): (pytest.approx(float(g["jumlah"].sum())), len(g))
               for (p, t, code), g in sas.groupby(["p", "tahun", "sasaran"])}
    return months, sasaran


def _province_summaries(conn) -> tuple[dict, dict]:
    w, sw = schema.layanan_bulanan, schema.sasaran_wilayah
    months = {(r.kode, r.tahun, r.indikator): (tuple(r[c] for c in schema.NILAI_BULAN),
                                               tuple(r[c] for c in schema.LAPOR_BULAN))
              for r in conn.execute(select(w).where(w.c.tingkat == "provinsi")).mappings()}
    sasaran = {(r.kode, r.tahun, r.sasaran): (r.jumlah, r.desa_ada)
               for r in conn.execute(select(sw).where(sw.c.tingkat == "provinsi")).mappings()}
    return months, sasaran


def test_a_province_sums_to_what_its_desa_rows_sum_to(engine):
    """Each province's summary is summed from its kabupaten's rows: the same twelve months
    (NULL where no desa reported, 0 reporters) and sasaran as summed from its desa rows, after a
    full re-sum and after a re-sum of one kabupaten's desa; no province takes another's rows."""
    import random

    rng = random.Random(11)
    layanan = [{"kode_desa": d, "tahun": 2025, "bulan": m, "indikator": ind, "nilai": rng.randint(0, 40)}
               for d in TWO_PROVINCES["kode_desa"] for ind in ("k1", "k4") for m in range(1, 13)
               if rng.random() < 0.6 and m != 12]  # December: no desa reported
    sasaran = [{"kode_desa": d, "tahun": 2025, "sasaran": "bumil", "jumlah": rng.randint(20, 90) + 0.5}
               for d in TWO_PROVINCES["kode_desa"][1:]]
    with engine.begin() as conn:
        write_wilayah(conn, TWO_PROVINCES)
        conn.execute(schema.layanan.insert(), layanan)
        conn.execute(schema.sasaran.insert(), sasaran)
        refresh_program_summary(conn)
    with engine.connect() as conn:
        months, _ = want = _province_sums_from_desa(conn)
        assert _province_summaries(conn) == want
    assert {k[0] for k in months} == {"97", "98"} and all(m[0][11] is None and m[1][11] == 0 for m in months.values())
    changed = "97.02.01.2001"  # one kabupaten's desa: new values, a month taken away, a month added
    with engine.begin() as conn:
        conn.execute(delete(schema.layanan).where(schema.layanan.c.kode_desa == changed))
        conn.execute(schema.layanan.insert(), [{"kode_desa": changed, "tahun": 2025, "bulan": m, "indikator": "k1",
                                                "nilai": 100 + m} for m in (2, 12)])
        refresh_program_summary(conn, [2025], level=Level.DESA, desa=[changed])
    with engine.connect() as conn:
        want = _province_sums_from_desa(conn)
        assert want[0][("97", 2025, "k1")][0][11] == 112
        assert _province_summaries(conn) == want
