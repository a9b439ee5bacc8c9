"""Klaster 1, the staff (SDM) section: validate the shared filter state → read data_access.k1_sdm
→ build the checklist, tables and chart. One callback fills the section (a Puskesmas in detail,
or one row per Puskesmas for a Dinkes); one writes its table as CSV/XLSX (audited)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import pandas as pd
from dash import Input, Output, State, callback, ctx, dcc, no_update

from callbacks.common import connect, only, record, viewer_scope
from callbacks.k1_common import child_of, row_header, rows_text
from callbacks.url_state import area_from_state, month_from_state
from data_access.k1_kabupaten import compares_kabupaten
from data_access.k1_sdm import (
    NO_UPLOAD,
    by_kabupaten,
    by_level,
    has_staff,
    lacking_by_kabupaten,
    lacking_by_type,
    per_puskesmas,
    puskesmas_of,
    shown_area,
    staff_of,
)
from data_access.users import Event
from domain.codes import Level
from domain.wilayah import Area, WilayahError
from exports.views import VIEWS, ExportRequest, write_export
from figures.k1_sdm import masa_kerja_bars
from indicators import format as fmt
from indicators.k1_sdm import (
    JENIS_BY_CODE,
    MINIMAL_CODES,
    asof_date,
    band_counts,
    keahlian_counts,
    kelengkapan,
    per_10000,
)
from layouts import ids
from layouts.components import empty_state
from layouts.grid import csv_export, height_for
from layouts.k1_sdm import (
    HIDDEN,
    PUSKESMAS_NOTE,
    Sdm,
    checklist,
    columns_for,
    count_table,
    detail,
    lacking_list,
)

UPLOAD_HINT = ("Pengelola data Puskesmas dapat mengunggah dataset 'Ketenagaan (SDM)' di halaman Unggah data "
               "(satu baris per pegawai, tanpa nama dan NIK); templatnya ada di sana.")


@dataclass(frozen=True)
class View:
    area: Area  # as the filter names it (a desa stays a desa: the title says whose staff are shown)
    tahun: int
    bulan: int | None
    asof: date

    @property
    def text(self) -> str:
        return f"per {self.asof:%d/%m/%Y}"


def _view(conn, state) -> tuple[View | None, str | None]:
    """The validated area and as-of date of a filter state (it comes back from the browser)."""
    try:
        area, tahun = area_from_state(conn, viewer_scope(), state)
    except WilayahError as exc:
        return None, str(exc)
    tahun = tahun or date.today().year
    bulan = month_from_state(state)
    return View(area, tahun, bulan, asof_date(tahun, bulan)), None


OUTPUTS = dict(
    title=Output(Sdm.TITLE, "children"),
    empty=Output(Sdm.EMPTY, "children"),
    detail=Output(Sdm.DETAIL, "children"),
    detail_style=Output(Sdm.DETAIL, "style"),
    dinkes_style=Output(Sdm.DINKES, "style"),
    rows=Output(Sdm.GRID, "rowData"),
    columns=Output(Sdm.GRID, "columnDefs"),
    grid_style=Output(Sdm.GRID, "style"),
    grid_note=Output(Sdm.GRID_NOTE, "children"),
    grid_csv=Output(Sdm.GRID, "csvExportParams"),
    lacking=Output(Sdm.LACKING, "children"),
)


@callback(output=OUTPUTS, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_sdm(state):
    """A Puskesmas (a desa: its Puskesmas) in detail; a kabupaten: one row per Puskesmas and the
    Puskesmas lacking each minimum type; a province (the country): one row per kabupaten/kota
    (provinsi), its Puskesmas counted."""
    scope = viewer_scope()
    hidden = dict(detail_style=HIDDEN, dinkes_style=HIDDEN, detail=None, rows=[], lacking=None)
    with connect() as conn:
        view, message = _view(conn, state)
        if view is None:
            return only(OUTPUTS, title=None, empty=empty_state(message), **hidden)
        shown = shown_area(view.area)
        where = shown.nama if shown is view.area else f"{shown.nama} (Puskesmas desa {view.area.nama})"
        title = f"{where} · tenaga aktif {view.text}"
        if not has_staff(conn, scope, view.area):
            return only(OUTPUTS, title=title, **hidden, empty=empty_state(
                f"Belum ada data ketenagaan (SDM) untuk {shown.nama}.", UPLOAD_HINT))
        if shown.level == Level.PUSKESMAS:
            staff = staff_of(conn, scope, view.area, view.asof)
            place = puskesmas_of(conn, scope, view.area).iloc[0]
            return only(OUTPUTS, title=title, empty=None, dinkes_style=HIDDEN, rows=[], lacking=None,
                        detail_style=None, detail=_detail(view, staff, place))
        if compares_kabupaten(shown):
            return _by_kabupaten(shown, title, by_kabupaten(conn, scope, shown, view.asof))
        table = per_puskesmas(conn, scope, view.area, view.asof)
    reported = table[table["ada_data"]]
    rows = [_grid_row(dict(zip(GRID_FIELDS, values))) for values in zip(*[table[c] for c in GRID_FIELDS])]
    missing = len(table) - len(reported)
    note = [f"{fmt.angka(len(reported))} Puskesmas melaporkan data SDM"]
    if missing:
        note.append(f"{fmt.angka(missing)} Puskesmas {NO_UPLOAD} (tidak dihitung)")
    return only(OUTPUTS, title=f"{title} · " + "; ".join(note), empty=None, detail=None, detail_style=HIDDEN,
                dinkes_style=None, rows=rows, columns=columns_for(shown.level != Level.KABUPATEN),
                grid_style=height_for(len(rows), visible=12), grid_note=PUSKESMAS_NOTE,
                grid_csv=csv_export("sdm-puskesmas"),
                lacking=lacking_list([(code, len(names), names) for code, names in lacking_by_type(reported)],
                                     len(reported)))


def _by_kabupaten(shown: Area, title: str, table) -> dict:
    """A province's (the country's) kabupaten/kota (provinsi), one row each: counts of its
    Puskesmas summed, never percentages averaged."""
    melapor, semua = int(table["puskesmas_melapor"].sum()), int(table["jumlah_puskesmas"].sum())
    note = [f"{fmt.angka(melapor)} dari {fmt.angka(semua)} Puskesmas melaporkan data SDM"]
    rows = [_child_row(dict(zip(table.columns, values))) for values in zip(*[table[c] for c in table.columns])]
    grid_note = (f"Satu baris per {row_header(shown).lower()}: {rows_text(shown, len(rows))}, jumlah Puskesmasnya "
                 f"dihitung. Pilih {child_of(shown).label.lower()} di filter untuk melihat "
                 f"{'Puskesmasnya' if child_of(shown) == Level.KABUPATEN else 'kabupaten/kotanya'}.")
    return only(OUTPUTS, title=f"{title} · " + "; ".join(note), empty=None, detail=None, detail_style=HIDDEN,
                dinkes_style=None, rows=rows, columns=columns_for(False, row_header(shown)),
                grid_style=height_for(len(rows), visible=12), grid_note=grid_note,
                grid_csv=csv_export(f"sdm-{child_of(shown).value}"),
                lacking=lacking_list(lacking_by_kabupaten(table), melapor))


def _child_row(r: dict) -> dict:
    melapor, tanpa = int(r["puskesmas_melapor"]), int(r["kurang_dokter"])
    per = r["per_10000"]
    kurang = [(JENIS_BY_CODE[c].short, int(r[f"kurang_{c}"])) for c in MINIMAL_CODES if r[f"kurang_{c}"]]
    return {
        "kode": r["kode"], "nama": r["nama"], "puskesmas_melapor": melapor,
        "melapor_teks": f"{fmt.angka(melapor)} dari {fmt.angka(r['jumlah_puskesmas'])}",
        "tenaga_aktif": int(r["tenaga_aktif"]) if melapor else None,
        "per_10000": None if per is None or per != per else round(float(per), 3),
        "lengkap": int(r["lengkap"]) if melapor else None,
        "lengkap_teks": f"{fmt.angka(r['lengkap'])} dari {fmt.angka(melapor)}" if melapor else fmt.NO_DATA,
        "tanpa_dokter": tanpa if melapor else None, "dokter_status": "jelek" if tanpa else "",
        "jenis_kurang": ", ".join(f"{label} {fmt.angka(n)}" for label, n in kurang)
                        or ("lengkap" if melapor else ""),
        "keterangan": r["keterangan"],
    }


def _detail(view: View, staff, place) -> list:
    k = kelengkapan(Counter(staff["jenis_tenaga"]))
    cells = Counter(zip(staff["jenis_tenaga"], staff["status_kepegawaian"]))
    total = len(staff)
    penduduk = None if place["penduduk"] is None or pd.isna(place["penduduk"]) else float(place["penduduk"])
    rasio = per_10000(total, penduduk, int(place["desa_tanpa_penduduk"]))
    per = (f"{rasio.teks} per 10.000 penduduk" if rasio.nilai is not None
           else f"per 10.000 penduduk: {fmt.NO_DATA} ({rasio.alasan})")
    verdict = ("lengkap, 9 dari 9 jenis tenaga minimal" if k.lengkap else
               f"{k.jumlah} dari 9 jenis tenaga minimal; kurang: {k.kurang_teks}")
    if k.tanpa_dokter:
        verdict = "TANPA DOKTER · " + verdict
    header = f"{fmt.angka(total)} tenaga aktif · {per} · {verdict}"
    return detail(header=header, checklist_part=checklist(k), table_part=count_table(cells),
                  bands_figure=masa_kerja_bars(band_counts(staff["tanggal_mulai"], view.asof), asof_text=view.text),
                  education=Counter(staff["pendidikan"]), skills=keahlian_counts(staff["keahlian"]),
                  note=f"Masa kerja dalam tahun penuh {view.text}, sejak tanggal mulai bertugas di Puskesmas ini.")


GRID_FIELDS = ["kode", "nama", "nama_kabupaten", "tenaga_aktif", "per_10000", "jenis_minimal", "tanpa_dokter",
               "jenis_kurang", "keterangan", "ada_data"]


def _grid_row(r: dict) -> dict:
    reported = bool(r["ada_data"])
    per = r["per_10000"]
    return {
        "kode": r["kode"], "nama": r["nama"], "nama_kabupaten": r["nama_kabupaten"],
        "tenaga_aktif": int(r["tenaga_aktif"]) if reported else None,
        "per_10000": None if per is None or per != per else round(float(per), 3),
        "jenis_minimal": int(r["jenis_minimal"]) if reported else None,
        "jenis_teks": f"{int(r['jenis_minimal'])}/9" if reported else fmt.NO_DATA,
        "dokter_teks": ("✗ tanpa dokter" if r["tanpa_dokter"] else "✓ ada") if reported else fmt.NO_DATA,
        "dokter_status": ("jelek" if r["tanpa_dokter"] else "baik") if reported else "",
        "jenis_kurang": r["jenis_kurang"] or ("lengkap" if reported else ""),
        "keterangan": r["keterangan"],
    }


@callback(
    Output(Sdm.DOWNLOAD, "data"),
    Input(Sdm.DOWNLOAD_CSV, "n_clicks"),
    Input(Sdm.DOWNLOAD_XLSX, "n_clicks"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def download_sdm(_csv, _xlsx, state):
    """The section's table as `cli.py export sdm` writes it for the same area and date, one row
    per Puskesmas (per kabupaten/kota for a province, per provinsi for the country, as the
    table shows); recorded in the audit log."""
    fmt_ = "xlsx" if ctx.triggered_id == Sdm.DOWNLOAD_XLSX else "csv"
    with connect() as conn:
        view, _message = _view(conn, state)
        if view is None:
            return no_update
        shown = shown_area(view.area)
        tingkat = child_of(shown)
        rows = by_level(conn, viewer_scope(), shown, tingkat, view.asof)
    request = ExportRequest(tingkat=tingkat, wilayah=shown, tahun=view.tahun, bulan=view.bulan)
    data = write_export(rows, fmt_, view=VIEWS["sdm"], request=request)
    month = f"-{view.bulan:02d}" if view.bulan else ""
    name = f"sdm-{shown.kode or 'nasional'}-{tingkat.value}-{view.tahun}{month}.{fmt_}"
    record(Event.UNDUH, f"tabel SDM, {shown.level.label.lower()} {shown.kode or 'nasional'}, "
                        f"{view.tahun}{month}: {name}")
    return dcc.send_bytes(data, name)
