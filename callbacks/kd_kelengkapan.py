"""Kualitas Data, the completeness section: validate the shared filter state and the register →
read data_access.kelengkapan → the heat map, the table per area and the silent desa."""
from __future__ import annotations

from dash import Input, Output, callback

from callbacks import inputs
from callbacks.common import connect, only, viewer_scope
from callbacks.url_state import area_from_state, month_from_state
from data_access.kelengkapan import (
    arrival_times,
    child_level,
    cutoff,
    latest_month,
    monthly_by_child,
    silent_desa,
)
from domain.codes import Level
from domain.wilayah import WilayahError
from figures.kelengkapan import heatmap
from indicators.kelengkapan import SEMUA, aturan, jendela, nama_bulan, tabel_wilayah, waktu_laporan
from indicators.program import DESA_REGISTER_CODES, REGISTER_BY_CODE
from layouts import ids
from layouts.components import empty_state
from layouts.grid import height_for
from layouts.kd_kelengkapan import HIDDEN, KdKel, columns_for, silent_list

MONTHS = 12  # the heat map's months, ending at the chosen one
NO_REPORT_HINT = "Pengelola data dapat mengunggah register layanan (dataset layanan) di halaman Unggah data."
AREA_WORDS = {Level.PROVINSI: "Provinsi", Level.KABUPATEN: "Kabupaten/kota", Level.PUSKESMAS: "Puskesmas",
              Level.DESA: "Desa"}

OUTPUTS = dict(
    title=Output(KdKel.TITLE, "children"),
    empty=Output(KdKel.EMPTY, "children"),
    body_style=Output(KdKel.BODY, "style"),
    heat=Output(KdKel.HEAT, "figure"),
    rows=Output(KdKel.GRID, "rowData"),
    columns=Output(KdKel.GRID, "columnDefs"),
    grid_style=Output(KdKel.GRID, "style"),
    silent=Output(KdKel.SILENT, "children"),
    rule=Output(KdKel.RULE, "children"),
)


def register_of(value) -> str:
    """The register chosen (it comes back from the browser): a declared desa register, else all."""
    code = inputs.text(value, 40)
    return code if code in DESA_REGISTER_CODES else SEMUA


@callback(output=OUTPUTS, inputs=dict(state=Input(ids.FILTER_STATE, "data"), register=Input(KdKel.REGISTER, "value")))
def show_kelengkapan(state, register):
    """The chosen area's children month by month, the table per child and the silent desa."""
    scope = viewer_scope()
    code = register_of(register)
    rule = aturan(cutoff()[0])
    hidden = dict(body_style=HIDDEN, rows=[], silent=None, rule=rule)
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, scope, state)
        except WilayahError as exc:
            return only(OUTPUTS, title=None, empty=empty_state(str(exc)), **hidden)
        shown = area.map_area
        if tahun is None:
            return only(OUTPUTS, title=shown.nama, **hidden, empty=empty_state(
                f"Belum ada data untuk {shown.nama}.", NO_REPORT_HINT))
        bulan = month_from_state(state) or latest_month(conn, scope, shown, tahun)
        if bulan is None:
            return only(OUTPUTS, title=f"{shown.nama} · {tahun}", **hidden, empty=empty_state(
                f"Belum ada register layanan yang masuk untuk {shown.nama} tahun {tahun}: kelengkapan belum dapat "
                "dihitung.", NO_REPORT_HINT))
        months = tuple(jendela(tahun, bulan, MONTHS))
        rows = monthly_by_child(conn, scope, shown, months, code)
        silent = silent_desa(conn, scope, shown, months, code)
        times = arrival_times(conn, scope, area, months, code)
    what = "semua register" if code == SEMUA else REGISTER_BY_CODE[code].label
    where = shown.nama if shown is area else f"{shown.nama} (desa {area.nama} dan desa lain di Puskesmasnya)"
    title = f"{where} · {what} · {MONTHS} bulan sampai {nama_bulan(tahun, bulan)}"
    level = child_level(area)
    word = AREA_WORDS[level].lower()
    if rows.empty:
        return only(OUTPUTS, title=title, **hidden, empty=empty_state(
            f"Tidak ada laporan {what} yang diharapkan dari {word} di {shown.nama} pada {MONTHS} bulan ini: "
            "Puskesmasnya belum pernah melaporkan register ini pada tahun itu atau tahun sebelumnya.",
            NO_REPORT_HINT))
    table = tabel_wilayah(rows, tahun, bulan)
    zona = cutoff()[1]
    when = {(k, int(y), int(m)): waktu_laporan(a, b, zona)
            for k, y, m, a, b in times.itertuples(index=False, name=None)}
    if level == Level.DESA:  # a desa's month: when its reports arrived and last changed, beside the note
        for r in table:
            got = when.get((r["kode"], tahun, bulan))
            if got:
                r["keterangan"] = f"{r['keterangan']}; {got}" if r["keterangan"] else got
    items = [(r["nama"], r["nama_puskesmas"], r["teks"]) for r in silent.to_dict("records")]
    return only(OUTPUTS, title=title, empty=None, body_style=None,
                heat=heatmap(rows, months, area_word=word, waktu=when), rows=table,
                columns=columns_for(AREA_WORDS[level]),
                grid_style=height_for(len(table), visible=12),
                silent=silent_list(items, "register ini" if code != SEMUA else "sama sekali"), rule=rule)
