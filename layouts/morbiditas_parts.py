"""Dashboard Utama: the morbidity section. The ten most frequent diagnoses of the month (or
of the year so far) and their trend over 24 months; for one diagnosis, the map of cases per
1.000 penduduk per child area (the map panel and drill-down of the IKS and PWS pages) and
the cases by age band and sex. callbacks/morbiditas.py fills it."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from domain.kategori import MIN_SEL
from layouts.components import dropdown, map_panel
from layouts.graph_config import graph_config
from layouts.ids import Map
from layouts.ids import Morbiditas as M

GRAPH_CONFIG = graph_config("morbiditas")
PERIODE_OPTIONS = [{"label": "Bulan ini", "value": "bulan"},
                   {"label": "Januari s.d. bulan ini", "value": "kumulatif"}]
SMALL_CELL_NOTE = (f"Sel dengan 1–{MIN_SEL - 1} kasus ditulis \"< {MIN_SEL}\" (angka kecil dapat mengenali "
                   "orang); bila hanya satu sel yang kecil, sel terkecil berikutnya ikut disembunyikan.")


def morbiditas_section() -> html.Div:
    return html.Div(dbc.Card([
        dbc.CardHeader(dbc.Row([
            dbc.Col([html.H3("Kesakitan (morbiditas)", className="section-title"),
                     html.Div(id=M.TITLE, className="section-note")], lg=7),
            dbc.Col([
                html.Label("Periode", htmlFor=M.PERIODE, className="filter-label d-block"),
                dbc.RadioItems(id=M.PERIODE, options=PERIODE_OPTIONS, value="bulan", inline=True,
                               className="map-mode"),
            ], lg=5),
        ], className="align-items-end g-2")),
        html.Div(id=M.EMPTY, className="px-2"),
        html.Div([
            html.Div(id=M.TOTAL, className="panel-note px-2 pt-2"),
            dbc.Row([
                dbc.Col([html.Div(id=M.TOP_NOTE, className="panel-note"),
                         dcc.Graph(id=M.TOP, config=GRAPH_CONFIG)], lg=5),
                dbc.Col([html.Div(id=M.TREND_NOTE, className="panel-note"),
                         dcc.Graph(id=M.TREND, config=GRAPH_CONFIG)], lg=7),
            ], className="g-2 px-2"),
            html.Hr(className="my-2"),
            dbc.Row([
                dbc.Col([
                    html.Label("Diagnosis di peta dan rincian", htmlFor=M.DIAGNOSIS, className="filter-label"),
                    dropdown(id=M.DIAGNOSIS, clearable=False, searchable=True, optionHeight=40,
                             placeholder="Pilih diagnosis"),
                ], lg=7),
            ], className="g-2 px-2"),
            html.Div(id=M.DIAGNOSIS_EMPTY, className="px-2"),
            dbc.Row([
                dbc.Col([html.Div(id=M.MAP_NOTE, className="panel-note"),
                         *map_panel(Map.MORBIDITAS, M.PAGE, height=460)], lg=7),
                dbc.Col([html.Div(id=M.BREAKDOWN_NOTE, className="panel-note"),
                         dcc.Graph(id=M.BREAKDOWN, config=GRAPH_CONFIG),
                         html.P(SMALL_CELL_NOTE, className="source-note")], lg=5),
            ], className="g-2 px-2 pb-2"),
        ], id=M.CONTENT),
    ], className="mb-3"), id=M.SECTION)
