"""Kualitas Data page: its title, the month kept in the URL, and the summary row gathered from
every data-quality section (each section's own callbacks live in callbacks/kd_*.py)."""
from __future__ import annotations

from dash import Input, Output, State, callback, no_update

from callbacks.common import connect, viewer_scope
from callbacks.url_state import area_from_state, month_from_state, with_month
from data_access import kelengkapan, pencilan, rekonsiliasi
from domain.wilayah import WilayahError
from figures.palette import STATUS_WARNA
from indicators.pws import BULAN as NAMA_BULAN
from layouts import ids
from layouts.components import empty_state, kpi_card
from layouts.kualitas_parts import KD
from layouts.pages import PAGE_BY_KEY

PAGE = PAGE_BY_KEY["kualitas-data"]
# each returns a list of indicators.klaster1.Ringkasan for (conn, scope, area, tahun, bulan|None);
# the sections add theirs (completeness, outliers, PIS-PK against the registers)
SUMMARIES: tuple = (kelengkapan.ringkasan, pencilan.ringkasan, rekonsiliasi.ringkasan)
NO_DATA = "Belum ada register layanan untuk wilayah dan tahun ini: belum ada yang dapat diperiksa."
NO_DATA_HINT = "Pengelola data dapat mengunggah register di halaman Unggah data."


@callback(
    output=dict(title=Output(KD.TITLE, "children"), asof=Output(KD.ASOF, "children"),
                ringkasan=Output(KD.RINGKASAN, "children")),
    inputs=dict(state=Input(ids.FILTER_STATE, "data")),
)
def show_page(state):
    """'Kualitas data · Puskesmas Kalijaya · Desember 2025' and one card per headline figure."""
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
            "asof": "Periksa data sebelum membaca angkanya: laporan yang belum masuk atau angka janggal "
                    "mengubah status PWS.",
            "ringkasan": cards or empty_state("Ringkasan kualitas data sedang dibangun.", None)}


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(KD.BULAN, "value"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def remember_month(bulan, search):
    """The month is part of the URL; it reaches every section through the filter state."""
    return with_month(search, bulan) or no_update
