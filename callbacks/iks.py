"""IKS page callbacks: validate the filter state → query the summary → build figures."""
from __future__ import annotations

from dash import Input, Output, State, callback, no_update

from callbacks import inputs
from callbacks.common import connect, only, viewer, viewer_scope
from callbacks.map_panel import for_browser
from callbacks.url_state import area_from_state, build_search, parse_search, with_extra
from data_access.db import get_info
from data_access.iks import iks_area_table
from data_access.kunjungan_rumah import refusal
from domain.wilayah import WilayahError
from figures.iks import IKS, change_dumbbell, map_spec, ranked_bars, value_column
from indicators.registry import IKS_BY_CODE
from layouts import ids
from layouts.components import empty_state
from layouts.grid import height_for
from layouts.ids import Iks as I
from layouts.iks_parts import (
    kpi_row,
    map_header,
    selected_desa,
    table_rows,
    title,
)
from layouts.kd_kunjungan_rumah import INDIKATOR_PARAM, link_to_list

HIDDEN = {"display": "none"}


def _indicator(value) -> str:
    value = inputs.text(value)
    return value if value == IKS or value in IKS_BY_CODE else IKS


def _load(state):
    """(area, tahun, rows, total) for a filter state, or (None, message) when there is nothing."""
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, viewer_scope(), state)
        except WilayahError as exc:
            return None, str(exc)
        if tahun is None:
            return None, f"Belum ada data kunjungan keluarga untuk {area.nama}."
        rows, total = iks_area_table(conn, viewer_scope(), area, tahun)
        version = get_info(conn, "versi_peta") or "0"
    if not total.get("keluarga_dikunjungi"):
        return None, f"Belum ada data kunjungan keluarga untuk {area.nama} tahun {tahun}."
    return (area, tahun, rows, total, version), None


AREA = dict(
    title=Output(I.TITLE, "children"),
    empty=Output(I.EMPTY, "children"),
    content=Output(I.CONTENT, "style"),
    kpi=Output(I.KPI, "children"),
)


@callback(output=AREA, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_area(state):
    loaded, message = _load(state)
    if loaded is None:
        return only(AREA, title="Indeks Keluarga Sehat", content=HIDDEN, kpi=[],
                    empty=empty_state(message, "Unggah data kunjungan keluarga PIS-PK atau pilih wilayah/tahun lain."))
    area, tahun, _rows, total, _ = loaded
    return only(AREA, title=title(area, tahun), empty=None, content=None, kpi=kpi_row(total))


TABLE = dict(
    change=Output(I.CHANGE, "figure"),
    rows=Output(I.TABLE, "rowData"),
    height=Output(I.TABLE, "style"),
)


@callback(output=TABLE, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_table(state):
    """The section below the map (layouts/iks_parts.py lower_section), once it is seen: the
    change of IKS per area and the table of areas (show_area says why when there is none)."""
    loaded, _message = _load(state)
    if loaded is None:
        return only(TABLE, rows=[])
    area, _tahun, rows, _total, _ = loaded
    return only(TABLE, change=change_dumbbell(rows), rows=table_rows(rows, selected_desa(area)),
                height=height_for(len(rows)))


INDICATOR = dict(
    spec=Output(I.MAP_SPEC, "data"),
    note=Output(I.MAP_NOTE, "children"),
    bars=Output(I.BARS, "figure"),
)


@callback(output=INDICATOR,
          inputs=dict(state=Input(ids.FILTER_STATE, "data"), indikator=Input(I.INDIKATOR, "value")))
def show_indicator(state, indikator):
    indikator = _indicator(indikator)
    loaded, _message = _load(state)
    if loaded is None:
        return only(INDICATOR, spec=None, note=None)
    area, _tahun, rows, total, version = loaded
    shown = area.map_area
    selected = area.kode if area is not shown else None
    spec = for_browser(map_spec(rows, indikator, selected=selected, revision=f"{shown.level}-{shown.kode}"),
                       I.MAP, shown, version)
    bars = ranked_bars(rows, indikator, total=total.get(value_column(indikator)), selected=selected)
    return only(INDICATOR, spec=spec, note=_note(area, _tahun, shown, indikator), bars=bars)


def _note(area, tahun, shown, indikator: str):
    """The map's header; for one of the 12 indicators, to a viewer who may see the families,
    a link to the families to visit (Kualitas Data)."""
    header = map_header(shown, indikator)
    if indikator not in IKS_BY_CODE or refusal(viewer()):
        return header
    return [header, link_to_list(build_search(area, tahun, {INDIKATOR_PARAM: indikator}))]


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(I.INDIKATOR, "value"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def remember_indicator(indikator, search):
    """The indicator shown is part of the URL, so a shared link opens the same map."""
    request = parse_search(search)
    wanted = _indicator(indikator)
    in_url = request.extra.get("indikator", IKS)
    # the page opened on IKS because the URL's code is unknown: leave the URL (a rewrite
    # would clear the filter's messages about the rest of the link)
    if in_url == wanted or (wanted == IKS and _indicator(in_url) != in_url):
        return no_update
    request.extra["indikator"] = wanted
    if wanted == IKS:
        request.extra.pop("indikator")
    return with_extra(search, request.extra)

