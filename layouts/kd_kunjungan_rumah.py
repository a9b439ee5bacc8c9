"""Kualitas Data, section 'Keluarga yang perlu dikunjungi': for a desa and one of the 12 PIS-PK
indicators, the families whose latest answer is T, in the order a kader walks the desa (RW, RT,
name), and their list as XLSX for the kader. Names and addresses are personal data: a viewer
who may not see them gets the reason instead, and no row is sent (callbacks/kd_kunjungan_rumah.py).

The table has no "Unduh CSV tabel ini" button (the other grids' browser-side CSV): every
download of the list goes through the server, which writes it to the audit log."""
from __future__ import annotations

from collections.abc import Mapping

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from indicators.kunjungan_rumah import RAHASIA, indicator_label
from indicators.registry import IKS_CODES, IKS_INDICATORS
from layouts.components import dropdown
from layouts.grid import (
    DEFAULT_COL_DEF,
    GRID_CLASS,
    GRID_OPTIONS,
    csv_export,
    pinned,
    shown_as,
    text_column,
)
from layouts.lazy_parts import LazySection, wrapper_id

INDIKATOR_PARAM = "kr_indikator"  # the indicator chosen beforehand, in the URL (the IKS page's link)
HIDDEN = {"display": "none"}
TITLE = "Keluarga yang perlu dikunjungi"


class KR:
    """Ids of the section (plain strings: no other page's pattern callbacks see them)."""

    NOTE = "kd-kr-catatan"
    REFUSED = "kd-kr-ditolak"
    CONTROLS = "kd-kr-pilihan"
    DESA = "kd-kr-desa"
    INDIKATOR = "kd-kr-indikator"
    SUMMARY = "kd-kr-ringkasan"
    LIST = "kd-kr-daftar"
    GRID = "kd-kr-tabel"
    DOWNLOAD_XLSX = "kd-kr-unduh-xlsx"
    DOWNLOAD = "kd-kr-unduh"


INDIKATOR_OPTIONS = [{"label": indicator_label(i.code), "value": i.code} for i in IKS_INDICATORS]

COLUMNS = [
    text_column("rw_teks", "RW", width=80, min_width=70),
    text_column("rt_teks", "RT", width=80, min_width=70),
    text_column("nama", "Nama kepala keluarga", min_width=200, empty="–", flex=2),
    text_column("alamat", "Alamat", min_width=200, empty="–", wrap=True, flex=2),
    text_column("id_keluarga", "ID keluarga", min_width=170),
    shown_as(text_column("tanggal", "Kunjungan terakhir", min_width=130), "tanggal_teks"),
]
GRID_STYLE = {"height": "420px", "width": "100%"}
SUBTITLE = f"{RAHASIA} · hanya untuk pengelola data dan admin Puskesmas · setiap tampilan dan unduhan dicatat"
NOTE = ("Keluarga yang jawabannya T (tidak) pada kunjungan PIS-PK terakhirnya, untuk kunjungan rumah berikutnya; "
        "keluarga yang kunjungan terakhirnya menjawab Y atau N tidak dicantumkan. Urut RW, RT, lalu nama.")


def chosen_indicator(query: Mapping[str, str] | None) -> str | None:
    """The indicator the URL asks for, when it is one of the 12."""
    value = (query or {}).get(INDIKATOR_PARAM)
    return value if value in IKS_CODES else None


def build(query=None) -> html.Div:
    return html.Div(dbc.Card([
        dbc.CardHeader([html.H3(TITLE, className="section-title"),
                        html.Div(SUBTITLE, className="section-note")]),
        html.Div(id=KR.REFUSED, className="px-2 pt-2"),
        html.Div([
            dbc.Row([
                dbc.Col([html.Label("Desa", htmlFor=KR.DESA, className="filter-label"),
                         dropdown(id=KR.DESA, options=[], value=None, clearable=False,
                                  placeholder="pilih desa")], md=5),
                dbc.Col([html.Label("Indikator PIS-PK", htmlFor=KR.INDIKATOR, className="filter-label"),
                         dropdown(id=KR.INDIKATOR, options=INDIKATOR_OPTIONS, value=chosen_indicator(query),
                                  clearable=False, searchable=False, placeholder="pilih indikator")], md=7),
            ], className="g-2 mb-2"),
            html.P(NOTE, id=KR.NOTE, className="panel-note mb-1"),
            html.Div(id=KR.SUMMARY, className="panel-note", role="status"),
            html.Div([
                dag.AgGrid(id=KR.GRID, columnDefs=pinned(COLUMNS, None), rowData=[],
                           defaultColDef=DEFAULT_COL_DEF,
                           dashGridOptions={**GRID_OPTIONS, "domLayout": "normal"},
                           getRowId="params.data.id_keluarga", style=GRID_STYLE, className=GRID_CLASS,
                           # as every grid's (formula-guarded), though no button here asks for it
                           csvExportParams=csv_export("kunjungan-rumah")),
                html.Div([
                    dbc.Button("Unduh XLSX untuk kader", id=KR.DOWNLOAD_XLSX, color="primary", size="sm",
                               disabled=True, title=f"Daftar ini sebagai XLSX, urut RW/RT. {RAHASIA}."),
                    dcc.Download(id=KR.DOWNLOAD),
                ], className="grid-actions"),
            ], id=KR.LIST, style=HIDDEN),
        ], id=KR.CONTROLS, className="px-2 pt-2 pb-2", style=HIDDEN),
    ], className="mb-3"))


SECTION = LazySection("kd-kunjungan-rumah", TITLE, build, chip="Kunjungan rumah")


def refused(message: str) -> dbc.Alert:
    """Why this viewer sees no list (no family's data is sent)."""
    return dbc.Alert([html.Strong("Daftar keluarga tidak ditampilkan. "), message], color="info",
                     className="mb-2 kd-kr-ditolak")


def link_to_list(search: str) -> dcc.Link:
    """The IKS page's way here: this section of /kualitas-data for the same area, with the
    indicator chosen (`search` carries INDIKATOR_PARAM)."""
    return dcc.Link("Daftar keluarga yang perlu dikunjungi (jawaban T) →",
                    href=f"/kualitas-data{search}#{wrapper_id(SECTION.name)}", className="kd-kr-tautan ms-2")
