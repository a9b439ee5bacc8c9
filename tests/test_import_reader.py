"""The file reader's edge cases (ingest.reading), without a database: rows longer
than the header, quoted line breaks, non-UTF-8 text, merged data cells, padded cells."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ingest.reading import FileProblem, data_merges, normalise_header, open_table
from ingest.specs import DATASETS

LAYANAN = DATASETS["layanan"]


def read_all(path: Path, name: str | None = None):
    table = open_table(path, LAYANAN, name or path.name)
    frames, rows, problems = [], [], []
    for chunk in table.chunks(2):
        frames.append(chunk.frame)
        rows.extend(chunk.rows.tolist())
        problems.extend(str(p) for p in chunk.problems)
    return table, frames, rows, problems


def test_a_row_one_field_too_long_is_named_and_a_longer_one_stops_the_reader(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("kode_desa,tahun,bulan,indikator,nilai\n"
                    "99.01.01.2001,2025,1,k1,4\n99.01.01.2001,2025,2,k1,4,9\n")
    _, _, _, problems = read_all(path)
    assert problems == ["baris 3: baris ini berisi lebih banyak kolom daripada baris judul (5); "
                        "periksa pemisah ',' dan tanda kutip di isinya"]
    path.write_text("kode_desa,tahun,bulan,indikator,nilai\n99.01.01.2001,2025,1,k1,4,9,9\n")
    with pytest.raises(FileProblem) as info:
        read_all(path)
    assert str(info.value.problems[0]) == ("baris 2: baris ini berisi 7 kolom, baris judul 5; periksa "
                                           "pemisah ',' dan tanda kutip di isinya")


def test_rows_are_counted_as_records_and_blank_lines_keep_their_numbers(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text('kode_desa;tahun;bulan;indikator;nilai\n"99.01.01.2001";2025;1;"k1\n";4\n'
                    '\n;;;;\n  99.01.01.2001 ;2025;2;k1;5\n')
    table, frames, rows, problems = read_all(path)
    assert table.delimiter == ";" and problems == []
    assert rows == [2, 5]  # a quoted line break stays inside record 2; records 3 and 4 are blank
    assert frames[-1].iloc[-1]["kode_desa"] == "99.01.01.2001"  # padding stripped


def test_text_that_is_not_utf8_is_named_with_its_row(tmp_path):
    path = tmp_path / "l.csv"
    path.write_bytes(b"kode_desa,tahun,bulan,indikator,nilai\n99.01.01.2001,2025,1,k\xe9,4\n")
    with pytest.raises(FileProblem) as info:
        open_table(path, LAYANAN, "l.csv")
    assert str(info.value.problems[0]) == (
        "baris 2: berkas l.csv bukan teks UTF-8 (mulai sekitar baris ini); simpan ulang sebagai "
        "'CSV UTF-8 (Comma delimited)'")


def test_merged_cells_below_the_header_are_problems_and_a_merged_title_is_not(tmp_path):
    path = tmp_path / "upload-8f3a"  # an upload saved without its name: read by content
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["REGISTER LAYANAN"])
    ws.merge_cells("A1:E1")
    ws.append(["kode_desa", "tahun", "bulan", "indikator", "nilai"])
    ws.append(["99.01.01.2001", 2025, 1, "k1", 4])
    ws.append(["99.01.01.2001", 2025, 2, "k1", None])
    ws.merge_cells("E3:E4")
    wb.save(path)
    table = open_table(path, LAYANAN, "register.xlsx")
    assert (table.kind, table.header_row) == ("xlsx", 2)
    assert [str(p) for p in data_merges(table)] == [
        "baris 3, kolom nilai: sel E3:E4 digabung (merge); pisahkan dan isi setiap sel"]


def test_header_names_are_matched_without_case_spaces_or_hyphens():
    assert normalise_header("  Kode Desa ") == "kode_desa"
    assert normalise_header("KODE-DESA") == "kode_desa"
