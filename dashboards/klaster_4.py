"""Klaster 4 (communicable disease): the TB cascade from screening to treatment with its yield,
number needed to screen and initial loss to follow-up; contact investigation and its results
among household contacts; and the PWS of every Klaster 4 indicator."""
import dash

from indicators.program import KASKADE_BY_CODE
from layouts.pws_parts import kaskade_section, pws_page, ringkasan_section

PAGE = "klaster-4"

dash.register_page(__name__, path="/klaster-4", name="Klaster 4", order=4,
                   title="Klaster 4 – Penyakit Menular")


def layout(indikator: str | None = None, bulan: str | None = None, **_query):
    return pws_page(PAGE, 4, "Klaster 4 · Penyakit Menular", "tb_pengobatan", indikator, bulan, before=[
        kaskade_section(KASKADE_BY_CODE["tb"], "Kaskade TB: skrining → terduga → terdiagnosis → diobati"),
        kaskade_section(KASKADE_BY_CODE["ik"], "Investigasi kontak TB dan hasilnya pada kontak serumah"),
    ], after=[
        ringkasan_section(PAGE, "Semua indikator Klaster 4: notifikasi kasus, pengobatan, investigasi kontak"),
    ])
