"""Export: the numbers a dashboard view shows, one row per area, as CSV or XLSX bytes
(data-contract.md, "Views"). Each view is declared once in VIEWS; the command line and the
pages' download buttons read the same tables as the pages."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import Connection

from data_access.codes import Level, normalise_kemendagri, normalise_puskesmas
from data_access.filters import FILTER_LEVELS
from data_access.iks import iks_by_level, iks_years
from data_access.wilayah import NASIONAL, Area, AreaNotFound, Scope, resolve_area
from indicators.iks import Kategori, area_indicators
from indicators.registry import IKS_INDICATORS

EXPORT_LEVELS = FILTER_LEVELS  # the dashboard's own filter levels
FORMATS = ("csv", "xlsx")


class ExportError(ValueError):
    """A request that cannot be exported; the message is for the user (Bahasa Indonesia)."""


@dataclass(frozen=True)
class ExportRequest:
    tingkat: Level
    wilayah: Area
    tahun: int
    bulan: int | None = None
    indikator: str | None = None
    awal: bool = False


@dataclass(frozen=True)
class ExportView:
    """One exportable view: how to build its table, which options it takes, and what each
    column means (for the XLSX "Keterangan" sheet and the docs)."""

    name: str
    help: str
    build: Callable[[Connection, Scope, ExportRequest], pd.DataFrame]
    columns: dict[str, str]  # column → meaning (Bahasa Indonesia)
    required: tuple[str, ...] = ()  # options the view needs, e.g. ("indikator", "bulan")
    optional: tuple[str, ...] = ()  # options it accepts besides tahun, tingkat and wilayah
    number_formats: dict[str, str] = field(default_factory=dict)  # XLSX format per column


# --- resolving the request ----------------------------------------------------------------

_KEMENDAGRI_LEVEL = {0: Level.PROVINSI, 1: Level.KABUPATEN, 3: Level.DESA}


def resolve_wilayah(conn: Connection, scope: Scope, raw: str | None) -> Area:
    """The area a `--wilayah` code names, whatever its level: provinsi `99`, kabupaten
    `99.01`, a Puskesmas code, a desa code with or without dots. Without a code: the
    viewer's whole scope."""
    if raw is None or not str(raw).strip():
        return NASIONAL if scope.level == Level.NASIONAL else resolve_area(
            conn, scope, scope.level, scope.kode)
    text = str(raw).strip()
    candidates: list[tuple[Level, str]] = []
    dotted = normalise_kemendagri(text)
    if dotted is not None and dotted.count(".") in _KEMENDAGRI_LEVEL:
        candidates.append((_KEMENDAGRI_LEVEL[dotted.count(".")], dotted))
    puskesmas = normalise_puskesmas(text)
    if puskesmas is not None:
        candidates.append((Level.PUSKESMAS, puskesmas))
    found = []
    for level, kode in candidates:
        try:
            found.append(resolve_area(conn, scope, level, kode))  # OutOfScope is not swallowed
        except AreaNotFound:
            pass
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = ", ".join(f"{a.level.label.lower()} {a.nama}" for a in found)
        raise ExportError(f"Kode wilayah '{text}' tidak jelas: cocok dengan {names}.")
    if dotted is not None and dotted.count(".") == 2:
        raise ExportError(f"Kode '{text}' adalah kode kecamatan; ekspor memakai provinsi, "
                          "kabupaten/kota, Puskesmas, atau desa.")
    raise ExportError(f"Kode wilayah '{text}' tidak ditemukan: bukan kode provinsi, "
                      "kabupaten/kota, Puskesmas, atau desa yang ada di basis data.")


def check_tingkat(tingkat: Level, wilayah: Area) -> None:
    order = list(Level)
    if order.index(tingkat) < order.index(wilayah.level):
        allowed = ", ".join(lv.value for lv in EXPORT_LEVELS if order.index(lv) >= order.index(wilayah.level))
        raise ExportError(f"Tingkat {tingkat.value} berada di atas wilayah {wilayah.nama} "
                          f"({wilayah.level.label.lower()} {wilayah.kode}); pilih --tingkat {allowed}.")


# --- the iks view --------------------------------------------------------------------------

IKS_COUNTS = {  # export column ← summary column
    "jumlah_keluarga": "keluarga_iks",
    "keluarga_sehat": "sehat",
    "keluarga_pra_sehat": "pra_sehat",
    "keluarga_tidak_sehat": "tidak_sehat",
}
CAKUPAN = [f"cakupan_{i.code}" for i in IKS_INDICATORS]
IKS_COLUMNS = ["kode", "nama", *IKS_COUNTS, "iks", *CAKUPAN]

IKS_MEANING = {
    "kode": "kode wilayah: provinsi 99, kabupaten/kota 99.01, kode Puskesmas, desa 99.01.01.2001 "
            "(selalu bertitik)",
    "nama": "nama wilayah",
    "jumlah_keluarga": "keluarga yang IKS-nya terdefinisi (keluarga yang menjawab N pada ke-12 "
                       "indikator tidak dihitung)",
    "keluarga_sehat": "keluarga dengan IKS > 0,800",
    "keluarga_pra_sehat": "keluarga dengan IKS 0,500–0,800",
    "keluarga_tidak_sehat": "keluarga dengan IKS < 0,500",
    "iks": "IKS wilayah = keluarga_sehat / jumlah_keluarga, pecahan 0–1; kosong bila "
           "jumlah_keluarga 0",
    **{f"cakupan_{i.code}": f"{i.nomor}. {i.definition}: keluarga Y / (Y + T), pecahan 0–1; "
                            "kosong bila tidak ada jawaban Y atau T" for i in IKS_INDICATORS},
}

# the page's table has a few more columns than the contract's view
IKS_PAGE_EXTRA = {
    "keluarga_dikunjungi": "keluarga yang sudah dikunjungi (termasuk yang menjawab N semua)",
    "cakupan_kunjungan": "keluarga dikunjungi / keluarga terdaftar, pecahan 0–1; kosong bila "
                         "jumlah keluarga terdaftar belum lengkap",
    "iks_awal": "IKS dari kunjungan pertama setiap keluarga, pecahan 0–1",
    "perubahan": "iks − iks_awal",
    "kategori": "kategori IKS wilayah: sehat (> 0,800), pra_sehat (0,500–0,800), "
                "tidak_sehat (< 0,500); kosong tanpa data",
}
IKS_PAGE_COLUMNS = ["kode", "nama", "keluarga_dikunjungi", "cakupan_kunjungan", *IKS_COUNTS,
                    "iks_awal", "iks", "perubahan", "kategori", *CAKUPAN]

IKS_NUMBER_FORMATS = {
    **{c: "#,##0" for c in (*IKS_COUNTS, "keluarga_dikunjungi")},
    "iks": "0.000", "iks_awal": "0.000", "perubahan": "+0.000;-0.000;0.000",
    "cakupan_kunjungan": "0.0%", **{c: "0.0%" for c in CAKUPAN},
}


def iks_export(conn: Connection, scope: Scope, tingkat: Level, wilayah: Area, tahun: int,
               awal: bool = False) -> pd.DataFrame:
    """The `iks` view: one row per area of `tingkat` inside `wilayah`, sorted by kode, as of
    31 December of `tahun` (awal=True: each family's first visit). The same statement and
    formulas as the IKS page (data_access.iks, indicators.iks)."""
    check_tingkat(tingkat, wilayah)
    years = iks_years(conn, scope, wilayah)
    if tahun not in years:
        available = ", ".join(str(y) for y in years) or "belum ada"
        raise ExportError(f"Tidak ada data kunjungan keluarga untuk {wilayah.nama} tahun {tahun}. "
                          f"Tahun yang ada datanya: {available}.")
    rows = area_indicators(iks_by_level(conn, scope, wilayah, tingkat, tahun, awal=awal))
    return iks_table(rows).sort_values("kode", ignore_index=True)


def iks_table(rows: pd.DataFrame, *, page: bool = False) -> pd.DataFrame:
    """The export columns from per-area indicators (indicators.iks.area_indicators);
    page=True adds the columns the IKS page's table shows besides them."""
    out = rows.rename(columns={v: k for k, v in IKS_COUNTS.items()})
    for col in (*IKS_COUNTS, "keluarga_dikunjungi"):
        if col in out:
            out[col] = out[col].round().astype("Int64")
    if page:
        out["kategori"] = out["kategori"].where(out["kategori"].isin([k.value for k in Kategori]))
        return out[IKS_PAGE_COLUMNS].reset_index(drop=True)
    return out[IKS_COLUMNS].reset_index(drop=True)


def _iks_view(conn: Connection, scope: Scope, request: ExportRequest) -> pd.DataFrame:
    return iks_export(conn, scope, request.tingkat, request.wilayah, request.tahun, request.awal)


VIEWS: dict[str, ExportView] = {
    "iks": ExportView(
        name="iks",
        help="Indeks Keluarga Sehat per wilayah: jumlah keluarga per kategori, IKS, dan cakupan "
             "12 indikator PIS-PK",
        build=_iks_view,
        columns=IKS_MEANING,
        optional=("awal",),
        number_formats=IKS_NUMBER_FORMATS,
    ),
    # pws (issue 4) and kaskade (issue 5) join here with required=("indikator", "bulan")
}


def export_view(conn: Connection, scope: Scope, view: str, request: ExportRequest) -> pd.DataFrame:
    """Build the table of `view`; raises ExportError (or WilayahError) with a user message."""
    spec = VIEWS.get(view)
    if spec is None:
        raise ExportError(f"Tampilan '{view}' tidak dikenal; pilih salah satu: {', '.join(VIEWS)}.")
    missing = [name for name in spec.required if getattr(request, name) in (None, False)]
    if missing:
        raise ExportError(f"Tampilan {view} memerlukan " + ", ".join(f"--{m}" for m in missing) + ".")
    for name in ("bulan", "indikator", "awal"):
        if name not in spec.required + spec.optional and getattr(request, name) not in (None, False):
            raise ExportError(f"--{name} tidak berlaku untuk tampilan {view}.")
    return spec.build(conn, scope, request)


# --- writing --------------------------------------------------------------------------------

def output_format(path: str) -> str:
    """'csv' or 'xlsx' from a file name; ExportError otherwise."""
    suffix = str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
    if suffix not in FORMATS:
        raise ExportError(f"Berkas keluaran '{path}' harus berakhiran .csv atau .xlsx.")
    return suffix


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a header row, comma-separated, decimal point '.', empty cell for no data;
    fractions in full precision (machine-readable, not formatted for reading)."""
    return frame.to_csv(index=False, na_rep="", lineterminator="\n").encode("utf-8")


def to_xlsx(frame: pd.DataFrame, *, sheet: str = "Data", number_formats: dict[str, str] | None = None,
            keterangan: list[tuple[str, str]] | None = None) -> bytes:
    """One sheet of data (bold frozen header, numbers as numbers with a display format,
    column widths fitted to the content) and, when given, a "Keterangan" sheet of
    (label, text) rows: what was exported and what each column means."""
    formats = number_formats or {}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    widths = _column_widths(frame, formats)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "C2" if list(frame.columns[:2]) == ["kode", "nama"] else "A2"
    if len(frame.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F2F2F2")
    header = []
    for name in frame.columns:
        cell = WriteOnlyCell(ws, value=str(name))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    ws.append(header)
    columns = list(frame.columns)
    for values in frame.itertuples(index=False, name=None):
        row = []
        for name, value in zip(columns, values):
            value = _cell_value(value)
            if name in formats and value is not None:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = formats[name]
                row.append(cell)
            else:
                row.append(value)
        ws.append(row)
    if keterangan:
        notes = wb.create_sheet("Keterangan")
        notes.column_dimensions["A"].width = 24
        notes.column_dimensions["B"].width = 100
        for label, text in keterangan:
            first = WriteOnlyCell(notes, value=label)
            first.font = bold
            notes.append([first, text])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cell_value(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalars → Python numbers
        return value.item()
    return value


def _column_widths(frame: pd.DataFrame, formats: dict[str, str]) -> list[float]:
    widths = []
    for name in frame.columns:
        sample = frame[name].head(500)
        if name in formats:  # formatted numbers are short: "78,4%", "1.234", "0,833"
            longest = 10
        else:
            longest = int(sample.astype(str).str.len().max()) if len(sample) else 0
        widths.append(float(min(max(len(str(name)) + 2, longest + 2, 8), 50)))
    return widths


def export_notes(view: ExportView, request: ExportRequest, columns: list[str]) -> list[tuple[str, str]]:
    """The "Keterangan" sheet of an export: what was asked and what each column means."""
    wilayah = request.wilayah
    where = wilayah.nama if wilayah.kode is None else f"{wilayah.nama} ({wilayah.kode})"
    rows = [("Tampilan", f"{view.name}: {view.help}"),
            ("Tahun", str(request.tahun)),
            ("Tingkat", request.tingkat.label),
            ("Wilayah", where)]
    if request.bulan:
        rows.append(("Bulan", str(request.bulan)))
    if request.indikator:
        rows.append(("Indikator", request.indikator))
    if "awal" in view.optional:
        rows.append(("Keadaan", "IKS awal: kunjungan pertama setiap keluarga" if request.awal else
                     f"kunjungan terakhir setiap keluarga sampai 31 Desember {request.tahun}"))
    rows.append(("Dibuat", datetime.now().strftime("%Y-%m-%d %H:%M")))
    rows.append(("", ""))
    rows += [(col, view.columns.get(col, "")) for col in columns]
    return rows


def write_export(frame: pd.DataFrame, fmt: str, *, view: ExportView, request: ExportRequest) -> bytes:
    if fmt == "csv":
        return to_csv(frame)
    return to_xlsx(frame, sheet=view.name.upper(), number_formats=view.number_formats,
                   keterangan=export_notes(view, request, list(frame.columns)))


# --- the IKS page's download buttons ------------------------------------------------------

def iks_page_download(rows: pd.DataFrame, shown: Area, tahun: int, fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of the IKS page's table: the rows of data_access.iks.iks_area_table
    in the page's order, the contract's columns plus the page's own."""
    table = iks_table(rows, page=True)
    name = f"iks-{shown.kode or 'nasional'}-{tahun}.{fmt}"
    if fmt == "csv":
        return name, to_csv(table)
    meaning = {**IKS_MEANING, **IKS_PAGE_EXTRA}
    where = shown.nama if shown.kode is None else f"{shown.nama} ({shown.kode})"
    notes = [("Tampilan", "Tabel wilayah halaman IKS"), ("Tahun", str(tahun)),
             ("Wilayah", where),
             ("Keadaan", f"kunjungan terakhir setiap keluarga sampai 31 Desember {tahun}"),
             ("Dibuat", datetime.now().strftime("%Y-%m-%d %H:%M")), ("", "")]
    notes += [(col, meaning[col]) for col in table.columns]
    return name, to_xlsx(table, sheet="IKS", number_formats=IKS_NUMBER_FORMATS, keterangan=notes)
