"""Klaster 1 page: its title, the month kept in the URL, and the summary row gathered from
every management section (each section's own callbacks live in callbacks/k1_*.py)."""
from __future__ import annotations

from dash import Input, Output, State, callback, no_update

from callbacks.common import connect, viewer_scope
from callbacks.url_state import area_from_state, month_from_state, with_month
from data_access.k1_ringkasan import SUMMARIES
from domain.wilayah import WilayahError
from figures.palette import STATUS_WARNA
from indicators.pws import BULAN as NAMA_BULAN
from layouts import ids
from layouts.components import empty_state, kpi_card
from layouts.klaster1_parts import K1
from layouts.pages import PAGE_BY_KEY

PAGE = PAGE_BY_KEY["klaster-1"]
NO_DATA = ("Belum ada data manajemen (SDM, obat, sarpras, keuangan, mutu, kegiatan) untuk wilayah dan "
           "tahun ini.")
NO_DATA_HINT = "Pengelola data dapat mengunggahnya di halaman Unggah data; templat tiap dataset ada di sana."


@callback(
    output=dict(title=Output(K1.TITLE, "children"), asof=Output(K1.ASOF, "children"),
                ringkasan=Output(K1.RINGKASAN, "children")),
    inputs=dict(state=Input(ids.FILTER_STATE, "data")),
)
def show_page(state):
    """'Klaster 1 · Manajemen · Puskesmas Kalijaya · 2025' and one card per headline figure."""
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, viewer_scope(), state)
        except WilayahError as exc:
            return {"title": PAGE.heading, "asof": None, "ringkasan": empty_state(str(exc))}
        if tahun is None:
            return {"title": f"{PAGE.heading} · {area.nama}", "asof": None,
                    "ringkasan": empty_state(NO_DATA, NO_DATA_HINT)}
        bulan = month_from_state(state)
        figures = [r for summary in SUMMARIES for r in summary(conn, viewer_scope(), area, tahun, bulan)]
    period = f"{NAMA_BULAN[bulan - 1]} {tahun}" if bulan else str(tahun)
    cards = [kpi_card(r.judul, r.nilai, r.catatan, STATUS_WARNA.get(r.status)) for r in figures]
    return {"title": f"{PAGE.heading} · {area.nama} · {period}",
            "asof": "Data per Puskesmas; di tingkat kabupaten ke atas dijumlahkan dari Puskesmasnya.",
            "ringkasan": cards or empty_state(NO_DATA, NO_DATA_HINT)}


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(K1.BULAN, "value"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def remember_month(bulan, search):
    """The month is part of the URL; it reaches every section through the filter state."""
    return with_month(search, bulan) or no_update
