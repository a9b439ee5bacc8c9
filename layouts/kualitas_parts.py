"""Kualitas Data page: its header (title, as-of line, the month) and its sections, each loaded
when it comes on screen: completeness and timeliness of reports, outliers and validation
rules, PIS-PK against the registers, the families to visit (layouts/kd_*.py). The page opens
on a summary row (callbacks/kualitas.py) that says what to check first."""
from __future__ import annotations

from types import MappingProxyType

import dash_bootstrap_components as dbc
from dash import html

from indicators.pws import month_of
from layouts.components import dropdown
from layouts.kd_kelengkapan import SECTION as KELENGKAPAN
from layouts.kd_kunjungan_rumah import SECTION as KUNJUNGAN_RUMAH
from layouts.kd_pencilan import SECTION as PENCILAN
from layouts.kd_rekonsiliasi import SECTION as REKONSILIASI
from layouts.lazy_parts import eager_section, lazy_section, section_index
from layouts.pws_parts import MONTH_OPTIONS


class KD:
    """Ids of the page's own parts (each section's ids live in its layouts/kd_*.py)."""

    TITLE = "kd-judul"
    ASOF = "kd-asof"
    BULAN = "kd-bulan"
    RINGKASAN = "kd-ringkasan"
    CONTENT = "kd-isi"


LEAD = "kd-ringkasan-bagian"  # the eager section's name (the index of sections jumps to it)
# in page order; each one's name is unique in the app (layouts/sections.py checks)
LAZY_SECTIONS = MappingProxyType({s.name: s for s in (KELENGKAPAN, PENCILAN, REKONSILIASI, KUNJUNGAN_RUMAH)})


def header(heading: str, bulan: str | None) -> dbc.Row:
    """The title (area and period: the callback writes it) and the month, kept in the URL."""
    return dbc.Row([
        dbc.Col([html.H2(heading, id=KD.TITLE, className="page-title"),
                 html.Div(id=KD.ASOF, className="asof-note")], lg=8),
        dbc.Col([
            html.Label("Bulan laporan", htmlFor=KD.BULAN, className="filter-label"),
            dropdown(id=KD.BULAN, options=MONTH_OPTIONS, value=month_of(bulan), clearable=True,
                     searchable=False, placeholder="bulan terakhir yang ada laporannya"),
        ], lg=4),
    ], className="align-items-end mb-2")


def page_layout(heading: str, bulan: str | None) -> html.Div:
    """The header, the summary row, then the four sections (loaded when seen)."""
    after = f"#{KD.RINGKASAN} .kpi-card, #{KD.RINGKASAN} .empty-state"
    return html.Div([
        header(heading, bulan),
        html.Div([
            section_index([(LEAD, "Ringkasan")] + [(s.name, s.chip or s.title) for s in LAZY_SECTIONS.values()]),
            eager_section(LEAD, dbc.Row(id=KD.RINGKASAN, className="g-2 mb-2")),
            *[lazy_section(s, after=after) for s in LAZY_SECTIONS.values()],
        ], id=KD.CONTENT),
    ])
