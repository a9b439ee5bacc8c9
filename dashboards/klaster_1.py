"""Klaster 1 (management): staff against the minimum standard, medicine stock (LPLPO),
equipment and infrastructure, budget realisation against its linear target, the national
quality indicators and the annual plan's activities, per Puskesmas."""
from layouts.klaster1_parts import page_layout
from layouts.pages import PAGE_BY_KEY, register_page

PAGE = PAGE_BY_KEY["klaster-1"]

register_page(__name__, PAGE)


def layout(bulan: str | None = None, **query):
    return page_layout(PAGE.heading, bulan, PAGE, query)
