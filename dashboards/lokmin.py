"""Presentation mode of the lokakarya mini (/lokmin?puskesmas=…&bulan=…): one message per
slide, full screen, keyboard and clicker navigation; the deck is indicators/lokmin.py's."""
from dash import html

from layouts.pages import PAGE_BY_KEY, register_page

PAGE = PAGE_BY_KEY["lokmin"]
register_page(__name__, PAGE)


def layout(puskesmas: str | None = None, bulan: str | None = None, **_query):
    return html.Div("Presentasi lokakarya mini sedang disiapkan.", className="lokmin-deck")
