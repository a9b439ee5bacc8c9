"""Dashboard Utama callbacks for the header, the scorecard and the league table: validate the
filter state → data_access.skor (one cached scorecard per area, year and month) → the grids.
A click on a scorecard cell opens that indicator's PWS panel for that area, checked here
against the registry and the viewer's own scorecard (never the browser's word)."""
from __future__ import annotations

from dash import Input, Output, State, callback, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.common import connect, only, record, viewer, viewer_scope
from callbacks.month_control import keep_month_in_url
from callbacks.url_state import (
    BULAN as BULAN_PARAM,
)
from callbacks.url_state import (
    build_search,
    child_search,
    period_from_state,
)
from data_access.cache import cached_by_version
from data_access.pws import last_import
from data_access.rtl import can_write
from data_access.skor import LEAGUE_LEVELS, REGISTERS, league_table, scorecard, scorecard_findings
from data_access.users import Event
from data_access.wilayah import resolve_area
from domain.access import Role
from domain.codes import Level
from domain.period import Period
from exports.views import VIEWS, ExportRequest, scorecard_table, write_export
from indicators.program import INDICATOR_BY_CODE
from indicators.pws import BULAN
from indicators.skor import K1_DESA_NOTE, K1_RULE, SHOWN_CODES
from layouts import ids
from layouts.components import empty_state
from layouts.ids import Utama as U
from layouts.pages import PAGE_BY_KEY
from layouts.pws_parts import PWS_ANCHOR
from layouts.rtl_parts import rtl_href
from layouts.skor_parts import (
    SKOR_GRID_OPTIONS,
    TOTAL_ROW,
    UPLOAD_HINT,
    grid_style,
    league_columns,
    league_rows,
    league_style,
    period_text,
    scorecard_columns,
    scorecard_rows,
)
from layouts.temuan_parts import findings_list

HIDDEN = {"display": "none"}
HOME = PAGE_BY_KEY["dashboard-utama"]


def _period(conn, state) -> tuple[Period | None, str | None]:
    """The validated area, year and month of a filter state (the month: the URL's, else the
    latest month with any register of the scorecard), or (None, why not)."""
    return period_from_state(conn, viewer_scope(), state, REGISTERS)


def _upload_hint():
    """Where registers come from; a link to the upload page for those who may use it."""
    if viewer().role.at_least(Role.PENGELOLA):
        return [UPLOAD_HINT, " ", dcc.Link("Buka halaman Unggah data", href=PAGE_BY_KEY["unggah"].path)]
    return UPLOAD_HINT + " Minta pengelola data Puskesmas atau Dinkes mengunggahnya."


@callback(
    output=dict(title=Output(U.TITLE, "children"), asof=Output(U.ASOF, "children")),
    inputs=dict(state=Input(ids.FILTER_STATE, "data")),
)
def show_header(state):
    """'Dashboard Utama · Puskesmas Kalijaya · Januari–Desember 2025' and when the registers
    were last imported."""
    with connect() as conn:
        period, _message = _period(conn, state)
        imported = last_import(conn, viewer_scope())
    if period is None:
        return {"title": HOME.heading, "asof": None}
    note = f"Data register Januari s.d. {BULAN[period.bulan - 1]} {period.tahun}"
    if imported:
        note += f" · register terakhir diunggah {imported:%d-%m-%Y}"
    return {"title": f"{HOME.heading} · {period.area.nama} · {period_text(period.bulan, period.tahun)}",
            "asof": note}


SCORECARD = dict(
    empty=Output(U.EMPTY, "children"),
    content=Output(U.CONTENT, "style"),
    note=Output(U.NOTE, "children"),
    findings=Output(U.FINDINGS, "children"),
    columns=Output(U.GRID, "columnDefs"),
    rows=Output(U.GRID, "rowData"),
    options=Output(U.GRID, "dashGridOptions"),
    style=Output(U.GRID, "style"),
)


def _finding_href(period: Period, row_codes, finding) -> str:
    """Where a finding's evidence is: the PWS panel of its indicator for the area it names (one
    of the scorecard's rows, or the area itself), or the IKS page for an IKS finding."""
    extra = {BULAN_PARAM: str(period.bulan)}
    anchor = ""
    if finding.indikator:
        extra["indikator"] = finding.indikator
        page = PAGE_BY_KEY[f"klaster-{INDICATOR_BY_CODE[finding.indikator].klaster}"]
        anchor = f"#{PWS_ANCHOR}"
    else:
        page = PAGE_BY_KEY["iks"]
    if finding.kode and finding.kode in row_codes:
        search = child_search(period.area.map_area, finding.kode, period.tahun, extra)
    else:
        search = build_search(period.area, period.tahun, extra)
    return page.path + search + anchor


def _catat_href(period: Period, row_codes, finding) -> str | None:
    """The RTL form pre-filled from a finding (its indicator, its desa, its sentence), only for
    a viewer who may record the RTL of the Puskesmas shown; None for everyone else."""
    kode_puskesmas = period.area.code_at(Level.PUSKESMAS)
    if kode_puskesmas is None or not can_write(viewer(), kode_puskesmas):
        return None
    desa = period.area.kode if period.area.level == Level.DESA else None
    if period.area.level == Level.PUSKESMAS and finding.kode in row_codes:
        desa = finding.kode  # the rows of a Puskesmas' scorecard are its desa
    return rtl_href(kode_puskesmas, period.tahun, period.bulan, indikator=finding.indikator, desa=desa,
                    masalah=finding.teks)


@cached_by_version(maxsize=64)
def _scorecard_grid(conn, scope, area, tahun: int, bulan: int) -> dict | None:
    """The scorecard grid's columns, rows and pinned total for one view, built once per data
    version (a landing page is the same for every visitor: the rows cost more than the
    cached scorecard); None when nothing was reported."""
    card = scorecard(conn, scope, area, tahun, bulan)
    if not card.has_reports:
        return None
    rows, pinned = scorecard_rows(card.rows, card.total, card.k1)
    return {"columns": scorecard_columns(card.level.label, bulan, card.k1), "rows": rows, "pinned": pinned,
            "child": card.level.label, "k1": bool(card.k1)}


@callback(output=SCORECARD, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_scorecard(state):
    """Every PWS indicator of Klaster 2–4 for the areas below the filter's area, with the
    area's own total pinned on top."""
    with connect() as conn:
        period, message = _period(conn, state)
        if period is None:
            return only(SCORECARD, empty=empty_state(message, _upload_hint()), content=HIDDEN, findings=None)
        grid = _scorecard_grid(conn, viewer_scope(), period.area, period.tahun, period.bulan)
        found = scorecard_findings(conn, viewer_scope(), period.area, period.tahun, period.bulan)
    if grid is None:
        return only(SCORECARD, content=HIDDEN, findings=None, empty=empty_state(
            f"Belum ada register layanan untuk {period.area.nama} pada {period_text(period.bulan, period.tahun)}.",
            _upload_hint()))
    note = (f"{grid['child']} di {period.area.map_area.nama} dan jumlahnya (baris teratas), "
            f"{period_text(period.bulan, period.tahun)}: cakupan kumulatif terhadap target bulan "
            f"{BULAN[period.bulan - 1]}. " + (K1_RULE if grid["k1"] else K1_DESA_NOTE))
    return {
        "empty": None, "content": None, "note": note,
        "findings": findings_list([(f, _finding_href(period, found.row_codes, f),
                                    _catat_href(period, found.row_codes, f))
                                   for f in found.items], ada_data=found.ada_data),
        "columns": grid["columns"],
        "rows": grid["rows"],
        "options": {**SKOR_GRID_OPTIONS, "pinnedTopRowData": grid["pinned"]},
        "style": grid_style(len(grid["rows"])),
    }


LEAGUE = dict(
    section=Output(U.LEAGUE_SECTION, "style"),
    note=Output(U.LEAGUE_NOTE, "children"),
    columns=Output(U.LEAGUE, "columnDefs"),
    rows=Output(U.LEAGUE, "rowData"),
    style=Output(U.LEAGUE, "style"),
)


@cached_by_version(maxsize=64)
def _league_grid(conn, scope, area, tahun: int, bulan: int) -> dict:
    """The league grid's rows for one view, built once per data version; its 1,078 rows of
    a province cost more than the cached table."""
    table = league_table(conn, scope, area, tahun, bulan)
    return {"rows": league_rows(table.rows), "before": table.before}


@callback(output=LEAGUE, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_league(state):
    """Every Puskesmas inside a Dinkes area (nasional, provinsi, kabupaten) ranked by score,
    with its change of rank since the month before; hidden below the kabupaten."""
    with connect() as conn:
        period, _message = _period(conn, state)
        if period is None or period.area.level not in LEAGUE_LEVELS:
            return only(LEAGUE, section=HIDDEN)
        grid = _league_grid(conn, viewer_scope(), period.area, period.tahun, period.bulan)
    if not grid["rows"]:
        return only(LEAGUE, section=HIDDEN)
    tahun, bulan = grid["before"]
    note = (f"{len(grid['rows'])} Puskesmas di {period.area.nama}, {period_text(period.bulan, period.tahun)}; "
            f"perubahan peringkat dibanding {BULAN[bulan - 1]} {tahun}")
    return {"section": None, "note": note, "columns": league_columns(period.area.level, grid["before"]),
            "rows": grid["rows"], "style": league_style(len(grid["rows"]))}


@callback(
    Output(ids.URL, "pathname", allow_duplicate=True),
    Output(ids.URL, "search", allow_duplicate=True),
    Output(ids.URL, "hash", allow_duplicate=True),
    Input(U.GRID, "cellClicked"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def open_cell(clicked, state):
    """A click on an indicator's cell opens its klaster page with the PWS panel of that
    indicator, for the clicked area (a row) or the area itself (the pinned total), at the
    same year and month. The clicked column must be an indicator of the scorecard and the
    row an area of the viewer's own scorecard; anything else changes nothing."""
    clicked = inputs.mapping(clicked)
    code = inputs.text(clicked.get("colId"))
    row = inputs.text(clicked.get("rowId"), 60)
    if code not in SHOWN_CODES and code != "iks":
        raise PreventUpdate
    with connect() as conn:
        period, _message = _period(conn, state)
        if period is None:
            raise PreventUpdate
        card = scorecard(conn, viewer_scope(), period.area, period.tahun, period.bulan)
    extra = {BULAN_PARAM: str(period.bulan)}
    if code != "iks":
        extra["indikator"] = code
    if row in set(card.rows["kode"]):
        search = child_search(period.area.map_area, row, period.tahun, extra)
    elif row == TOTAL_ROW:
        search = build_search(period.area, period.tahun, extra)
    else:
        raise PreventUpdate
    if code == "iks":
        return PAGE_BY_KEY["iks"].path, search, ""
    return PAGE_BY_KEY[f"klaster-{INDICATOR_BY_CODE[code].klaster}"].path, search, f"#{PWS_ANCHOR}"


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(U.LEAGUE, "cellClicked"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def open_puskesmas(clicked, state):
    """A click on a Puskesmas of the league table opens its own Dashboard Utama (same year
    and month), when it is one of the viewer's league table."""
    row = inputs.text(inputs.mapping(clicked).get("rowId"))
    with connect() as conn:
        period, _message = _period(conn, state)
        if row is None or period is None or period.area.level not in LEAGUE_LEVELS:
            raise PreventUpdate
        table = league_table(conn, viewer_scope(), period.area, period.tahun, period.bulan)
        if row not in set(table.rows["kode"]):
            raise PreventUpdate
        puskesmas = resolve_area(conn, viewer_scope(), Level.PUSKESMAS, row)
    return build_search(puskesmas, period.tahun, {BULAN_PARAM: str(period.bulan)})


# the header's month, kept in the URL
remember_month = keep_month_in_url(U.BULAN)


@callback(
    Output(U.DOWNLOAD, "data"),
    Input(U.DOWNLOAD_CSV, "n_clicks"),
    Input(U.DOWNLOAD_XLSX, "n_clicks"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def download_scorecard(_csv, _xlsx, state):
    """The scorecard's rows as `cli.py export scorecard` writes them for the same area, level
    and month (the rows below the area; the export has no total row)."""
    fmt_ = "xlsx" if ctx.triggered_id == U.DOWNLOAD_XLSX else "csv"
    with connect() as conn:
        period, _message = _period(conn, state)
        if period is None:
            return no_update
        card = scorecard(conn, viewer_scope(), period.area, period.tahun, period.bulan)
    shown = period.area.map_area
    request = ExportRequest(tingkat=card.level, wilayah=shown, tahun=period.tahun, bulan=period.bulan)
    data = write_export(scorecard_table(card.rows), fmt_, view=VIEWS["scorecard"], request=request)
    name = f"scorecard-{shown.kode or 'nasional'}-{card.level.value}-{period.tahun}-{period.bulan:02d}.{fmt_}"
    record(Event.UNDUH, f"tabel scorecard, {shown.level.label.lower()} {shown.kode or 'nasional'}, "
                        f"{period.tahun}-{period.bulan:02d}: {name}")
    return dcc.send_bytes(data, name)
