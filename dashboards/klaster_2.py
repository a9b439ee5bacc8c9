"""Klaster 2 (mother & child): the continuum of care K1 → K6 → persalinan di fasyankes →
KF lengkap → KN lengkap, the PWS of every Klaster 2 indicator per area, and their summary."""
import dash
from dash import dcc, html

from data_access.filters import month_of
from indicators.program import INDICATOR_BY_CODE, KASKADE_BY_CODE, indicators_of
from layouts.ids import Pws as P
from layouts.pws_parts import kaskade_section, page_header, pws_section, ringkasan_section

PAGE = "klaster-2"
KLASTER = 2
JUDUL = "Klaster 2 · Ibu dan Anak"

dash.register_page(__name__, path="/klaster-2", name="Klaster 2", order=2,
                   title="Klaster 2 – Ibu dan Anak")


def layout(indikator: str = "k6", bulan: str | None = None, **_query):
    own = {i.code for i in indicators_of(KLASTER)}
    value = indikator if indikator in own and indikator in INDICATOR_BY_CODE else "k6"
    return html.Div([
        dcc.Store(id=P.of(P.PAGE_INFO, PAGE), data={"klaster": KLASTER, "judul": JUDUL, "page": PAGE}),
        page_header(PAGE, JUDUL, month_of(bulan)),
        kaskade_section(KASKADE_BY_CODE["kia"], "Kesinambungan layanan ibu dan bayi (continuum of care)"),
        pws_section(PAGE, indicators_of(KLASTER), value),
        ringkasan_section(PAGE, "Semua indikator Klaster 2: imunisasi, pertumbuhan balita, remaja"),
    ])
