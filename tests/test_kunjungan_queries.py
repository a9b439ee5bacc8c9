"""Visit queries (data_access.kunjungan) on SQLite and PostgreSQL, against the numbers worked out
by hand in tests/sample_kunjungan.py: January's last month is December of the year before, a
missing month is None (never 0), small cells are flagged, a desa reads its own Puskesmas' rows
with its code, a silent Pustu is named, and an area outside the scope is refused in the words
of data_access.pws."""
from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from data_access import schema
from data_access.kunjungan import kunjungan_by_level, kunjungan_view, latest_month
from data_access.pws import program_years
from data_access.wilayah import resolve_area
from domain.codes import Level
from domain.wilayah import OutOfScope, Scope
from tests import sample_kunjungan
from tests.sample_kunjungan import A1, A2

ALL = Scope.everything()
P01 = Scope(Level.PUSKESMAS, "P01")


@pytest.fixture
def visits(loaded):
    sample_kunjungan.load(loaded)
    return loaded


def area(engine, level: Level, kode, scope: Scope = ALL):
    with engine.connect() as conn:
        return resolve_area(conn, scope, level, kode)


def view(engine, level: Level, kode, tahun: int, bulan: int, scope: Scope = ALL):
    with engine.connect() as conn:
        return kunjungan_view(conn, scope, resolve_area(conn, scope, level, kode), tahun, bulan)


def test_january_is_compared_with_december_of_the_year_before_and_with_last_january(visits):
    v = view(visits, Level.PUSKESMAS, "P01", 2025, 1)
    assert (v.bulan_ini, v.bulan_lalu, v.tahun_lalu) == (100, 60, 80)
    assert v.per_tempat == {"puskesmas": 75, "pustu": 4, "posyandu": 21, "rumah": 0}


def test_a_month_without_rows_a_year_before_is_none_not_zero(visits):
    v = view(visits, Level.PUSKESMAS, "P01", 2025, 2)
    assert (v.bulan_ini, v.bulan_lalu, v.tahun_lalu) == (59, 100, None)


def test_the_trend_covers_24_months_with_gaps_where_nothing_was_reported(visits):
    v = view(visits, Level.PUSKESMAS, "P01", 2025, 2)
    assert len(v.months) == 24 and v.months[0] == (2023, 3) and v.months[-1] == (2025, 2)
    total = dict(zip(v.months, v.trend["total"]))
    assert total[(2024, 1)] == 80 and total[(2024, 12)] == 60 and total[(2025, 1)] == 100
    assert total[(2024, 2)] is None and total[(2023, 3)] is None
    pustu = dict(zip(v.months, v.trend["pustu"]))
    assert pustu[(2025, 1)] == 4 and pustu[(2025, 2)] is None  # silent, not 0
    assert set(v.trend) == {"puskesmas", "pustu", "posyandu", "rumah", "total"}


def test_breakdowns_of_the_month_flag_cells_below_five(visits):
    r = view(visits, Level.PUSKESMAS, "P01", 2025, 1).rincian
    umur = {p.label: (p.jumlah, p.kecil) for p in r.umur}
    assert umur == {"Bayi dan balita (0–4)": (66, False), "Anak (5–9)": (0, False), "Remaja (10–19)": (0, False),
                    "Dewasa (20–59)": (30, False), "Lansia (60+)": (4, True)}
    assert [(p.kode, p.jumlah, p.bagian) for p in r.jenis_kelamin] == [("L", 66, 0.66), ("P", 34, 0.34)]
    y, t = r.disabilitas
    assert (y.kode, y.jumlah, y.kecil, y.bagian, y.shown) == ("Y", 4, True, None, None)
    assert (t.jumlah, t.bagian) == (96, 0.96)
    assert [(p.kode, p.jumlah) for p in r.klaster] == [("2", 66), ("3", 34), ("4", 0), ("5", 0)]
    assert r.any_small


def test_kabupaten_provinsi_and_country_sum_their_puskesmas(visits):
    for level, kode in ((Level.KABUPATEN, "99.01"), (Level.PROVINSI, "99"), (Level.NASIONAL, None)):
        v = view(visits, level, kode, 2025, 1)
        assert (v.bulan_ini, v.bulan_lalu, v.tahun_lalu) == (115, 60, 80), level
        assert v.belum_melapor == () and v.alamat is None  # named places: a Puskesmas and below


def test_a_desa_counts_its_own_puskesmas_visits_with_its_code(visits):
    v = view(visits, Level.DESA, A1, 2025, 1)
    assert (v.bulan_ini, v.bulan_lalu, v.tahun_lalu) == (21, None, 20)  # P02's home visit is not here
    assert v.per_tempat["posyandu"] == 21 and v.per_tempat["rumah"] == 0
    assert (v.alamat.puskesmas, v.alamat.jumlah_puskesmas, v.alamat.dengan_alamat) == ("Pkm A", 100, 25)


def test_a_place_that_stopped_reporting_is_named_with_its_first_silent_month(visits):
    v = view(visits, Level.PUSKESMAS, "P01", 2025, 2)
    assert [a.sentence() for a in v.belum_melapor] == ["Pustu A2 belum melapor sejak Februari 2025"]
    assert [a.sentence() for a in view(visits, Level.DESA, A2, 2025, 2).belum_melapor] == [
        "Pustu A2 belum melapor sejak Februari 2025"]
    assert view(visits, Level.DESA, A1, 2025, 2).belum_melapor == ()
    assert view(visits, Level.PUSKESMAS, "P01", 2025, 1).belum_melapor == ()


def test_latest_month_with_visits(visits):
    with visits.connect() as conn:
        def latest(level, kode, tahun=None):
            return latest_month(conn, ALL, resolve_area(conn, ALL, level, kode), tahun)
        assert latest(Level.PUSKESMAS, "P01") == (2025, 2)
        assert latest(Level.PUSKESMAS, "P01", 2024) == (2024, 12)
        assert latest(Level.PUSKESMAS, "P02") == (2025, 1)
        assert latest(Level.KABUPATEN, "99.02") is None
        assert latest(Level.DESA, A1) == (2025, 2)
        assert latest(Level.NASIONAL, None) == (2025, 2)


def test_an_area_outside_the_scope_is_refused_in_the_words_of_the_pws_queries(visits):
    with visits.connect() as conn:
        sibling = resolve_area(conn, ALL, Level.PUSKESMAS, "P02")
        with pytest.raises(OutOfScope) as pws_refusal:
            program_years(conn, P01, sibling)
        for call in (lambda: kunjungan_view(conn, P01, sibling, 2025, 1), lambda: latest_month(conn, P01, sibling),
                     lambda: kunjungan_by_level(conn, P01, sibling, Level.DESA, 2025, 1)):
            with pytest.raises(OutOfScope) as refusal:
                call()
            assert str(refusal.value) == str(pws_refusal.value) == (
                "Kode puskesmas 'P02' tidak ditemukan di wilayah yang boleh Anda lihat.")


def test_the_summary_equals_the_raw_sums_at_every_level(visits):
    with visits.connect() as conn:
        raw = pd.DataFrame(conn.execute(select(schema.kunjungan_bulanan)).mappings().all())
        summary = pd.DataFrame(conn.execute(select(schema.kunjungan_wilayah)).mappings().all())
    cells = ["tahun", "bulan", "tempat", "klaster", "kelompok_umur", "jenis_kelamin", "disabilitas"]
    raw["kabupaten"] = raw["kode_puskesmas"].map({"P01": "99.01", "P02": "99.01", "P03": "99.02"})
    raw["provinsi"] = "99"
    for tingkat, key in (("puskesmas", "kode_puskesmas"), ("kabupaten", "kabupaten"), ("provinsi", "provinsi")):
        expected = raw.groupby([key, *cells])["jumlah"].sum().rename_axis(["kode", *cells])
        got = summary[summary["tingkat"] == tingkat].set_index(["kode", *cells])["jumlah"].astype(int)
        pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)


def test_export_rows_per_level_match_the_page(visits):
    with visits.connect() as conn:
        prov = resolve_area(conn, ALL, Level.PROVINSI, "99")
        pkm = kunjungan_by_level(conn, ALL, prov, Level.PUSKESMAS, 2025, 1).set_index("kode")
        desa = kunjungan_by_level(conn, ALL, prov, Level.DESA, 2025, 1).set_index("kode")
        year = kunjungan_by_level(conn, ALL, prov, Level.KABUPATEN, 2025, None).set_index("kode")
    a = pkm.loc["P01"]
    assert (a["jumlah"], a["puskesmas"], a["pustu"], a["posyandu"], a["rumah"]) == (100, 75, 4, 21, 0)
    assert (a["dalam_gedung"], a["luar_gedung"], a["laki_laki"], a["perempuan"]) == (79, 21, 66, 34)
    assert a["disabilitas"] == 4
    assert (a["klaster_2"], a["klaster_3"], a["umur_0_4"], a["umur_60_plus"]) == (66, 34, 66, 4)
    assert (a["bulan_lalu"], a["sama_tahun_lalu"], a["bulan_lapor"]) == (60, 80, 1)
    assert pd.isna(pkm.loc["P03", "jumlah"]) and pkm.loc["P03", "bulan_lapor"] == 0  # not reported: empty
    assert (desa.loc[A1, "jumlah"], desa.loc[A2, "jumlah"]) == (21, 4)
    assert pd.isna(desa.loc[A1, "bulan_lalu"]) and desa.loc[A1, "sama_tahun_lalu"] == 20
    assert "bulan_lalu" not in year.columns
    assert (year.loc["99.01", "jumlah"], year.loc["99.01", "sama_tahun_lalu"], year.loc["99.01", "bulan_lapor"]) == (
        174, 146, 2)
