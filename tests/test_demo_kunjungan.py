"""The demo's monthly service visits (demo/kunjungan.py): deterministic, valid for the importer,
plausible (3–4 visits per person a year, most inside the building, disability in a small share,
age and sex by klaster), with a rainy season and a Lebaran dip, and ONE Pustu that stops
reporting in October 2025, which the Dashboard Utama then names."""
from __future__ import annotations

import pandas as pd
import pytest

from demo import generate as demo
from demo.kunjungan import COLUMNS, STOP_AFTER, generate_kunjungan
from demo.program import _idulfitri_month
from domain.kategori import DISABILITAS, JENIS_KELAMIN, KELOMPOK_UMUR, KLASTER_KUNJUNGAN, TEMPAT
from indicators.kunjungan import month_index

KEY = [c for c in COLUMNS if c != "jumlah"]


@pytest.fixture(scope="module")
def province() -> demo.DemoProvince:
    return demo.generate()


@pytest.fixture(scope="module")
def made(province):
    return generate_kunjungan(province.wilayah, 2024)


@pytest.fixture(scope="module")
def rows(made) -> pd.DataFrame:
    return made.rows


def monthly(rows: pd.DataFrame) -> pd.Series:
    return rows.groupby(["tahun", "bulan"])["jumlah"].sum()


def test_same_seed_same_rows_another_seed_other_numbers(province, rows):
    pd.testing.assert_frame_equal(generate_kunjungan(province.wilayah, 2024).rows, rows)
    assert not generate_kunjungan(province.wilayah, 7).rows["jumlah"].equals(rows["jumlah"])


def test_rows_are_nonzero_cells_with_valid_codes_and_a_unique_key(rows, province):
    assert list(rows.columns) == COLUMNS
    assert not rows.duplicated(KEY).any()
    assert rows["jumlah"].dtype.kind == "i" and (rows["jumlah"] > 0).all()
    assert set(rows["tempat"]) == set(TEMPAT) and set(rows["klaster"]) <= set(KLASTER_KUNJUNGAN)
    assert set(rows["kelompok_umur"]) <= set(KELOMPOK_UMUR) and set(rows["jenis_kelamin"]) == set(JENIS_KELAMIN)
    assert set(rows["disabilitas"]) == set(DISABILITAS)
    assert set(rows["kode_puskesmas"]) == set(province.wilayah["kode_puskesmas"])
    assert set(rows["kode_desa"]) - {""} <= set(province.wilayah["kode_desa"])
    months = {(t, b) for t, b in zip(rows["tahun"], rows["bulan"])}
    assert months == {(t, b) for t in (2024, 2025) for b in range(1, 13)}
    assert 100_000 < len(rows) < 400_000  # the kabupaten scale; the province is ~4.4 million


def test_about_three_to_four_visits_per_person_a_year_most_inside_the_building(rows, province):
    per_person = rows["jumlah"].sum() / province.wilayah["jumlah_penduduk"].sum() / 2
    assert 3.0 <= per_person <= 4.0
    by_place = rows.groupby("tempat")["jumlah"].sum() / rows["jumlah"].sum()
    assert 0.6 <= by_place["puskesmas"] + by_place["pustu"] <= 0.8
    assert by_place["rumah"] < 0.05  # home visits: few
    assert by_place["posyandu"] > by_place["pustu"]


def test_disability_in_a_small_share_more_among_the_elderly(rows):
    share = rows.loc[rows["disabilitas"] == "Y", "jumlah"].sum() / rows["jumlah"].sum()
    assert 0.02 <= share <= 0.03
    elderly = rows[rows["kelompok_umur"] == "70+"]
    assert elderly.loc[elderly["disabilitas"] == "Y", "jumlah"].sum() / elderly["jumlah"].sum() > 2 * share


def test_age_and_sex_follow_the_klaster(rows):
    k2 = rows[rows["klaster"] == 2]
    under_five = k2[k2["kelompok_umur"].isin(["0-7h", "8-28h", "1-11b", "1-4"])]["jumlah"].sum()
    women = k2[(k2["kelompok_umur"] == "20-44") & (k2["jenis_kelamin"] == "P")]["jumlah"].sum()
    assert (under_five + women) / k2["jumlah"].sum() > 0.7
    assert not (k2["kelompok_umur"].isin(["60-69", "70+"])).any()
    k3 = rows[rows["klaster"] == 3]
    assert set(k3["kelompok_umur"]) <= {"20-44", "45-54", "55-59", "60-69", "70+"}
    sex = k3.groupby("jenis_kelamin")["jumlah"].sum()
    assert sex["P"] > 1.2 * sex["L"]


def test_posyandu_every_month_for_children_and_the_elderly(rows, province):
    posyandu = rows[rows["tempat"] == "posyandu"]
    months = posyandu.groupby("kode_desa")[["tahun", "bulan"]].apply(lambda f: len(f.drop_duplicates()))
    assert len(months) == len(province.wilayah) and (months == 24).all()
    assert set(posyandu["klaster"]) == {2, 3}
    assert set(posyandu["kelompok_umur"]) <= {"1-11b", "1-4", "20-44", "60-69", "70+"}


def test_the_rainy_season_brings_more_klaster_4_and_children(rows):
    rainy = rows["bulan"].isin([11, 12, 1, 2, 3])
    children = rows["kelompok_umur"].isin(["1-11b", "1-4", "5-9"]) & (rows["tempat"] != "posyandu")
    for part in (rows["klaster"] == 4, children):
        per_month = rows[part].groupby(rainy[part])["jumlah"].sum() / pd.Series({True: 10, False: 14})
        assert per_month[True] > 1.1 * per_month[False]
    adults_k3 = rows[(rows["klaster"] == 3)]
    per_month = adults_k3.groupby(rainy[rows["klaster"] == 3])["jumlah"].sum() / pd.Series({True: 10, False: 14})
    assert abs(per_month[True] / per_month[False] - 1) < 0.08  # not everyone: Klaster 3 stays level


def test_lebaran_dips_below_the_months_around_it(rows):
    totals = monthly(rows)
    for year in (2024, 2025):
        m = _idulfitri_month(year)
        around = [totals[(year, m - 1)], totals[(year, m + 1)]]
        assert totals[(year, m)] < 0.9 * min(around), year


def test_2025_is_a_little_busier_than_2024(rows):
    by_year = rows.groupby("tahun")["jumlah"].sum()
    assert 1.0 < by_year[2025] / by_year[2024] < 1.1


def test_one_pustu_stops_reporting_in_the_last_months_of_2025(made, rows, province):
    kode_pkm, nama, kode_desa = made.pustu_berhenti
    w = province.wilayah.sort_values(["kode_kabupaten", "kode_puskesmas"])
    assert kode_pkm == w["kode_puskesmas"].iloc[0]  # the `puskesmas` demo account's Puskesmas
    assert nama == "Pustu " + province.wilayah.set_index("kode_desa").loc[kode_desa, "nama_desa"]
    mine = rows[(rows["kode_puskesmas"] == kode_pkm) & (rows["nama_tempat"] == nama)]
    reported = {month_index(t, b) for t, b in zip(mine["tahun"], mine["bulan"])}
    assert max(reported) == month_index(*STOP_AFTER) == month_index(2025, 9)
    assert reported == set(range(month_index(2024, 1), month_index(2025, 9) + 1))
    # every other named place reports in December 2025: the Pustu is the only one to name
    december = rows[(rows["tahun"] == 2025) & (rows["bulan"] == 12)]
    named = rows[rows["nama_tempat"] != ""][["kode_puskesmas", "nama_tempat"]].drop_duplicates()
    silent = set(map(tuple, named.to_numpy())) - set(map(tuple, december[["kode_puskesmas", "nama_tempat"]].to_numpy()))
    assert silent == {(kode_pkm, nama)}


def test_the_demo_rows_import_and_the_page_names_the_silent_pustu(engine, made, province, tmp_path):
    """A slice of the demo (the demo Puskesmas' last two months) passes the importer as a file;
    the whole of it, loaded as the demo loads it, makes the page say which Pustu went silent."""
    from data_access import schema
    from data_access.kunjungan import kunjungan_view
    from data_access.store import insert_kunjungan_bulanan, write_wilayah
    from data_access.wilayah import resolve_area
    from domain.codes import Level
    from domain.wilayah import Scope
    from ingest import import_file

    with engine.begin() as conn:
        write_wilayah(conn, province.wilayah)
    kode_pkm, nama, _ = made.pustu_berhenti
    rows = made.rows
    part = rows[(rows["kode_puskesmas"] == kode_pkm) & (rows["tahun"] == 2025) & (rows["bulan"] >= 9)]
    path = tmp_path / "kunjungan.csv"
    part.to_csv(path, index=False)
    result = import_file(engine, "kunjungan", path)
    assert result.ok and result.added == len(part), result.message
    with engine.begin() as conn:  # then the whole demo, as `cli.py demo` loads it
        conn.execute(schema.kunjungan_wilayah.delete())
        conn.execute(schema.kunjungan_bulanan.delete())
        insert_kunjungan_bulanan(conn, rows)
    with engine.connect() as conn:
        area = resolve_area(conn, Scope.everything(), Level.PUSKESMAS, kode_pkm)
        view = kunjungan_view(conn, Scope.everything(), area, 2025, 12)
    assert [a.sentence() for a in view.belum_melapor] == [f"{nama} belum melapor sejak Oktober 2025"]
