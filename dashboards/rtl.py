"""The follow-up plan (RTL) of the lokakarya mini: record an action, list them, change their
status, download them."""
from dash import html

from layouts.pages import PAGE_BY_KEY, register_page

PAGE = PAGE_BY_KEY["rtl"]
register_page(__name__, PAGE)


def layout(**_query):
    return html.Div(html.H2(PAGE.heading, className="page-title"))
