"""Klaster 2 (mother & child): the continuum of care K1 → K6 → persalinan di fasyankes →
KF lengkap → KN lengkap, the PWS of every Klaster 2 indicator per area, and their summary."""
import dash

from indicators.program import KASKADE_BY_CODE
from layouts.pws_parts import kaskade_section, pws_page, ringkasan_section

PAGE = "klaster-2"

dash.register_page(__name__, path="/klaster-2", name="Klaster 2", order=2,
                   title="Klaster 2 – Ibu dan Anak")


def layout(indikator: str | None = None, bulan: str | None = None, **_query):
    return pws_page(PAGE, 2, "Klaster 2 · Ibu dan Anak", "k6", indikator, bulan, before=[
        kaskade_section(KASKADE_BY_CODE["kia"], "Kesinambungan layanan ibu dan bayi (continuum of care)"),
    ], after=[
        ringkasan_section(PAGE, "Semua indikator Klaster 2: imunisasi, pertumbuhan balita, remaja"),
    ])
