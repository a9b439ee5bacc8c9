"""Klaster 2 (mother & child): the continuum of care K1 → K6 → persalinan di fasyankes →
KF lengkap → KN lengkap, the PWS of every Klaster 2 indicator per area, and their summary."""
from layouts.pages import PAGE_BY_KEY, register_page
from layouts.pws_parts import pws_page

PAGE = PAGE_BY_KEY["klaster-2"]  # its sections and indicators are declared in layouts/pages.py

register_page(__name__, PAGE)


def layout(indikator: str | None = None, bulan: str | None = None, **_query):
    return pws_page(PAGE, indikator, bulan)
