"""Reading a CSV or XLSX import file as text, chunk by chunk, with the sheet's own row numbers.

Nothing is held whole: CSV goes through pandas' C parser in chunks; XLSX is opened with
openpyxl (sheet names, styles) after its zip directory passed ingest.limits, and its shared
strings and sheet rows stream through ingest.sheetxml, which bounds every cell. Every cell
comes out as stripped text ("" when empty) so that the checks are the same for both; XLSX
values are turned into the text a person would have typed (an Excel date becomes
YYYY-MM-DD, 12.0 becomes 12), and the reader says whether numbers may be Excel date serials
(only in XLSX, where a date cell without a date format shows as one).
"""
from __future__ import annotations

import codecs
import csv
import difflib
import re
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from ingest import limits
from ingest.report import Problem
from ingest.sheetxml import BadCell, LongText, SheetError, last_row_claimed, read_shared_strings, sheet_rows
from ingest.specs import DatasetSpec

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls) and other old Office files
# rows above the header allowed in a sheet (a title such as "DATA SASARAN 2025")
_TITLE_ROWS = 10


class FileProblem(Exception):
    """The file cannot be read as a table at all; `problems` says why (row-level where known)."""

    def __init__(self, problems: list[Problem], header: list[str] | None = None):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.header = header  # the header cells, when the header was the trouble


def file_problem(pesan: str, baris: int | None = None, kolom: str | None = None) -> FileProblem:
    return FileProblem([Problem(baris, kolom, pesan)])


@dataclass
class Chunk:
    frame: pd.DataFrame  # the spec columns found, as stripped text; blank rows removed
    rows: np.ndarray  # the spreadsheet row number of each row of `frame`
    read: int  # records read for this chunk, blank ones included (for progress)
    problems: list[Problem] = field(default_factory=list)  # rows the reader found malformed


@dataclass
class Table:
    """An opened import file: its header is checked, its rows not yet read."""

    path: Path
    kind: str  # "csv" or "xlsx"
    header_row: int
    columns: list[str]  # spec column names found, in file order
    positions: list[int]  # their 0-based positions in the file
    total: int | None  # an estimate of the records after the header, for progress
    warnings: list[str] = field(default_factory=list)
    delimiter: str | None = None
    sheet: str | None = None
    name: str | None = None  # the name the user gave the file: `path` may be a token copy

    @property
    def excel(self) -> bool:
        return self.kind == "xlsx"

    @property
    def file_name(self) -> str:
        """The file as messages name it."""
        return self.name or self.path.name

    def chunks(self, size: int = 50_000) -> Iterator[Chunk]:
        if self.kind == "csv":
            return _csv_chunks(self, size)
        return _xlsx_chunks(self, size)


def file_kind(path: Path, name: str) -> str:
    """"csv" or "xlsx" from the file name, checked against the first bytes."""
    suffix = Path(name).suffix.lower()
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise file_problem(f"Berkas {name} tidak dapat dibuka: {exc.strerror or exc}.") from exc
    if suffix == ".xls" or (suffix not in XLSX_SUFFIXES and head.startswith(_OLE_MAGIC)):
        raise file_problem(f"Berkas {name} berformat Excel lama (.xls), yang tidak didukung; "
                           "simpan ulang sebagai Excel Workbook (.xlsx) atau CSV UTF-8.")
    if suffix in XLSX_SUFFIXES:
        if not head.startswith(_ZIP_MAGIC):
            raise file_problem(f"Berkas {name} bukan XLSX yang sah (isinya bukan arsip Excel); "
                               "simpan ulang dari Excel sebagai .xlsx, atau sebagai CSV UTF-8.")
        return "xlsx"
    if suffix in CSV_SUFFIXES:
        if head.startswith(_ZIP_MAGIC):
            raise file_problem(f"Berkas {name} berakhiran {suffix} tetapi isinya arsip (XLSX/zip); "
                               "ganti akhiran namanya menjadi .xlsx, atau simpan ulang sebagai CSV.")
        return "csv"
    if suffix == "":  # an upload saved without its name: decide by content
        return "xlsx" if head.startswith(_ZIP_MAGIC) else "csv"
    raise file_problem(f"Jenis berkas '{suffix}' ({name}) tidak didukung untuk data tabel; "
                       "gunakan CSV (.csv, UTF-8, pemisah koma, titik koma atau tab) "
                       "atau Excel (.xlsx).")


def open_table(path: Path, spec: DatasetSpec, name: str, sheet: str | None = None) -> Table:
    kind = file_kind(path, name)
    if path.stat().st_size == 0:
        raise file_problem(f"Berkas {name} kosong (0 bita).")
    if kind == "csv":
        if sheet is not None:
            raise file_problem(f"--sheet hanya untuk berkas XLSX; {name} adalah CSV.")
        return _open_csv(path, spec, name)
    return _open_xlsx(path, spec, name, sheet)


# --- header ------------------------------------------------------------------------------

def normalise_header(text: object) -> str:
    """'Kode Desa ' and 'kode-desa' both become 'kode_desa'."""
    return re.sub(r"[\s\-]+", "_", str(text).strip().lower()) if text is not None else ""


def match_header(cells: list[str], spec: DatasetSpec, baris: int,
                 warnings: list[str]) -> tuple[list[str], list[int]]:
    """The spec columns found and their positions; raises FileProblem for duplicated,
    misspelt or missing columns (a misspelling is named with the column it resembles)."""
    known = spec.column_names
    found: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    problems: list[Problem] = []
    for i, cell in enumerate(cells):
        name = normalise_header(cell)
        if not name:
            continue
        if name in known:
            if name in found:
                problems.append(Problem(baris, name, f"kolom '{name}' muncul dua kali "
                                        f"(kolom ke-{found[name] + 1} dan ke-{i + 1})"))
            else:
                found[name] = i
        else:
            unknown.append((i, str(cell).strip()))
    missing = [c for c in known if c not in found]
    suggested: set[str] = set()
    for i, text in unknown:
        guess = difflib.get_close_matches(normalise_header(text), missing, n=1, cutoff=0.75)
        if guess:
            suggested.add(guess[0])
            problems.append(Problem(baris, text, f"kolom '{text}' tidak dikenal; "
                                                 f"maksudnya '{guess[0]}'?"))
        else:
            warnings.append(f"Kolom '{text}' (kolom ke-{i + 1}) tidak dikenal dan diabaikan.")
    for column in spec.required_columns:
        if column.name not in found and column.name not in suggested:
            problems.append(Problem(baris, column.name,
                                    f"kolom wajib '{column.name}' tidak ada di baris judul"))
    if problems:
        raise FileProblem(problems, header=[str(c) for c in cells])
    order = sorted(found.items(), key=lambda item: item[1])
    return [n for n, _ in order], [i for _, i in order]


def other_dataset(header: list[str], spec: DatasetSpec, specs) -> DatasetSpec | None:
    """The dataset whose required columns the header holds, when it is not `spec`'s."""
    names = {normalise_header(c) for c in header}
    for other in specs.values():
        if other.name != spec.name and other.columns and all(
                c.name in names for c in other.required_columns):
            return other
    return None


def _has_known_column(cells: list, spec: DatasetSpec) -> bool:
    return any(normalise_header(c) in spec.column_names for c in cells)


# --- CSV ---------------------------------------------------------------------------------

def _open_csv(path: Path, spec: DatasetSpec, name: str) -> Table:
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if b"\x00" in head:
        raise file_problem(f"Berkas {name} bukan berkas teks CSV (berisi data biner).")
    if len(head) == 1 << 16 and b"\n" not in head:  # the header is read from this block
        raise file_problem("baris judul lebih dari 65.536 bita; baris pertama harus berisi nama "
                           "kolom saja", baris=1)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        text = decoder.decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise _not_utf8(name, head[: exc.start].count(b"\n") + 1) from exc
    if not text.strip():
        with open(path, "rb") as f:
            if not f.read().decode("utf-8-sig", errors="replace").strip():
                raise file_problem(f"Berkas {name} kosong.")
    first = text.splitlines()[0] if text.splitlines() else ""
    if not first.strip():
        raise file_problem("baris judul kosong; baris pertama harus berisi nama kolom", baris=1)
    delimiter = _sniff_delimiter(first)
    cells = next(csv.reader([first], delimiter=delimiter))
    warnings: list[str] = []
    columns, positions = match_header(cells, spec, 1, warnings)
    lines = _count_lines(path)
    if lines - 1 > limits.MAX_ROWS:  # a quoted line break makes lines > records: rare here
        raise file_problem(limits.too_many_rows())
    return Table(path, "csv", 1, columns, positions, lines - 1, warnings, delimiter=delimiter, name=name)


def _sniff_delimiter(header: str) -> str:
    """The separator that splits the header into the most fields: column names hold no
    comma, semicolon or tab, and csv.Sniffer guesses wrong on one-row samples."""
    best, most = ",", 1
    for delimiter in (",", ";", "\t"):
        n = len(next(csv.reader([header], delimiter=delimiter)))
        if n > most:
            best, most = delimiter, n
    return best


def _count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


def _not_utf8(name: str, baris: int) -> FileProblem:
    return file_problem(f"berkas {name} bukan teks UTF-8 (mulai sekitar baris ini); simpan ulang "
                        "sebagai 'CSV UTF-8 (Comma delimited)'", baris=baris)


def _csv_chunks(table: Table, size: int) -> Iterator[Chunk]:
    n_fields = len(next(csv.reader([_first_line(table.path)], delimiter=table.delimiter)))
    # One column past the header's: a row one field too long fills it, a longer one stops
    # the parser with its line number. The header line is read as a row (and dropped) so
    # that the parser measures every data row against it: pandas drops surplus fields of
    # the first data row silently when the header is skipped or columns are chosen.
    start = 0
    shown = _shown(table.delimiter)
    long_cells = _LongCells()
    try:
        # inside the try: pandas decodes its first buffer (beyond the 64 KiB _open_csv
        # checked) as soon as the reader is made
        reader = pd.read_csv(
            table.path, sep=table.delimiter, header=None, names=list(range(n_fields + 1)),
            dtype=str, na_filter=False, keep_default_na=False, skip_blank_lines=False,
            encoding="utf-8-sig", chunksize=size, index_col=False, engine="c", quotechar='"',
        )
        for frame in reader:
            rows = np.arange(start, start + len(frame)) + table.header_row
            if start == 0:
                frame, rows = frame.iloc[1:], rows[1:]
            start += len(frame) + (start == 0)
            if start - 1 > limits.MAX_ROWS:  # the file grew since it was opened
                raise file_problem(limits.too_many_rows())
            overflow = frame[n_fields].fillna("").str.strip() != ""
            problems = [Problem(int(r), None, (
                f"baris ini berisi lebih banyak kolom daripada baris judul ({n_fields}); periksa "
                f"pemisah '{shown}' dan tanda kutip di isinya")) for r in rows[overflow.to_numpy()]]
            frame = frame[table.positions]
            frame.columns = table.columns
            chunk = _clean_chunk(frame, rows, long_cells)
            chunk.problems = problems + chunk.problems
            yield chunk
    except UnicodeDecodeError as exc:
        raise _not_utf8(table.file_name, table.header_row + start) from exc
    except pd.errors.ParserError as exc:
        raise _parser_problem(exc, table) from exc


def _first_line(path: Path) -> str:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        return f.readline(1 << 16).rstrip("\r\n")  # no longer than _open_csv allows


def _parser_problem(exc: Exception, table: Table) -> FileProblem:
    text = str(exc)
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if m:
        expected, line, saw = (int(g) for g in m.groups())
        expected -= 1  # the reader's extra column (see _csv_chunks)
        return file_problem(f"baris ini berisi {saw} kolom, baris judul {expected}; periksa "
                            f"pemisah '{_shown(table.delimiter)}' dan tanda kutip di isinya",
                            baris=line)
    return file_problem(f"Berkas {table.file_name} tidak dapat dibaca sebagai CSV: {text}")


def _shown(delimiter: str | None) -> str:
    return {"\t": "tab"}.get(delimiter or ",", delimiter or ",")


class _LongCells:
    """Counts a file's over-long cells; past limits.MAX_LONG_CELLS the file is hopeless."""

    def __init__(self) -> None:
        self.count = 0

    def add(self, problems: list[Problem], baris: int, kolom: str) -> None:
        self.count += 1
        problems.append(Problem(baris, kolom, limits.long_cell()))
        if self.count > limits.MAX_LONG_CELLS:
            problems.append(Problem(baris, None, limits.too_many_long_cells()))
            raise FileProblem(problems)


def _clean_chunk(frame: pd.DataFrame, rows: np.ndarray, long_cells: _LongCells | None = None) -> Chunk:
    """Stripped text, blank rows removed. A row with a cell over limits.MAX_CELL_CHARS is
    named in `problems` and left out, so that no later check quotes a megabyte of text."""
    read = len(frame)
    long_cells = long_cells or _LongCells()
    frame = frame.fillna("")
    blank = np.ones(len(frame), dtype=bool)
    too_long = np.zeros(len(frame), dtype=bool)
    problems: list[Problem] = []
    for column in frame.columns:
        values, long = _stripped(frame[column])
        frame[column] = values
        blank &= (values == "").to_numpy()
        if long is not None:
            too_long |= long
            for baris in rows[long]:
                long_cells.add(problems, int(baris), column)
    if too_long.any():
        problems.sort(key=lambda p: p.baris)
        blank |= too_long
    if blank.any():
        frame, rows = frame[~blank], rows[~blank]
    return Chunk(frame.reset_index(drop=True), rows, read, problems)


def _stripped(values: pd.Series) -> tuple[pd.Series, np.ndarray | None]:
    """values with surrounding spaces removed, touching only the values that have them
    (str.strip over every cell of a million-row file costs more than reading it), and
    which of them are longer than limits.MAX_CELL_CHARS (None: none are)."""
    uniques = pd.unique(values.to_numpy(dtype=object))
    cap = limits.MAX_CELL_CHARS
    padded = [u for u in uniques if u != u.strip()]
    long = [u for u in uniques if len(u) > cap]
    too_long = values.isin(long).to_numpy() if long else None
    if not padded:
        return values, too_long
    mask = values.isin(padded)
    values = values.copy()
    values[mask] = values[mask].str.strip()
    return values, too_long


# --- XLSX --------------------------------------------------------------------------------

@contextmanager
def _workbook(path: Path, name: str | None = None):
    """A read-only workbook, once the zip's directory passed ingest.limits. Opened from a
    file object: openpyxl refuses a path whose name does not end in .xlsx, and an upload is
    saved under a temporary name. What openpyxl would read whole however big (the shared
    strings; a sheet without a <dimension>, parsed to its end for max_row) is read by
    ingest.sheetxml instead."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.xml.constants import SHARED_STRINGS

    class BoundedSheet(ReadOnlyWorksheet):
        def _get_size(self):
            with self._get_source() as source:
                self._max_row = last_row_claimed(source)

    class BoundedReader(ExcelReader):
        def read_strings(self):
            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                with self.archive.open(part.PartName[1:]) as source:
                    self.shared_strings = read_shared_strings(source)

        def read_worksheets(self):  # openpyxl's, read-only branch, with BoundedSheet
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    self.read_chartsheet(sheet, rel)
                    continue
                ws = BoundedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)

    problem = limits.archive_problem(path, name or path.name)
    if problem:
        raise file_problem(problem)
    with open(path, "rb") as handle:
        reader = BoundedReader(handle, read_only=True, data_only=True)
        try:
            reader.read()
        except SheetError as exc:
            raise _sheet_problem(exc) from exc
        wb = reader.wb
        try:
            yield wb
        finally:
            wb.close()


def _sheet_rows(wb, ws, width: int = limits.MAX_COLUMNS,
                last_row: int | None = None) -> Iterator[tuple[int, list]]:
    """(row number, cell values) of the rows of `ws` that have cells (see ingest.sheetxml)."""
    with wb._archive.open(ws._worksheet_path) as source:  # openpyxl's own handles
        yield from sheet_rows(source, ws._shared_strings, date_styles=wb._date_formats,
                              timedelta_styles=wb._timedelta_formats, epoch=wb.epoch,
                              width=width, last_row=last_row)


def _sheet_problem(exc: SheetError, columns: dict[int, str] | None = None) -> FileProblem:
    kolom = None
    if exc.kolom is not None:
        kolom = (columns or {}).get(exc.kolom) or _column_letter(exc.kolom + 1)
    return file_problem(exc.pesan, baris=exc.baris, kolom=kolom)


def _open_xlsx(path: Path, spec: DatasetSpec, name: str, sheet: str | None) -> Table:
    with ExitStack() as stack:
        try:
            wb = stack.enter_context(_workbook(path, name))
        except FileProblem:
            raise
        except Exception as exc:  # zipfile, KeyError, InvalidFileException...: the user needs the text
            raise file_problem(f"Berkas {name} tidak dapat dibaca sebagai XLSX: {exc}") from exc
        try:
            return _xlsx_table(wb, path, spec, name, sheet)
        except SheetError as exc:
            raise _sheet_problem(exc) from exc


def _xlsx_table(wb, path: Path, spec: DatasetSpec, name: str, sheet: str | None) -> Table:
    names = wb.sheetnames
    if sheet is not None and sheet not in names:
        raise file_problem(f"Lembar '{sheet}' tidak ada di {name}; lembar yang ada: "
                           + ", ".join(names) + ".")
    if not wb.worksheets:
        raise file_problem(f"Berkas {name} tidak berisi lembar kerja.")
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    total = ws.max_row  # from the sheet's dimension, when the writer recorded it
    if total is not None:
        total = min(total, limits.MAX_ROWS)  # a claim, only for the progress bar
    header_row, cells = _find_header(wb, ws, spec)
    if header_row is None:
        raise file_problem(f"Lembar '{ws.title}' di {name} kosong.")
    merges = merged_ranges(wb, ws)
    warnings: list[str] = []
    header_merges = [m for m in merges if m[1] <= header_row <= m[3]]
    if header_merges:
        raise FileProblem([
            Problem(header_row, _header_name(cells, c0),
                    f"sel judul {_ref(m)} digabung (merge); pisahkan sel judul agar setiap "
                    "kolom punya satu nama di satu sel")
            for m in header_merges for c0 in [m[0] - 1]
        ])
    columns, positions = match_header(cells, spec, header_row, warnings)
    return Table(path, "xlsx", header_row, columns, positions,
                 None if total is None else max(total - header_row, 0), warnings,
                 sheet=ws.title, name=name)


def _header_name(cells: list, index: int) -> str:
    if 0 <= index < len(cells) and str(cells[index] or "").strip():
        return str(cells[index]).strip()
    return _column_letter(index + 1)


def _find_header(wb, ws, spec: DatasetSpec) -> tuple[int | None, list[str]]:
    """The first non-empty row, or a later one among the first few that names a known
    column (a title above the table)."""
    first: tuple[int, list[str]] | None = None
    seen = 0
    for number, values in _sheet_rows(wb, ws):
        for i, v in enumerate(values):
            if isinstance(v, BadCell):
                raise file_problem(v.pesan, baris=number, kolom=_column_letter(i + 1))
        cells = [_cell_text(v) for v in values]
        if not any(cells):
            continue
        if _has_known_column(cells, spec):
            return number, cells
        if first is None:
            first = (number, cells)
        seen += 1
        if seen >= _TITLE_ROWS:
            break
    return (first[0], first[1]) if first else (None, [])


def _xlsx_chunks(table: Table, size: int) -> Iterator[Chunk]:
    positions = table.positions
    width = max(positions) + 1
    names = dict(zip(positions, table.columns, strict=True))
    long_cells = _LongCells()
    with _workbook(table.path, table.file_name) as wb:
        ws = wb[table.sheet]
        buffer: list[list[str]] = []
        numbers: list[int] = []
        problems: list[Problem] = []
        rows = _sheet_rows(wb, ws, width, last_row=table.header_row + limits.MAX_ROWS)
        try:
            for number, values in rows:
                if number <= table.header_row:
                    continue
                if len(values) < width:
                    values = values + [None] * (width - len(values))
                cells = [values[p] for p in positions]
                if any(isinstance(v, BadCell) for v in cells):
                    for p, v in zip(positions, cells, strict=True):
                        if isinstance(v, LongText):
                            long_cells.add(problems, number, names[p])
                        elif isinstance(v, BadCell):
                            problems.append(Problem(number, names[p], v.pesan))
                    continue  # left out: no later check quotes its text
                buffer.append([_cell_text(v) for v in cells])
                numbers.append(number)
                if len(buffer) >= size:
                    yield _xlsx_chunk(buffer, numbers, table.columns, problems)
                    buffer, numbers, problems = [], [], []
        except SheetError as exc:
            raise FileProblem(problems + _sheet_problem(exc, names).problems) from exc
        if buffer or problems:
            yield _xlsx_chunk(buffer, numbers, table.columns, problems)


def _xlsx_chunk(buffer: list[list[str]], numbers: list[int], columns: list[str],
                problems: list[Problem]) -> Chunk:
    frame = pd.DataFrame(buffer, columns=columns, dtype=str)
    chunk = _clean_chunk(frame, np.asarray(numbers, dtype=np.int64))
    chunk.problems = problems
    return chunk


def _cell_text(value: object) -> str:
    """The text a person would have typed into the cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value).strip()


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def merged_ranges(wb, ws) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of every merged range of the sheet. Read-only
    worksheets do not expose merges, so the sheet's XML is scanned in blocks (the
    <mergeCells> element follows the cell data)."""
    ranges = []
    try:
        source = wb._archive.open(ws._worksheet_path)  # openpyxl's own handles: no second unzip
    except (AttributeError, KeyError, zipfile.BadZipFile):
        return ranges
    with source:
        tail = b""
        while block := source.read(1 << 20):
            data = tail + block
            last = 0
            for m in _MERGE.finditer(data):
                c0, r0, c1, r1 = m.groups()
                c1, r1 = c1 or c0, r1 or r0
                ranges.append((_column_number(c0.decode()), int(r0),
                               _column_number(c1.decode()), int(r1)))
                last = m.end()
            tail = data[max(last, len(data) - 200):]
    return ranges


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _ref(m: tuple[int, int, int, int]) -> str:
    return f"{_column_letter(m[0])}{m[1]}:{_column_letter(m[2])}{m[3]}"


def data_merges(table: Table) -> list[Problem]:
    """Merged cells below the header: only the first cell of a merge holds the value, the
    others read as empty, which is never what the person who merged them meant."""
    with _workbook(table.path, table.file_name) as wb:
        merges = merged_ranges(wb, wb[table.sheet])
    problems = []
    for m in merges:
        if m[3] > table.header_row:
            col = m[0] - 1
            kolom = (table.columns[table.positions.index(col)] if col in table.positions
                     else _column_letter(m[0]))
            problems.append(Problem(max(m[1], table.header_row + 1), kolom,
                                    f"sel {_ref(m)} digabung (merge); pisahkan dan isi setiap sel"))
    return problems
