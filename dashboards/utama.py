"""Dashboard Utama (`/`, the landing page): what is behind this month across every program
(findings in words, the scorecard, the league table of Puskesmas), visits to the Puskesmas,
Pustu, Posyandu and homes, and the burden of disease per wilayah (ILP guideline, seed 003)."""
from dash import html

from layouts.lazy_parts import eager_section, section_index
from layouts.pages import PAGE_BY_KEY, register_page
from layouts.skor_parts import skor_header, skor_section
from layouts.utama_parts import LAZY_SECTIONS, utama_section

PAGE = PAGE_BY_KEY["dashboard-utama"]

register_page(__name__, PAGE)


def layout(bulan: str | None = None, **_query):
    return html.Div([
        skor_header(PAGE, bulan),
        section_index([("skor", "Rapor dan peringkat")]
                      + [(s.name, s.chip or s.title) for s in LAZY_SECTIONS.values()]),
        eager_section("skor", skor_section(PAGE)),
        # below the fold: loaded when they come into view (assets/lazy.js)
        utama_section("kunjungan"),
        utama_section("morbiditas"),
    ], className="utama-page")
