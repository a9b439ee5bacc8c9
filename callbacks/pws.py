"""PWS page callbacks (every page of layouts.pages with a PWS panel): one set, keyed by the
page with MATCH, reading the page from the registry. Each one validates the filter state →
reads data_access.pws → builds figures."""
from __future__ import annotations

from functools import lru_cache

from dash import ALL, MATCH, Input, Output, State, callback, ctx, dcc, no_update

from callbacks import inputs
from callbacks.common import connect, only, record, viewer_scope
from callbacks.map_panel import for_browser
from callbacks.url_state import (
    BULAN as BULAN_PARAM,
)
from callbacks.url_state import (
    month_of,
    parse_search,
    period_from_state,
    with_extra,
)
from data_access.db import get_info
from data_access.pws import (
    kaskade_view,
    last_import,
    own_only,
    pws_totals,
    pws_view,
    record_area,
    rincian_view,
)
from data_access.users import Event
from domain.codes import Level
from domain.period import Period
from domain.wilayah import Area
from exports.page_download import table_download
from figures.pws import (
    kaskade_by_area,
    kaskade_funnel,
    map_mode,
    pws_bars,
    pws_lines,
    pws_map_spec,
    rincian_bars,
    rincian_by_area,
)
from indicators import format as fmt
from indicators.program import (
    INDICATOR_BY_CODE,
    KASKADE_BY_CODE,
    RINCIAN_BY_CODE,
    indicators_of,
)
from indicators.pws import BULAN, status_counts
from layouts import ids
from layouts.components import empty_state
from layouts.ids import Kaskade as K
from layouts.ids import Map
from layouts.ids import Pws as P
from layouts.ids import Rincian as R
from layouts.pages import PAGE_BY_KEY, Page
from layouts.pws_parts import (
    graph_frame_style,
    indicator_info,
    kaskade_columns,
    kaskade_rows,
    kpi_row,
    laporan_line,
    rasio_cards,
    ringkasan_rows,
    status_columns,
    status_rows,
)

HIDDEN = {"display": "none"}
UPLOAD_HINT = "Unggah register layanan dan sasaran di halaman Unggah data, atau pilih wilayah/tahun lain."
UNKNOWN_PAGE = "Halaman ini tidak dikenal; buka lagi dari menu di atas."


def _page_of(page_info) -> Page | None:
    """The PWS page a PAGE_INFO store names. The store comes back from the browser, so only
    its key is read, and the page is the registry's; None for a key of no PWS page."""
    page = PAGE_BY_KEY.get(inputs.text(inputs.mapping(page_info).get("page")))
    return page if page is not None and page.indicators else None


@lru_cache(maxsize=16)
def _registers(klaster: int) -> tuple[str, ...]:
    return tuple(sorted({r for i in indicators_of(klaster) for r in i.registers}))


def _period(conn, state, klaster: int) -> tuple[Period | None, str | None]:
    """The validated area, year and month of a filter state, or (None, why not)."""
    return period_from_state(conn, viewer_scope(), state, _registers(klaster), f"register layanan Klaster {klaster}")


def _pws_of(conn, state, indikator, page: Page | None):
    """(period, view) of the page's indicator for a filter state, or (None, why not): what
    the KPI, chart, map and download callbacks all start from."""
    if page is None:
        return None, UNKNOWN_PAGE
    period, message = _period(conn, state, page.klaster)
    if period is None:
        return None, message
    ind = _indicator(indikator, page)
    return (period, pws_view(conn, viewer_scope(), period.area, period.tahun, period.bulan, ind.code)), None


def _indicator(value, page: Page):
    own = {i.code: i for i in page.pws_indicators}
    return own.get(inputs.text(value)) or page.pws_indicators[0]


def _child_label(area: Area, ind=None) -> str:
    if ind is not None and own_only(area, ind):
        return Level.PUSKESMAS.label
    return area.map_area.level.child.label


def _per_puskesmas_note(area: Area, ind) -> str:
    """What a Puskesmas-level indicator shows below the kabupaten: the Puskesmas itself."""
    if not own_only(area, ind):
        return ""
    if area.level == Level.DESA:
        return f"Dicatat per Puskesmas: ditampilkan {area.map_area.nama}, Puskesmas desa ini. "
    return "Dicatat per Puskesmas: ditampilkan Puskesmas ini sendiri, bulan demi bulan. "


@callback(
    output=dict(title=Output(P.of(P.TITLE, MATCH), "children"),
                asof=Output(P.of(P.ASOF, MATCH), "children")),
    inputs=dict(state=Input(ids.FILTER_STATE, "data"),
                page_info=Input(P.of(P.PAGE_INFO, MATCH), "data")),
)
def show_period(state, page_info):
    page = _page_of(page_info)
    if page is None:
        return {"title": UNKNOWN_PAGE, "asof": None}
    with connect() as conn:
        period, _message = _period(conn, state, page.klaster)
        imported = last_import(conn, viewer_scope())
    if period is None:
        return {"title": page.heading, "asof": None}
    note = f"Data Januari s.d. {BULAN[period.bulan - 1]} {period.tahun}"
    if imported:
        note += f" · register terakhir diunggah {imported:%d-%m-%Y}"
    return {"title": f"{page.heading} · {period.area.nama} · {BULAN[period.bulan - 1]} {period.tahun}",
            "asof": note}


PWS_PANEL = dict(
    empty=Output(P.of(P.EMPTY, MATCH), "children"),
    content=Output(P.of(P.CONTENT, MATCH), "style"),
    info=Output(P.of(P.INFO, MATCH), "children"),
    kpi=Output(P.of(P.KPI, MATCH), "children"),
    status=Output(P.of(P.STATUS, MATCH), "children"),
    columns=Output(P.of(P.TABLE, MATCH), "columnDefs"),
    rows=Output(P.of(P.TABLE, MATCH), "rowData"),
)
PWS_INPUTS = dict(state=Input(ids.FILTER_STATE, "data"), indikator=Input(P.of(P.INDIKATOR, MATCH), "value"))
PAGE_STATE = dict(page_info=State(P.of(P.PAGE_INFO, MATCH), "data"))


@callback(output=PWS_PANEL, inputs=PWS_INPUTS, state=PAGE_STATE)
def show_pws(state, indikator, page_info):
    """The indicator's KPI cards, definition and status table (the charts: show_pws_charts)."""
    with connect() as conn:
        found, message = _pws_of(conn, state, indikator, _page_of(page_info))
    if found is None:
        return only(PWS_PANEL, empty=empty_state(message, UPLOAD_HINT), content=HIDDEN)
    period, view = found
    ind = view.indicator
    counts = status_counts(view.rows)
    return {
        "empty": None, "content": None,
        "info": indicator_info(ind, view.target_tahunan, period.tahun),
        "kpi": kpi_row(ind, view.total, counts, period.bulan),
        "status": _per_puskesmas_note(period.area, ind) + _status_line(counts) + laporan_line(view.rows),
        "columns": status_columns(ind, _child_label(period.area, ind)),
        "rows": status_rows(view.rows, ind),
    }


@callback(
    output=dict(bars_note=Output(P.of(P.BARS_NOTE, MATCH), "children"),
                bars=Output(P.of(P.BARS, MATCH), "figure"),
                lines=Output(P.of(P.LINES, MATCH), "figure")),
    inputs=PWS_INPUTS, state=PAGE_STATE,
)
def show_pws_charts(state, indikator, page_info):
    """Cumulative coverage per area as sorted bars with the target line, and by month."""
    with connect() as conn:
        found, _message = _pws_of(conn, state, indikator, _page_of(page_info))
    if found is None:
        return no_update  # show_pws says why
    period, view = found
    ind = view.indicator
    area, selected = period.area, _selected(period.area)
    if own_only(area, ind):  # the Puskesmas itself is the one line, drawn as the total
        area, selected = record_area(area, ind), None
    bars_note = (f"{ind.label} per {_child_label(area, ind).lower()}, "
                 f"{'kumulatif ' if not ind.per_bulan else ''}s.d. {BULAN[period.bulan - 1]} {period.tahun}")
    return {
        "bars_note": bars_note,
        "bars": pws_bars(view.rows, ind, target=view.total.get("target_bulan_ini"), selected=selected,
                         bulan=period.bulan),
        "lines": pws_lines(view.series, ind, period.tahun, target_annual_percent=view.target_tahunan,
                           bulan=period.bulan, highlight=selected,
                           total=view.total_series if selected is None else None, total_name=area.nama),
    }


def _selected(area: Area) -> str | None:
    return area.kode if area is not area.map_area else None


def _status_line(counts: dict[str, int]) -> str:
    parts = [f"{fmt.angka(counts[s])} {s}" for s in ("baik", "kurang", "cukup", "jelek")]
    if counts.get("kosong"):
        parts.append(f"{fmt.angka(counts['kosong'])} tanpa status")
    return "Jumlah wilayah per status: " + ", ".join(parts) + "."


@callback(
    output=dict(spec=Output(Map.of(Map.SPEC, Map.PWS, MATCH), "data"),
                note=Output(P.of(P.MAP_NOTE, MATCH), "children"),
                map_col=Output(P.of(P.MAP_COL, MATCH), "style"),
                bars_width=Output(P.of(P.BARS_COL, MATCH), "lg")),
    inputs=dict(**PWS_INPUTS, mode=Input(P.of(P.MAP_MODE, MATCH), "value")),
    state=PAGE_STATE,
)
def show_map(state, indikator, mode, page_info):
    mode = inputs.text(mode)
    mode = mode if mode in ("status", "cakupan") else "status"
    page = _page_of(page_info)
    with connect() as conn:
        found, _message = _pws_of(conn, state, indikator, page)
        version = get_info(conn, "versi_peta") or "0"
    if found is None:
        return {"spec": None, "note": None, "map_col": None, "bars_width": 6}
    period, view = found
    ind = view.indicator
    if own_only(period.area, ind):  # one Puskesmas: no map of its desa has values, so no map box
        return {"spec": None, "note": None, "map_col": {"display": "none"}, "bars_width": 12}
    shown = period.area.map_area
    drawn = map_mode(view.rows, mode)
    spec = pws_map_spec(view.rows, ind, mode=drawn, selected=_selected(period.area),
                        revision=f"{shown.level}-{shown.kode}", bulan=period.bulan)
    note = (f"Peta {'status PWS' if drawn == 'status' else 'cakupan'} per {_child_label(period.area).lower()}"
            + (" (tanpa target, status tidak dapat dinilai)" if drawn != mode else "")
            + " · klik wilayah untuk membuka")
    return {"spec": for_browser(spec, Map.of(Map.GRAPH, Map.PWS, page.key), shown, version), "note": note,
            "map_col": None, "bars_width": 6}


RINGKASAN = dict(
    empty=Output(P.of(P.RINGKASAN_EMPTY, MATCH), "children"),
    content=Output(P.of(P.RINGKASAN_CONTENT, MATCH), "style"),
    rows=Output(P.of(P.RINGKASAN_TABLE, MATCH), "rowData"),
)


@callback(output=RINGKASAN, inputs=dict(state=Input(ids.FILTER_STATE, "data"),
                                        page_info=Input(P.of(P.PAGE_INFO, MATCH), "data")))
def show_ringkasan(state, page_info):
    page = _page_of(page_info)
    if page is None:
        return only(RINGKASAN, empty=empty_state(UNKNOWN_PAGE), content=HIDDEN)
    with connect() as conn:
        period, message = _period(conn, state, page.klaster)
        if period is None:
            return only(RINGKASAN, empty=empty_state(message, UPLOAD_HINT), content=HIDDEN)
        rows = pws_totals(conn, viewer_scope(), period.area, period.tahun, period.bulan, page.indicators)
    return {"empty": None, "content": None, "rows": ringkasan_rows(rows)}


KASKADE_SECTION = dict(
    empty=Output(K.of(K.EMPTY, MATCH), "children"),
    content=Output(K.of(K.CONTENT, MATCH), "style"),
    note=Output(K.of(K.NOTE, MATCH), "children"),
    rates=Output(K.of(K.RATES, MATCH), "children"),
    funnel=Output(K.of(K.FUNNEL, MATCH), "figure"),
    areas=Output(K.of(K.AREAS, MATCH), "figure"),
    funnel_frame=Output(K.of(K.FUNNEL_FRAME, MATCH), "style"),
    areas_frame=Output(K.of(K.AREAS_FRAME, MATCH), "style"),
    columns=Output(K.of(K.TABLE, MATCH), "columnDefs"),
    rows=Output(K.of(K.TABLE, MATCH), "rowData"),
)


@callback(output=KASKADE_SECTION,
          inputs=dict(state=Input(ids.FILTER_STATE, "data"), code=Input(K.of(K.CODE, MATCH), "data")))
def show_kaskade(state, code):
    code = inputs.text(code)
    kaskade = KASKADE_BY_CODE.get(code)
    if kaskade is None:
        return only(KASKADE_SECTION, empty=empty_state("Kaskade tidak dikenal."), content=HIDDEN)
    with connect() as conn:
        period, message = _period(conn, state, kaskade.klaster)
        if period is None:
            return only(KASKADE_SECTION, empty=empty_state(message, UPLOAD_HINT), content=HIDDEN)
        view = kaskade_view(conn, viewer_scope(), period.area, period.tahun, period.bulan, code)
    if all(fmt.is_missing(view.total[s]) for s in kaskade.steps):
        return only(KASKADE_SECTION, content=HIDDEN, empty=empty_state(
            f"Belum ada register {kaskade.label.lower()} untuk {period.area.nama} tahun {period.tahun}.",
            UPLOAD_HINT))
    note = (f"{period.area.nama}, Januari s.d. {BULAN[period.bulan - 1]} {period.tahun}: jumlah orang "
            "pada setiap langkah; persentase di bawah angka = perubahan dari langkah sebelumnya")
    funnel, areas = kaskade_funnel(view.total, kaskade), kaskade_by_area(view.rows, kaskade)
    return {
        "empty": None, "content": None, "note": note,
        "rates": rasio_cards(kaskade, view.total),
        "funnel": funnel, "areas": areas,
        "funnel_frame": graph_frame_style(funnel), "areas_frame": graph_frame_style(areas),
        "columns": kaskade_columns(kaskade, _child_label(period.area), view.rows),
        "rows": kaskade_rows(kaskade, view.rows),
    }


RINCIAN_SECTION = dict(
    empty=Output(R.of(R.EMPTY, MATCH), "children"),
    content=Output(R.of(R.CONTENT, MATCH), "style"),
    note=Output(R.of(R.NOTE, MATCH), "children"),
    bars=Output(R.of(R.BARS, MATCH), "figure"),
    areas=Output(R.of(R.AREAS, MATCH), "figure"),
)


@callback(output=RINCIAN_SECTION,
          inputs=dict(state=Input(ids.FILTER_STATE, "data"), code=Input(R.of(R.CODE, MATCH), "data")))
def show_rincian(state, code):
    code = inputs.text(code)
    rincian = RINCIAN_BY_CODE.get(code)
    if rincian is None:
        return only(RINCIAN_SECTION, empty=empty_state("Rincian tidak dikenal."), content=HIDDEN)
    with connect() as conn:
        period, message = _period(conn, state, rincian.klaster)
        if period is None:
            return only(RINCIAN_SECTION, empty=empty_state(message, UPLOAD_HINT), content=HIDDEN)
        view = rincian_view(conn, viewer_scope(), period.area, period.tahun, period.bulan, code)
    return {
        "empty": None, "content": None,
        "note": f"{period.area.nama}, Januari s.d. {BULAN[period.bulan - 1]} {period.tahun}",
        "bars": rincian_bars(view.total, rincian),
        "areas": rincian_by_area(view.rows, rincian),
    }


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(P.of(P.INDIKATOR, ALL), "value"),
    Input(P.of(P.BULAN, ALL), "value"),
    State(ids.URL, "search"),
    State(P.of(P.PAGE_INFO, ALL), "data"),
    prevent_initial_call=True,
)
def remember_choice(indikator, bulan, search, page_info):
    """The indicator and the month are part of the URL: a shared link opens the same view,
    and the month reaches every callback through the filter state. A page opening on its
    default indicator leaves the URL alone (rewriting it would clear the filter's message
    about a code it could not find)."""
    indikator, bulan, page_info = inputs.items(indikator), inputs.items(bulan), inputs.items(page_info)
    request = parse_search(search)
    extra = dict(request.extra)
    page = _page_of(page_info[0]) if page_info else None
    if page is None:
        return no_update
    wanted = inputs.text(indikator[0]) if indikator else None
    in_url = request.extra.get("indikator")
    # the page opened on its default because the URL had none, or one this page does not
    # know (another page's code included): the filter's messages about the rest stay
    own = set(page.indicators)
    opening = wanted == page.default_indicator and in_url not in own
    if wanted in INDICATOR_BY_CODE and not opening:
        extra["indikator"] = wanted
    if bulan:
        month = month_of(bulan[0])
        if month:
            extra[BULAN_PARAM] = str(month)
        elif month_of(request.extra.get(BULAN_PARAM)):  # cleared by the user
            extra.pop(BULAN_PARAM, None)
        # an invalid month in the URL is left to the filter, which names it and drops it
    if extra == request.extra:
        return no_update
    return with_extra(search, extra)


@callback(
    Output(P.of(P.DOWNLOAD, MATCH), "data"),
    Input(P.of(P.DOWNLOAD_CSV, MATCH), "n_clicks"),
    Input(P.of(P.DOWNLOAD_XLSX, MATCH), "n_clicks"),
    State(ids.FILTER_STATE, "data"),
    State(P.of(P.INDIKATOR, MATCH), "value"),
    State(P.of(P.PAGE_INFO, MATCH), "data"),
    prevent_initial_call=True,
)
def download_pws(_csv, _xlsx, state, indikator, page_info):
    fmt_ = "xlsx" if inputs.mapping(ctx.triggered_id).get("type") == P.DOWNLOAD_XLSX else "csv"
    with connect() as conn:
        found, _message = _pws_of(conn, state, indikator, _page_of(page_info))
    if found is None:
        return no_update
    period, view = found
    name, data = table_download("pws", view.rows, period.area.map_area, period.tahun, period.bulan,
                                view.indicator.code, fmt_)
    record(Event.UNDUH, _download_detail("PWS", view.indicator.code, period, name))
    return dcc.send_bytes(data, name)


def _download_detail(what: str, code: str, period: Period, name: str) -> str:
    area = period.area.map_area
    return (f"tabel {what} {code}, {area.level.label.lower()} {area.kode or 'nasional'}, "
            f"{period.tahun}-{period.bulan:02d}: {name}")


@callback(
    Output(K.of(K.DOWNLOAD, MATCH), "data"),
    Input(K.of(K.DOWNLOAD_CSV, MATCH), "n_clicks"),
    Input(K.of(K.DOWNLOAD_XLSX, MATCH), "n_clicks"),
    State(ids.FILTER_STATE, "data"),
    State(K.of(K.CODE, MATCH), "data"),
    prevent_initial_call=True,
)
def download_kaskade(_csv, _xlsx, state, code):
    fmt_ = "xlsx" if inputs.mapping(ctx.triggered_id).get("type") == K.DOWNLOAD_XLSX else "csv"
    code = inputs.text(code)
    kaskade = KASKADE_BY_CODE.get(code)
    if kaskade is None:
        return no_update
    with connect() as conn:
        period, _ = _period(conn, state, kaskade.klaster)
        if period is None:
            return no_update
        view = kaskade_view(conn, viewer_scope(), period.area, period.tahun, period.bulan, code)
    name, data = table_download("kaskade", view.rows.frame(), period.area.map_area, period.tahun, period.bulan,
                                code, fmt_)
    record(Event.UNDUH, _download_detail("kaskade", code, period, name))
    return dcc.send_bytes(data, name)
