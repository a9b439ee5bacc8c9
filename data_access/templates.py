"""Template files for each import dataset (data-contract.md): the header and one example row
as CSV, and as XLSX with a second sheet "Penjelasan" explaining every column. Built in
memory; the upload page and the docs hand them out.

The column table below is this module's own until the import engine's
data_access.imports.DATASETS carries the same facts (name, wajib, meaning, allowed values,
example); then `spec()` should read from there and SPECS can go.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from indicators.program import PROGRAM_INDICATORS, SASARAN
from indicators.registry import IKS_INDICATORS

# the demo province's fictional codes (demo/generate.py), so that an example row is never a real place
DESA, PUSKESMAS = "99.01.01.2001", "P9901010101"

KODE_DESA_ARTI = "kode desa/kelurahan Kemendagri; dengan atau tanpa titik (99.01.01.2001 = 9901012001)"
KODE_DESA_NILAI = "kode desa yang sudah ada di data wilayah (impor wilayah lebih dulu)"

def _first_lower(text: str) -> str:
    return text[:1].lower() + text[1:]


LAYANAN_INDIKATOR = {i.code: _first_lower(i.definition) for i in PROGRAM_INDICATORS}
SASARAN_LABELS = {s.code: _first_lower(s.label) for s in SASARAN}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    required: bool
    description: str  # what the column means (Bahasa Indonesia)
    allowed: str  # the values accepted
    example: object  # the value in the template's example row
    kind: str = "teks"  # teks | kode | bulat | angka | tanggal — how the XLSX cell is written


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    label: str
    columns: tuple[ColumnSpec, ...]
    natural_key: tuple[str, ...]
    note: str = ""


def _codes(mapping: dict[str, str]) -> str:
    return "; ".join(f"{k} ({v})" for k, v in mapping.items())


_YTN = "Y (ya), T (tidak), N (tidak berlaku); huruf besar atau kecil"
_TAHUN = "4 angka, 2000–2100"

SPECS: dict[str, DatasetSpec] = {
    "wilayah": DatasetSpec("wilayah", "Wilayah (provinsi s.d. desa)", (
        ColumnSpec("kode_provinsi", True, "kode provinsi Kemendagri", "2 angka", "99", "kode"),
        ColumnSpec("nama_provinsi", True, "nama provinsi", "teks", "Provinsi Contoh (Fiktif)"),
        ColumnSpec("kode_kabupaten", True, "kode kabupaten/kota Kemendagri",
                   "4 angka, dengan atau tanpa titik (99.01 = 9901)", "99.01", "kode"),
        ColumnSpec("nama_kabupaten", True, "nama kabupaten/kota", "teks", "Kabupaten Tegalasri"),
        ColumnSpec("kode_puskesmas", True, "kode Puskesmas (kode Kemenkes, bukan kode Kemendagri)",
                   "2–20 huruf, angka, titik atau tanda hubung", PUSKESMAS, "kode"),
        ColumnSpec("nama_puskesmas", True, "nama Puskesmas", "teks", "Puskesmas Kalijaya"),
        ColumnSpec("kode_desa", True, KODE_DESA_ARTI, "10 angka, dengan atau tanpa titik; "
                   "satu baris per desa", DESA, "kode"),
        ColumnSpec("nama_desa", True, "nama desa/kelurahan", "teks", "Girigede"),
        ColumnSpec("kode_kecamatan", False, "kode kecamatan Kemendagri; kosong: diambil dari kode desa",
                   "6 angka, dengan atau tanpa titik", "99.01.01", "kode"),
        ColumnSpec("nama_kecamatan", False, "nama kecamatan", "teks", "Kalijaya"),
        ColumnSpec("jumlah_penduduk", False, "jumlah penduduk desa", "bilangan bulat ≥ 0", 2239, "bulat"),
        ColumnSpec("jumlah_keluarga", False, "jumlah keluarga terdaftar di desa (penyebut cakupan "
                   "kunjungan keluarga)", "bilangan bulat ≥ 0", 627, "bulat"),
    ), ("kode_desa",), "Satu baris per desa. Setiap desa termasuk tepat satu Puskesmas."),
    "batas": DatasetSpec("batas", "Batas desa (peta)", (), ("kode desa",),
                         "Berkas peta (GeoJSON, Shapefile dalam .zip, GeoPackage), bukan tabel: "
                         "tidak ada templat. Lihat docs/data-batas.md."),
    "keluarga": DatasetSpec("keluarga", "Kunjungan keluarga PIS-PK", (
        ColumnSpec("kode_desa", True, KODE_DESA_ARTI, KODE_DESA_NILAI, DESA, "kode"),
        ColumnSpec("id_keluarga", True, "nomor keluarga yang tetap dari kunjungan ke kunjungan",
                   "teks, paling panjang 40 karakter", "K990101200100001", "kode"),
        ColumnSpec("tanggal_kunjungan", True, "tanggal kunjungan keluarga",
                   "YYYY-MM-DD, DD/MM/YYYY, atau tanggal Excel; tidak di masa depan", date(2025, 3, 14), "tanggal"),
        *(ColumnSpec(i.code, True, f"{i.nomor}. {i.definition} (ditanyakan kepada: {i.asked_about})",
                     _YTN, answer)
          for i, answer in zip(IKS_INDICATORS, "YYNNYNTNTYYY")),
    ), ("id_keluarga", "tanggal_kunjungan"),
        "Satu baris per kunjungan. Keluarga yang dikunjungi lagi mendapat baris baru dengan tanggal "
        "baru; IKS memakai kunjungan terakhir, IKS awal memakai kunjungan pertama."),
    "layanan": DatasetSpec("layanan", "Register layanan bulanan", (
        ColumnSpec("kode_desa", True, KODE_DESA_ARTI, KODE_DESA_NILAI, DESA, "kode"),
        ColumnSpec("tahun", True, "tahun layanan", _TAHUN, 2025, "bulat"),
        ColumnSpec("bulan", True, "bulan layanan", "1–12", 3, "bulat"),
        ColumnSpec("indikator", True, "kode indikator program", _codes(LAYANAN_INDIKATOR), "k1"),
        ColumnSpec("nilai", True, "jumlah layanan indikator itu di desa itu pada bulan itu",
                   "bilangan bulat ≥ 0", 12, "bulat"),
    ), ("kode_desa", "tahun", "bulan", "indikator"),
        "Satu baris per desa, bulan, dan indikator. Nilai per bulan, bukan kumulatif."),
    "sasaran": DatasetSpec("sasaran", "Sasaran (penduduk sasaran)", (
        ColumnSpec("kode_desa", True, KODE_DESA_ARTI, KODE_DESA_NILAI, DESA, "kode"),
        ColumnSpec("tahun", True, "tahun sasaran", _TAHUN, 2025, "bulat"),
        ColumnSpec("sasaran", True, "kode sasaran", _codes(SASARAN_LABELS), "bumil"),
        ColumnSpec("jumlah", True, "jumlah sasaran setahun (perkiraan, boleh pecahan)",
                   "angka ≥ 0; tanda desimal titik (101.2), atau koma bila tanpa titik (101,2)", 101.2, "angka"),
    ), ("kode_desa", "tahun", "sasaran"), "Satu baris per desa, tahun, dan sasaran."),
    "target": DatasetSpec("target", "Target tahunan", (
        ColumnSpec("indikator", True, "kode indikator program (atau iks, atau kode salah satu dari "
                   "12 indikator keluarga)", _codes(LAYANAN_INDIKATOR), "k6"),
        ColumnSpec("tahun", True, "tahun target", _TAHUN, 2025, "bulat"),
        ColumnSpec("target_persen", True, "target tahunan dalam persen", "angka 0–100 (95 = 95%; tanda % boleh)",
                   95, "angka"),
        ColumnSpec("kode_wilayah", False, "kosong: target untuk semua wilayah; diisi: target khusus "
                   "satu provinsi, kabupaten/kota atau Puskesmas", "kode provinsi/kabupaten/kota (99.01) "
                   "atau kode Puskesmas yang sudah ada", "99.01", "kode"),
    ), ("indikator", "tahun", "kode_wilayah"),
        "Satu baris per indikator dan tahun; tambahkan baris dengan kode_wilayah untuk target "
        "yang berbeda di satu kabupaten/kota atau Puskesmas."),
}

DATASET_NAMES = tuple(SPECS)


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


_FORMATS = {"kode": "@", "tanggal": "yyyy-mm-dd", "bulat": "0", "angka": "General", "teks": "@"}


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
        if column.kind in ("kode", "teks"):
            data.column_dimensions[letter].number_format = "@"  # typed codes stay text
        data.column_dimensions[letter].width = max(len(column.name) + 3, len(str(column.example)) + 3, 10)
        head = data.cell(row=1, column=i, value=column.name)
        head.font, head.fill = bold, fill
        cell = data.cell(row=2, column=i, value=column.example)
        cell.number_format = _FORMATS[column.kind]
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
                 "sebelum mengisi data Anda. Nama kolom harus sama persis dengan baris judul.",
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
