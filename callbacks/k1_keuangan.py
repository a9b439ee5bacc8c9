"""Klaster 1 'Keuangan' and 'Mutu' sections: the budget per source of funds and the eight
quality indicators of the filter's area, from the PWS engine (data_access.k1_keuangan,
k1_mutu), in tables."""
from __future__ import annotations

from dash import Input, Output, callback

from callbacks.common import connect, viewer_scope
from callbacks.url_state import area_from_state, month_from_state
from data_access.k1_keuangan import per_sumber
from data_access.k1_mutu import per_indikator
from domain.wilayah import WilayahError
from layouts import ids
from layouts.components import empty_state
from layouts.k1_keuangan import KeuanganIds as KI
from layouts.k1_keuangan import sumber_table
from layouts.k1_mutu import MutuIds as MI
from layouts.k1_mutu import mutu_table

NO_DATA_HINT = "Unggah dataset keuangan di halaman Unggah data (templat keuangan.csv)."
MUTU_HINT = "Unggah dataset mutu di halaman Unggah data (templat mutu.csv)."


@callback(output=dict(note=Output(KI.NOTE, "children"), table=Output(KI.TABLE, "children")),
          inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_keuangan(state):
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, viewer_scope(), state)
        except WilayahError as exc:
            return {"note": None, "table": empty_state(str(exc))}
        if tahun is None:
            return {"note": None, "table": empty_state(f"Belum ada data untuk {area.nama}.", NO_DATA_HINT)}
        view = per_sumber(conn, viewer_scope(), area, tahun, month_from_state(state))
    if view is None:
        return {"note": None, "table": empty_state(f"Belum ada laporan keuangan {area.nama} tahun {tahun}.",
                                                   NO_DATA_HINT)}
    return {"note": view.note, "table": sumber_table(view.rows)}


@callback(output=dict(note=Output(MI.NOTE, "children"), table=Output(MI.TABLE, "children")),
          inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_mutu(state):
    """The Klaster 1 'Mutu' section: the eight quality indicators of the filter's area."""
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, viewer_scope(), state)
        except WilayahError as exc:
            return {"note": None, "table": empty_state(str(exc))}
        found = per_indikator(conn, viewer_scope(), area, tahun, month_from_state(state)) if tahun else None
    if found is None:
        return {"note": None, "table": empty_state(f"Belum ada laporan mutu {area.nama}"
                                                   + (f" tahun {tahun}." if tahun else "."), MUTU_HINT)}
    note, rows = found
    return {"note": note, "table": mutu_table(rows)}
