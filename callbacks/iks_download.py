"""IKS page download buttons: the page's table as CSV or XLSX, for the area in the filter."""
from __future__ import annotations

from dash import Input, Output, State, callback, ctx, dcc, no_update

from callbacks.common import connect, record, viewer_scope
from callbacks.url_state import area_from_state
from data_access.iks import iks_area_table
from data_access.users import Event
from domain.wilayah import WilayahError
from exports.views import iks_page_download
from layouts import ids
from layouts.ids import Iks as I


@callback(
    Output(I.DOWNLOAD, "data"),
    Input(I.DOWNLOAD_CSV, "n_clicks"),
    Input(I.DOWNLOAD_XLSX, "n_clicks"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def download_table(_csv, _xlsx, state):
    fmt = "xlsx" if ctx.triggered_id == I.DOWNLOAD_XLSX else "csv"
    return table_file(state, fmt)


def table_file(state, fmt: str):
    """The Download data for the page's table in `fmt`, or no_update when the state names
    no area or year (the page already shows why)."""
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, viewer_scope(), state)
        except WilayahError:
            return no_update
        if tahun is None:
            return no_update
        rows, _total = iks_area_table(conn, viewer_scope(), area, tahun)
    filename, data = iks_page_download(rows, area.map_area, tahun, fmt)
    shown = area.map_area
    record(Event.UNDUH, f"tabel IKS, {shown.level.label.lower()} {shown.kode or 'nasional'}, {tahun}: {filename}")
    return dcc.send_bytes(data, filename)
