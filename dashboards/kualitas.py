"""Kualitas Data: are this area's reports complete and on time, which numbers look wrong, where
PIS-PK and the program registers disagree, and which families to visit next."""
from layouts.kualitas_parts import page_layout
from layouts.pages import PAGE_BY_KEY, register_page

PAGE = PAGE_BY_KEY["kualitas-data"]

register_page(__name__, PAGE)


def layout(bulan: str | None = None, **_query):
    return page_layout(PAGE.heading, bulan)
