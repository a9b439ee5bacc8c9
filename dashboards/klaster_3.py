"""Klaster 3 (adults & elderly): the hypertension and diabetes control cascades from the
estimated patients to the controlled ones, PTM screening by age and sex and the risk factors
found, mental health, the elderly's ICOPE screening, and the PWS of every Klaster 3
indicator."""
from layouts.pages import PAGE_BY_KEY, register_page
from layouts.pws_parts import pws_page

PAGE = PAGE_BY_KEY["klaster-3"]  # its sections and indicators are declared in layouts/pages.py

register_page(__name__, PAGE)


def layout(indikator: str | None = None, bulan: str | None = None, **_query):
    return pws_page(PAGE, indikator, bulan)
