"""The real boundary files of ../shared/geo import end to end: a `wilayah` CSV is built in
tmp_path from the code lists there (with made-up Puskesmas, one per kecamatan), imported, then
the desa GeoJSON is imported as `batas`, and the outlines of every level exist.

(Reading and repairing kabupaten_indonesia.geojson, all 514 valid afterwards, is tested in
test_geo.py::test_real_kabupaten_file_is_all_valid_after_repair; the import takes desa only.)
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access import schema
from ingest import import_file

SHARED = Path(__file__).resolve().parents[2] / "shared" / "geo"
PROVINSI = {"35": "Jawa Timur", "34": "DI Yogyakarta"}


def shared_file(name: str) -> Path:
    path = SHARED / name
    if not path.is_file():
        pytest.skip("../shared/geo tidak ada: berkas batas wilayah nyata tidak tersedia")
    return path


def wilayah_csv(path: Path, villages: str) -> Path:
    """Join the village, district and regency lists into the `wilayah` dataset; one made-up
    Puskesmas per kecamatan, codes written without dots as many exports do."""
    desa = pd.read_csv(shared_file(villages), dtype=str)
    kec = pd.read_csv(shared_file("idn_area_districts_3510_and_34.csv"), dtype=str)
    kab = pd.read_csv(shared_file("idn_area_regencies_3510_and_34.csv"), dtype=str)
    w = (desa.rename(columns={"code": "kode_desa", "district_code": "kode_kecamatan", "name": "nama_desa"})
         .merge(kec.rename(columns={"code": "kode_kecamatan", "regency_code": "kode_kabupaten",
                                    "name": "nama_kecamatan"}), on="kode_kecamatan")
         .merge(kab.rename(columns={"code": "kode_kabupaten", "province_code": "kode_provinsi",
                                    "name": "nama_kabupaten"}), on="kode_kabupaten"))
    assert len(w) == len(desa)
    w["nama_provinsi"] = w["kode_provinsi"].map(PROVINSI)
    w["kode_puskesmas"] = "P" + w["kode_kecamatan"].str.replace(".", "", regex=False) + "01"
    w["nama_puskesmas"] = "Puskesmas " + w["nama_kecamatan"]
    w["kode_desa"] = w["kode_desa"].str.replace(".", "", regex=False)
    w.to_csv(path, index=False)
    return path


def count(engine, table, *where) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def peta_counts(engine) -> dict[str, int]:
    p = schema.peta
    with engine.connect() as conn:
        return dict(conn.execute(select(p.c.tingkat, func.count()).group_by(p.c.tingkat)).all())


@pytest.mark.parametrize("villages, geojson, n_desa, n_kecamatan, n_kabupaten", [
    ("idn_area_villages_3510_banyuwangi.csv", "desa_3510_banyuwangi.geojson", 217, 25, 1),
    ("idn_area_villages_34_diy.csv", "desa_34_diy.geojson", 438, 78, 5),
])
def test_real_desa_boundaries_import_with_their_wilayah(engine, tmp_path, villages, geojson,
                                                        n_desa, n_kecamatan, n_kabupaten):
    wilayah = import_file(engine, "wilayah", wilayah_csv(tmp_path / "wilayah.csv", villages))
    assert (wilayah.ok, wilayah.added) == (True, n_desa), wilayah.message

    batas = import_file(engine, "batas", shared_file(geojson))
    assert (batas.ok, batas.rows, batas.added) == (True, n_desa, n_desa), batas.message

    assert count(engine, schema.batas_desa) == n_desa
    assert peta_counts(engine) == {"desa": n_desa, "puskesmas": n_kecamatan,
                                   "kabupaten": n_kabupaten, "provinsi": 1}
    again = import_file(engine, "batas", shared_file(geojson))
    assert (again.added, again.changed, again.unchanged) == (0, 0, n_desa)


def test_boundaries_for_part_of_a_kabupaten_are_refused_whole(engine, tmp_path):
    """DIY's desa against Banyuwangi's wilayah: no desa exists, nothing is stored."""
    assert import_file(engine, "wilayah", wilayah_csv(
        tmp_path / "wilayah.csv", "idn_area_villages_3510_banyuwangi.csv")).ok
    result = import_file(engine, "batas", shared_file("desa_34_diy.geojson"))
    assert not result.ok and result.problem_count == 438
    assert str(result.problems[0]) == ("fitur ke-1: kode desa 34.01.01.2001 tidak ada di data "
                                       "wilayah; impor wilayah yang memuat desa ini lebih dulu")
    assert count(engine, schema.batas_desa) == 0 and peta_counts(engine) == {}
