"""Dashboard Utama: the visits section. Stub until built."""
from dash import html


def kunjungan_section() -> html.Div:
    return html.Div(id="utama-kunjungan")
