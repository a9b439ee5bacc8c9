"""Every table of the app on Dash AG Grid, built one way: a Bootstrap-like theme legible on a
projector, Indonesian texts and numbers (1.234,5 and 78,4%; "–" for no data, never 0),
sorting on every column by the value itself, the name column pinned left, and a button that
downloads exactly what the table shows as CSV.

Functions in the column definitions are `{"function": "..."}` expressions, which dash-ag-grid
evaluates with its own interpreter, calling the functions of assets/grid.js: the
Content-Security-Policy has no 'unsafe-eval', so a plain string expression (AG Grid's own
`new Function`) would be blocked. Every name used below is in GRID_FUNCTIONS.

For a grid built elsewhere with dag.AgGrid directly, the same look and behaviour (theme,
Indonesian texts, the column types below, the CSS of assets/style.css) is one line:
`dag.AgGrid(..., dashGridOptions=GRID_OPTIONS, defaultColDef=DEFAULT_COL_DEF,
className=GRID_CLASS, csvExportParams=csv_export("nama-berkas"))`."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from figures.palette import FONT, TEKS
from indicators.format import NO_DATA
from indicators.pws import STATUSES
from layouts.ids import Grid

# The functions of assets/grid.js (window.dashAgGridFunctions); tests/test_grid.py checks
# that the file defines each one and that no column uses another.
NUMBER = "gridNumber"        # (value, decimals, unit) → '1.234,5', '385,0 per 100.000', '–'
PERCENT = "gridPercent"      # (fraction, decimals) → '78,4%'
CHANGE = "gridChange"        # (value, decimals) → '+0,052', '−0,010', '±0,000'
TEXT = "gridText"            # (value, empty) → the text, or `empty` for none
TEXT_OF = "gridTextOf"       # (data, field) → the text in another field of the row, or '–'
CLASS_OF = "gridClassOf"     # (data, field, prefix, allowed, base) → [base, prefix + value]
CLASS_IF = "gridClassIf"     # (value, class, base) → [base, class] when value is not empty
CSV_CELL = "gridCsvCell"     # processCellCallback: the shown text, a formula start neutralised
CSV_HEADER = "gridCsvHeader"  # processHeaderCallback: the shown header, neutralised
GRID_FUNCTIONS = (NUMBER, PERCENT, CHANGE, TEXT, TEXT_OF, CLASS_OF, CLASS_IF, CSV_CELL, CSV_HEADER)
# the clientside callback of the CSV buttons (callbacks/grid.py): window.dash_clientside.grid
CLIENTSIDE_NAMESPACE, CLIENTSIDE_EXPORT = "grid", "exportCsv"

GRID_CLASS = "app-grid"  # the grids' own CSS in assets/style.css
ROW_HEIGHT = 40  # px, with the 15 px type below
NUMBER_CELL = "grid-number"  # right-aligned, tabular figures (assets/style.css)
FLAG_CELL = "grid-flag"      # a value that needs checking (kaskade: a step above the one before)
HIGHLIGHT_ROW = "grid-highlight"  # a row framed: the filter's own desa among its neighbours

# AG Grid's own words (overlays, pagination, screen-reader labels) in Bahasa Indonesia
LOCALE_TEXT = {
    "noRowsToShow": "Tidak ada baris",
    "noMatchingRows": "Tidak ada baris yang cocok",
    "loadingOoo": "Memuat…",
    "page": "Halaman", "of": "dari", "to": "sampai", "more": "lainnya",
    "firstPage": "Halaman pertama", "lastPage": "Halaman terakhir",
    "nextPage": "Halaman berikutnya", "previousPage": "Halaman sebelumnya",
    "pageSizeSelectorLabel": "Baris per halaman:", "ariaPageSizeSelectorLabel": "Baris per halaman",
    "sortAscending": "Urutkan naik", "sortDescending": "Urutkan turun", "sortUnSort": "Hapus urutan",
    "ariaSortableColumn": "Tekan ENTER untuk mengurutkan",
    "ariaSortableColumnWithCellSelection": "Tekan ALT ENTER untuk mengurutkan",
    "ariaChecked": "dicentang", "ariaUnchecked": "tidak dicentang", "ariaIndeterminate": "sebagian",
    "ariaRowSelectAll": "Tekan SPASI untuk memilih semua baris",
    "ariaRowToggleSelection": "Tekan SPASI untuk memilih baris ini",
    "ariaRowSelectionDisabled": "Baris ini tidak dapat dipilih",
    "ariaHeaderSelection": "Kolom pilihan baris",
    "ariaSkeletonCellLoading": "Baris sedang dimuat",
    "ariaDeferSkeletonCellLoading": "Sel sedang dimuat",
    "ariaSkeletonCellLoadingFailed": "Baris gagal dimuat",
    "ariaLabelColumnMenu": "Menu kolom", "ariaLabelColumnFilter": "Saring kolom",
    "ariaLabelTooltip": "Keterangan",
    "invalidNumber": "Angka tidak sah", "invalidDate": "Tanggal tidak sah",
    "blanks": "(Kosong)",
    "thousandSeparator": ".", "decimalSeparator": ",",
}

# The app's Bootstrap look: its font and text colour, Bootstrap's borders and radius, the
# grey header of the earlier tables; 15 px type (legible at 1024 px on a projector).
THEME_PARAMS = {
    "fontFamily": FONT, "fontSize": 15, "headerFontSize": 15, "headerFontWeight": 600,
    "foregroundColor": TEKS, "textColor": TEKS, "backgroundColor": "#FFFFFF",
    "headerBackgroundColor": "#F2F2F2", "headerTextColor": TEKS,
    "borderColor": "#DEE2E6", "rowBorder": True, "columnBorder": False, "wrapperBorderRadius": 6,
    "borderRadius": 4, "oddRowBackgroundColor": "#F8F9FA", "rowHoverColor": "#E7F1FF",
    "selectedRowBackgroundColor": "#CFE2FF", "accentColor": "#0D6EFD", "spacing": 6,
    "rowHeight": ROW_HEIGHT, "cellHorizontalPadding": 10,
}
THEME = {"function": f"themeQuartz.withParams({json.dumps(THEME_PARAMS)})"}


def _call(name: str, *args) -> dict:
    """{"function": "name(params.value, 1, "unit")"}: literal arguments as JSON, so that a
    label can never break out of its string."""
    parts = [a if isinstance(a, _Expr) else json.dumps(a, ensure_ascii=False) for a in args]
    return {"function": f"{name}({', '.join(parts)})"}


class _Expr(str):
    """An argument written as an expression (params.value), not as a JSON literal."""


VALUE, DATA = _Expr("params.value"), _Expr("params.data")
MIN_WIDTH = 110  # px: a column narrower than this scrolls rather than shrinks


def _number_type(formatter: dict) -> dict:
    return {"valueFormatter": formatter, "cellClass": NUMBER_CELL, "headerClass": "ag-right-aligned-header"}


# What a column holds, said once (AG Grid's columnTypes), so that the columns callbacks send
# are short: {"field": ..., "headerName": ..., "type": "percent1"}. Text is the default.
DECIMALS = range(4)
COLUMN_TYPES = {
    **{f"number{d}": _number_type(_call(NUMBER, VALUE, d, None)) for d in DECIMALS},
    **{f"percent{d}": _number_type(_call(PERCENT, VALUE, d)) for d in DECIMALS},
    **{f"change{d}": _number_type(_call(CHANGE, VALUE, d)) for d in DECIMALS},
    "textOrDash": {"valueFormatter": _call(TEXT, VALUE, NO_DATA)},
}
NUMBER_TYPES = frozenset(t for t in COLUMN_TYPES if t != "textOrDash")

GRID_OPTIONS = {
    "theme": THEME,
    "localeText": LOCALE_TEXT,
    "columnTypes": COLUMN_TYPES,
    "domLayout": "autoHeight",
    "animateRows": False,
    "accentedSort": True,                # names sorted as words (localeCompare), not by code point
    "enableCellTextSelection": True,     # a value can be selected and copied, as before
    "ensureDomOrder": True,              # screen readers and copied text follow what is seen
    "suppressColumnVirtualisation": True,  # every column in the page, also those scrolled aside
    "suppressFieldDotNotation": True,    # a field named 'a.b' (an uploaded header) is one field
    "suppressDragLeaveHidesColumns": True,
}
DEFAULT_COL_DEF = {
    "sortable": True, "resizable": True,
    "wrapHeaderText": True, "autoHeaderHeight": True,
    "cellDataType": False,  # the columns below say how to show a value; no guessing from data
    "minWidth": MIN_WIDTH, "flex": 1,
    "valueFormatter": _call(TEXT, VALUE, ""),  # text as it is; an empty note is no note
}


def csv_export(file_name: str) -> dict:
    """AG Grid's CSV parameters: the columns and rows as shown (order, sort, formatted
    text), the file named in Bahasa Indonesia; text starting a formula gets a leading "'"
    (as exports.writers does), numbers stay as shown."""
    return {"fileName": file_name if file_name.endswith(".csv") else f"{file_name}.csv",
            "processCellCallback": {"function": f"{CSV_CELL}(params)"},
            "processHeaderCallback": {"function": f"{CSV_HEADER}(params)"}}


# --- columns --------------------------------------------------------------------------------

def _column(field: str, header: str, min_width: int, flex: int = 1, **more) -> dict:
    """A column with only what differs from DEFAULT_COL_DEF."""
    col = {"field": field, "headerName": header, **more}
    if min_width != MIN_WIDTH:
        col["minWidth"] = min_width
    if flex != 1:
        col["flex"] = flex
    return col


def text_column(field: str, header: str, *, width: int | None = None, min_width: int = MIN_WIDTH,
                wrap: bool = False, empty: str = "", flex: int = 1) -> dict:
    """Text as it is; `empty` for none ("" by default: an empty note is no note).
    `wrap`: long text wraps inside the column and the row grows; `flex`: the column's share
    of the width left over (a long note takes more)."""
    col = _column(field, header, min_width, 0 if width else flex)
    if empty == NO_DATA:
        col["type"] = "textOrDash"
    elif empty:
        col["valueFormatter"] = _call(TEXT, VALUE, empty)
    if width:
        col["width"] = width
    if wrap:
        col.update(wrapText=True, autoHeight=True)
    return col


def is_number(column: dict) -> bool:
    """Whether the column holds numbers (number_column, percent_column)."""
    return column.get("type") in NUMBER_TYPES


def number_column(field: str, header: str, *, decimals: int = 0, unit: str | None = None,
                  signed: bool = False, min_width: int = MIN_WIDTH) -> dict:
    """A number the Indonesian way (1.234,5), `unit` after it; sorted as a number. `signed`:
    a change, '+0,052' / '−0,010'."""
    if decimals not in DECIMALS:
        raise ValueError(f"{field}: {decimals} desimal; tabel menampilkan 0–3")
    col = _column(field, header, min_width, type=f"{'change' if signed else 'number'}{decimals}")
    if unit and not signed:
        col["valueFormatter"] = _call(NUMBER, VALUE, decimals, unit)
    return col


def percent_column(field: str, header: str, *, decimals: int = 1, min_width: int = MIN_WIDTH) -> dict:
    """A fraction shown as a percentage: 0.784 → '78,4%'."""
    if decimals not in DECIMALS:
        raise ValueError(f"{field}: {decimals} desimal; tabel menampilkan 0–3")
    return _column(field, header, min_width, type=f"percent{decimals}")


def shown_as(column: dict, text_field: str) -> dict:
    """The column sorted by its own value but shown as the row's `text_field` (a value
    formatted in Python, e.g. each indicator in its own unit)."""
    return {**column, "valueFormatter": _call(TEXT_OF, DATA, text_field)}


def _own_class(column: dict):
    return NUMBER_CELL if is_number(column) else column.get("cellClass")


def coloured(column: dict, *, by: str, prefix: str, values: Iterable[str]) -> dict:
    """The column's cells get the CSS class `prefix + row[by]` (e.g. status-jelek), for the
    values listed only, beside the column's own class."""
    return {**column, "cellClass": _call(CLASS_OF, DATA, by, prefix, list(values), _own_class(column))}


def status_column(field: str = "status_label", header: str = "Status", *, by: str = "status",
                  min_width: int = 100) -> dict:
    """The PWS status word on its status colour (the .status-* classes of the chips)."""
    return coloured(text_column(field, header, min_width=min_width, empty=NO_DATA),
                    by=by, prefix="status-", values=STATUSES)


def flagged(column: dict) -> dict:
    """The column's non-empty cells marked as needing a look (FLAG_CELL)."""
    return {**column, "cellClass": _call(CLASS_IF, VALUE, FLAG_CELL, _own_class(column))}


def pinned(columns: Sequence[dict], fields: str | Sequence[str] | None, width: int = 220) -> list[dict]:
    """The columns with `fields` pinned left at a fixed width: they stay in sight while
    the others scroll sideways (a 1024 px projector). Pinned columns are the first ones,
    so that pinning changes no order."""
    fields = (fields,) if isinstance(fields, str) else tuple(fields or ())
    out = []
    for col in columns:
        if col.get("field") in fields:
            col = {**col, "pinned": "left", "lockPinned": True, "flex": 0,
                   "width": col.get("width") or width}
        out.append(col)
    return out


# --- the grid -------------------------------------------------------------------------------

def data_downloads(csv_id, xlsx_id, download_id) -> list:
    """A page's contract downloads (exports/, docs/ekspor.md), beside a grid's own CSV: every
    row with its area code and plain numbers, for further work."""
    note = "Data tabel dengan kode wilayah dan angka tanpa format, untuk diolah lagi"
    return [
        dbc.Button("Unduh data (CSV)", id=csv_id, color="secondary", outline=True, size="sm", title=note),
        dbc.Button("Unduh data (XLSX)", id=xlsx_id, color="secondary", outline=True, size="sm", title=note),
        dcc.Download(id=download_id),
    ]


def height_for(rows: int, *, visible: int = 15, header: int = 64) -> dict:
    """A fixed-height grid's style for `rows` rows: all of them up to `visible`, then it
    scrolls (its rows are virtualised). `header`: room for a header wrapped on two lines."""
    return {"height": f"{header + ROW_HEIGHT * max(1, min(rows, visible)) + 18}px", "width": "100%"}


def grid(grid_id, columns: Sequence[dict], *, file_name: str, pin: str | Sequence[str] | None = "nama",
         rows: list[dict] | None = None, height: int | None = None, page_size: int | None = None,
         pin_width: int = 220, row_id: str | None = None, select: bool = False,
         highlight: str | None = None, actions: Sequence = ()) -> html.Div:
    """A table: the grid, then its "Unduh CSV tabel ini" button (and `actions` beside it).

    The grid fits its rows (tables of a few dozen rows) unless `height` (a number of rows)
    gives it a fixed height that scrolls, its rows virtualised (long tables whose rows do not
    wrap; callbacks fit it to their rows with height_for), or `page_size` shows that many
    rows a page (long tables whose text wraps). The CSV holds every row either way.
    `row_id`: the field that names a row (for `select`, single-row selection by click).
    `highlight`: a field true on the rows to frame (HIGHLIGHT_ROW)."""
    gridopts = dict(GRID_OPTIONS)
    style = {"width": "100%"}
    if height is not None:
        gridopts["domLayout"] = "normal"
        style = height_for(height, visible=height)
    if page_size is not None:
        gridopts.update(pagination=True, paginationPageSize=page_size, paginationPageSizeSelector=False)
    if select:
        gridopts["rowSelection"] = {"mode": "singleRow", "checkboxes": False,
                                    "enableClickSelection": True}
    props = {}
    if highlight:
        props["rowClassRules"] = {HIGHLIGHT_ROW: {"function": f"params.data[{json.dumps(highlight)}] === true"}}
    if row_id:
        if not row_id.isidentifier():
            raise ValueError(f"row_id harus nama kolom sederhana: {row_id!r}")
        # this form only: dash-ag-grid also reads it without 'params.data.' to find selected rows
        props["getRowId"] = f"params.data.{row_id}"
    return html.Div([
        dag.AgGrid(id=grid_id, columnDefs=pinned(columns, pin, pin_width), rowData=rows,
                   defaultColDef=DEFAULT_COL_DEF, dashGridOptions=gridopts, style=style,
                   csvExportParams=csv_export(file_name), className=GRID_CLASS, **props),
        html.Div([dbc.Button("Unduh CSV tabel ini", id=Grid.csv(grid_id), color="secondary", outline=True,
                             size="sm", title="Tabel persis seperti yang tampil: kolom, urutan dan angkanya"),
                  *actions], className="grid-actions"),
    ], className="grid-block")
