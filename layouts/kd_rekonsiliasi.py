"""Kualitas Data, section 'PIS-PK dibanding register program': choose a declared pair
(indicators.rekonsiliasi), see both coverages per area on a scatter with the diagonal and the
tolerance band, and the areas where they differ beyond it, with what each source measures."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from indicators import format as fmt
from indicators.rekonsiliasi import ATURAN, BERBEDA, PASANGAN, TIDAK_DAPAT, Pasangan
from layouts.components import dropdown
from layouts.graph_config import graph_config
from layouts.lazy_parts import LazySection


class RekonIds:
    PASANGAN = "kd-rekon-pasangan"
    NOTE = "kd-rekon-catatan"
    GRAPH = "kd-rekon-grafik"
    SUMBER = "kd-rekon-sumber"
    TABLE = "kd-rekon-tabel"


OPTIONS = [{"label": p.option_label, "value": p.code} for p in PASANGAN]
DEFAULT = PASANGAN[0].code


def build(_query=None) -> html.Div:
    return html.Div([
        html.H3("PIS-PK dibanding register program", className="section-title"),
        dbc.Row([dbc.Col([
            html.Label("Pasangan indikator (PIS-PK ↔ register)", htmlFor=RekonIds.PASANGAN,
                       className="filter-label"),
            dropdown(id=RekonIds.PASANGAN, options=OPTIONS, value=DEFAULT, clearable=False, searchable=False),
        ], lg=8)], className="mb-2"),
        html.Div(id=RekonIds.NOTE, className="section-note"),
        dcc.Loading(dcc.Graph(id=RekonIds.GRAPH, config=graph_config("rekonsiliasi"),
                              figure={"data": [], "layout": {"height": 500}})),
        html.Div(id=RekonIds.SUMBER, className="source-note"),
        html.Div(id=RekonIds.TABLE, className="table-responsive"),
        html.P(ATURAN, className="source-note mb-0"),
    ], className="card mb-3 p-3")


def sources(p: Pasangan) -> html.Ul:
    """What each side measures, in the pair's own words."""
    items = [p.pispk_mengukur, p.register_mengukur if p.register else f"Register: {p.tanpa_register}"]
    return html.Ul([html.Li(t) for t in items], className="mb-2")


def _pispk(r) -> str:
    return f"{fmt.persen(r['cakupan_pispk'])} ({fmt.angka(r['y'])}/{fmt.angka(r['y'] + r['t'])} kel.)"


def _register(r) -> str:
    return f"{fmt.persen(r['cakupan_register'])} ({fmt.angka(r['pembilang'])}/{fmt.angka(r['penyebut_periode'], 1)})"


def selisih_table(rows: pd.DataFrame, p: Pasangan, word: str) -> html.Div:
    """The areas whose coverages differ beyond the tolerance (largest gap first), with the
    pair's sentence on the likely cause; then the areas that cannot be compared and why."""
    differ = rows[rows["status"] == BERBEDA]
    differ = differ.iloc[differ["selisih"].abs().to_numpy().argsort()[::-1]]
    apart = rows[rows["status"] == TIDAK_DAPAT]
    parts = []
    if differ.empty:
        parts.append(html.P(f"Tidak ada {word} yang PIS-PK dan registernya berbeda lebih dari "
                            f"{fmt.angka(p.toleransi)} poin.", className="section-note"))
    else:
        head = [word.capitalize(), "PIS-PK", "Register", "Selisih", "Kemungkinan penyebab"]
        body = [html.Tr([
            html.Td(r["nama"]), html.Td(_pispk(r), className="text-end"), html.Td(_register(r), className="text-end"),
            html.Td(f"{fmt.selisih(r['selisih'], 1)} poin", className="text-end text-nowrap"),
            html.Td(r["kemungkinan"]),
        ]) for _, r in differ.iterrows()]
        parts += [html.H4(f"{len(differ)} {word} berbeda lebih dari {fmt.angka(p.toleransi)} poin",
                          className="subsection-title"),
                  dbc.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(body)],
                            bordered=False, hover=True, size="sm", className="mb-2")]
    if not apart.empty:
        parts += [html.H4(f"Tidak dapat dibandingkan ({len(apart)} {word})", className="subsection-title"),
                  html.Ul([html.Li([html.Strong(r["nama"]), f": {r['alasan']}"]) for _, r in apart.iterrows()],
                          className="mb-2")]
    return html.Div(parts)


SECTION = LazySection("kd-rekonsiliasi", "PIS-PK dibanding register program", build, chip="PIS-PK vs register")
