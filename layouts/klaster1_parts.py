"""Klaster 1 (management) page: its header (title, as-of line, the month) and its sections,
one per management dataset (layouts/k1_*.py), each loaded when it comes on screen. The
page opens on a summary row (callbacks/klaster_1.py) so that the first screen says what is
behind before anyone scrolls."""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import dash_bootstrap_components as dbc
from dash import dcc, html

from indicators.pws import month_of
from layouts.components import dropdown
from layouts.ids import Pws as P
from layouts.k1_kegiatan import SECTION as KEGIATAN
from layouts.k1_keuangan import SECTION as KEUANGAN
from layouts.k1_mutu import SECTION as MUTU
from layouts.k1_obat import SECTION as OBAT
from layouts.k1_sarpras import SECTION as SARPRAS
from layouts.k1_sdm import SECTION as SDM
from layouts.lazy_parts import eager_section, lazy_section, section_index
from layouts.pages import Page
from layouts.pws_parts import LAZY_SECTIONS as PWS_SECTIONS
from layouts.pws_parts import MONTH_OPTIONS, PWS_ANCHOR, section_name


class K1:
    """Ids of the page's own parts (each section's ids live in its layouts/k1_*.py)."""

    TITLE = "k1-judul"
    ASOF = "k1-asof"
    BULAN = "k1-bulan"
    RINGKASAN = "k1-ringkasan"
    CONTENT = "k1-isi"


LEAD = "k1-ringkasan-bagian"  # the eager section's name (the index of sections jumps to it)
# in page order; each one's name is unique in the app (layouts/sections.py checks)
LAZY_SECTIONS = MappingProxyType({s.name: s for s in (SDM, OBAT, SARPRAS, KEUANGAN, MUTU, KEGIATAN)})


def header(heading: str, bulan: str | None) -> dbc.Row:
    """The title (area and period: the callback writes it) and the month, kept in the URL
    (`bulan`) like every page's period."""
    return dbc.Row([
        dbc.Col([html.H2(heading, id=K1.TITLE, className="page-title"),
                 html.Div(id=K1.ASOF, className="asof-note")], lg=8),
        dbc.Col([
            html.Label("Bulan laporan", htmlFor=K1.BULAN, className="filter-label"),
            dropdown(id=K1.BULAN, options=MONTH_OPTIONS, value=month_of(bulan), clearable=True,
                     searchable=False, placeholder="bulan terakhir yang ada laporannya"),
        ], lg=4),
    ], className="align-items-end mb-2")


def page_layout(heading: str, bulan: str | None, page: Page | None = None,
                query: Mapping[str, str] | None = None) -> html.Div:
    """The header, the summary row, then (when `page` declares them: the Klaster 1 PWS
    indicators, layouts/pages.py) the PWS panel and the summary of every indicator, then the
    six management sections. The PWS sections read the month from the URL like every PWS
    page; the header's month is the page's one month control. The PWS panel, whose top is on
    the first screen under the summary row, is drawn at once (its callbacks run beside the
    summary's instead of after it); the rest load when seen. `query`: the URL's parameters
    (the panel's indicator; its builder validates it)."""
    pws = [PWS_SECTIONS[section_name(page, s)] for s in page.sections] if page is not None else []
    after = f"#{K1.RINGKASAN} .kpi-card, #{K1.RINGKASAN} .empty-state"
    first_pws = [html.Div([html.Div(id=PWS_ANCHOR), eager_section(pws[0].name, pws[0].build(query or {}))])
                 ] if pws else []
    return html.Div([
        # the PWS callbacks find the page by this store, and write a title and an as-of line
        # that this page's header already shows (kept hidden: one title, one month)
        *([dcc.Store(id=P.of(P.PAGE_INFO, page.key), data={"page": page.key}),
           html.Div(id=P.of(P.TITLE, page.key), hidden=True),
           html.Div(id=P.of(P.ASOF, page.key), hidden=True)] if pws else []),
        header(heading, bulan),
        html.Div([
            section_index([(LEAD, "Ringkasan")] + [(s.name, s.chip or s.title)
                                                   for s in (*pws, *LAZY_SECTIONS.values())]),
            eager_section(LEAD, dbc.Row(id=K1.RINGKASAN, className="g-2 mb-2")),
            *first_pws,
            *[lazy_section(s, after=after, anchor=PWS_ANCHOR if s.name.endswith("-pws") else None)
              for s in pws[1:]],
            *[lazy_section(s, after=after) for s in LAZY_SECTIONS.values()],
        ], id=K1.CONTENT),
    ])
