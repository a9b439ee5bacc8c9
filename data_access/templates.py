"""Template files for each import dataset (data-contract.md): the header and one example row
as CSV, and as XLSX with a second sheet "Penjelasan" explaining every column. Built in
memory from the import engine's own column specs (data_access.imports.DATASETS), so a
template always shows what the import accepts; the upload page and docs/templat hand them out.
"""
from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from data_access.imports import DATASETS, ColumnSpec, DatasetSpec

SPECS: dict[str, DatasetSpec] = DATASETS


def spec(dataset: str) -> DatasetSpec:
    if dataset not in SPECS:
        raise KeyError(f"Jenis data '{dataset}' tidak dikenal; pilih: {', '.join(SPECS)}.")
    return SPECS[dataset]


def _csv_value(column: ColumnSpec) -> str:
    value = column.example
    return value.isoformat() if isinstance(value, date) else str(value)


def template_csv(dataset: str) -> bytes | None:
    """Header and one example row, UTF-8, comma-separated; None for `batas` (a map file)."""
    s = spec(dataset)
    if not s.columns:
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in s.columns])
    writer.writerow([_csv_value(c) for c in s.columns])
    return out.getvalue().encode("utf-8")


_FORMATS = {"kode": "@", "tanggal": "yyyy-mm-dd", "bulat": "0", "angka": "General", "teks": "@",
            "ytn": "@"}


def template_xlsx(dataset: str) -> bytes | None:
    """Sheet "Data" (the one the import reads: header and one example row, code columns
    formatted as text so Excel keeps dots and leading zeros) and sheet "Penjelasan";
    None for `batas`."""
    s = spec(dataset)
    if not s.columns:
        return None
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F2F2F2")
    wb = Workbook()
    data = wb.active
    data.title = "Data"
    for i, column in enumerate(s.columns, start=1):
        letter = get_column_letter(i)
        if _FORMATS.get(column.kind) == "@":
            data.column_dimensions[letter].number_format = "@"  # typed codes stay text
        data.column_dimensions[letter].width = max(len(column.name) + 3, len(str(column.example)) + 3, 10)
        head = data.cell(row=1, column=i, value=column.name)
        head.font, head.fill = bold, fill
        cell = data.cell(row=2, column=i, value=column.example)
        cell.number_format = _FORMATS.get(column.kind, "General")
    data.freeze_panes = "A2"

    notes = wb.create_sheet("Penjelasan")
    header = ("kolom", "wajib/opsional", "arti", "nilai yang diterima", "contoh")
    notes.append(header)
    for column in s.columns:
        example = column.example.isoformat() if isinstance(column.example, date) else str(column.example)
        notes.append((column.name, "wajib" if column.required else "opsional",
                      column.description, column.allowed, example))
    notes.append(())
    for line in (f"Kunci alami: {', '.join(s.natural_key)}. Baris dengan kunci yang sudah ada "
                 "menggantikan nilai lama; mengimpor berkas yang sama dua kali tidak mengubah apa pun.",
                 s.note,
                 "Baris contoh di lembar Data memakai kode fiktif (provinsi 99): hapus atau timpa "
                 "sebelum mengisi data Anda. Nama kolom seperti di baris judul (huruf besar dan spasi tidak masalah).",
                 "Impor: python cli.py import " + s.name + " BERKAS.xlsx (lembar pertama dibaca). "
                 "Penjelasan lengkap: docs/data-" + s.name + ".md"):
        if line:
            notes.append((line,))
    for cell in notes[1]:
        cell.font, cell.fill = bold, fill
    for letter, width in zip("ABCDE", (26, 15, 60, 50, 22)):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2, max_row=len(s.columns) + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
