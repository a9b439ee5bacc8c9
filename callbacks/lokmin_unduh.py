"""The presentation's "Unduh PPTX" and "Unduh PDF": the deck shown (its Puskesmas, month and
arrangement) as a file. Every value is read again on the server: the Puskesmas must be in
the viewer's scope, whatever the browser sends."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, no_update

from callbacks.common import connect, record, viewer_scope
from callbacks.inputs import mapping, text, whole
from data_access.users import Event
from domain.wilayah import WilayahError
from exports.lokmin import deck_bytes, prepare_deck
from exports.render import RenderError
from exports.views import ExportError
from layouts.ids import Lokmin as L

FORMAT_OF = {L.PPTX: "pptx", L.PDF: "pdf"}

OUTPUT = dict(data=Output(L.DOWNLOAD, "data"), pesan=Output(L.PESAN, "children"))


@callback(output=OUTPUT,
          inputs=dict(_pptx=Input(L.PPTX, "n_clicks"), _pdf=Input(L.PDF, "n_clicks"),
                      state=State(L.STATE, "data"), susunan=State(L.SUSUNAN, "data")),
          prevent_initial_call=True)
def download_deck(_pptx, _pdf, state, susunan):
    fmt = FORMAT_OF.get(ctx.triggered_id) if isinstance(ctx.triggered_id, str) else None
    if fmt is None:
        return {"data": no_update, "pesan": no_update}
    return deck_download(state, susunan, fmt)


def deck_download(state, susunan, fmt: str) -> dict:
    """{data, pesan}: the file of the deck in `state` ({"puskesmas", "tahun", "bulan"}) arranged
    as `susunan` ({"urutan", "sembunyi"}), or no file and the reason."""
    state = mapping(state)
    kode = text(state.get("puskesmas"))
    tahun, bulan = whole(state.get("tahun"), 1900, 2100), whole(state.get("bulan"), 1, 12)
    if kode is None or tahun is None or bulan is None:
        return _refused("Pilih Puskesmas, tahun dan bulan presentasi lebih dulu.")
    try:
        with connect() as conn:
            # the arrangement on screen; none yet (an empty store): the one saved for the Puskesmas
            deck = prepare_deck(conn, viewer_scope(), kode, tahun, bulan, mapping(susunan) or None)
        data = deck_bytes(deck, fmt)  # no connection held while Chromium draws
    except (ExportError, WilayahError, RenderError) as exc:
        return _refused(f"{fmt.upper()} tidak dapat dibuat: {exc}")
    filename = deck.filename(fmt)
    record(Event.UNDUH, f"dek lokakarya mini, puskesmas {deck.kode}, {deck.tahun}-{deck.bulan:02d}: "
                        f"{len(deck.slides)} slide, {filename}")
    return {"data": dcc.send_bytes(data, filename),
            "pesan": dbc.Alert(f"{filename} diunduh ({len(deck.slides)} slide).", color="success",
                               className="py-1 mb-0")}


def _refused(message: str) -> dict:
    return {"data": no_update, "pesan": dbc.Alert(message, color="warning", className="py-1 mb-0")}
