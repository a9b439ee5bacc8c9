"""The `morbiditas` export view, on SQLite and PostgreSQL, through the command line: per
diagnosis one row per area (cases, population, per 1.000, empty where the population is not
known), without a diagnosis the ten most frequent per area; checked against
tests/sample_morbiditas.py's hand-made numbers and the map's own query."""
from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

import cli
from data_access.db import dispose_engines
from data_access.morbiditas import cases_by_area
from data_access.wilayah import resolve_area
from domain.codes import Level
from domain.wilayah import Scope
from exports.views import MORBIDITAS_COLUMNS, MORBIDITAS_TOP_COLUMNS, VIEWS
from tests import sample_morbiditas
from tests.sample_morbiditas import A1, A2, B1, C1


@pytest.fixture
def run_cli(loaded, monkeypatch, capsys):
    sample_morbiditas.load(loaded)
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    dispose_engines()

    def run(*argv):
        status = cli.main(list(argv))
        out = capsys.readouterr()
        return status, out.out, out.err

    yield run
    dispose_engines()


def export(run_cli, tmp_path, *args, suffix="csv"):
    out = tmp_path / f"morbiditas.{suffix}"
    status, _out, err = run_cli("export", "morbiditas", "--tahun", "2025", *args, "--out", str(out))
    assert status == 0, err
    if suffix == "xlsx":
        return out
    return pd.read_csv(out, dtype={"kode": str, "keterangan": str}, keep_default_na=False, na_values=[""])


def test_one_diagnosis_one_row_per_area_with_the_rate(run_cli, tmp_path, loaded):
    desa = export(run_cli, tmp_path, "--bulan", "3", "--tingkat", "desa", "--indikator", "j069")
    assert list(desa.columns) == MORBIDITAS_COLUMNS
    assert desa["kode"].tolist() == [A1, A2, B1, C1]
    assert desa["kasus"].tolist() == [12, 3, 5, 1]
    assert desa["per_1000"].tolist()[:2] == [6.0, 5.0] and desa["per_1000"].isna().tolist()[2:] == [True, True]
    assert desa["keterangan"].tolist()[2] == "jumlah penduduk desa belum diisi di data wilayah"
    assert pd.isna(desa["penduduk"].iloc[2]) and desa["penduduk"].iloc[3] == 0
    pkm = export(run_cli, tmp_path, "--bulan", "3", "--tingkat", "puskesmas", "--indikator", "J06.9")
    assert pkm.set_index("kode").loc["P01", "per_1000"] == pytest.approx(15 / 2600 * 1000, abs=1e-6)
    with loaded.connect() as conn:  # the same numbers as the map of Kab Satu
        rows, _ = cases_by_area(conn, Scope.everything(), resolve_area(conn, Scope.everything(), Level.KABUPATEN,
                                                                      "99.01"), 2025, 3, "J06.9")
    mine = pkm.set_index("kode").loc[rows["kode"]]
    assert mine["kasus"].tolist() == rows["kasus"].tolist()


def test_without_a_month_the_whole_year(run_cli, tmp_path):
    year = export(run_cli, tmp_path, "--tingkat", "puskesmas", "--wilayah", "P01", "--indikator", "J06.9")
    assert year[["kode", "kasus"]].values.tolist() == [["P01", 24]]  # February 9 + March 15


def test_without_a_diagnosis_the_ten_most_frequent_of_every_area(run_cli, tmp_path):
    top = export(run_cli, tmp_path, "--bulan", "3", "--tingkat", "desa", "--wilayah", "99.01")
    assert list(top.columns) == MORBIDITAS_TOP_COLUMNS
    a1 = top[top["kode"] == A1]
    assert a1[["peringkat", "kode_icd", "kasus"]].values.tolist() == [[1, "J06.9", 12], [2, "A09", 7],
                                                                      [3, "I10", 4], [4, "K30", 4]]
    assert set(top["kode"]) == {A1, A2, B1}


def test_the_xlsx_explains_every_column(run_cli, tmp_path):
    path = export(run_cli, tmp_path, "--bulan", "3", "--tingkat", "kabupaten", "--indikator", "A09", suffix="xlsx")
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    notes = {row[0]: row[1] for row in book["Keterangan"].iter_rows(values_only=True) if row and row[0]}
    for column in MORBIDITAS_COLUMNS:
        assert notes[column] == VIEWS["morbiditas"].columns[column]


@pytest.mark.parametrize("args, message", [
    (("--indikator", "ISPA", "--tingkat", "desa"), "'ISPA' bukan kode ICD-10"),
    (("--indikator", "Z99.9", "--tingkat", "desa"), "Diagnosis Z99.9 tidak ada di data kesakitan"),
    (("--tahun", "2024", "--tingkat", "desa"), "Tidak ada data kesakitan (morbiditas) untuk Prov Uji tahun 2024"),
])
def test_bad_requests_are_refused_with_a_message(run_cli, tmp_path, args, message):
    argv = ["export", "morbiditas", *(() if "--tahun" in args else ("--tahun", "2025")), *args,
            "--out", str(tmp_path / "x.csv")]
    status, _out, err = run_cli(*argv)
    assert status == 1 and message in err and not (tmp_path / "x.csv").exists()
