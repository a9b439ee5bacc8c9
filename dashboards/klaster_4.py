"""Klaster 4 (communicable disease): the TB cascade from screening to treatment with its yield,
number needed to screen and initial loss to follow-up; contact investigation and its results
among household contacts; and the PWS of every Klaster 4 indicator."""
import dash
from dash import dcc, html

from data_access.filters import month_of
from indicators.program import KASKADE_BY_CODE, indicators_of
from layouts.ids import Pws as P
from layouts.pws_parts import kaskade_section, page_header, pws_section, ringkasan_section

PAGE = "klaster-4"
KLASTER = 4
JUDUL = "Klaster 4 · Penyakit Menular"
DEFAULT = "tb_pengobatan"

dash.register_page(__name__, path="/klaster-4", name="Klaster 4", order=4,
                   title="Klaster 4 – Penyakit Menular")


def layout(indikator: str = DEFAULT, bulan: str | None = None, **_query):
    own = {i.code for i in indicators_of(KLASTER)}
    return html.Div([
        dcc.Store(id=P.of(P.PAGE_INFO, PAGE), data={"klaster": KLASTER, "judul": JUDUL, "page": PAGE}),
        page_header(PAGE, JUDUL, month_of(bulan)),
        kaskade_section(KASKADE_BY_CODE["tb"], "Kaskade TB: skrining → terduga → terdiagnosis → diobati"),
        kaskade_section(KASKADE_BY_CODE["ik"], "Investigasi kontak TB dan hasilnya pada kontak serumah"),
        pws_section(PAGE, indicators_of(KLASTER), indikator if indikator in own else DEFAULT),
        ringkasan_section(PAGE, "Semua indikator Klaster 4: notifikasi kasus, pengobatan, investigasi kontak"),
    ])
