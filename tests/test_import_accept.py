"""Imports that succeed, on SQLite and PostgreSQL: every accepted spelling of a file (separators,
BOM, dotted and undotted codes, DD/MM/YYYY, Excel dates, a chosen sheet), idempotency, a
corrected value replacing the old one with the IKS summary following, and the API the upload
page calls. The rejected inputs are in test_import_bad_input.py."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select

from commands.import_ import ProgressLine
from data_access import schema
from indicators.program import (
    DEFAULT_SASARAN_OF,
    INDICATOR_CODES,
    KASKADE,
    SASARAN_CODES,
)
from indicators.registry import IKS_CODES
from ingest import DATASETS, Problem, import_file, import_log, validate_file

WILAYAH_HEADER = ["kode_provinsi", "nama_provinsi", "kode_kabupaten", "nama_kabupaten",
                  "kode_puskesmas", "nama_puskesmas", "kode_desa", "nama_desa"]
WILAYAH_ROWS = [
    ["99", "Prov Uji", "99.01", "Kab Satu", "P01", "Pkm A", "99.01.01.2001", "Desa A1"],
    ["99", "Prov Uji", "9901", "Kab Satu", "P01", "Pkm A", "9901012002", "Desa A2"],
    ["99", "Prov Uji", "99.01", "Kab Satu", "P02", "Pkm B", "99.01.02.2001", "Desa B1"],
    ["99", "Prov Uji", "99.02", "Kab Dua", "P03", "Pkm C", "99.02.01.2001", "Desa C1"],
]
KELUARGA_HEADER = ["kode_desa", "id_keluarga", "tanggal_kunjungan", *IKS_CODES]


def write_csv(path: Path, header: list[str], rows: list[list[object]], *, sep: str = ",",
              bom: bool = False, newline: str = "\n") -> Path:
    lines = [sep.join(header)] + [sep.join(str(v) for v in row) for row in rows]
    path.write_bytes((("\ufeff" if bom else "") + newline.join(lines) + newline).encode("utf-8"))
    return path


def visit(desa: str, idk: str, tanggal, answers: str = "YYYYYYYYYYYT") -> list:
    return [desa, idk, tanggal, *answers]


@pytest.fixture
def wilayah(engine, tmp_path):
    result = import_file(engine, "wilayah", write_csv(tmp_path / "wilayah.csv", WILAYAH_HEADER,
                                                       WILAYAH_ROWS))
    assert result.ok, result.message
    return engine


def table_rows(engine, table) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(map(tuple, conn.execute(select(table)).all()), key=repr)


def iks_row(engine, tingkat: str, kode: str, tahun: int) -> dict | None:
    """The current-state summary of an area, None when it has no visits at all."""
    w = schema.iks_ringkasan_wilayah
    with engine.connect() as conn:
        row = conn.execute(select(w).where(w.c.tingkat == tingkat, w.c.kode == kode,
                                           w.c.tahun == tahun, w.c.awal.is_(False))).mappings().first()
    return None if row is None else dict(row)


# --- indicators/program.py ------------------------------------------------------------------

def test_default_sasaran_of_names_known_indicators_and_sasaran():
    assert set(DEFAULT_SASARAN_OF) <= set(INDICATOR_CODES)
    assert DEFAULT_SASARAN_OF["k6"] == "bumil"
    assert set(DEFAULT_SASARAN_OF.values()) <= set(SASARAN_CODES)
    assert KASKADE["kia"] == ("k1", "k6", "pf", "kf_lengkap", "kn_lengkap")


def test_datasets_declare_required_columns_first_with_description_and_example():
    for spec in DATASETS.values():
        flags = [c.required for c in spec.columns]
        assert flags == sorted(flags, reverse=True), spec.name
        assert all(c.description and c.example is not None for c in spec.columns)
        assert set(spec.natural_key) <= set(spec.column_names) or spec.is_boundary
    assert DATASETS["keluarga"].natural_key == ("id_keluarga", "tanggal_kunjungan")


def test_problem_reads_as_row_and_column():
    assert str(Problem(4, "kb", "'X' bukan Y, T atau N")) == "baris 4, kolom kb: 'X' bukan Y, T atau N"
    assert str(Problem(None, None, "Berkas kosong.")) == "Berkas kosong."


# --- wilayah ---------------------------------------------------------------------------------

def test_wilayah_with_dotted_and_undotted_codes_is_stored_dotted(wilayah):
    d = schema.desa
    with wilayah.connect() as conn:
        rows = conn.execute(select(d.c.kode, d.c.kode_kecamatan, d.c.kode_kabupaten)
                            .order_by(d.c.kode)).all()
        kecamatan = conn.execute(select(schema.kecamatan.c.nama)
                                 .where(schema.kecamatan.c.kode == "99.01.01")).scalar()
    assert [tuple(r) for r in rows][:2] == [("99.01.01.2001", "99.01.01", "99.01"),
                                            ("99.01.01.2002", "99.01.01", "99.01")]
    assert kecamatan == "Kecamatan 99.01.01"  # no nama_kecamatan column: named after its code


def test_wilayah_reimport_is_unchanged_and_absent_optional_columns_keep_stored_values(wilayah, tmp_path):
    with_counts = write_csv(tmp_path / "w2.csv", [*WILAYAH_HEADER, "jumlah_keluarga", "nama_kecamatan"],
                            [[*r, 100 + i, "Kec Satu" if i < 2 else ""] for i, r in enumerate(WILAYAH_ROWS)])
    first = import_file(wilayah, "wilayah", with_counts)
    assert (first.added, first.changed, first.unchanged) == (0, 4, 0)
    plain = import_file(wilayah, "wilayah", tmp_path / "wilayah.csv")  # without the two columns
    assert (plain.added, plain.changed, plain.unchanged) == (0, 0, 4)
    d = schema.desa
    with wilayah.connect() as conn:
        assert conn.execute(select(d.c.jumlah_keluarga).where(d.c.kode == "99.01.01.2002")).scalar() == 101
        assert conn.execute(select(schema.kecamatan.c.nama)
                            .where(schema.kecamatan.c.kode == "99.01.01")).scalar() == "Kec Satu"


def test_desa_moved_to_another_puskesmas_moves_its_iks(wilayah, tmp_path):
    assert import_file(wilayah, "keluarga", write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2002", "b1", "2024-05-01", "YYYYYYYYYYYY")])).ok
    assert iks_row(wilayah, "puskesmas", "P01", 2024)["sehat"] == 1
    moved = [r[:] for r in WILAYAH_ROWS]
    moved[1][4:6] = ["P02", "Pkm B"]
    result = import_file(wilayah, "wilayah", write_csv(tmp_path / "w.csv", WILAYAH_HEADER, moved))
    assert (result.added, result.changed, result.unchanged) == (0, 1, 3)
    assert iks_row(wilayah, "puskesmas", "P02", 2024)["sehat"] == 1
    assert iks_row(wilayah, "puskesmas", "P01", 2024) is None


# --- keluarga --------------------------------------------------------------------------------

def test_keluarga_second_import_changes_nothing(wilayah, tmp_path):
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2001", "a1", "2024-03-01"),
        visit("9901012001", "a1", "01/03/2025", "yyyyyyyyyyyy"),
        visit("99.01.01.2002", "b1", "2024-05-01", "YYYYYYTTTTTT"),
    ])
    first = import_file(wilayah, "keluarga", path)
    assert (first.ok, first.rows, first.added, first.changed, first.unchanged) == (True, 3, 3, 0, 0)
    stored = table_rows(wilayah, schema.kunjungan_keluarga)
    summary = table_rows(wilayah, schema.iks_ringkasan_wilayah)
    with wilayah.connect() as conn:
        version = conn.execute(select(schema.info.c.nilai)
                               .where(schema.info.c.kunci == "versi_data")).scalar()

    second = import_file(wilayah, "keluarga", path)
    assert (second.added, second.changed, second.unchanged) == (0, 0, 3)
    assert "0 ditambah, 0 diubah, 3 tetap" in second.message
    assert table_rows(wilayah, schema.kunjungan_keluarga) == stored
    assert table_rows(wilayah, schema.iks_ringkasan_wilayah) == summary
    with wilayah.connect() as conn:  # nothing changed, so cached pages stay valid
        assert conn.execute(select(schema.info.c.nilai)
                            .where(schema.info.c.kunci == "versi_data")).scalar() == version
        log = import_log(conn)
    assert list(log["hasil"]) == ["berhasil"] * 3  # wilayah, keluarga twice, newest first
    assert list(log["dataset"]) == ["keluarga", "keluarga", "wilayah"]
    assert tuple(log.iloc[0][["baris", "ditambah", "diubah", "tetap"]]) == (3, 0, 0, 3)
    assert log.iloc[0]["checksum"] == log.iloc[1]["checksum"] and len(log.iloc[0]["checksum"]) == 64


def test_corrected_value_replaces_the_old_and_the_iks_summary_follows(wilayah, tmp_path):
    rows = [visit("99.01.01.2002", "b1", "2024-05-01", "YYYYYYTTTTTT"),  # pra-sehat (0.5)
            visit("99.01.01.2002", "b2", "2024-05-02", "YYYYYYYYYYYY")]
    import_file(wilayah, "keluarga", write_csv(tmp_path / "k.csv", KELUARGA_HEADER, rows))
    before = iks_row(wilayah, "puskesmas", "P01", 2024)
    assert (before["sehat"], before["pra_sehat"]) == (1, 1)

    rows[0] = visit("99.01.01.2002", "b1", "01/05/2024", "YYYYYYYYYYYT")  # 11/12: sehat
    result = import_file(wilayah, "keluarga", write_csv(tmp_path / "k2.csv", KELUARGA_HEADER, rows))
    assert (result.added, result.changed, result.unchanged) == (0, 1, 1)
    after = iks_row(wilayah, "puskesmas", "P01", 2024)
    assert (after["sehat"], after["pra_sehat"], after["y_jkn"], after["t_jkn"]) == (2, 0, 2, 0)
    k = schema.kunjungan_keluarga
    with wilayah.connect() as conn:
        assert conn.execute(select(func.count()).select_from(k)).scalar() == 2
        assert conn.execute(select(k.c.jkn).where(k.c.id_keluarga == "b1")).scalar() == "Y"


def test_visit_moved_to_another_desa_refreshes_both(wilayah, tmp_path):
    import_file(wilayah, "keluarga", write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2001", "a1", "2024-03-01", "Y" * 12)]))
    result = import_file(wilayah, "keluarga", write_csv(tmp_path / "k2.csv", KELUARGA_HEADER, [
        visit("99.02.01.2001", "a1", "2024-03-01", "Y" * 12)]))
    assert result.changed == 1
    assert iks_row(wilayah, "kabupaten", "99.02", 2024)["sehat"] == 1
    assert iks_row(wilayah, "kabupaten", "99.01", 2024) is None


@pytest.mark.parametrize("sep, bom, newline", [(";", False, "\n"), ("\t", False, "\r\n"),
                                               (",", True, "\r\n"), (";", True, "\n")])
def test_separators_bom_and_line_endings_are_read(wilayah, tmp_path, sep, bom, newline):
    path = write_csv(tmp_path / "k.csv", [c.upper() if i == 0 else c for i, c in enumerate(KELUARGA_HEADER)],
                     [visit(" 99.01.01.2001 ", "a1", "2024-03-01"), [""] * 15,
                      visit("9901012002", "b1", "5/1/2025", "ytnYTNytnYTN")],
                     sep=sep, bom=bom, newline=newline)
    result = import_file(wilayah, "keluarga", path)
    assert result.ok, result.message
    assert (result.rows, result.added) == (2, 2)  # the blank row is skipped
    k = schema.kunjungan_keluarga
    with wilayah.connect() as conn:
        b1 = conn.execute(select(k).where(k.c.id_keluarga == "b1")).mappings().one()
    assert b1["tanggal_kunjungan"] == date(2025, 1, 5) and b1["kode_desa"] == "99.01.01.2002"
    assert [b1[c] for c in IKS_CODES] == list("YTNYTNYTNYTN")


def test_all_n_family_is_accepted_with_a_warning(wilayah, tmp_path):
    result = import_file(wilayah, "keluarga", write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2001", "a1", "2024-03-01", "N" * 12)]))
    assert result.ok
    assert result.warnings == ["1 kunjungan menjawab N pada ke-12 indikator: IKS keluarga itu tidak "
                               "terdefinisi, tidak dihitung, dan dilaporkan sebagai masalah data."]
    assert iks_row(wilayah, "provinsi", "99", 2024)["semua_n"] == 1


def test_future_visit_date_is_rejected(wilayah, tmp_path):
    result = import_file(wilayah, "keluarga", write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2001", "a1", "2099-01-01")]))
    assert [str(p) for p in result.problems] == [
        "baris 2, kolom tanggal_kunjungan: tanggal '2099-01-01' ada di masa depan"]


# --- XLSX ------------------------------------------------------------------------------------

def test_xlsx_excel_dates_serials_and_a_chosen_sheet(wilayah, tmp_path):
    path = tmp_path / "k.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Catatan"
    wb.active.append(["bukan data"])
    ws = wb.create_sheet("Kunjungan")
    ws.append(["DATA KUNJUNGAN KELUARGA 2025"])  # a title above the header
    ws.append(KELUARGA_HEADER)
    ws.append(visit(9901012001, "a1", datetime(2025, 3, 1)))  # a date cell, code as a number
    ws.append(visit("99.01.01.2002", "b1", 45658))  # a serial: 2025-01-01
    ws.append(visit("99.01.01.2002", "b2", "02/01/2025"))
    ws.append([None] * 15)
    ws.append(visit("99.01.01.2002", "b3", 45658.0, "YYYYYYYYYYYX"))
    wb.save(path)

    result = import_file(wilayah, "keluarga", path, sheet="Kunjungan")
    assert [str(p) for p in result.problems] == ["baris 7, kolom jamban_sehat: 'X' bukan Y, T atau N"]
    ws.delete_rows(7)
    wb.save(path)
    with wilayah.connect() as conn:
        report = validate_file(conn, "keluarga", path, sheet="Kunjungan")
    assert report.ok and report.rows == 3
    assert list(report.preview.index) == [3, 4, 5]  # the sheet's own row numbers
    assert report.preview.loc[3, "tanggal_kunjungan"] == "2025-03-01"

    result = import_file(wilayah, "keluarga", path, sheet="Kunjungan")
    assert result.ok and result.added == 3
    k = schema.kunjungan_keluarga
    with wilayah.connect() as conn:
        dates = dict(conn.execute(select(k.c.id_keluarga, k.c.tanggal_kunjungan)).all())
    assert dates == {"a1": date(2025, 3, 1), "b1": date(2025, 1, 1), "b2": date(2025, 1, 2)}
    # the first sheet is read when none is named: it is not a keluarga table
    assert not import_file(wilayah, "keluarga", path).ok


# --- layanan, sasaran, target ---------------------------------------------------------------

def test_layanan_sasaran_target_import_and_reimport(wilayah, tmp_path):
    layanan = write_csv(tmp_path / "l.csv", ["Kode Desa", "tahun", "bulan", "indikator", "nilai"], [
        ["99.01.01.2001", 2025, 1, "k1", 4], ["9901012001", 2025, 2, "K1", "5.0"],
        ["99.01.01.2002", 2025, 1, "ht_skrining", 0]])
    sasaran = write_csv(tmp_path / "s.csv", ["kode_desa", "tahun", "sasaran", "jumlah"], [
        ["99.01.01.2001", 2025, "bumil", "101.2"], ["99.01.01.2002", 2025, "bumil", "7,5"]], sep=";")
    target = write_csv(tmp_path / "t.csv", ["indikator", "tahun", "target_persen", "kode_wilayah"], [
        ["k6", 2025, "95%", ""], ["k6", 2025, "90", "9901"], ["k1", 2025, "100", "p01"]])
    for dataset, path, n in (("layanan", layanan, 3), ("sasaran", sasaran, 2), ("target", target, 3)):
        first = import_file(wilayah, dataset, path)
        assert (first.ok, first.added) == (True, n), first.message
        again = import_file(wilayah, dataset, path)
        assert (again.added, again.changed, again.unchanged) == (0, 0, n)
    assert table_rows(wilayah, schema.layanan) == [
        ("99.01.01.2001", 2025, 1, "k1", 4), ("99.01.01.2001", 2025, 2, "k1", 5),
        ("99.01.01.2002", 2025, 1, "ht_skrining", 0)]
    assert table_rows(wilayah, schema.sasaran) == [("99.01.01.2001", 2025, "bumil", 101.2),
                                                   ("99.01.01.2002", 2025, "bumil", 7.5)]
    assert table_rows(wilayah, schema.target) == [("k1", 2025, "P01", 100.0), ("k6", 2025, "", 95.0),
                                                  ("k6", 2025, "99.01", 90.0)]

    corrected = write_csv(tmp_path / "s2.csv", ["kode_desa", "tahun", "sasaran", "jumlah"], [
        ["99.01.01.2001", 2025, "bumil", "101.2"], ["99.01.01.2002", 2025, "bumil", "8"],
        ["99.01.01.2002", 2025, "bayi", "6.25"]])
    result = import_file(wilayah, "sasaran", corrected)
    assert (result.added, result.changed, result.unchanged) == (1, 1, 1)
    assert ("99.01.01.2002", 2025, "bumil", 8.0) in table_rows(wilayah, schema.sasaran)


def test_targets_written_as_fractions_are_accepted_with_a_warning(wilayah, tmp_path):
    result = import_file(wilayah, "target", write_csv(
        tmp_path / "t.csv", ["indikator", "tahun", "target_persen"], [["k6", 2025, "0.95"]]))
    assert result.ok
    assert result.warnings[0].startswith("Semua target_persen ≤ 1: apakah ditulis sebagai pecahan?")


# --- API details -----------------------------------------------------------------------------

def test_progress_is_reported_over_both_passes(wilayah, tmp_path, monkeypatch):
    import ingest as imports

    monkeypatch.setattr(imports, "CHUNK_ROWS", 4)
    rows = [visit("99.01.01.2001", f"k{i}", "2025-01-02") for i in range(10)]
    calls = []
    result = import_file(wilayah, "keluarga", write_csv(tmp_path / "k.csv", KELUARGA_HEADER, rows),
                         progress=lambda done, total: calls.append((done, total)))
    assert result.ok
    assert calls[0][1] == 20 and 0 < calls[0][0] < 10 and calls[-1] == (20, 20)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_cli_import_prints_the_summary(wilayah, tmp_path, monkeypatch, capsys):
    import cli

    monkeypatch.setenv("DATABASE_URL", wilayah.url.render_as_string(hide_password=False))
    path = write_csv(tmp_path / "l.csv", ["kode_desa", "tahun", "bulan", "indikator", "nilai"],
                     [["99.01.01.2001", 2025, 1, "k1", 4]])
    assert cli.main(["import", "layanan", str(path)]) == 0
    assert cli.main(["import", "layanan", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Impor layanan dari l.csv berhasil: 1 baris; 1 ditambah, 0 diubah, 0 tetap.")
    assert out[1].startswith("Impor layanan dari l.csv berhasil: 1 baris; 0 ditambah, 0 diubah, 1 tetap.")


def test_progress_line_only_for_large_files():
    import io

    small, large = io.StringIO(), io.StringIO()
    line = ProgressLine(small)
    line(10, 20)
    line.close()
    assert small.getvalue() == ""
    line = ProgressLine(large)
    line(60_000, 200_000)
    line(150_000, 200_000)
    line.close()
    assert large.getvalue() == ("\rmemeriksa   30.0%  (60.000 dari ~100.000 baris)"
                                "\rmenyimpan   75.0%  (50.000 dari ~100.000 baris)\n")


def test_import_log_lists_rejected_attempts_too(wilayah, tmp_path):
    bad = write_csv(tmp_path / "l.csv", ["kode_desa", "tahun", "bulan", "indikator", "nilai"],
                    [["99.01.01.2001", 2025, 1, "k1", -4]])
    result = import_file(wilayah, "layanan", bad, file_name="register januari.csv")
    with wilayah.connect() as conn:
        log = import_log(conn, limit=1)
    assert log.iloc[0]["id"] == result.log_id
    assert (log.iloc[0]["hasil"], log.iloc[0]["nama_berkas"]) == ("ditolak", "register januari.csv")
    assert "baris 2, kolom nilai: -4 negatif; harus bilangan bulat ≥ 0" in log.iloc[0]["pesan"]
    assert isinstance(log, pd.DataFrame) and list(log.columns)[:3] == ["id", "waktu", "dataset"]
