"""Good files import: every spelling the contract accepts, idempotent re-imports, corrections
that replace the stored value and carry the IKS summary with them. Both dialects; each test
gets a fresh copy of tests/sample.py's province (conftest `loaded`)."""
from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import select

from data_access import schema
from data_access.imports import DATASETS, import_file, import_log
from tests.test_import_bad_input import (
    KELUARGA_HEADER,
    LAYANAN_HEADER,
    WILAYAH_HEADER,
    counts,
    visit,
    write_csv,
    write_xlsx,
)


def rows_of(engine, table, *columns, where=None):
    stmt = select(*[table.c[c] for c in columns])
    if where is not None:
        stmt = stmt.where(where)
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(stmt).all())


def summary(engine, desa: str, tahun: int) -> tuple:
    r = schema.iks_ringkasan
    return rows_of(engine, r, "keluarga_iks", "sehat", "pra_sehat", "tidak_sehat",
                   where=(r.c.kode_desa == desa) & (r.c.tahun == tahun) & r.c.awal.is_(False))[0]


def area_summary(engine, tingkat: str, kode: str, tahun: int) -> tuple:
    w = schema.iks_ringkasan_wilayah
    found = rows_of(engine, w, "keluarga_iks", "sehat", "pra_sehat", "tidak_sehat",
                    where=(w.c.tingkat == tingkat) & (w.c.kode == kode) & (w.c.tahun == tahun)
                    & w.c.awal.is_(False))
    return found[0] if found else None


def outcome(result) -> tuple[bool, int, int, int]:
    assert result.ok, result.message
    return result.ok, result.added, result.changed, result.unchanged


# --- keluarga -------------------------------------------------------------------------------

def test_same_file_twice_changes_nothing_the_second_time(loaded, tmp_path):
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2001", "n1", "2025-02-01"),
        visit("9901012002", "n2", "03/02/2025", "yyyyyyyyyyyy"),
        visit("99.02.01.2001", "n3", "2025-02-04", "TTTTTTNNNNNN"),
        visit("99.01.01.2001", "a1", "2024-03-01", "YYYYYYYYYYYT"),  # stored already, same answers
    ])
    first = import_file(loaded, "keluarga", path)
    assert outcome(first) == (True, 3, 0, 1)
    assert first.message == ("Impor keluarga dari k.csv berhasil: 4 baris; 3 ditambah, 0 diubah, "
                             "1 tetap.")
    before = counts(loaded)
    second = import_file(loaded, "keluarga", path)
    assert outcome(second) == (True, 0, 0, 4)
    assert "0 ditambah, 0 diubah, 4 tetap" in second.message
    after = counts(loaded)
    assert after.pop("impor_log") == before.pop("impor_log") + 1 and after == before

    with loaded.connect() as conn:
        log = import_log(conn)
    assert list(log["hasil"][:2]) == ["berhasil", "berhasil"]
    assert list(log["ditambah"][:2]) == [0, 3] and list(log["tetap"][:2]) == [4, 1]
    assert log["checksum"][0] == log["checksum"][1] and len(log["checksum"][0]) == 64
    assert log["nama_berkas"][0] == "k.csv" and log["baris"][0] == 4


def test_codes_with_or_without_dots_and_answers_in_any_case_are_stored_canonically(loaded, tmp_path):
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit(" 9901012002 ", "n2", "3/2/2025", "yYtTnNyYtTnN"),
    ])
    assert outcome(import_file(loaded, "keluarga", path)) == (True, 1, 0, 0)
    k = schema.kunjungan_keluarga
    stored = rows_of(loaded, k, "kode_desa", "tanggal_kunjungan", "kb", "persalinan_faskes",
                     "imunisasi_dasar", where=k.c.id_keluarga == "n2")
    assert stored == [("99.01.01.2002", date(2025, 2, 3), "Y", "Y", "T")]


def test_corrected_visit_replaces_the_old_one_and_the_summary_follows(loaded, tmp_path):
    # family b1 (desa A2, Puskesmas P01) was pra-sehat on 2024-05-01 with 6 Y and 6 T
    assert summary(loaded, "99.01.01.2002", 2024) == (1, 0, 1, 0)
    assert area_summary(loaded, "puskesmas", "P01", 2024) == (3, 1, 1, 1)
    path = write_csv(tmp_path / "koreksi.csv", KELUARGA_HEADER, [
        visit("9901012002", "b1", "01/05/2024", "Y" * 12)])
    assert outcome(import_file(loaded, "keluarga", path)) == (True, 0, 1, 0)
    k = schema.kunjungan_keluarga
    assert rows_of(loaded, k, "jkn", where=k.c.id_keluarga == "b1") == [("Y",)]
    assert summary(loaded, "99.01.01.2002", 2024) == (1, 1, 0, 0)
    assert summary(loaded, "99.01.01.2002", 2025) == (1, 1, 0, 0)  # carried forward
    assert area_summary(loaded, "puskesmas", "P01", 2024) == (3, 2, 0, 1)
    assert area_summary(loaded, "kabupaten", "99.01", 2024) == (3, 2, 0, 1)
    assert area_summary(loaded, "provinsi", "99", 2024) == (3, 2, 0, 1)


def test_visit_moved_to_another_desa_refreshes_both(loaded, tmp_path):
    # b1 recorded in desa A2 by mistake: it belongs to desa B1 (Puskesmas P02)
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.02.2001", "b1", "2024-05-01", "YYYYYYTTTTTT")])
    assert outcome(import_file(loaded, "keluarga", path)) == (True, 0, 1, 0)
    assert summary(loaded, "99.01.02.2001", 2024) == (1, 0, 1, 0)
    assert area_summary(loaded, "puskesmas", "P02", 2024) == (1, 0, 1, 0)
    assert area_summary(loaded, "puskesmas", "P01", 2024) == (2, 1, 0, 1)


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(loaded, tmp_path):
    path = tmp_path / "k.csv"
    lines = [",".join(KELUARGA_HEADER), ",".join(visit("99.01.01.2001", "n1", "2025-02-01")), "",
             "," * (len(KELUARGA_HEADER) - 1), ",".join(visit("99.01.01.2001", "n2", "2025-02-01")),
             ",".join(visit("99.01.01.2001", "n3", "2025-02-31"))]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    bad = import_file(loaded, "keluarga", path)
    assert [str(p) for p in bad.problems] == [
        "baris 6, kolom tanggal_kunjungan: tanggal '2025-02-31' tidak ada di kalender"]
    path.write_text("\n".join(lines[:-1]) + "\n\n", encoding="utf-8")
    assert outcome(import_file(loaded, "keluarga", path)) == (True, 2, 0, 0)


@pytest.mark.parametrize("sep, bom", [(";", False), ("\t", False), (",", True), (";", True)])
def test_separators_and_bom(loaded, tmp_path, sep, bom):
    path = write_csv(tmp_path / "l.csv", LAYANAN_HEADER, [
        ["99.01.01.2001", 2025, 1, "k1", 7], ["9901012002", "2025", "02", "K6", "0"]], sep=sep, bom=bom)
    result = import_file(loaded, "layanan", path)
    assert outcome(result) == (True, 2, 0, 0)
    assert rows_of(loaded, schema.layanan, "kode_desa", "tahun", "bulan", "indikator", "nilai") == [
        ("99.01.01.2001", 2025, 1, "k1", 7), ("99.01.01.2002", 2025, 2, "k6", 0)]


def test_header_names_are_matched_ignoring_case_and_spaces(loaded, tmp_path):
    path = write_csv(tmp_path / "l.csv", [" Kode_Desa", "TAHUN ", "Bulan", "Indikator", "Nilai",
                                          "catatan"], [["99.01.01.2001", 2025, 1, "k1", 7, "x"]])
    result = import_file(loaded, "layanan", path)
    assert outcome(result) == (True, 1, 0, 0)
    assert result.warnings == ["Kolom 'catatan' (kolom ke-6) tidak dikenal dan diabaikan."]


# --- XLSX -----------------------------------------------------------------------------------

def test_xlsx_dates_as_excel_dates_serials_and_text(loaded, tmp_path):
    path = tmp_path / "k.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(KELUARGA_HEADER)
    ws.append(visit("99.01.01.2001", "n1", datetime(2025, 1, 15)))  # a date cell
    ws.append(visit("99.01.01.2001", "n2", 45658))  # a serial without date format: 2025-01-01
    ws.append(visit("99.01.01.2001", "n3", "16/01/2025"))
    ws.append(visit(9901012002, "n4", "2025-01-17"))  # a code typed as a number
    wb.save(path)
    assert outcome(import_file(loaded, "keluarga", path)) == (True, 4, 0, 0)
    k = schema.kunjungan_keluarga
    assert rows_of(loaded, k, "id_keluarga", "tanggal_kunjungan", "kode_desa",
                   where=k.c.id_keluarga.like("n%")) == [
        ("n1", date(2025, 1, 15), "99.01.01.2001"), ("n2", date(2025, 1, 1), "99.01.01.2001"),
        ("n3", date(2025, 1, 16), "99.01.01.2001"), ("n4", date(2025, 1, 17), "99.01.01.2002")]
    assert outcome(import_file(loaded, "keluarga", path)) == (True, 0, 0, 4)


def test_xlsx_sheet_is_chosen_with_sheet(loaded, tmp_path, monkeypatch, capsys):
    import cli

    path = write_xlsx(tmp_path / "l.xlsx", {
        "Januari": [LAYANAN_HEADER, ["99.01.01.2001", 2025, 1, "k1", 4]],
        "Februari": [["Register Februari"], LAYANAN_HEADER, ["99.01.01.2001", 2025, 2, "k1", 5],
                     ["99.01.01.2002", 2025, 2, "k1", 1.0]],
    })
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    assert cli.main(["import", "layanan", str(path), "--sheet", "Februari"]) == 0
    out = capsys.readouterr().out
    assert "Impor layanan dari l.xlsx berhasil: 2 baris; 2 ditambah, 0 diubah, 0 tetap." in out
    assert rows_of(loaded, schema.layanan, "bulan", "nilai") == [(2, 1), (2, 5)]
    assert cli.main(["import", "layanan", str(path)]) == 0  # the first sheet
    assert rows_of(loaded, schema.layanan, "bulan", "nilai") == [(1, 4), (2, 1), (2, 5)]
    assert cli.main(["import", "layanan", str(path), "--sheet", "Februari"]) == 0
    assert "0 ditambah, 0 diubah, 2 tetap" in capsys.readouterr().out


# --- layanan, sasaran, target, wilayah ------------------------------------------------------

def test_sasaran_may_be_fractional_and_a_correction_replaces_it(loaded, tmp_path):
    rows = [["99.01.01.2001", 2025, "bumil", "101.2"], ["99.01.01.2001", 2025, "bayi", "92,5"],
            ["99.01.01.2002", 2025, "BULIN", "0"]]
    path = write_csv(tmp_path / "s.csv", ["kode_desa", "tahun", "sasaran", "jumlah"], rows, sep=";")
    assert outcome(import_file(loaded, "sasaran", path)) == (True, 3, 0, 0)
    assert outcome(import_file(loaded, "sasaran", path)) == (True, 0, 0, 3)
    rows[0][3] = "101.3"
    path = write_csv(tmp_path / "s.csv", ["kode_desa", "tahun", "sasaran", "jumlah"], rows, sep=";")
    assert outcome(import_file(loaded, "sasaran", path)) == (True, 0, 1, 2)
    assert rows_of(loaded, schema.sasaran, "kode_desa", "sasaran", "jumlah") == [
        ("99.01.01.2001", "bayi", 92.5), ("99.01.01.2001", "bumil", 101.3),
        ("99.01.01.2002", "bulin", 0.0)]


def test_layanan_correction_replaces_the_value(loaded, tmp_path):
    path = write_csv(tmp_path / "l.csv", LAYANAN_HEADER, [
        ["99.01.01.2001", 2025, 1, "k1", 4], ["99.01.01.2001", 2025, 1, "tb_skrining", 30]])
    assert outcome(import_file(loaded, "layanan", path)) == (True, 2, 0, 0)
    path = write_csv(tmp_path / "l.csv", LAYANAN_HEADER, [
        ["99.01.01.2001", 2025, 1, "k1", 5], ["99.01.01.2001", 2025, 1, "tb_skrining", 30],
        ["99.01.01.2001", 2025, 2, "k1", 0]])
    assert outcome(import_file(loaded, "layanan", path)) == (True, 1, 1, 1)
    assert rows_of(loaded, schema.layanan, "bulan", "indikator", "nilai") == [
        (1, "k1", 5), (1, "tb_skrining", 30), (2, "k1", 0)]


def test_target_everywhere_and_for_one_area(loaded, tmp_path):
    path = write_csv(tmp_path / "t.csv", ["indikator", "tahun", "target_persen", "kode_wilayah"], [
        ["k6", 2025, "95", ""], ["K6", 2025, "90%", "9901"], ["k6", 2025, "97.5", "p02"],
        ["iks", 2025, "80", ""], ["jkn", 2025, 100, "99"]])
    assert outcome(import_file(loaded, "target", path)) == (True, 5, 0, 0)
    assert rows_of(loaded, schema.target, "indikator", "kode_wilayah", "target_persen") == [
        ("iks", "", 80.0), ("jkn", "99", 100.0), ("k6", "", 95.0), ("k6", "99.01", 90.0),
        ("k6", "P02", 97.5)]
    assert outcome(import_file(loaded, "target", path)) == (True, 0, 0, 5)
    # without the optional column every row is the target everywhere
    path = write_csv(tmp_path / "t2.csv", ["indikator", "tahun", "target_persen"], [["k6", 2025, 96]])
    assert outcome(import_file(loaded, "target", path)) == (True, 0, 1, 0)


def test_target_given_as_fractions_is_accepted_with_a_warning(loaded, tmp_path):
    path = write_csv(tmp_path / "t.csv", ["indikator", "tahun", "target_persen"],
                     [["k1", 2025, "0.95"], ["k6", 2025, "0.9"]])
    result = import_file(loaded, "target", path)
    assert outcome(result) == (True, 2, 0, 0)
    assert result.warnings[0].startswith("Semua target_persen ≤ 1: apakah ditulis sebagai pecahan?")


def test_wilayah_import_adds_corrects_and_keeps_what_the_file_leaves_out(loaded, tmp_path):
    header = [*WILAYAH_HEADER, "jumlah_keluarga"]
    path = write_csv(tmp_path / "w.csv", header, [
        ["99", "Prov Uji", "9901", "Kab Satu", "P01", "Pkm A", "9901012001", "Desa A1", 10],
        ["99", "Prov Uji", "99.01", "Kab Satu", "P01", "Pkm A", "99.01.01.2003", "Desa A3", 7],
    ])
    assert outcome(import_file(loaded, "wilayah", path)) == (True, 1, 0, 1)
    assert outcome(import_file(loaded, "wilayah", path)) == (True, 0, 0, 2)
    d = schema.desa
    assert rows_of(loaded, d, "kode", "kode_kecamatan", "jumlah_keluarga",
                   where=d.c.kode.like("99.01.01.%")) == [
        ("99.01.01.2001", "99.01.01", 10), ("99.01.01.2002", "99.01.01", 4),
        ("99.01.01.2003", "99.01.01", 7)]
    # a file without jumlah_keluarga keeps the stored numbers; a renamed desa is a change
    path = write_csv(tmp_path / "w2.csv", WILAYAH_HEADER, [
        ["99", "Prov Uji", "99.01", "Kab Satu", "P01", "Pkm A", "99.01.01.2003", "Desa A Tiga"]])
    assert outcome(import_file(loaded, "wilayah", path)) == (True, 0, 1, 0)
    assert rows_of(loaded, d, "nama", "jumlah_keluarga", where=d.c.kode == "99.01.01.2003") == [
        ("Desa A Tiga", 7)]


def test_desa_moved_to_another_puskesmas_moves_its_families_in_the_summary(loaded, tmp_path):
    assert area_summary(loaded, "puskesmas", "P02", 2024) is None
    path = write_csv(tmp_path / "w.csv", WILAYAH_HEADER, [
        ["99", "Prov Uji", "99.01", "Kab Satu", "P02", "Pkm B", "99.01.01.2002", "Desa A2"]])
    assert outcome(import_file(loaded, "wilayah", path)) == (True, 0, 1, 0)
    assert area_summary(loaded, "puskesmas", "P02", 2024) == (1, 0, 1, 0)  # family b1
    assert area_summary(loaded, "puskesmas", "P01", 2024) == (2, 1, 0, 1)


# --- streaming, progress, API ---------------------------------------------------------------

def test_chunks_are_written_in_one_transaction_with_new_and_known_keys(loaded, tmp_path, monkeypatch):
    import data_access.imports as imports

    monkeypatch.setattr(imports, "CHUNK_ROWS", 3)
    rows = [visit("99.01.01.2001", f"n{i:02d}", "2025-03-01") for i in range(10)]
    rows.insert(4, visit("99.01.01.2001", "a1", "2024-03-01", "YYYYYYYYYYYY"))  # a correction
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, rows)
    seen = []
    result = import_file(loaded, "keluarga", path, progress=lambda done, total: seen.append((done, total)))
    assert outcome(result) == (True, 10, 1, 0)
    assert seen[-1][0] == seen[-1][1] and all(t is not None for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert outcome(import_file(loaded, "keluarga", path)) == (True, 0, 0, 11)


def test_upload_name_decides_the_file_type(loaded, tmp_path):
    """The upload page saves a temporary file under its own name and passes the user's."""
    temp = write_csv(tmp_path / "upload_5f3a", LAYANAN_HEADER, [["99.01.01.2001", 2025, 1, "k1", 4]],
                     sep=";")
    result = import_file(loaded, "layanan", temp, file_name="Register Januari.csv")
    assert outcome(result) == (True, 1, 0, 0)
    assert "dari Register Januari.csv" in result.message
    with loaded.connect() as conn:
        assert import_log(conn)["nama_berkas"][0] == "Register Januari.csv"


def test_datasets_describe_every_column_for_the_upload_page():
    assert list(DATASETS) == ["wilayah", "batas", "keluarga", "layanan", "sasaran", "target"]
    for spec in DATASETS.values():
        assert spec.label and spec.natural_key and spec.file_types
        for column in spec.columns:
            assert column.description and column.example is not None
        assert all(k in spec.column_names for k in spec.natural_key) or spec.is_boundary
    assert [c.name for c in DATASETS["layanan"].required_columns] == LAYANAN_HEADER
    assert [c.name for c in DATASETS["keluarga"].required_columns] == KELUARGA_HEADER
    assert [c.name for c in DATASETS["target"].optional_columns] == ["kode_wilayah"]
    assert ".geojson" in DATASETS["batas"].file_types and ".xlsx" in DATASETS["sasaran"].file_types


def test_progress_line_is_shown_for_large_files_only():
    from commands.import_ import ProgressLine

    small, large = io.StringIO(), io.StringIO()
    line = ProgressLine(small)
    line(10, 2 * 1_000)
    line.close()
    assert small.getvalue() == ""
    line = ProgressLine(large)
    for done in (0, 50_000, 100_000, 150_000, 200_000):
        line(done, 200_000)
    line.close()
    text = large.getvalue()
    assert text.count("\r") == 5 and text.endswith("\n")
    assert "memeriksa   50.0%  (100.000 dari ~100.000 baris)" in text
    assert text.rstrip().endswith("menyimpan  100.0%  (100.000 dari ~100.000 baris)")
