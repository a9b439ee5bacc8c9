"""Dashboard Utama, the morbidity section: validate the shared filter state → read
data_access.morbiditas → build figures. Two callbacks: the overview (the ten most frequent
diagnoses, their trend, the diagnosis menu) and the chosen diagnosis (its map, which the one
clientside callback draws, and its breakdown by age and sex)."""
from __future__ import annotations

from dataclasses import dataclass

from dash import Input, Output, State, callback, no_update

from callbacks import inputs
from callbacks.common import connect, only, viewer_scope
from callbacks.map_panel import for_browser
from callbacks.url_state import area_from_state, month_from_state, parse_search, with_extra
from data_access.db import get_info
from data_access.morbiditas import (
    breakdown,
    cases_by_area,
    diagnoses_in_scope,
    latest_month,
    morbiditas_years,
    ranked_diagnoses,
    trend,
)
from domain.wilayah import Area, WilayahError
from figures.morbiditas import breakdown_bars, morbiditas_map_spec, top_bars, trend_multiples
from indicators import format as fmt
from indicators.morbiditas import TOP, TREND_MONTHS, siklus_breakdown
from indicators.pws import BULAN
from layouts import ids
from layouts.components import empty_state
from layouts.ids import Morbiditas as M

HIDDEN = {"display": "none"}
ICD = "icd"  # the chosen diagnosis in the URL (a shared link opens the same map)
UPLOAD_HINT = ("Unggah data kesakitan (morbiditas: kasus baru per diagnosis ICD-10) di halaman Unggah data, "
               "atau pilih wilayah, tahun atau bulan lain.")


@dataclass(frozen=True)
class View:
    """The validated area and period of the section."""

    area: Area
    tahun: int
    bulan: int
    kumulatif: bool

    @property
    def text(self) -> str:
        month = BULAN[self.bulan - 1]
        return f"Januari s.d. {month} {self.tahun}" if self.kumulatif and self.bulan > 1 else f"{month} {self.tahun}"


def _kumulatif(periode) -> bool:
    return inputs.text(periode) == "kumulatif"


def _view(conn, state, periode) -> tuple[View | None, str | None]:
    """The area and period of a filter state (it comes back from the browser), or (None, why)."""
    scope = viewer_scope()
    try:
        area, tahun = area_from_state(conn, scope, state)
    except WilayahError as exc:
        return None, str(exc)
    years = morbiditas_years(conn, scope, area)
    if not years:
        return None, f"Belum ada data kesakitan (morbiditas) untuk {area.nama}."
    if tahun is None:
        tahun = years[-1]
    if tahun not in years:
        return None, (f"Belum ada data kesakitan (morbiditas) untuk {area.nama} tahun {tahun}; "
                      f"tahun yang ada datanya: {', '.join(str(y) for y in years)}.")
    # a desa opens on its Puskesmas' latest month, as the PWS pages do
    bulan = month_from_state(state) or latest_month(conn, scope, area.map_area, tahun) \
        or latest_month(conn, scope, area, tahun)
    return View(area, tahun, bulan, _kumulatif(periode)), None


def _label(kode: str, nama: str) -> str:
    return f"{nama} ({kode})"


OVERVIEW = dict(
    title=Output(M.TITLE, "children"),
    empty=Output(M.EMPTY, "children"),
    content=Output(M.CONTENT, "style"),
    total=Output(M.TOTAL, "children"),
    top_note=Output(M.TOP_NOTE, "children"),
    top=Output(M.TOP, "figure"),
    trend_note=Output(M.TREND_NOTE, "children"),
    trend=Output(M.TREND, "figure"),
    options=Output(M.DIAGNOSIS, "options"),
    value=Output(M.DIAGNOSIS, "value"),
)


@callback(output=OVERVIEW,
          inputs=dict(state=Input(ids.FILTER_STATE, "data"), periode=Input(M.PERIODE, "value")),
          state=dict(chosen=State(M.DIAGNOSIS, "value"), search=State(ids.URL, "search")))
def show_overview(state, periode, chosen, search=None):
    """The ten most frequent diagnoses of the period, their trend, and the diagnosis menu
    (most frequent first). The menu opens on the URL's diagnosis, else the most frequent; a
    choice is kept from area to area."""
    scope = viewer_scope()
    with connect() as conn:
        view, message = _view(conn, state, periode)
        if view is None:
            return only(OVERVIEW, title=None, empty=empty_state(message, UPLOAD_HINT), content=HIDDEN,
                        options=[], value=None)
        ranked = ranked_diagnoses(conn, scope, view.area, view.tahun, view.bulan, view.kumulatif)
        names = diagnoses_in_scope(conn, scope)
        top = ranked.head(TOP)
        series = trend(conn, scope, view.area, view.tahun, view.bulan, tuple(top["kode_icd"]))
    title = f"{view.area.nama} · {view.text}"
    if ranked.empty:
        return only(OVERVIEW, title=title, content=HIDDEN, options=[], value=None, empty=empty_state(
            f"Belum ada laporan kesakitan untuk {view.area.nama}, {view.text}.", UPLOAD_HINT))
    counts = dict(zip(ranked["kode_icd"], ranked["jumlah"]))
    options = [{"label": f"{_label(k, n)} · {fmt.angka(counts[k])} kasus", "value": k}
               for k, n in zip(ranked["kode_icd"], ranked["nama"])]
    options += [{"label": f"{_label(k, n)} · 0 kasus", "value": k} for k, n in names.items() if k not in counts]
    in_url = inputs.text(parse_search(search).extra.get(ICD), 12)
    wanted = inputs.text(chosen, 12) or in_url
    value = wanted if wanted in names else str(ranked["kode_icd"].iloc[0])
    total = _total_text(ranked, top, view)
    if chosen is None and in_url and in_url not in names:
        total += f" Diagnosis '{inputs.cut(in_url)}' tidak ada di data kesakitan; ditampilkan yang terbanyak."
    return {
        "title": title, "empty": None, "content": None,
        "total": total,
        "top_note": f"{min(TOP, len(top))} diagnosis terbanyak, {view.text}",
        "top": top_bars(top, period=view.text),
        "trend_note": f"Kasus baru per bulan, {TREND_MONTHS} bulan s.d. {BULAN[view.bulan - 1]} {view.tahun} "
                      "(skala sumbu tegak tiap diagnosis sendiri-sendiri)",
        "trend": trend_multiples(series, top),
        "options": options, "value": value,
    }


def _total_text(ranked, top, view: View) -> str:
    total = int(ranked["jumlah"].sum())
    text = f"{fmt.angka(total)} kasus baru dari {fmt.angka(len(ranked))} diagnosis, {view.text}"
    if len(ranked) > len(top):
        share = fmt.persen(top["jumlah"].sum() / total)
        text += f"; {len(top)} terbanyak: {fmt.angka(int(top['jumlah'].sum()))} kasus ({share})"
    return text + "."


DIAGNOSIS = dict(
    spec=Output(M.MAP_SPEC, "data"),
    map_note=Output(M.MAP_NOTE, "children"),
    empty=Output(M.DIAGNOSIS_EMPTY, "children"),
    breakdown_note=Output(M.BREAKDOWN_NOTE, "children"),
    breakdown=Output(M.BREAKDOWN, "figure"),
)


@callback(output=DIAGNOSIS, inputs=dict(kode=Input(M.DIAGNOSIS, "value")),
          state=dict(state=State(ids.FILTER_STATE, "data"), periode=State(M.PERIODE, "value")))
def show_diagnosis(kode, state, periode):
    """The chosen diagnosis per 1.000 penduduk per child area (the map) and by age band and
    sex. The code is checked against the stored ones: the menu comes back from the browser."""
    scope = viewer_scope()
    with connect() as conn:
        view, _message = _view(conn, state, periode)
        names = diagnoses_in_scope(conn, scope)
        kode = inputs.text(kode, 12)
        if view is None or kode is None:
            return only(DIAGNOSIS, spec=None, map_note=None, empty=None)  # show_overview says why
        if kode not in names:
            return only(DIAGNOSIS, spec=None, map_note=None, empty=empty_state(
                f"Diagnosis '{inputs.cut(kode)}' tidak ada di data kesakitan; pilih diagnosis dari daftar."))
        rows, total = cases_by_area(conn, scope, view.area, view.tahun, view.bulan, kode, view.kumulatif)
        cells = siklus_breakdown(breakdown(conn, scope, view.area, view.tahun, view.bulan, kode, view.kumulatif))
        version = get_info(conn, "versi_peta") or "0"
    label = _label(kode, names[kode])
    shown = view.area.map_area
    selected = view.area.kode if view.area is not shown else None
    spec = morbiditas_map_spec(rows, diagnosis=label, selected=selected, revision=f"{shown.level}-{shown.kode}")
    child = shown.level.child.label.lower()
    kasus = int(total.get("kasus") or 0)
    rate = total.get("per_1000")
    rate_text = (f"{fmt.angka(rate, 2)} per 1.000 penduduk" if not fmt.is_missing(rate)
                 else f"tanpa angka per 1.000 ({total.get('keterangan') or 'jumlah penduduk tidak diketahui'})")
    empty = None if kasus else empty_state(
        f"Tidak ada kasus {label} di {view.area.nama}, {view.text}.",
        "Pilih diagnosis lain, atau bulan atau wilayah lain.")
    return {
        "spec": for_browser(spec, M.MAP, shown, version),
        "map_note": (f"{label}: kasus per 1.000 penduduk per {child}, {view.text} · {view.area.nama}: "
                     f"{fmt.angka(kasus)} kasus, {rate_text} · klik wilayah untuk membuka"),
        "empty": empty,
        "breakdown_note": f"{label} menurut kelompok umur dan jenis kelamin, {view.area.nama}, {view.text}",
        "breakdown": breakdown_bars(cells, diagnosis=label),
    }


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(M.DIAGNOSIS, "value"),
    State(ids.URL, "search"),
    State(ids.FILTER_STATE, "data"),
    State(M.PERIODE, "value"),
    prevent_initial_call=True,
)
def remember_diagnosis(kode, search, state, periode):
    """The chosen diagnosis is part of the URL. The section opening on its most frequent
    diagnosis leaves the URL alone (a rewrite would clear the filter's messages)."""
    kode = inputs.text(kode, 12)
    request = parse_search(search)
    in_url = request.extra.get(ICD)
    if kode is None or kode == in_url:
        return no_update
    with connect() as conn:
        if kode not in diagnoses_in_scope(conn, viewer_scope()):
            return no_update
        if in_url is None:
            view, _message = _view(conn, state, periode)
            if view is None:
                return no_update
            ranked = ranked_diagnoses(conn, viewer_scope(), view.area, view.tahun, view.bulan, view.kumulatif)
            if len(ranked) and kode == ranked["kode_icd"].iloc[0]:
                return no_update
    return with_extra(search, {**request.extra, ICD: kode})
