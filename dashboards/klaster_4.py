"""Klaster 4 (communicable disease): the TB cascade from screening to treatment with its yield,
number needed to screen and initial loss to follow-up; contact investigation and its results
among household contacts; and the PWS of every Klaster 4 indicator."""
from layouts.pages import PAGE_BY_KEY, register_page
from layouts.pws_parts import pws_page

PAGE = PAGE_BY_KEY["klaster-4"]  # its sections and indicators are declared in layouts/pages.py

register_page(__name__, PAGE)


def layout(indikator: str | None = None, bulan: str | None = None, **_query):
    return pws_page(PAGE, indikator, bulan)
