"""Dashboard Utama: the header (title, month) and the scorecard section. Stub until built."""
from dash import html

from layouts.pages import Page


def skor_header(page: Page, bulan: str | None) -> html.Div:
    return html.H2(page.heading, className="page-title")


def skor_section(page: Page) -> html.Div:
    return html.Div(id="utama-skor")
