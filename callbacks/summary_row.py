"""The header and summary row of a page that opens on headline cards (Klaster 1, Kualitas Data):
the title with area and period, and one card per figure its sections hand over
(indicators.klaster1.Ringkasan), or why there are none."""
from __future__ import annotations

from collections.abc import Sequence

from callbacks.common import connect, viewer_scope
from callbacks.url_state import area_from_state, month_from_state
from domain.wilayah import WilayahError
from figures.palette import STATUS_WARNA
from indicators.pws import BULAN as NAMA_BULAN
from layouts.components import empty_state, kpi_card


def summary_page(state, heading: str, summaries: Sequence, asof: str, no_data: str, hint: str) -> dict:
    """{title, asof, ringkasan} for the filter `state`: each of `summaries` is called with
    (conn, scope, area, tahun, bulan|None) and returns its cards."""
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, viewer_scope(), state)
        except WilayahError as exc:
            return {"title": heading, "asof": None, "ringkasan": empty_state(str(exc))}
        if tahun is None:
            return {"title": f"{heading} · {area.nama}", "asof": None, "ringkasan": empty_state(no_data, hint)}
        bulan = month_from_state(state)
        figures = [r for summary in summaries for r in summary(conn, viewer_scope(), area, tahun, bulan)]
    period = f"{NAMA_BULAN[bulan - 1]} {tahun}" if bulan else str(tahun)
    cards = [kpi_card(r.judul, r.nilai, r.catatan, STATUS_WARNA.get(r.status)) for r in figures]
    return {"title": f"{heading} · {area.nama} · {period}", "asof": asof,
            "ringkasan": cards or empty_state(no_data, hint)}
