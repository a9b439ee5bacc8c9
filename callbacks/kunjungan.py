"""Dashboard Utama, the visits section: the shared filter state → the area and month →
data_access.kunjungan → KPI tiles, the trend, the breakdowns. The month is the filter's
(`?bulan=`), else the latest month with visits in the filter's year (a desa: its Puskesmas'
latest month, so that it is read beside its Puskesmas), else the latest month with visits."""
from __future__ import annotations

from dataclasses import dataclass

from dash import Input, Output, callback

from callbacks.common import connect, current_viewer, only, viewer_scope
from callbacks.url_state import area_from_state, month_from_state
from data_access.kunjungan import KunjunganView, kunjungan_view, latest_month
from domain.codes import Level
from domain.wilayah import WilayahError
from figures.kunjungan import breakdown_bars, trend_lines
from figures.palette import DISABILITAS_WARNA, JENIS_KELAMIN_WARNA
from indicators.kunjungan import month_name
from layouts import ids
from layouts.ids import Kunjungan as K
from layouts.kunjungan_parts import empty, kpi_tiles, notes, period_line, warnings

HIDDEN = {"display": "none"}

SECTION = dict(
    period=Output(K.PERIOD, "children"),
    empty=Output(K.EMPTY, "children"),
    content=Output(K.CONTENT, "style"),
    warnings=Output(K.WARNINGS, "children"),
    kpi=Output(K.KPI, "children"),
    trend=Output(K.TREND, "figure"),
    umur=Output(K.UMUR, "figure"),
    jenis_kelamin=Output(K.JENIS_KELAMIN, "figure"),
    disabilitas=Output(K.DISABILITAS, "figure"),
    note=Output(K.NOTE, "children"),
)


@dataclass(frozen=True)
class _Shown:
    view: KunjunganView
    note: str | None  # why another month than the filter's year is shown


def _shown(conn, state) -> tuple[_Shown | None, str]:
    """The view of the filter state, or (None, why there is nothing to show)."""
    scope = viewer_scope()
    try:
        area, tahun = area_from_state(conn, scope, state)
    except WilayahError as exc:
        return None, str(exc)
    bulan = month_from_state(state)
    note = None
    if tahun is not None and bulan is not None:
        month = (tahun, bulan)
    else:
        month = latest_month(conn, scope, area.map_area, tahun) if tahun is not None else None
        if month is None:
            month = latest_month(conn, scope, area.map_area)
            if month is None:
                return None, f"Belum ada data kunjungan layanan untuk {area.nama}."
            if tahun is not None:
                note = (f"Data kunjungan tahun {tahun} belum ada; ditampilkan {month_name(*month)}, "
                        "bulan terakhir yang ada datanya.")
    view = kunjungan_view(conn, scope, area, *month)
    if all(v is None for v in view.trend["total"]):
        if area.level == Level.DESA:
            return None, (f"Belum ada kunjungan warga {area.nama} yang dicatat dengan alamat desa sampai "
                          f"{month_name(*month)}. Pilih Puskesmas-nya untuk melihat semua kunjungan.")
        return None, f"Belum ada data kunjungan layanan untuk {area.nama} sampai {month_name(*month)}."
    return _Shown(view, note), ""


@callback(output=SECTION, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_kunjungan(state):
    """The visits section for the filter's area and month."""
    with connect() as conn:
        shown, message = _shown(conn, state)
    if shown is None:
        who = current_viewer()
        return only(SECTION, period=None, empty=empty(message, who is not None and who.can_import),
                    content=HIDDEN, warnings=None)
    view = shown.view
    parts = view.rincian
    small = any(p.kecil for p in (*parts.umur, *parts.jenis_kelamin, *parts.disabilitas))
    return {
        "period": period_line(view, shown.note),
        "empty": None,
        "content": None,
        "warnings": warnings(view.belum_melapor),
        "kpi": kpi_tiles(view),
        "trend": trend_lines(view.trend, view.months),
        "umur": breakdown_bars(parts.umur, wrap=10),
        "jenis_kelamin": breakdown_bars(parts.jenis_kelamin, colours=JENIS_KELAMIN_WARNA),
        "disabilitas": breakdown_bars(parts.disabilitas, colours=DISABILITAS_WARNA, wrap=10),
        "note": notes(view, small=small),
    }
