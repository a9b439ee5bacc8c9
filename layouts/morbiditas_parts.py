"""Dashboard Utama: the morbidity section. Stub until built."""
from dash import html


def morbiditas_section() -> html.Div:
    return html.Div(id="utama-morbiditas")
