"""Dashboard Utama (`/`, the landing page): what is behind this month across every program
(findings in words, the scorecard, the league table of Puskesmas), visits to the Puskesmas,
Pustu, Posyandu and homes, and the burden of disease per wilayah (ILP guideline, seed 003)."""
from dash import html

from layouts.pages import PAGE_BY_KEY, register_page
from layouts.skor_parts import skor_header, skor_section
from layouts.utama_parts import lazy_section

PAGE = PAGE_BY_KEY["dashboard-utama"]

register_page(__name__, PAGE)


def layout(bulan: str | None = None, **_query):
    return html.Div([
        skor_header(PAGE, bulan),
        skor_section(PAGE),
        # below the fold: loaded when they come into view (assets/lazy.js)
        lazy_section("kunjungan"),
        lazy_section("morbiditas"),
    ], className="utama-page")
