"""Pieces of the follow-up plan (RTL): the link that opens the RTL form pre-filled from a
finding or a slide. The form reads these parameters from the URL and checks every one on
the server (callbacks/rtl.py): a link is a suggestion, never a permission."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from figures.palette import PERINGATAN, STATUS_KOSONG, STATUS_KOSONG_TEKS, STATUS_TEKS, STATUS_WARNA
from indicators.program import INDICATOR_BY_CODE, INDICATORS
from indicators.pws import BAIK, BULAN, CUKUP, KURANG
from indicators.rtl import BATAL, BELUM, BERJALAN, LABEL, MAX_LEN, SELESAI, STATUS, STATUS_LABEL, is_late
from layouts.components import dropdown
from layouts.ids import Rtl as ids

MAX_MASALAH = 500  # characters of a problem carried in a link


def rtl_href(puskesmas: str, tahun: int, bulan: int, *, indikator: str | None = None,
             desa: str | None = None, masalah: str | None = None) -> str:
    """/rtl?baru=1&puskesmas=…&tahun=…&bulan=…[&indikator=…][&desa=…][#masalah=…]

    The problem's sentence travels in the fragment: the filter bar rewrites the query string
    (puskesmas, tahun, bulan and desa are its own parameters, and it keeps other values only
    up to 40 characters), and leaves the fragment alone."""
    query = {"baru": "1", "puskesmas": puskesmas, "tahun": str(tahun), "bulan": str(bulan)}
    if indikator:
        query["indikator"] = indikator
    if desa:
        query["desa"] = desa
    href = "/rtl?" + urlencode(query)
    if masalah:
        href += "#" + urlencode({"masalah": masalah[:MAX_MASALAH]})
    return href


# --- the page's pieces ------------------------------------------------------------------------

# Status colours from the one palette (colour-blind safe, Okabe–Ito), always with the word:
# to do in orange, under way in sky blue, done in blue, dropped in grey; text on each meets
# WCAG contrast as the PWS status badges do.
RTL_WARNA = {BELUM: STATUS_WARNA[CUKUP], BERJALAN: STATUS_WARNA[KURANG], SELESAI: STATUS_WARNA[BAIK],
             BATAL: STATUS_KOSONG}
RTL_TEKS = {BELUM: STATUS_TEKS[CUKUP], BERJALAN: STATUS_TEKS[KURANG], SELESAI: STATUS_TEKS[BAIK],
            BATAL: STATUS_KOSONG_TEKS}
LEWAT = "lewat tenggat"
LEWAT_WARNA = PERINGATAN

TITLE_FORM = "Catat RTL"
READ_ONLY = ("RTL dicatat dan diubah hanya oleh pengelola data Puskesmas itu sendiri. "
             "Akun Anda ({who}) dapat membaca dan mengunduh RTL di wilayahnya, tetapi tidak mengubahnya.")
BULAN_OPTIONS = [{"label": nama, "value": i} for i, nama in enumerate(BULAN, 1)]
INDIKATOR_OPTIONS = [{"label": f"Klaster {i.klaster} · {i.label} ({i.code})", "value": i.code}
                     for i in INDICATORS]
STATUS_OPTIONS = [{"label": STATUS_LABEL[s], "value": s} for s in STATUS]


def status_badge(status: str) -> html.Span:
    """The status as its word on its colour (the word carries it; the colour helps)."""
    known = status if status in RTL_WARNA else BATAL
    return html.Span(STATUS_LABEL.get(status, str(status)), className=f"rtl-status rtl-status-{known}",
                     style={"backgroundColor": RTL_WARNA[known], "color": RTL_TEKS[known]})


def _field(label: str, component, help_text: str | None = None, width: int = 6) -> dbc.Col:
    cid = component.id
    return dbc.Col([html.Label(label, htmlFor=cid, className="rtl-label"), component,
                    html.Small(help_text, className="rtl-help") if help_text else None],
                   md=width, className="mb-2")


def rtl_form() -> dbc.Card:
    """The "Catat RTL" card: the problem, its cause, the action, the PJ, the deadline, the
    indicator and desa it targets, and the meeting's month. Filled by callbacks/rtl.py."""
    text = {"className": "form-control rtl-input"}
    return dbc.Card([
        dbc.CardHeader([html.H3(TITLE_FORM, className="rtl-card-title"), html.Div(id=ids.FOR, className="rtl-for")]),
        dbc.CardBody([
            dbc.Row([
                _field(LABEL["masalah"] + " *", dcc.Textarea(id=ids.MASALAH, maxLength=MAX_LEN["masalah"], rows=2,
                                                             **text), width=12),
                _field(LABEL["penyebab"], dcc.Textarea(id=ids.PENYEBAB, maxLength=MAX_LEN["penyebab"], rows=2,
                                                       **text)),
                _field(LABEL["tindakan"] + " *", dcc.Textarea(id=ids.TINDAKAN, maxLength=MAX_LEN["tindakan"],
                                                              rows=2, **text)),
                _field(LABEL["pj"] + " *", dcc.Input(id=ids.PJ, type="text", maxLength=MAX_LEN["pj"],
                                                     className="form-control rtl-input"),
                       "nama atau jabatan", width=4),
                _field(LABEL["tenggat"], dcc.DatePickerSingle(id=ids.TENGGAT, display_format="DD-MM-YYYY",
                                                             placeholder="HH-BB-TTTT", first_day_of_week=1,
                                                             clearable=True), width=4),
                _field(LABEL["bulan"], dropdown(id=ids.BULAN, options=BULAN_OPTIONS, clearable=False,
                                                searchable=False), width=2),
                _field(LABEL["tahun"], dropdown(id=ids.TAHUN, options=[], clearable=False, searchable=False),
                       width=2),
                _field(LABEL["indikator"], dropdown(id=ids.INDIKATOR, options=INDIKATOR_OPTIONS,
                                                    placeholder="(tidak ada)"), width=6),
                _field(LABEL["desa"], dropdown(id=ids.DESA, options=[], placeholder="(seluruh Puskesmas)"),
                       width=6),
            ]),
            html.Div([dbc.Button("Simpan RTL", id=ids.SAVE, color="primary"),
                      html.Div(id=ids.SAVE_MESSAGE, className="rtl-message", role="status")],
                     className="rtl-actions"),
        ]),
    ], id=ids.FORM, className="mb-3 rtl-card", style={"display": "none"})


def status_editor() -> dbc.Card:
    """Change the status of one RTL of the viewer's Puskesmas, with a note."""
    return dbc.Card([
        dbc.CardHeader(html.H3("Ubah status RTL", className="rtl-card-title")),
        dbc.CardBody([
            dbc.Row([
                _field("RTL", dropdown(id=ids.STATUS_RTL, options=[], placeholder="pilih RTL"), width=12),
                _field(LABEL["status"], dcc.RadioItems(id=ids.STATUS_VALUE, options=STATUS_OPTIONS, inline=True,
                                                       className="rtl-radio", inputClassName="me-1",
                                                       labelClassName="me-3"), width=12),
                _field(LABEL["catatan"], dcc.Textarea(id=ids.STATUS_NOTE, maxLength=MAX_LEN["catatan"], rows=2,
                                                      className="form-control rtl-input"), width=12),
            ]),
            html.Div([dbc.Button("Simpan status", id=ids.STATUS_SAVE, color="primary"),
                      html.Div(id=ids.STATUS_MESSAGE, className="rtl-message", role="status")],
                     className="rtl-actions"),
        ]),
    ], id=ids.STATUS_CARD, className="mb-3 rtl-card", style={"display": "none"})


def messages(lines: list[str], *, ok: bool = False) -> html.Div:
    """What a save said: one line per problem (each names its field), or the confirmation."""
    color = "success" if ok else "danger"
    return dbc.Alert([html.Div(line) for line in lines], color=color, className="py-2 mb-0")


def month_text(tahun: int, bulan: int) -> str:
    return f"{BULAN[bulan - 1]} {tahun}" if 1 <= bulan <= 12 else f"{bulan}/{tahun}"


def short_month(tahun: int, bulan: int) -> str:
    """'Nov 2025': a meeting month in a narrow column."""
    return f"{BULAN[bulan - 1][:3]} {tahun}" if 1 <= bulan <= 12 else f"{bulan}/{tahun}"


def _date(value) -> str:
    return value.strftime("%d-%m-%Y") if value is not None and not pd.isna(value) else "–"


def rtl_table(rows: pd.DataFrame, today: date, *, show_puskesmas: bool, editable: str | None = None) -> html.Div:
    """The RTL as a table that wraps its text (legible at 1024 px): one row per RTL, the status
    as a word on its colour, a passed deadline of an open RTL marked in words and a frame. The
    rows of Puskesmas `editable` (the viewer's own, when they write) get an "Ubah status" link
    that opens the status editor on that RTL."""
    if rows.empty:
        return html.P("Belum ada RTL di wilayah dan tahun ini.", className="rtl-empty", role="status")
    head = ["Rapat", *(["Puskesmas"] if show_puskesmas else []), "Masalah · penyebab", "Tindakan",
            "PJ", "Tenggat", "Sasaran", "Status", "Catatan"]
    body = []
    for row in rows.itertuples(index=False):
        late = is_late(row.tenggat, row.status, today)
        indikator = INDICATOR_BY_CODE.get(row.indikator) if row.indikator else None
        target = [html.Div(indikator.label) if indikator else None,
                  html.Div(row.nama_desa or row.kode_desa, className="rtl-muted") if row.kode_desa else None]
        cells = [
            html.Td(short_month(row.tahun, row.bulan), className="rtl-nowrap"),
            *([html.Td(row.nama_puskesmas)] if show_puskesmas else []),
            html.Td([html.Div(row.masalah, className="rtl-masalah"),
                     html.Div(row.penyebab, className="rtl-muted") if row.penyebab else None]),
            html.Td(row.tindakan),
            html.Td(row.pj, className="rtl-pj"),
            html.Td([html.Span(_date(row.tenggat), className="rtl-nowrap"),
                     html.Div(LEWAT, className="rtl-lewat-kata") if late else None]),
            html.Td([t for t in target if t is not None] or "–"),
            html.Td([status_badge(row.status),
                     html.A("Ubah status", href=f"#{ids.STATUS_CARD}", className="rtl-ubah d-block",
                            id={"type": ids.EDIT, "rtl": int(row.id)}, title=f"Ubah status RTL: {row.masalah}")
                     if editable is not None and row.kode_puskesmas == editable else None]),
            html.Td(row.catatan or "–"),
        ]
        body.append(html.Tr(cells, className="rtl-row rtl-lewat" if late else "rtl-row",
                            id={"type": "rtl-row", "rtl": int(row.id)}))
    return html.Div(html.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(body)],
                               className="table rtl-table"), className="rtl-table-wrap")


def rtl_choice(row) -> dict:
    """An RTL as an option of the status editor: its meeting, problem and status."""
    masalah = row.masalah if len(row.masalah) <= 70 else row.masalah[:69] + "…"
    return {"label": f"{month_text(row.tahun, row.bulan)} · {masalah} ({STATUS_LABEL.get(row.status, row.status)})",
            "value": int(row.id)}
