"""PWS page callbacks (Klaster 2, 3, 4): one set, keyed by the page with MATCH. Each one
validates the filter state → reads data_access.pws → builds figures."""
from __future__ import annotations

from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    no_update,
)

from callbacks.common import connect, viewer_scope
from callbacks.url_state import (
    BULAN as BULAN_PARAM,
)
from callbacks.url_state import (
    area_from_state,
    child_search,
    month_from_state,
    month_of,
    parse_search,
    with_extra,
)
from data_access.db import get_info
from data_access.pws import (
    default_month,
    kaskade_view,
    last_import,
    pws_totals,
    pws_view,
    rincian_view,
)
from domain.period import Period
from domain.wilayah import Area, WilayahError
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
from layouts.ids import Pws as P
from layouts.ids import Rincian as R
from layouts.ids import dom_id
from layouts.pws_parts import (
    indicator_info,
    kaskade_columns,
    kaskade_rows,
    kaskade_styles,
    kpi_row,
    rasio_cards,
    ringkasan_table,
    status_columns,
    status_rows,
    status_styles,
)

HIDDEN = {"display": "none"}
UPLOAD_HINT = "Unggah register layanan dan sasaran di halaman Unggah data, atau pilih wilayah/tahun lain."


def _klaster(page_info) -> int:
    klaster = page_info.get("klaster") if isinstance(page_info, dict) else None
    return klaster if klaster in (2, 3, 4) else 2


def _page(page_info) -> str:
    page = page_info.get("page") if isinstance(page_info, dict) else None
    return page if page in {"klaster-2", "klaster-3", "klaster-4"} else "klaster-2"


def _registers(klaster: int) -> tuple[str, ...]:
    return tuple(sorted({r for i in indicators_of(klaster) for r in i.registers}))


def _period(conn, state, klaster: int) -> tuple[Period | None, str | None]:
    """The validated area, year and month of a filter state, or (None, why not)."""
    try:
        area, tahun = area_from_state(conn, viewer_scope(), state)
    except WilayahError as exc:
        return None, str(exc)
    if tahun is None:
        return None, f"Belum ada data untuk {area.nama}."
    # a desa opens on its Puskesmas' latest month, so that it is compared with its neighbours
    bulan = month_from_state(state) or default_month(conn, viewer_scope(), area.map_area, tahun,
                                                     _registers(klaster))
    if bulan is None:
        return None, f"Belum ada register layanan Klaster {klaster} untuk {area.nama} tahun {tahun}."
    return Period(area, tahun, bulan), None


def _pws_of(conn, state, indikator, page_info):
    """(period, view) of the page's indicator for a filter state, or (None, why not): what
    the KPI, chart, map and download callbacks all start from."""
    klaster = _klaster(page_info)
    period, message = _period(conn, state, klaster)
    if period is None:
        return None, message
    ind = _indicator(indikator, klaster)
    return (period, pws_view(conn, viewer_scope(), period.area, period.tahun, period.bulan, ind.code)), None


def _indicator(value, klaster: int):
    own = {i.code: i for i in indicators_of(klaster)}
    return own.get(value) or indicators_of(klaster)[0]


def _child_label(area: Area) -> str:
    return area.map_area.level.child.label


@callback(
    Output(P.of(P.TITLE, MATCH), "children"),
    Output(P.of(P.ASOF, MATCH), "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(P.of(P.PAGE_INFO, MATCH), "data"),
)
def show_period(state, page_info):
    judul = page_info.get("judul", "") if isinstance(page_info, dict) else ""
    with connect() as conn:
        period, _message = _period(conn, state, _klaster(page_info))
        imported = last_import(conn)
    if period is None:
        return judul, None
    note = f"Data Januari s.d. {BULAN[period.bulan - 1]} {period.tahun}"
    if imported:
        note += f" · register terakhir diunggah {imported:%d-%m-%Y}"
    return f"{judul} · {period.area.nama} · {BULAN[period.bulan - 1]} {period.tahun}", note


@callback(
    Output(P.of(P.EMPTY, MATCH), "children"),
    Output(P.of(P.CONTENT, MATCH), "style"),
    Output(P.of(P.INFO, MATCH), "children"),
    Output(P.of(P.KPI, MATCH), "children"),
    Output(P.of(P.STATUS, MATCH), "children"),
    Output(P.of(P.TABLE, MATCH), "columns"),
    Output(P.of(P.TABLE, MATCH), "data"),
    Output(P.of(P.TABLE, MATCH), "style_data_conditional"),
    Input(ids.FILTER_STATE, "data"),
    Input(P.of(P.INDIKATOR, MATCH), "value"),
    State(P.of(P.PAGE_INFO, MATCH), "data"),
)
def show_pws(state, indikator, page_info):
    """The indicator's KPI cards, definition and status table (the charts: show_pws_charts)."""
    with connect() as conn:
        found, message = _pws_of(conn, state, indikator, page_info)
    if found is None:
        return (empty_state(message, UPLOAD_HINT), HIDDEN, *([no_update] * 6))
    period, view = found
    ind = view.indicator
    counts = status_counts(view.rows)
    return (
        None, None,
        indicator_info(ind, view.target_tahunan, period.tahun),
        kpi_row(ind, view.total, counts, period.bulan),
        _status_line(counts),
        status_columns(ind, _child_label(period.area)),
        status_rows(view.rows, ind),
        status_styles(),
    )


@callback(
    Output(P.of(P.BARS_NOTE, MATCH), "children"),
    Output(P.of(P.BARS, MATCH), "figure"),
    Output(P.of(P.LINES, MATCH), "figure"),
    Input(ids.FILTER_STATE, "data"),
    Input(P.of(P.INDIKATOR, MATCH), "value"),
    State(P.of(P.PAGE_INFO, MATCH), "data"),
)
def show_pws_charts(state, indikator, page_info):
    """Cumulative coverage per area as sorted bars with the target line, and by month."""
    with connect() as conn:
        found, _message = _pws_of(conn, state, indikator, page_info)
    if found is None:
        return no_update, no_update, no_update
    period, view = found
    ind = view.indicator
    area, selected = period.area, _selected(period.area)
    bars_note = (f"{ind.label} per {_child_label(area).lower()}, "
                 f"{'kumulatif ' if not ind.per_bulan else ''}s.d. {BULAN[period.bulan - 1]} {period.tahun}")
    return (
        bars_note,
        pws_bars(view.rows, ind, target=view.total.get("target_bulan_ini"), selected=selected,
                 bulan=period.bulan),
        pws_lines(view.series, ind, period.tahun, target_annual_percent=view.target_tahunan,
                  bulan=period.bulan, highlight=selected,
                  total=view.total_series if selected is None else None, total_name=area.nama),
    )


def _selected(area: Area) -> str | None:
    return area.kode if area is not area.map_area else None


def _status_line(counts: dict[str, int]) -> str:
    parts = [f"{fmt.angka(counts[s])} {s}" for s in ("baik", "kurang", "cukup", "jelek")]
    if counts.get("kosong"):
        parts.append(f"{fmt.angka(counts['kosong'])} tanpa status")
    return "Jumlah wilayah per status: " + ", ".join(parts) + "."


@callback(
    Output(P.of(P.MAP_SPEC, MATCH), "data"),
    Output(P.of(P.MAP_NOTE, MATCH), "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(P.of(P.INDIKATOR, MATCH), "value"),
    Input(P.of(P.MAP_MODE, MATCH), "value"),
    State(P.of(P.PAGE_INFO, MATCH), "data"),
)
def show_map(state, indikator, mode, page_info):
    mode = mode if mode in ("status", "cakupan") else "status"
    with connect() as conn:
        found, _message = _pws_of(conn, state, indikator, page_info)
        version = get_info(conn, "versi_peta") or "0"
    if found is None:
        return None, None
    period, view = found
    ind = view.indicator
    shown = period.area.map_area
    drawn = map_mode(view.rows, mode)
    spec = pws_map_spec(view.rows, ind, mode=drawn, selected=_selected(period.area),
                        revision=f"{shown.level}-{shown.kode}", bulan=period.bulan)
    spec["graph_id"] = dom_id(P.of(P.MAP, _page(page_info)))
    spec["geo_url"] = f"/peta/{shown.level.value}/{shown.kode or 'nasional'}.json?v={version}"
    note = (f"Peta {'status PWS' if drawn == 'status' else 'cakupan'} per {_child_label(period.area).lower()}"
            + (" (tanpa target, status tidak dapat dinilai)" if drawn != mode else "")
            + " · klik wilayah untuk membuka")
    return spec, note


clientside_callback(
    ClientsideFunction(namespace="peta", function_name="figure"),
    Output(P.of(P.MAP, MATCH), "figure"),
    Input(P.of(P.MAP_SPEC, MATCH), "data"),
)


@callback(
    Output(P.of(P.RINGKASAN, MATCH), "children"),
    Input(ids.FILTER_STATE, "data"),
    Input(P.of(P.PAGE_INFO, MATCH), "data"),
)
def show_ringkasan(state, page_info):
    klaster = _klaster(page_info)
    with connect() as conn:
        period, message = _period(conn, state, klaster)
        if period is None:
            return empty_state(message, UPLOAD_HINT)
        codes = tuple(i.code for i in indicators_of(klaster))
        rows = pws_totals(conn, viewer_scope(), period.area, period.tahun, period.bulan, codes)
    return ringkasan_table(rows)


@callback(
    Output(K.of(K.EMPTY, MATCH), "children"),
    Output(K.of(K.CONTENT, MATCH), "style"),
    Output(K.of(K.NOTE, MATCH), "children"),
    Output(K.of(K.RATES, MATCH), "children"),
    Output(K.of(K.FUNNEL, MATCH), "figure"),
    Output(K.of(K.AREAS, MATCH), "figure"),
    Output(K.of(K.TABLE, MATCH), "columns"),
    Output(K.of(K.TABLE, MATCH), "data"),
    Output(K.of(K.TABLE, MATCH), "style_data_conditional"),
    Input(ids.FILTER_STATE, "data"),
    Input(K.of(K.CODE, MATCH), "data"),
)
def show_kaskade(state, code):
    kaskade = KASKADE_BY_CODE.get(code)
    if kaskade is None:
        return (empty_state("Kaskade tidak dikenal."), HIDDEN, *([no_update] * 7))
    with connect() as conn:
        period, message = _period(conn, state, kaskade.klaster)
        if period is None:
            return (empty_state(message, UPLOAD_HINT), HIDDEN, *([no_update] * 7))
        view = kaskade_view(conn, viewer_scope(), period.area, period.tahun, period.bulan, code)
    if all(fmt.is_missing(view.total[s]) for s in kaskade.steps):
        return (empty_state(f"Belum ada register {kaskade.label.lower()} untuk {period.area.nama} "
                            f"tahun {period.tahun}.", UPLOAD_HINT), HIDDEN, *([no_update] * 7))
    note = (f"{period.area.nama}, Januari s.d. {BULAN[period.bulan - 1]} {period.tahun}: jumlah orang "
            "pada setiap langkah; persentase di bawah angka = perubahan dari langkah sebelumnya")
    return (None, None, note, rasio_cards(kaskade, view.total),
            kaskade_funnel(view.total, kaskade), kaskade_by_area(view.rows, kaskade),
            kaskade_columns(kaskade, _child_label(period.area), view.rows),
            kaskade_rows(kaskade, view.rows), kaskade_styles())


@callback(
    Output(R.of(R.EMPTY, MATCH), "children"),
    Output(R.of(R.CONTENT, MATCH), "style"),
    Output(R.of(R.NOTE, MATCH), "children"),
    Output(R.of(R.BARS, MATCH), "figure"),
    Output(R.of(R.AREAS, MATCH), "figure"),
    Input(ids.FILTER_STATE, "data"),
    Input(R.of(R.CODE, MATCH), "data"),
)
def show_rincian(state, code):
    rincian = RINCIAN_BY_CODE.get(code)
    if rincian is None:
        return empty_state("Rincian tidak dikenal."), HIDDEN, no_update, no_update, no_update
    with connect() as conn:
        period, message = _period(conn, state, rincian.klaster)
        if period is None:
            return empty_state(message, UPLOAD_HINT), HIDDEN, no_update, no_update, no_update
        view = rincian_view(conn, viewer_scope(), period.area, period.tahun, period.bulan, code)
    note = f"{period.area.nama}, Januari s.d. {BULAN[period.bulan - 1]} {period.tahun}"
    return None, None, note, rincian_bars(view.total, rincian), rincian_by_area(view.rows, rincian)


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
    request = parse_search(search)
    extra = dict(request.extra)
    info = page_info[0] if page_info and isinstance(page_info[0], dict) else {}
    wanted = indikator[0] if indikator else None
    in_url = request.extra.get("indikator")
    # the page opened on its default because the URL had none, or one this page does not
    # know (another page's code included): the filter's messages about the rest stay
    own = {i.code for i in indicators_of(_klaster(info))}
    opening = wanted == info.get("default") and in_url not in own
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
    Output(ids.URL, "search", allow_duplicate=True),
    Input(P.of(P.MAP, ALL), "clickData"),
    State(ids.FILTER_STATE, "data"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def drill_down(clicks, state, search):
    """A click on an area of the map opens that area (one level down)."""
    try:
        code = str(next(c for c in clicks if c)["points"][0]["location"])[:40]
    except (StopIteration, TypeError, KeyError, IndexError):
        return no_update
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, viewer_scope(), state)
        except WilayahError:
            return no_update
    return child_search(area.map_area, code, tahun, parse_search(search).extra)


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
    fmt_ = "xlsx" if ctx.triggered_id and ctx.triggered_id["type"] == P.DOWNLOAD_XLSX else "csv"
    with connect() as conn:
        found, _message = _pws_of(conn, state, indikator, page_info)
    if found is None:
        return no_update
    period, view = found
    name, data = table_download("pws", view.rows.frame(), period.area.map_area, period.tahun, period.bulan,
                                view.indicator.code, fmt_)
    return dcc.send_bytes(data, name)


@callback(
    Output(K.of(K.DOWNLOAD, MATCH), "data"),
    Input(K.of(K.DOWNLOAD_CSV, MATCH), "n_clicks"),
    Input(K.of(K.DOWNLOAD_XLSX, MATCH), "n_clicks"),
    State(ids.FILTER_STATE, "data"),
    State(K.of(K.CODE, MATCH), "data"),
    prevent_initial_call=True,
)
def download_kaskade(_csv, _xlsx, state, code):
    fmt_ = "xlsx" if ctx.triggered_id and ctx.triggered_id["type"] == K.DOWNLOAD_XLSX else "csv"
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
    return dcc.send_bytes(data, name)
