"""Kualitas Data, section 'Kelengkapan dan ketepatan waktu laporan': for the chosen area and month,
a month × area heat map of completeness (the desa of a Puskesmas, the Puskesmas of a kabupaten),
a table of % complete and % on time per area, and the areas silent two months or more, with the
months named. callbacks/kd_kelengkapan.py fills it."""
from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from indicators.kelengkapan import SEMUA
from indicators.program import DESA_REGISTER_CODES, REGISTER_BY_CODE
from layouts.components import dropdown
from layouts.graph_config import graph_config
from layouts.grid import grid, number_column, percent_column, pinned, text_column
from layouts.lazy_parts import LazySection

GRAPH_CONFIG = graph_config("kelengkapan-laporan")
HIDDEN = {"display": "none"}


class KdKel:
    """Ids of the section (plain strings: no other page's pattern callbacks see them)."""

    TITLE = "kd-kel-judul"
    REGISTER = "kd-kel-register"
    EMPTY = "kd-kel-kosong"
    BODY = "kd-kel-isi"
    HEAT = "kd-kel-peta-panas"
    GRID = "kd-kel-tabel"
    SILENT = "kd-kel-diam"
    RULE = "kd-kel-aturan"


REGISTER_OPTIONS = [{"label": "Semua register", "value": SEMUA}] + [
    {"label": f"{REGISTER_BY_CODE[c].label} ({c})", "value": c} for c in DESA_REGISTER_CODES]


def grid_columns(area_header: str) -> list[dict]:
    return [
        text_column("nama", area_header, min_width=PIN_WIDTH),
        percent_column("lengkap_bulan", "Lengkap bulan ini", min_width=120),
        percent_column("tepat_bulan", "Tepat waktu bulan ini", min_width=130),
        percent_column("lengkap_tahun", "Lengkap Jan–bulan ini", min_width=130),
        percent_column("tepat_tahun", "Tepat waktu Jan–bulan ini", min_width=140),
        number_column("dilaporkan", "Laporan masuk bulan ini", min_width=120),
        number_column("diharapkan", "Laporan diharapkan bulan ini", min_width=130),
        text_column("keterangan", "Keterangan", min_width=280, wrap=True, flex=2),  # a desa: + arrival times
    ]


PIN_WIDTH = 230  # "Puskesmas Karangdamai II" whole at 15 px


def columns_for(area_header: str) -> list[dict]:
    return pinned(grid_columns(area_header), "nama", PIN_WIDTH)


def build(_query=None) -> html.Div:
    return html.Div(dbc.Card([
        dbc.CardHeader([html.H3("Kelengkapan dan ketepatan waktu laporan", className="section-title"),
                        html.Div(id=KdKel.TITLE, className="section-note")]),
        html.Div([
            html.Label("Register", htmlFor=KdKel.REGISTER, className="filter-label"),
            dropdown(id=KdKel.REGISTER, options=REGISTER_OPTIONS, value=SEMUA, clearable=False),
        ], className="px-2 pt-2", style={"maxWidth": "28rem"}),
        html.Div(id=KdKel.EMPTY, className="px-2"),
        html.Div([
            html.H4("Laporan masuk per bulan", className="sdm-panel-title"),
            dcc.Graph(id=KdKel.HEAT, config=GRAPH_CONFIG, figure={"data": [], "layout": {}}),
            html.H4("Kelengkapan dan ketepatan waktu per wilayah", className="sdm-panel-title mt-2"),
            html.Div("Yang paling kurang lengkap atau paling terlambat lebih dulu. Klik judul kolom untuk mengurutkan.",
                     className="panel-note"),
            grid(KdKel.GRID, grid_columns("Wilayah"), file_name="kelengkapan-laporan", height=12,
                 pin_width=PIN_WIDTH),
            html.H4("Tanpa laporan 2 bulan berturut-turut atau lebih", className="sdm-panel-title mt-3"),
            html.Div(id=KdKel.SILENT),
        ], id=KdKel.BODY, className="px-2 pt-2 pb-2", style=HIDDEN),
        html.P(id=KdKel.RULE, className="source-note px-2"),
    ], className="mb-3"))


SECTION = LazySection("kd-kelengkapan", "Kelengkapan dan ketepatan waktu laporan", build, chip="Kelengkapan")


def silent_list(items: Sequence[tuple[str, str, str]], what: str) -> html.Ul | html.P:
    """(desa, its Puskesmas, 'tanpa laporan Oktober–Desember 2025 (3 bulan)') as text (escaped by Dash)."""
    if not items:
        return html.P(f"Tidak ada desa yang tanpa laporan {what} 2 bulan berturut-turut atau lebih sampai bulan "
                      "ini.", className="panel-note")
    return html.Ul([html.Li([html.Strong(desa), f" ({puskesmas}): {text}"], className="kd-diam")
                    for desa, puskesmas, text in items], className="sdm-list", id="kd-kel-daftar-diam")
