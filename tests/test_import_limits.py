"""Hostile import files (ingest.limits): an XLSX that unpacks to far more than it weighs,
cells of megabytes, rows numbered into the billions. Each is refused with a message that
names the limit, before it costs memory; small stand-ins made in tmp_path, with a limit
lowered where the real one would need a big file (tests/bombs.py makes the real ones)."""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from ingest import limits
from ingest.reading import FileProblem, open_table
from ingest.specs import DATASETS
from tests import bombs

LAYANAN = DATASETS["layanan"]
HEADER = "kode_desa,tahun,bulan,indikator,nilai\n"


def read_all(path: Path):
    """Every row and problem the reader yields, or the FileProblem that stopped it."""
    table = open_table(path, LAYANAN, path.name)
    rows, problems = [], []
    for chunk in table.chunks(1000):
        rows.extend(chunk.rows.tolist())
        problems.extend(str(p) for p in chunk.problems)
    return rows, problems


def refusal(path: Path) -> list[str]:
    with pytest.raises(FileProblem) as info:
        read_all(path)
    return [str(p) for p in info.value.problems]


# --- the archive, before anything is unpacked ----------------------------------------------

def test_a_part_packed_tighter_than_100_to_1_is_refused_from_the_zip_directory(tmp_path):
    path = bombs.declared_size_bomb(tmp_path / "bom.xlsx", 60 << 20)  # 60 MB of spaces, ~60 KB
    [message] = refusal(path)
    assert message.startswith("Bagian xl/theme/theme1.xml di berkas bom.xlsx memadat ")
    assert "kurang dari 100 kali" in message and "tidak dibaca" in message


def test_an_xlsx_that_unpacks_past_the_total_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 2 << 20)
    path = bombs.many_rows(tmp_path / "besar.xlsx", 20_000)  # about 4 MB of sheet XML
    [message] = refusal(path)
    assert message.startswith("Berkas besar.xlsx berisi 4 MB data setelah dibuka")
    assert "batasnya 2 MB" in message


def test_an_xml_part_read_whole_is_limited_even_when_it_packs_loosely(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_WHOLE_PART_BYTES", 1 << 20)
    path = bombs.declared_size_bomb(tmp_path / "tema.xlsx", (2 << 20) - 16)  # with <!-- -->: 2 MB
    [message] = refusal(path)
    assert message.startswith("Bagian xl/theme/theme1.xml di berkas tema.xlsx berukuran 2 MB")


def test_an_archive_of_too_many_parts_is_refused_before_they_are_listed(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_MEMBERS", 5)
    path = bombs.write_xlsx(tmp_path / "bagian.xlsx", [])  # 6 parts
    assert refusal(path) == ["Berkas bagian.xlsx berisi 6 bagian arsip; XLSX yang wajar berisi "
                             "paling banyak 5. Berkas ini tidak dibaca."]


def test_a_large_legitimate_sheet_passes_the_archive_checks(tmp_path):
    path = bombs.many_rows(tmp_path / "sah.xlsx", 200_000)  # packs about 70:1, ~45 MB unpacked
    assert limits.archive_problem(path, "sah.xlsx") is None


# --- cells ---------------------------------------------------------------------------------

@pytest.mark.parametrize("inline", [False, True], ids=["shared-string", "inline-string"])
def test_a_cell_past_the_length_limit_names_its_row_and_column_and_is_never_held(tmp_path, inline):
    path = bombs.long_string_bomb(tmp_path / "sel.xlsx", 20 << 20, inline=inline)  # 20 MB cell
    tracemalloc.start()
    try:
        rows, problems = read_all(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == ["baris 2, kolom indikator: teks lebih dari 1.000 karakter (batas isi satu sel)"]
    assert rows == []  # left out, so no other check quotes it
    assert peak < 8 << 20  # the 20 MB text was never in memory


def test_a_csv_cell_past_the_length_limit_names_its_row_and_column(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text(HEADER + "99.01.01.2001,2025,1,k1,4\n" + f"99.01.01.2001,2025,2,{'k' * 1001},4\n"
                    + "99.01.01.2001,2025,3,k1,5\n")
    rows, problems = read_all(path)
    assert problems == ["baris 3, kolom indikator: teks lebih dari 1.000 karakter (batas isi satu sel)"]
    assert rows == [2, 4]


def test_a_cell_of_exactly_the_limit_is_read(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text(HEADER + f"99.01.01.2001,2025,2,{'k' * 1000},4\n")
    assert read_all(path) == ([2], [])


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_reading_stops_when_too_many_cells_are_over_long(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(limits, "MAX_CELL_CHARS", 12)  # kode_desa has 13, header names fewer
    monkeypatch.setattr(limits, "MAX_LONG_CELLS", 2)
    if kind == "csv":
        path = tmp_path / "l.csv"
        path.write_text(HEADER + "".join(f"99.01.01.2001,2025,{m},k1,4\n" for m in range(1, 7)))
    else:
        path = bombs.write_xlsx(tmp_path / "l.xlsx", [bombs._data_row(n) for n in range(2, 8)])
    problems = refusal(path)
    assert problems[-1] == ("baris 4: lebih dari 2 sel berisi teks lebih dari 12 karakter; "
                            "pembacaan dihentikan di baris ini")
    assert problems[0] == "baris 2, kolom kode_desa: teks lebih dari 12 karakter (batas isi satu sel)"


def test_a_header_cell_past_the_length_limit_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELL_CHARS", 8)
    path = bombs.write_xlsx(tmp_path / "judul.xlsx", [bombs._data_row(2)])
    assert refusal(path) == ["baris 1, kolom A: teks lebih dari 8 karakter (batas isi satu sel)"]


def test_a_cell_past_excels_last_column_stops_the_reader(tmp_path):
    row = b'<row r="2"><c r="XFE2"><v>1</v></c></row>'
    path = bombs.write_xlsx(tmp_path / "lebar.xlsx", [bombs._data_row(2), row])
    [message] = refusal(path)
    assert message.startswith("baris 2: sel XFE2 di luar kolom terakhir Excel (XFD, kolom ke-16.384)")


# --- rows ----------------------------------------------------------------------------------

def test_a_row_numbered_past_the_row_limit_stops_the_reader_at_once(tmp_path):
    path = bombs.far_row(tmp_path / "jauh.xlsx", 1_000_000_000)
    assert refusal(path) == [
        "baris 1000000000: berkas berisi lebih dari 5.000.000 baris data, batas satu impor; bagi "
        "berkas menjadi beberapa berkas (misalnya per kabupaten atau per tahun)"]


def test_an_xlsx_with_more_rows_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    assert read_all(bombs.many_rows(tmp_path / "ok.xlsx", 3))[0] == [2, 3, 4]
    path = bombs.many_rows(tmp_path / "banyak.xlsx", 4)
    [message] = refusal(path)
    assert message.startswith("baris 5: berkas berisi lebih dari 3 baris data")


def test_a_csv_with_more_rows_than_the_limit_is_refused_when_opened(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    path = tmp_path / "l.csv"
    path.write_text(HEADER + "99.01.01.2001,2025,1,k1,4\n" * 3)
    assert read_all(path)[0] == [2, 3, 4]
    path.write_text(HEADER + "99.01.01.2001,2025,1,k1,4\n" * 4)
    with pytest.raises(FileProblem) as info:
        open_table(path, LAYANAN, "l.csv")
    assert str(info.value.problems[0]).startswith("berkas berisi lebih dari 3 baris data, batas satu impor")


def test_inline_string_rows_are_read_with_their_values(tmp_path):
    path = bombs.many_rows(tmp_path / "sebaris.xlsx", 3)
    table = open_table(path, LAYANAN, path.name)
    [chunk] = list(table.chunks(10))
    assert chunk.rows.tolist() == [2, 3, 4]
    assert chunk.frame.to_dict("records")[0] == {
        "kode_desa": "99.01.01.2001", "tahun": "2025", "bulan": "1", "indikator": "k1", "nilai": "2"}


# --- the XML itself ------------------------------------------------------------------------

def test_a_sheet_with_a_doctype_is_refused_before_its_entities_expand():
    from io import BytesIO

    from ingest.sheetxml import SheetError, sheet_rows

    laughs = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "hahahahaha"><!ENTITY b "&a;&a;&a;&a;">]>'
              b'<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row>'
              b'</sheetData></worksheet>')
    with pytest.raises(SheetError, match="DOCTYPE"):
        list(sheet_rows(BytesIO(laughs), []))


def test_a_cell_pointing_past_the_shared_strings_is_named(tmp_path):
    row = bombs._row(2, [bombs._inline("99.01.01.2001"), "<c><v>2025</v></c>", "<c><v>1</v></c>",
                         '<c t="s"><v>7</v></c>', "<c><v>4</v></c>"])
    path = bombs.write_xlsx(tmp_path / "rujukan.xlsx", [row], strings=[b"k1"])
    assert read_all(path) == ([], ["baris 2, kolom indikator: sel merujuk teks bersama nomor 7, yang "
                                   "tidak ada di berkas"])


def test_a_csv_header_line_of_megabytes_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("kode_desa," + "x" * (1 << 20) + "\n99.01.01.2001\n")
    with pytest.raises(FileProblem) as info:
        open_table(path, LAYANAN, "l.csv")
    assert [str(p) for p in info.value.problems] == [
        "baris 1: baris judul lebih dari 65.536 bita; baris pertama harus berisi nama kolom saja"]
