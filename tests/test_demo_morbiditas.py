"""The demo's morbidity: deterministic, bounded, with the seasons, age patterns and places a
real province shows (diare and ISPA up in the rainy season, DBD peaking January–March, ISPA
and diare among under-fives, hypertension among adults, a few desa where a diagnosis is far
more frequent), and loaded by `python cli.py demo` with its per-area sums."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access import schema
from demo import generate as demo
from demo.morbiditas import DIAGNOSES, MAX_CELLS, MORBIDITAS_COLUMNS, diagnoses_of, generate_morbiditas
from domain.kategori import KELOMPOK_UMUR, SIKLUS_OF, icd10

HUJAN, KEMARAU = (12, 1, 2), (6, 7, 8)


@pytest.fixture(scope="module")
def province(demo_province) -> demo.DemoProvince:
    return demo_province  # demo.generate(), made once for the session


@pytest.fixture(scope="module")
def data(province):
    return generate_morbiditas(province.wilayah, 2024)


@pytest.fixture(scope="module")
def rows(data) -> pd.DataFrame:
    return data.rows


def test_same_seed_same_rows_another_seed_other_rows(province, rows):
    pd.testing.assert_frame_equal(generate_morbiditas(province.wilayah, 2024).rows, rows)
    assert not generate_morbiditas(province.wilayah, 7).rows["jumlah"].equals(rows["jumlah"])


def test_rows_are_valid_non_zero_and_unique(province, rows, data):
    assert list(rows.columns) == MORBIDITAS_COLUMNS
    assert (rows["jumlah"] > 0).all()
    assert not rows.duplicated(MORBIDITAS_COLUMNS[:-1]).any()
    assert set(rows["tahun"]) == {2024, 2025} and set(rows["bulan"]) == set(range(1, 13))
    assert all(icd10(k) == k for k in rows["kode_icd"].unique())
    assert set(rows["kelompok_umur"]) <= set(KELOMPOK_UMUR) and set(rows["jenis_kelamin"]) <= {"L", "P"}
    assert set(rows["kode_desa"]) == set(province.wilayah["kode_desa"])
    assert set(data.names) == set(rows["kode_icd"]) == {d.kode for d in DIAGNOSES}
    assert 20 <= len(DIAGNOSES) <= 30


def test_the_kabupaten_demo_is_bounded(province, rows):
    cells = rows.groupby(["kode_desa", "tahun", "bulan", "kode_icd"]).size()
    assert cells.max() <= MAX_CELLS["kabupaten"]
    assert len(rows) < 500_000  # 320 desa × 24 months
    # the province scale keeps fewer diagnoses and one cell per desa-month-diagnosis
    assert MAX_CELLS["provinsi"] == 1 and len(diagnoses_of("provinsi")) < len(DIAGNOSES)


def _monthly(rows, kode):
    return rows[rows["kode_icd"] == kode].groupby("bulan")["jumlah"].sum()


@pytest.mark.parametrize("kode", ["A09", "J06.9"])
def test_diare_and_ispa_rise_in_the_rainy_season(rows, kode):
    months = _monthly(rows, kode)
    assert months[list(HUJAN)].mean() > 1.3 * months[list(KEMARAU)].mean()


def test_dbd_peaks_january_to_march(rows):
    months = _monthly(rows, "A91")
    assert set(months.nlargest(3).index) <= {1, 2, 3, 4} and months[[1, 2, 3]].mean() > 4 * months[[7, 8, 9]].mean()


def test_age_patterns(rows):
    def share(kode, bands):
        part = rows[rows["kode_icd"] == kode]
        return part[part["kelompok_umur"].map(SIKLUS_OF).isin(bands)]["jumlah"].sum() / part["jumlah"].sum()

    assert share("J06.9", ["Bayi dan balita (0–4)"]) > 0.3  # under-fives are ~9% of the people
    assert share("A09", ["Bayi dan balita (0–4)"]) > 0.3
    assert share("I10", ["Dewasa (20–59)", "Lansia (60+)"]) > 0.95
    assert share("E11.9", ["Lansia (60+)"]) > 0.3
    n39 = rows[rows["kode_icd"] == "N39.0"]
    assert n39[n39["jenis_kelamin"] == "P"]["jumlah"].sum() > 3 * n39[n39["jenis_kelamin"] == "L"]["jumlah"].sum()


def test_the_map_has_something_to_show(province, rows, data):
    """Cases per 1.000 penduduk per desa vary, and the hotspot Puskesmas' desa stand out."""
    w = province.wilayah.set_index("kode_desa")
    for kode in ("A91", "B86", "A09"):
        per_desa = rows[(rows["kode_icd"] == kode) & (rows["tahun"] == 2025)].groupby("kode_desa")["jumlah"].sum()
        rate = (per_desa.reindex(w.index, fill_value=0) / w["jumlah_penduduk"] * 1000)
        assert rate.std() / rate.mean() > 0.3, kode
        hot = w["kode_puskesmas"].isin(data.hotspots[kode])
        assert hot.any() and rate[hot].mean() > 1.8 * rate[~hot].mean(), kode


def test_incidence_is_plausible(province, rows):
    penduduk = province.wilayah["jumlah_penduduk"].sum()
    per_year = rows.groupby("kode_icd")["jumlah"].sum() / 2 / penduduk * 1000
    assert 80 < per_year["J06.9"] < 150  # ISPA: the most frequent
    assert per_year.idxmax() == "J06.9"
    assert 0.5 < per_year["A15.0"] < 3 and 0.5 < per_year["A91"] < 5
    assert 300 < per_year.sum() < 800  # new diagnoses per 1.000 a year


def test_cli_demo_loads_morbidity_and_its_sums(cli_demo_sqlite, rows, data):
    # on SQLite (PostgreSQL's writes: the import tests); `cli.py demo --tanpa-kunjungan` run
    # once for the session's demo tests (conftest cli_demo_sqlite)
    status, engine = cli_demo_sqlite
    assert status == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.morbiditas)).scalar() == len(rows)
        assert dict(conn.execute(select(schema.diagnosis.c.kode_icd, schema.diagnosis.c.nama)).all()) == data.names
        mw = schema.morbiditas_wilayah
        prov = pd.DataFrame(conn.execute(select(mw.c.tahun, mw.c.bulan, mw.c.kode_icd, mw.c.jumlah)
                                         .where(mw.c.tingkat == "provinsi")).all(),
                            columns=["tahun", "bulan", "kode_icd", "jumlah"])
        mr = schema.morbiditas_rincian
        rincian = conn.execute(select(func.sum(mr.c.jumlah)).where(mr.c.tingkat == "kabupaten")).scalar()
    expected = rows.groupby(["tahun", "bulan", "kode_icd"])["jumlah"].sum()
    got = prov.set_index(["tahun", "bulan", "kode_icd"])["jumlah"].sort_index()
    assert np.array_equal(got.to_numpy(), expected.reindex(got.index).to_numpy()) and len(got) == len(expected)
    assert int(rincian) == int(rows["jumlah"].sum())
