"""Export of the `pws` and `kaskade` views on SQLite and PostgreSQL: registers, sasaran and
targets imported as small CSV files into the hand-made province of tests/sample.py, exported
through the command line and checked against numbers worked out by hand, against the PWS
page's own tables, and read back from CSV and XLSX."""
import csv
import io

import openpyxl
import pandas as pd
import pytest

import cli
from data_access.db import dispose_engines
from data_access.pws import kaskade_view, pws_view
from domain.codes import Level
from domain.wilayah import Scope
from exports.page_download import table_download
from exports.views import (
    PWS_EXPORT_COLUMNS,
    VIEWS,
    ExportError,
    ExportRequest,
    export_view,
    kaskade_columns,
    resolve_wilayah,
    to_csv,
)
from indicators.program import INDICATOR_BY_CODE, INDICATOR_CODES, KASKADE_BY_CODE
from ingest import import_file

EVERYTHING = Scope.everything()
A1, A2, B1, C1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001", "99.02.01.2001"
CONTRACT_PWS = ["kode", "nama", "sasaran", "capaian_bulan_ini", "capaian_bulan_lalu",
                "capaian_kumulatif", "cakupan_bulan_ini", "cakupan_bulan_lalu", "cakupan_kumulatif",
                "target_bulan_ini", "status", "tanpa_laporan"]

LAYANAN = [
    # K6, desa A1 (sasaran bumil 100): Dec 2024 20; 2025 Jan 10, Feb 8, Mar 12
    (A1, 2024, 12, "k6", 20), (A1, 2025, 1, "k6", 10), (A1, 2025, 2, "k6", 8), (A1, 2025, 3, "k6", 12),
    # desa A2 reports K6 but has no sasaran bumil; nothing in February
    (A2, 2025, 1, "k6", 5), (A2, 2025, 3, "k6", 4),
    # desa B1: sasaran bumil 0
    (B1, 2025, 3, "k6", 3),
    # desa C1 (kabupaten 99.02, sasaran 40, kabupaten target 40%)
    (C1, 2025, 2, "k6", 2), (C1, 2025, 3, "k6", 3),
    # K1 in A1 (target 100%): Jan 10, Feb 5, Mar 8
    (A1, 2025, 1, "k1", 10), (A1, 2025, 2, "k1", 5), (A1, 2025, 3, "k1", 8),
    # growth monitoring in A1 (S = 50): Feb D 30, T 4, O 2, BB kurang 5; Mar D 40, T 5, O 3, BB kurang 4
    (A1, 2025, 2, "balita_d", 30), (A1, 2025, 2, "balita_t", 4), (A1, 2025, 2, "balita_o", 2),
    (A1, 2025, 2, "balita_bb_kurang", 5),
    (A1, 2025, 3, "balita_d", 40), (A1, 2025, 3, "balita_t", 5), (A1, 2025, 3, "balita_o", 3),
    (A1, 2025, 3, "balita_bb_kurang", 4),
    # TB in A1: more treated (3) than diagnosed (2), late registration
    (A1, 2025, 1, "tb_skrining", 30), (A1, 2025, 2, "tb_skrining", 20), (A1, 2025, 2, "tb_terduga", 5),
    (A1, 2025, 2, "tb_diagnosis", 2), (A1, 2025, 3, "tb_diobati", 3),
    # hypertension in A1 (estimate 30.5)
    (A1, 2025, 1, "ht_skrining", 100), (A1, 2025, 1, "ht_diagnosis", 20), (A1, 2025, 2, "ht_diobati", 15),
    (A1, 2025, 3, "ht_terkendali", 10),
]
SASARAN = [(A1, 2024, "bumil", 100), (A1, 2025, "bumil", 100), (B1, 2025, "bumil", 0),
           (C1, 2025, "bumil", 40), (A1, 2025, "balita", 50), (A1, 2025, "ht_estimasi", 30.5)]
TARGET = [("k6", 2025, 95, ""), ("k6", 2025, 40, "99.02")]


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def program(loaded, tmp_path):
    """The sample province with the registers, sasaran and targets above, imported as files."""
    for dataset, header, rows in (
            ("layanan", ["kode_desa", "tahun", "bulan", "indikator", "nilai"], LAYANAN),
            ("sasaran", ["kode_desa", "tahun", "sasaran", "jumlah"], SASARAN),
            ("target", ["indikator", "tahun", "target_persen", "kode_wilayah"], TARGET)):
        result = import_file(loaded, dataset, write_csv(tmp_path / f"{dataset}.csv", header, rows))
        assert result.ok, result.message
    return loaded


@pytest.fixture
def run_cli(program, monkeypatch, capsys):
    """cli.main against the `program` database, chosen through DATABASE_URL as users do."""
    monkeypatch.setenv("DATABASE_URL", program.url.render_as_string(hide_password=False))
    dispose_engines()

    def run(*argv):
        status = cli.main(list(argv))
        out = capsys.readouterr()
        return status, out.out, out.err

    yield run
    dispose_engines()


@pytest.fixture
def export(run_cli, tmp_path):
    """Run `cli.py export` to a CSV and read it back (kode as text); fails on a non-zero exit."""
    def run(view, tingkat, *, bulan=3, indikator="k6", wilayah=None, tahun=2025):
        out = tmp_path / f"{view}.csv"
        argv = ["export", view, "--tahun", str(tahun), "--bulan", str(bulan), "--tingkat", tingkat,
                "--indikator", indikator, "--out", str(out)]
        if wilayah:
            argv += ["--wilayah", wilayah]
        status, _stdout, stderr = run_cli(*argv)
        assert status == 0, stderr
        return pd.read_csv(out, dtype={"kode": str, "status": str, "melebihi": str}, keep_default_na=False,
                           na_values=[""])
    return run


def row(frame, kode):
    return frame.set_index("kode").loc[kode]


# --- pws -------------------------------------------------------------------------------

def test_pws_columns_are_exactly_the_contract(export):
    frame = export("pws", "desa")
    assert list(frame.columns) == CONTRACT_PWS == PWS_EXPORT_COLUMNS
    assert frame["kode"].tolist() == [A1, A2, B1, C1]  # sorted by kode, every desa listed


def test_pws_k6_march_by_hand(export):
    a1 = row(export("pws", "desa", wilayah="99.01"), A1)
    assert a1.nama == "Desa A1" and a1.sasaran == 100
    assert (a1.capaian_bulan_ini, a1.capaian_bulan_lalu, a1.capaian_kumulatif) == (12, 8, 30)  # 10+8+12
    assert a1.cakupan_bulan_ini == pytest.approx(0.12) and a1.cakupan_bulan_lalu == pytest.approx(0.08)
    assert a1.cakupan_kumulatif == pytest.approx(0.30)
    assert a1.target_bulan_ini == pytest.approx(0.2375)  # 95% × 3 / 12
    assert a1.status == "baik"  # 0.30 ≥ 0.2375 and 0.12 ≥ 0.08


def test_pws_empty_coverage_and_status_without_sasaran_or_with_zero(export):
    frame = export("pws", "desa", wilayah="99.01")
    a2, b1 = row(frame, A2), row(frame, B1)
    # A2 has no sasaran bumil: its services are counted, nothing is divided
    assert pd.isna(a2.sasaran) and (a2.capaian_bulan_ini, a2.capaian_kumulatif) == (4, 9)
    assert pd.isna(a2.capaian_bulan_lalu)  # no report in February: empty, not 0
    assert a2[["cakupan_bulan_ini", "cakupan_bulan_lalu", "cakupan_kumulatif", "status"]].isna().all()
    # B1's sasaran is 0: shown as 0, coverage empty rather than infinite or 0%
    assert b1.sasaran == 0 and b1.capaian_kumulatif == 3
    assert b1[["cakupan_bulan_ini", "cakupan_kumulatif", "status"]].isna().all()
    assert a2.target_bulan_ini == pytest.approx(0.2375)  # the target itself is known


def test_pws_csv_writes_empty_cells(run_cli, tmp_path):
    out = tmp_path / "pws.csv"
    status, stdout, _ = run_cli("export", "pws", "--tahun", "2025", "--bulan", "3", "--tingkat", "desa",
                                "--wilayah", "P01", "--indikator", "k6", "--out", str(out))
    assert status == 0 and "2 baris" in stdout
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(CONTRACT_PWS)
    assert lines[1] == f"{A1},Desa A1,100.0,12,8,30,0.12,0.08,0.3,0.2375,baik,"
    assert lines[2] == f"{A2},Desa A2,,4,,9,,,,0.2375,,tanpa laporan Februari"


def test_pws_names_the_months_without_report(export):
    """A2 sent no K6 in February; B1 and C1 none in January (C1 in kabupaten 99.02)."""
    desa = export("pws", "desa")
    assert pd.isna(row(desa, A1).tanpa_laporan)  # an empty CSV cell
    assert row(desa, A2).tanpa_laporan == "tanpa laporan Februari"
    assert row(desa, B1).tanpa_laporan == "tanpa laporan Januari–Februari"
    assert row(desa, C1).tanpa_laporan == "tanpa laporan Januari"
    # above the desa: the months compared (February, March) with fewer desa than the area has
    puskesmas = export("pws", "puskesmas", wilayah="99.01").set_index("kode")
    assert puskesmas.loc["P01", "tanpa_laporan"] == "Februari: 1 dari 2 desa melapor"


def test_pws_imported_target_of_a_kabupaten_wins_over_the_general_one(export):
    c1 = row(export("pws", "desa", wilayah="99.02"), C1)
    # 2 + 3 = 5 of 40; target 40% × 3 / 12 = 0.10 (95% would make it cukup)
    assert c1.capaian_kumulatif == 5 and c1.cakupan_kumulatif == pytest.approx(0.125)
    assert c1.target_bulan_ini == pytest.approx(0.10) and c1.status == "baik"


@pytest.mark.parametrize("bulan, status", [(2, "jelek"), (3, "cukup")])
def test_pws_k1_status_below_target(export, bulan, status):
    # K1 target 100%: Feb 15/100 < 0.1667 and 5 < 10 (jelek); Mar 23/100 < 0.25 and 8 ≥ 5 (cukup)
    a1 = row(export("pws", "desa", wilayah=A1, indikator="k1", bulan=bulan), A1)
    assert a1.status == status


def test_pws_january_compares_with_december_of_the_year_before(export):
    a1 = row(export("pws", "desa", wilayah=A1, bulan=1), A1)
    assert a1.capaian_bulan_lalu == 20 and a1.cakupan_bulan_lalu == pytest.approx(0.20)
    # 0.10 ≥ 0.95 / 12 but 0.10 < 0.20 in December: kurang
    assert a1.cakupan_kumulatif == pytest.approx(0.10) and a1.status == "kurang"


def test_pws_areas_are_summed_before_dividing(export):
    pkm = export("pws", "puskesmas", wilayah="99.01")
    assert pkm["kode"].tolist() == ["P01", "P02"]
    p01 = row(pkm, "P01")  # A1 + A2; only A1 has a sasaran
    assert p01.sasaran == 100 and (p01.capaian_bulan_ini, p01.capaian_bulan_lalu, p01.capaian_kumulatif) == (16, 8, 39)
    assert p01.cakupan_kumulatif == pytest.approx(0.39)
    prov = row(export("pws", "provinsi"), "99")
    assert prov.sasaran == 140 and prov.capaian_kumulatif == 47  # 30 + 9 + 3 + 5
    assert prov.cakupan_kumulatif == pytest.approx(47 / 140)


def test_pws_per_bulan_indicators(export):
    d_s = row(export("pws", "desa", wilayah=A1, indikator="d_s"), A1)
    # D/S: each month on its own; the period's value is March's; flat target 85%
    assert d_s.sasaran == 50 and (d_s.capaian_bulan_ini, d_s.capaian_bulan_lalu, d_s.capaian_kumulatif) == (40, 30, 40)
    assert d_s.cakupan_kumulatif == pytest.approx(0.8) and d_s.cakupan_bulan_lalu == pytest.approx(0.6)
    assert d_s.target_bulan_ini == pytest.approx(0.85) and d_s.status == "cukup"
    n_d = row(export("pws", "desa", wilayah=A1, indikator="n_d"), A1)
    # N = D − T − O: March 40 − 5 − 3 = 32 of D 40; February 30 − 4 − 2 = 24 of 30
    assert n_d.sasaran == 40 and (n_d.capaian_bulan_ini, n_d.capaian_bulan_lalu) == (32, 24)
    assert n_d.cakupan_bulan_ini == pytest.approx(0.8) and n_d.cakupan_bulan_lalu == pytest.approx(0.8)
    assert n_d.target_bulan_ini == pytest.approx(0.8) and n_d.status == "baik"  # equal counts as met
    bb = row(export("pws", "desa", wilayah=A1, indikator="bb_kurang"), A1)
    # lower is better: 4/40 = 0.10 above the 7% target, but down from 5/30: catching up
    assert bb.cakupan_kumulatif == pytest.approx(0.10) and bb.target_bulan_ini == pytest.approx(0.07)
    assert bb.status == "cukup"


def test_page_download_writes_the_numbers_of_the_export(program):
    """The page's CSV button and `cli.py export` write the same cells: counts as whole
    numbers (12, not 12.0), sums of sasaran without binary noise; the download adds the
    page's own columns (target_tahunan, alasan) after them."""
    with program.connect() as conn:
        kab = resolve_wilayah(conn, EVERYTHING, "99.01")
        page = pws_view(conn, EVERYTHING, kab, 2025, 3, "k6")
        out = export_view(conn, EVERYTHING, "pws", ExportRequest(Level.PUSKESMAS, kab, 2025, 3, "k6"))
        cascade = kaskade_view(conn, EVERYTHING, kab, 2025, 3, "tb")
    _, data = table_download("pws", page.rows, kab, 2025, 3, "k6", "csv")
    # the callback's rows (Columns, written without a DataFrame) give the frame's very bytes
    assert table_download("pws", page.rows.frame(), kab, 2025, 3, "k6", "csv")[1] == data
    got = {r["kode"]: r for r in csv.DictReader(io.StringIO(data.decode()))}
    want = {r["kode"]: r for r in csv.DictReader(io.StringIO(to_csv(out).decode()))}
    assert got.keys() == want.keys()
    for kode, row in want.items():
        assert {c: got[kode][c] for c in row} == row
    assert {"target_tahunan", "alasan"} <= got["P01"].keys()
    _, data = table_download("kaskade", cascade.rows.frame(), kab, 2025, 3, "tb", "csv")
    steps = list(csv.DictReader(io.StringIO(data.decode())))
    assert all("." not in r["tb_diagnosis"] for r in steps if r["tb_diagnosis"])  # 2, not 2.0


def test_pws_numbers_match_the_page(program):
    with program.connect() as conn:
        kab = resolve_wilayah(conn, EVERYTHING, "99.01")
        page = pws_view(conn, EVERYTHING, kab, 2025, 3, "k6").rows.frame().set_index("kode")
        out = export_view(conn, EVERYTHING, "pws", ExportRequest(Level.PUSKESMAS, kab, 2025, 3, "k6"))
    out = out.set_index("kode")
    page = page.loc[out.index]
    for column in CONTRACT_PWS[1:]:
        pd.testing.assert_series_equal(out[column], page[column], check_names=False, check_dtype=False)


def test_pws_indicator_code_is_case_insensitive(export):
    assert row(export("pws", "desa", wilayah=A1, indikator=" K6 "), A1).capaian_kumulatif == 30


# --- kaskade ---------------------------------------------------------------------------

def test_kaskade_tb_columns_counts_and_an_inversion(export):
    frame = export("kaskade", "desa", indikator="tb", wilayah="P01")
    steps = ["tb_skrining", "tb_terduga", "tb_diagnosis", "tb_diobati"]
    assert list(frame.columns[:6]) == ["kode", "nama", *steps]  # the contract, then extras
    assert list(frame.columns) == kaskade_columns(KASKADE_BY_CODE["tb"])
    assert frame["kode"].tolist() == [A1, A2]
    a1, a2 = row(frame, A1), row(frame, A2)
    assert a1[steps].tolist() == [50, 5, 2, 3]  # 3 treated > 2 diagnosed: shown as it is
    assert a1.konversi_tb_terduga == pytest.approx(0.1) and a1.konversi_tb_diobati == pytest.approx(1.5)
    assert a1.melebihi == "tb_diobati"
    assert a2[steps].isna().all() and pd.isna(a2.melebihi)  # no report: empty, not 0


def test_kaskade_counts_january_to_the_month(export):
    a1 = row(export("kaskade", "desa", indikator="tb", wilayah=A1, bulan=1), A1)
    assert a1.tb_skrining == 30 and pd.isna(a1.tb_terduga) and pd.isna(a1.melebihi)


def test_kaskade_ht_carries_its_sasaran_after_the_steps(export):
    frame = export("kaskade", "puskesmas", indikator="ht", wilayah="99.01")
    steps = ["ht_skrining", "ht_diagnosis", "ht_diobati", "ht_terkendali"]
    assert list(frame.columns) == ["kode", "nama", *steps, "ht_estimasi", "konversi_ht_diagnosis",
                                   "konversi_ht_diobati", "konversi_ht_terkendali", "konversi_total", "melebihi",
                                   "rasio_ht_ditemukan", "rasio_ht_terkendali_estimasi",
                                   "rasio_ht_terkendali_diobati"]
    p01 = row(frame, "P01")
    assert p01[steps].tolist() == [100, 20, 15, 10] and p01.ht_estimasi == 30.5
    assert p01.konversi_ht_terkendali == pytest.approx(10 / 15)
    assert p01.rasio_ht_terkendali_estimasi == pytest.approx(10 / 30.5)
    assert row(frame, "P02")[steps].isna().all()


def test_kaskade_kia_steps_in_order(export):
    frame = export("kaskade", "kabupaten", indikator="kia")
    assert list(frame.columns[:7]) == ["kode", "nama", "k1", "k6", "pf", "kf_lengkap", "kn_lengkap"]
    kab = row(frame, "99.01")
    assert (kab.k1, kab.k6) == (23, 42) and pd.isna(kab.pf)
    assert kab.melebihi == "k6"  # 42 K6 against 23 K1: flagged, not clipped


def test_kaskade_numbers_match_the_page(program):
    with program.connect() as conn:
        kab = resolve_wilayah(conn, EVERYTHING, "99.01")
        page = kaskade_view(conn, EVERYTHING, kab, 2025, 3, "tb").rows.frame().set_index("kode")
        out = export_view(conn, EVERYTHING, "kaskade", ExportRequest(Level.PUSKESMAS, kab, 2025, 3, "tb"))
    out = out.set_index("kode")
    for column in out.columns:
        pd.testing.assert_series_equal(out[column], page.loc[out.index, column], check_names=False,
                                       check_dtype=False)


# --- XLSX ------------------------------------------------------------------------------

def test_pws_xlsx_of_an_indicator_without_any_target_or_status(run_cli, tmp_path):
    """TB notification has no target, so its target and status columns are empty in every
    row: the workbook is still written (empty cells), not a crash."""
    out = tmp_path / "tb.xlsx"
    status, _, stderr = run_cli("export", "pws", "--tahun", "2025", "--bulan", "3", "--tingkat", "desa",
                                "--indikator", "tb_notifikasi", "--out", str(out))
    assert status == 0, stderr
    sheet = openpyxl.load_workbook(out)["PWS"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows and all(r["status"] is None and r["target_bulan_ini"] is None for r in rows)
    assert {r["kode"]: r["capaian_kumulatif"] for r in rows}[A1] == 2  # 2 diagnosed in February
    assert sheet.column_dimensions["J"].width >= len("status")


def test_pws_xlsx_numbers_formats_and_keterangan(run_cli, tmp_path):
    out = tmp_path / "pws.xlsx"
    status, _, stderr = run_cli("export", "pws", "--tahun", "2025", "--bulan", "3", "--tingkat", "desa",
                                "--wilayah", "99.01", "--indikator", "n_d", "--out", str(out))
    assert status == 0, stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["PWS", "Keterangan"]
    sheet = book["PWS"]
    header = [c.value for c in sheet[1]]
    assert header == CONTRACT_PWS
    a1 = dict(zip(header, sheet[2]))
    assert a1["kode"].value == A1 and a1["capaian_kumulatif"].value == 32  # a number, not text
    assert a1["capaian_kumulatif"].number_format == "#,##0"
    assert a1["cakupan_kumulatif"].value == pytest.approx(0.8) and a1["cakupan_kumulatif"].number_format == "0.0%"
    assert a1["target_bulan_ini"].number_format == "0.0%" and a1["status"].value == "baik"
    a2 = {name: cell.value for name, cell in zip(header, sheet[3])}
    assert a2["cakupan_kumulatif"] is None and a2["status"] is None
    notes = dict(r[:2] for r in book["Keterangan"].iter_rows(values_only=True) if r[0])
    ind = INDICATOR_BY_CODE["n_d"]
    assert notes["Indikator"] == "n_d: " + ind.label
    assert notes["Definisi"] == ind.definition and notes["Rumus"] == ind.formula
    assert notes["Sumber"] == ind.source and notes["Bulan"] == "3 (Maret)"
    assert "N = D − T − O" in notes["capaian_bulan_ini"]
    assert all(notes.get(column) for column in CONTRACT_PWS)


def test_kaskade_xlsx_readable(run_cli, tmp_path):
    out = tmp_path / "kaskade.xlsx"
    status, _, _ = run_cli("export", "kaskade", "--tahun", "2025", "--bulan", "3", "--tingkat", "desa",
                           "--wilayah", A1, "--indikator", "tb", "--out", str(out))
    assert status == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["KASKADE", "Keterangan"]
    rows = list(book["KASKADE"].iter_rows(values_only=True))
    assert list(rows[0]) == kaskade_columns(KASKADE_BY_CODE["tb"])
    assert rows[1][:6] == (A1, "Desa A1", 50, 5, 2, 3)
    notes = dict(r[:2] for r in book["Keterangan"].iter_rows(values_only=True) if r[0])
    assert notes["Langkah"].startswith("tb_skrining (Skrining TB) → tb_terduga")
    assert all(notes.get(column) for column in rows[0])


# --- refusals --------------------------------------------------------------------------

@pytest.mark.parametrize("view, args, message", [
    ("pws", ["--indikator", "k4"], "Indikator 'k4' tidak dikenal untuk tampilan pws. Kode yang dikenal: "
     + ", ".join(INDICATOR_CODES) + "."),
    ("pws", ["--indikator", "tb"], "'tb' adalah kaskade: pakai tampilan kaskade"),
    ("pws", ["--indikator", "tb_diobati"], "langkah kaskade tb"),
    ("kaskade", ["--indikator", "k6"], "Kaskade 'k6' tidak dikenal. 'k6' adalah indikator PWS"),
    ("kaskade", ["--indikator", "asma"], "Kode yang dikenal: kia, tb, ik, ht, dm, jiwa."),
    ("pws", ["--tahun", "2019"], ("Tidak ada data register layanan untuk Prov Uji tahun 2019. "
     "Tahun yang ada datanya: 2024, 2025.")),
    ("kaskade", ["--tahun", "2024", "--wilayah", "99.02"], "Tahun yang ada datanya: 2025."),
    ("pws", ["--bulan", None], "Tampilan pws memerlukan --bulan."),
    ("kaskade", ["--indikator", None], "Tampilan kaskade memerlukan --indikator."),
    ("pws", ["--awal", True], "--awal tidak berlaku untuk tampilan pws."),
    ("pws", ["--wilayah", "P01", "--tingkat", "kabupaten"], "berada di atas"),
])
def test_refused_with_a_message_and_nothing_written(run_cli, tmp_path, view, args, message):
    out = tmp_path / "x.csv"
    options = {"--tahun": "2025", "--bulan": "3", "--tingkat": "desa",
               "--indikator": "k6" if view == "pws" else "tb"}
    options.update(zip(args[::2], args[1::2]))
    argv = ["export", view]
    for flag, value in options.items():
        if value is True:
            argv.append(flag)
        elif value is not None:
            argv += [flag, value]
    status, _, stderr = run_cli(*argv, "--out", str(out))
    assert status != 0 and message in stderr, stderr
    assert not out.exists()


@pytest.mark.parametrize("bulan", ["0", "13", "Maret"])
def test_command_line_refuses_a_month_outside_1_to_12(run_cli, tmp_path, capsys, bulan):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["export", "pws", "--tahun", "2025", "--bulan", bulan, "--tingkat", "desa",
                  "--indikator", "k6", "--out", str(tmp_path / "x.csv")])
    assert exit_.value.code != 0 and "bulan harus 1–12" in capsys.readouterr().err


@pytest.mark.parametrize("view", ["pws", "kaskade"])
def test_export_view_refuses_a_month_outside_1_to_12(program, view):
    with program.connect() as conn:
        area = resolve_wilayah(conn, EVERYTHING, None)
        with pytest.raises(ExportError, match="Bulan harus 1–12, bukan '13'"):
            export_view(conn, EVERYTHING, view, ExportRequest(Level.DESA, area, 2025, 13,
                                                              "k6" if view == "pws" else "tb"))


def test_every_view_documents_every_column_it_can_write():
    for code in KASKADE_BY_CODE:
        assert set(kaskade_columns(KASKADE_BY_CODE[code])) <= set(VIEWS["kaskade"].columns), code
    assert set(CONTRACT_PWS) <= set(VIEWS["pws"].columns)


def test_docs_explain_the_pws_and_kaskade_columns():
    from pathlib import Path
    page = (Path(__file__).resolve().parents[1] / "docs" / "ekspor.md").read_text(encoding="utf-8")
    for column in [*CONTRACT_PWS, "konversi_<langkah>", "konversi_total", "melebihi"]:
        assert f"`{column}`" in page, column
    for code, kaskade in KASKADE_BY_CODE.items():
        assert f"`{code}`" in page and " → ".join(f"`{s}`" for s in kaskade.steps) in page, code
