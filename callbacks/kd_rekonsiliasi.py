"""Kualitas Data, section 'PIS-PK dibanding register program': the chosen pair (checked against
the declared pairs) for the filter's area, as a scatter and the table of areas that differ."""
from __future__ import annotations

from dash import Input, Output, callback

from callbacks import inputs
from callbacks.common import connect, viewer_scope
from callbacks.url_state import area_from_state, month_from_state
from data_access.rekonsiliasi import area_word, rekonsiliasi_view
from domain.wilayah import WilayahError
from figures.iks import empty_figure
from figures.rekonsiliasi import scatter
from indicators import format as fmt
from indicators.rekonsiliasi import PASANGAN_BY_CODE, TIDAK_DAPAT, counts_of
from layouts import ids
from layouts.components import empty_state
from layouts.kd_rekonsiliasi import RekonIds as RI
from layouts.kd_rekonsiliasi import selisih_table, sources

CHOOSE = "Pilih pasangan indikator dari daftar."
NO_YEAR = "Belum ada data untuk wilayah ini: pilih tahun di filter."
HINT = ("Unggah dataset keluarga (PIS-PK) dan layanan (register) di halaman Unggah data; keduanya perlu "
        "untuk membandingkan.")


def _empty(message: str, hint: str | None = None, sumber=None) -> dict:
    return {"note": None, "figure": empty_figure(message), "sumber": sumber,
            "table": empty_state(message, hint)}


@callback(
    output=dict(note=Output(RI.NOTE, "children"), figure=Output(RI.GRAPH, "figure"),
                sumber=Output(RI.SUMBER, "children"), table=Output(RI.TABLE, "children")),
    inputs=dict(state=Input(ids.FILTER_STATE, "data"), kode=Input(RI.PASANGAN, "value")),
)
def show_rekonsiliasi(state, kode):
    """Both coverages of the pair per area one level below the filter's (a desa among its
    Puskesmas' desa), the areas beyond the tolerance, and why the others cannot be compared."""
    pasangan = PASANGAN_BY_CODE.get(inputs.text(kode))
    if pasangan is None:
        return _empty(CHOOSE)
    if pasangan.register is None:
        return _empty(f"Tidak ada register untuk {pasangan.label}: {pasangan.tanpa_register}",
                      sumber=sources(pasangan))
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, viewer_scope(), state)
        except WilayahError as exc:
            return _empty(str(exc))
        if tahun is None:
            return _empty(NO_YEAR, HINT)
        view = rekonsiliasi_view(conn, viewer_scope(), area, tahun, month_from_state(state), pasangan.code)
    word = area_word(view.level)
    n = counts_of(view.rows["status"])
    if n[TIDAK_DAPAT] == len(view.rows):
        message = f"Tidak ada {word} yang dapat dibandingkan untuk {pasangan.label}, {view.periode}."
        return {**_empty(message, HINT, sources(pasangan)), "table": selisih_table(view.rows, pasangan, word)}
    note = (f"{area.nama}: PIS-PK keadaan akhir {tahun}; register {view.periode}. "
            f"{len(view.rows) - n[TIDAK_DAPAT]} {word} dibandingkan, batas ±{fmt.angka(pasangan.toleransi)} poin.")
    figure = scatter(view.rows, toleransi=pasangan.toleransi, sorot=view.sorot,
                     judul_x=f"Register: {pasangan.indicator.short_label} ({view.periode})",
                     judul_y=f"PIS-PK: {pasangan.label} (keluarga)")
    return {"note": note, "figure": figure, "sumber": sources(pasangan),
            "table": selisih_table(view.rows, pasangan, word)}
