"""The follow-up plan (RTL) of the lokakarya mini: record an action, list them, change their
status, download them. The URL's query (a link from a finding or a slide) only suggests what
the form holds: callbacks/rtl.py checks every value of it again."""
import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts.grid import data_downloads
from layouts.ids import Rtl as ids
from layouts.pages import PAGE_BY_KEY, register_page
from layouts.rtl_parts import rtl_form, status_editor

PAGE = PAGE_BY_KEY["rtl"]
register_page(__name__, PAGE)

QUERY_KEYS = ("baru", "puskesmas", "tahun", "bulan", "indikator", "desa", "masalah")


def layout(**query):
    # only the keys the form reads, each a string as the URL gave it (checked in the callback)
    kept = {k: v for k, v in query.items() if k in QUERY_KEYS and isinstance(v, str)}
    return html.Div([
        dcc.Store(id=ids.QUERY, data=kept),
        dcc.Store(id=ids.SAVED, data=0),
        dcc.Store(id=ids.CHANGED, data=0),
        html.H2(PAGE.heading, className="page-title"),
        html.P("Tindakan yang disepakati di lokakarya mini: masalah, penyebab, tindakan, penanggung jawab, "
               "tenggat dan statusnya. RTL bulan lalu dibuka lagi di presentasi bulan berikutnya.",
               className="rtl-intro"),
        html.Div(id=ids.READ_ONLY),
        rtl_form(),
        dbc.Card([
            dbc.CardHeader([html.H3("Daftar RTL", className="rtl-card-title"),
                            html.Div(id=ids.NOTE, className="rtl-note")]),
            dbc.CardBody([
                html.Div(id=ids.LIST),
                html.Div(data_downloads(ids.DOWNLOAD_CSV, ids.DOWNLOAD_XLSX, ids.DOWNLOAD), className="rtl-downloads"),
            ]),
        ], className="mb-3 rtl-card"),
        status_editor(),
    ], className="rtl-page")
