"""Klaster 3 (adults & elderly): the hypertension and diabetes control cascades from the
estimated patients to the controlled ones, PTM screening by age and sex and the risk factors
found, mental health, the elderly's ICOPE screening, and the PWS of every Klaster 3
indicator."""
import dash
from dash import dcc, html

from data_access.filters import month_of
from indicators.program import KASKADE_BY_CODE, RINCIAN_BY_CODE, indicators_of
from layouts.ids import Pws as P
from layouts.pws_parts import (
    kaskade_section,
    page_header,
    pws_section,
    rincian_section,
    ringkasan_section,
)

PAGE = "klaster-3"
KLASTER = 3
JUDUL = "Klaster 3 · Dewasa dan Lansia"
DEFAULT = "ht_spm"

dash.register_page(__name__, path="/klaster-3", name="Klaster 3", order=3,
                   title="Klaster 3 – Dewasa dan Lansia")


def layout(indikator: str = DEFAULT, bulan: str | None = None, **_query):
    own = {i.code for i in indicators_of(KLASTER)}
    return html.Div([
        dcc.Store(id=P.of(P.PAGE_INFO, PAGE), data={"klaster": KLASTER, "judul": JUDUL, "page": PAGE}),
        page_header(PAGE, JUDUL, month_of(bulan)),
        kaskade_section(KASKADE_BY_CODE["ht"], "Kaskade pengendalian hipertensi: estimasi → terkendali"),
        kaskade_section(KASKADE_BY_CODE["dm"], "Kaskade pengendalian diabetes melitus: estimasi → terkendali"),
        rincian_section(RINCIAN_BY_CODE["skrining_ptm_umur"],
                        "Skrining PTM penduduk ≥15 tahun menurut umur dan jenis kelamin"),
        rincian_section(RINCIAN_BY_CODE["faktor_risiko_ptm"],
                        "Faktor risiko PTM yang ditemukan saat skrining, per wilayah"),
        pws_section(PAGE, indicators_of(KLASTER), indikator if indikator in own else DEFAULT),
        kaskade_section(KASKADE_BY_CODE["jiwa"], "Kesehatan jiwa: skrining, diagnosis, pengobatan, rujukan, pasung"),
        ringkasan_section(PAGE, "Semua indikator Klaster 3: SPM hipertensi dan diabetes, skrining PTM, "
                                "ODGJ berat, ICOPE lansia"),
    ])
