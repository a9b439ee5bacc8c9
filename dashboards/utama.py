"""Dashboard Utama (`/`, the landing page): what is behind this month across every program
(findings in words, the scorecard, the league table of Puskesmas), visits to the Puskesmas,
Pustu, Posyandu and homes, and the burden of disease per wilayah (ILP guideline, seed 003)."""
from dash import html

from layouts.kunjungan_parts import kunjungan_section
from layouts.morbiditas_parts import morbiditas_section
from layouts.pages import PAGE_BY_KEY, register_page
from layouts.skor_parts import skor_header, skor_section

PAGE = PAGE_BY_KEY["dashboard-utama"]

register_page(__name__, PAGE)


def layout(bulan: str | None = None, **_query):
    return html.Div([
        skor_header(PAGE, bulan),
        skor_section(PAGE),
        kunjungan_section(),
        morbiditas_section(),
    ], className="utama-page")
