"""IKS page: the Healthy Family Index per area, on a map, as ranked bars and as a table."""
import dash_bootstrap_components as dbc
from dash import dcc, html

from figures.iks import IKS
from indicators.registry import IKS_INDICATORS
from layouts.components import dropdown, map_panel
from layouts.graph_config import graph_config
from layouts.ids import Iks as ids
from layouts.ids import Map
from layouts.iks_parts import LAZY_SECTIONS
from layouts.lazy_parts import eager_section, lazy_section, section_index
from layouts.pages import PAGE_BY_KEY, register_page

PAGE = PAGE_BY_KEY["iks"]

register_page(__name__, PAGE)

INDICATOR_OPTIONS = [{"label": "Indeks Keluarga Sehat (IKS)", "value": IKS}] + [
    {"label": f"{i.nomor}. {i.label}", "value": i.code} for i in IKS_INDICATORS
]

GRAPH_CONFIG = graph_config("iks")


def layout(indikator: str = IKS, **_query):
    known = indikator in {o["value"] for o in INDICATOR_OPTIONS}
    value = indikator if known else IKS
    # a code the page does not know is named, not silently replaced
    notes = [] if known else [dbc.Alert(f"Kode indikator '{str(indikator)[:40]}' tidak ada di halaman ini; "
                                        "ditampilkan Indeks Keluarga Sehat (IKS).", color="warning",
                                        dismissable=True, className="py-2")]
    return html.Div([
        *notes,
        dbc.Row([
            dbc.Col(html.H2(id=ids.TITLE, className="page-title"), lg=7),
            dbc.Col([
                html.Label("Tampilkan", htmlFor=ids.INDIKATOR, className="filter-label"),
                dropdown(id=ids.INDIKATOR, options=INDICATOR_OPTIONS, value=value,
                         clearable=False, searchable=False),
            ], lg=5),
        ], className="align-items-end mb-2"),
        html.Div(id=ids.EMPTY),
        html.Div([
            section_index([("iks-peta", "Peta dan peringkat")]
                          + [(s.name, s.chip) for s in LAZY_SECTIONS.values()]),
            eager_section("iks-peta", [
                dbc.Row(id=ids.KPI, className="g-2 mb-2"),
                dbc.Row([
                    dbc.Col(dbc.Card([
                        dbc.CardHeader(id=ids.MAP_NOTE),
                        *map_panel(Map.IKS, PAGE.key, height=520),
                    ]), lg=7, className="mb-2"),
                    dbc.Col(dbc.Card([
                        dbc.CardHeader("Peringkat wilayah (terendah di atas)"),
                        html.Div(dcc.Graph(id=ids.BARS, config=GRAPH_CONFIG), className="scroll-panel"),
                    ]), lg=5, className="mb-2"),
                ]),
            ]),
            # below the fold: the change of IKS and the table, loaded when seen (assets/lazy.js)
            lazy_section(LAZY_SECTIONS["iks-tabel"], after="#iks-bars .main-svg"),
        ], id=ids.CONTENT),
    ])
