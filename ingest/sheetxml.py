"""Streaming an XLSX worksheet and its shared strings with expat, every cell's text bounded.

openpyxl's parsers build each XML element whole (a 300 MB cell cost 2 GB before anyone could
measure it) and fill gaps in row numbers with empty rows (`<row r="1000000000">` is a billion
of them). Here expat is fed 64 KiB at a time and hands character data over in pieces of at
most that size: a cell's text is kept only while it is within limits.MAX_CELL_CHARS, beyond
that only its length is counted (LongText). Rows come out with their own numbers, gaps are
skipped, and row numbers and column letters are checked against the limits as they appear.

Values are what openpyxl gives with data_only=True (the cached result of a formula), so the
reader turns them into text the same way: int/float, bool, datetime for date-formatted
numbers, str, None.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator
from xml.parsers import expat

from openpyxl.utils.datetime import from_excel, from_ISO8601

from indicators.format import angka
from ingest import limits

_FEED = 1 << 16


class BadCell:
    """A cell the reader will not hand on as a value; `pesan` says why."""

    __slots__ = ()
    pesan = ""


class LongText(BadCell):
    """A cell whose text passed limits.MAX_CELL_CHARS: its length so far, never the text."""

    __slots__ = ("length",)

    def __init__(self, length: int):
        self.length = length

    @property
    def pesan(self) -> str:
        return limits.long_cell()

    def __repr__(self) -> str:
        return f"LongText({self.length})"


class MissingString(BadCell):
    """A shared-string cell whose number is not in the table."""

    __slots__ = ("ref",)

    def __init__(self, ref: str):
        self.ref = ref[:20]

    @property
    def pesan(self) -> str:
        return f"sel merujuk teks bersama nomor {self.ref}, yang tidak ada di berkas"


class SheetError(Exception):
    """The sheet breaks a limit or is not well-formed XML: where (as far as known) and why."""

    def __init__(self, baris: int | None, kolom: int | None, pesan: str):
        super().__init__(pesan)
        self.baris, self.kolom, self.pesan = baris, kolom, pesan


def _local(name: str) -> str:
    return name.rpartition(":")[2] if ":" in name else name


def _feed(parser, source, where) -> Iterator[None]:
    """Feed `source` to `parser` block by block, yielding after each block."""
    try:
        while block := source.read(_FEED):
            parser.Parse(block, False)
            yield
        parser.Parse(b"", True)
        yield
    except expat.ExpatError as exc:
        raise SheetError(where(), None, f"isi XML rusak ({expat.ErrorString(exc.code)}, "
                                        f"baris XML {exc.lineno})") from exc


class SharedStrings:
    """The workbook's shared-string table, packed: the UTF-8 bytes of every string in one
    bytearray and their offsets in an array (a list of a million str objects costs 60 bytes
    each before their text). Over-long strings are kept as their length only."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("q")
        self._long: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int):
        if index in self._long:
            return LongText(self._long[index])
        start = self._ends[index - 1] if index else 0
        return self._data[start:self._ends[index]].decode()

    def _append(self, text: str | None, length: int) -> None:
        if text is None:
            self._long[len(self._ends)] = length
        else:
            self._data += text.encode()
        self._ends.append(len(self._data))


def read_shared_strings(source) -> SharedStrings:
    """The <si> items of xl/sharedStrings.xml: the text of their <t> and <r><t> children
    (phonetic <rPh> runs left out, as openpyxl does), its `x005F_` escapes undone as it does."""
    table = SharedStrings()
    cap = limits.MAX_CELL_CHARS
    state = {"in_si": False, "rph": 0, "text": False, "parts": [], "length": 0}
    parts: list[str] = state["parts"]

    def start(name, attrs):
        name = _local(name)
        if name == "si":
            state["in_si"], state["length"] = True, 0
            parts.clear()
        elif name == "t" and state["in_si"] and not state["rph"]:
            state["text"] = True
        elif name == "rPh":
            state["rph"] += 1

    def end(name):
        name = _local(name)
        if name == "t":
            state["text"] = False
        elif name == "rPh":
            state["rph"] -= 1
        elif name == "si":
            state["in_si"] = False
            if len(table) >= limits.MAX_SHARED_STRINGS:
                raise SheetError(None, None, limits.too_many_strings())
            if state["length"] > cap:
                table._append(None, state["length"])
            else:
                table._append("".join(parts).replace("x005F_", ""), state["length"])

    def data(text):
        if state["text"]:
            state["length"] += len(text)
            if state["length"] <= cap:
                parts.append(text)

    parser = _parser(start, end, data)
    for _ in _feed(parser, source, lambda: None):
        pass
    return table


def _parser(start, end, data):
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = _FEED
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = _no_doctype
    return parser


def _no_doctype(*args):
    # XLSX parts have no DTD; one here can only be there to define entities (billion laughs)
    raise SheetError(None, None, "isi XML berisi <!DOCTYPE>, yang tidak pernah ada di XLSX")


class _Found(Exception):
    pass


def last_row_claimed(source) -> int | None:
    """The last row number the sheet's <dimension ref="A1:E100"> claims (for a progress bar
    only), or None. Reads up to <sheetData>: openpyxl's own max_row, when the dimension is
    missing, parses the whole sheet and holds its longest cell."""
    found: list[int | None] = [None]

    def start(name, attrs):
        name = _local(name)
        if name == "dimension":
            last = attrs.get("ref", "").rpartition(":")[2].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            found[0] = int(last) if last.isdigit() else None
            raise _Found
        if name == "sheetData":
            raise _Found

    parser = _parser(start, lambda name: None, lambda text: None)
    try:
        for _ in _feed(parser, source, lambda: None):
            pass
    except (_Found, SheetError):
        pass
    return found[0]


_COLUMNS: dict[str, int] = {}


def column_index(letters: str) -> int:
    """'A' → 0, 'AB' → 27."""
    index = _COLUMNS.get(letters)
    if index is None:
        index = 0
        for ch in letters:
            index = index * 26 + (ord(ch.upper()) - 64)
        index -= 1
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = index
    return index


def sheet_rows(source, strings, *, date_styles=frozenset(), timedelta_styles=frozenset(),
               epoch=None, width: int = limits.MAX_COLUMNS,
               last_row: int | None = None) -> Iterator[tuple[int, list]]:
    """(row number, values) for each <row> of a worksheet's XML that has cells, values by
    0-based column up to `width` (cells further right are read and dropped). A row numbered
    past `last_row` or a column past Excel's last stops the reading with a SheetError."""
    cap = limits.MAX_CELL_CHARS
    max_col = limits.MAX_COLUMNS
    ready: list[tuple[int, list]] = []
    s = {"row": 0, "cells": None, "col": -1, "type": "n", "style": 0, "text": False,
         "in_is": False, "rph": 0, "length": 0, "in_c": False}
    parts: list[str] = []

    def start(name, attrs):
        if ":" in name:
            name = _local(name)
        if name == "c":
            ref = attrs.get("r")
            if ref:
                col = column_index(ref.rstrip("0123456789"))
            else:
                col = s["col"] + 1
            if col >= max_col or col < 0:
                raise SheetError(s["row"], None, (
                    f"sel {ref or ''} di luar kolom terakhir Excel (XFD, kolom ke-"
                    f"{angka(max_col)})"))
            s["col"] = col
            s["type"] = attrs.get("t", "n")
            style = attrs.get("s")
            s["style"] = int(style) if style else 0
            s["in_c"], s["length"] = True, 0
            parts.clear()
        elif name == "v":
            s["text"] = s["in_c"]
        elif name == "t":
            s["text"] = s["in_is"] and not s["rph"]
        elif name == "is":
            s["in_is"] = True
        elif name == "rPh":
            s["rph"] += 1
        elif name == "row":
            r = attrs.get("r")
            number = int(r) if r and r.isdigit() else s["row"] + 1
            if last_row is not None and number > last_row:
                raise SheetError(number, None, limits.too_many_rows())
            s["row"], s["col"], s["cells"] = number, -1, []

    def end(name):
        if ":" in name:
            name = _local(name)
        if name == "c":
            s["in_c"] = False
            col = s["col"]
            cells = s["cells"]
            if col < width and cells is not None:
                value = _value(s["type"], s["style"], s["length"], parts)
                if col >= len(cells):
                    cells.extend([None] * (col - len(cells)))
                    cells.append(value)
                else:
                    cells[col] = value
        elif name in ("v", "t"):
            s["text"] = False
        elif name == "is":
            s["in_is"] = False
        elif name == "rPh":
            s["rph"] -= 1
        elif name == "row":
            if s["cells"]:
                ready.append((s["row"], s["cells"]))
            s["cells"] = None

    def data(text):
        if s["text"]:
            s["length"] += len(text)
            if s["length"] <= cap:
                parts.append(text)

    def _value(kind, style, length, parts):
        if length > cap:
            return LongText(length)
        if not parts:
            return None
        text = "".join(parts) if len(parts) > 1 else parts[0]
        if kind == "n":
            try:
                number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
            except ValueError:
                return text
            if style in date_styles:
                try:
                    return from_excel(number, epoch, timedelta=style in timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            try:
                return strings[int(text)]
            except (ValueError, IndexError):
                return MissingString(text)
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return from_ISO8601(text)
            except ValueError:
                return text
        return text  # str (a formula's text), inlineStr, e (#N/A …)

    parser = _parser(start, end, data)
    for _ in _feed(parser, source, lambda: s["row"] or None):
        if ready:
            yield from ready
            ready.clear()
