"""Klaster 1, the planning section (kegiatan RUK/RPK): the shared filter state → the area, year
and month → data_access.k1_kegiatan → the klaster × month table, the late activities of a
Puskesmas or one row per Puskesmas of a Dinkes area, and the downloads (audited). The month is
the filter's (`?bulan=`), else the latest month of the year in which an activity was done."""
from __future__ import annotations

from dataclasses import dataclass

from dash import Input, Output, State, callback, ctx, dcc, no_update

from callbacks.common import connect, only, record, viewer_scope
from callbacks.k1_common import child_of, row_header, rows_text
from callbacks.k1_sarpras import grid_rows
from callbacks.url_state import area_from_state, month_from_state
from data_access.k1_kabupaten import compares_kabupaten
from data_access.k1_kegiatan import activities, dinkes_rows, kegiatan_years, klaster_rows, latest_month
from data_access.k1_sarpras import is_dinkes
from data_access.users import Event
from domain.codes import Level
from domain.wilayah import Area, WilayahError
from exports.views import VIEWS, ExportRequest, kegiatan_export, kegiatan_late_table, write_export
from indicators import format as fmt
from indicators.k1_kegiatan import KLASTER, klaster_month, late, share, totals
from indicators.pws import BULAN
from layouts import ids
from layouts.components import empty_state, kpi_card
from layouts.grid import csv_export, height_for
from layouts.k1_kegiatan import KG, columns_for, completion_matrix

HIDDEN = {"display": "none"}
UPLOAD_HINT = ("Pengelola data dapat mengunggah rencana kegiatan (dataset kegiatan) di halaman Unggah data; "
               "atau pilih tahun atau wilayah lain.")

SECTION = dict(
    title=Output(KG.TITLE, "children"),
    empty=Output(KG.EMPTY, "children"),
    content=Output(KG.CONTENT, "style"),
    kpi=Output(KG.KPI, "children"),
    matrix=Output(KG.MATRIX, "children"),
    puskesmas=Output(KG.PUSKESMAS, "style"),
    dinkes=Output(KG.DINKES, "style"),
    late_note=Output(KG.LATE_NOTE, "children"),
    late=Output(KG.LATE, "rowData"),
    table_note=Output(KG.TABLE_NOTE, "children"),
    table=Output(KG.TABLE, "rowData"),
    table_columns=Output(KG.TABLE, "columnDefs"),
    table_csv=Output(KG.TABLE, "csvExportParams"),
    table_style=Output(KG.TABLE, "style"),
)


@dataclass(frozen=True)
class View:
    area: Area
    tahun: int
    bulan: int

    @property
    def period(self) -> str:
        return (f"Januari {self.tahun}" if self.bulan == 1
                else f"Januari s.d. {BULAN[self.bulan - 1]} {self.tahun}")


def _view(conn, state) -> tuple[View | None, str | None]:
    scope = viewer_scope()
    try:
        area, tahun = area_from_state(conn, scope, state)
    except WilayahError as exc:
        return None, str(exc)
    years = kegiatan_years(conn, scope, area)
    if not years:
        return None, f"Belum ada data rencana kegiatan (RUK/RPK) untuk {area.nama}."
    if tahun is None:
        tahun = years[-1]
    if tahun not in years:
        return None, (f"Belum ada rencana kegiatan {area.nama} tahun {tahun}; tahun yang ada datanya: "
                      f"{', '.join(str(y) for y in years)}.")
    bulan = month_from_state(state) or latest_month(conn, scope, area, tahun) or 1
    return View(area, tahun, bulan), None


def _title(view: View) -> str:
    area = view.area
    if area.level == Level.DESA:
        pkm = next(n for lv, _k, n in area.ancestors if lv == Level.PUSKESMAS)
        return f"{pkm}, Puskesmas yang melayani {area.nama} (data per Puskesmas) · {view.period}"
    return f"{area.nama} · {view.period}"


def _kpi(planned: int, done: int, budget_planned: float, budget_done: float, view: View) -> list:
    return [
        kpi_card("Kegiatan terlaksana", fmt.persen(share(done, planned)),
                 f"{fmt.angka(done)} dari {fmt.angka(planned)} direncanakan"),
        kpi_card("Kegiatan terlambat", fmt.angka(planned - done), f"direncanakan s.d. {BULAN[view.bulan - 1]}"),
        kpi_card("Anggaran terlaksana", fmt.persen(share(budget_done, budget_planned)),
                 f"Rp {fmt.angka(budget_done / 1e6, 1)} jt dari Rp {fmt.angka(budget_planned / 1e6, 1)} jt"),
    ]


@callback(output=SECTION, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_kegiatan(state):
    """A Puskesmas' plan by klaster and month with its late activities, or a Dinkes area's
    klaster totals and one row per Puskesmas."""
    scope = viewer_scope()
    with connect() as conn:
        view, message = _view(conn, state)
        if view is None:
            return only(SECTION, title=None, empty=empty_state(message, UPLOAD_HINT), content=HIDDEN)
        if is_dinkes(view.area):
            return _dinkes(view, klaster_rows(conn, scope, view.area, view.tahun, view.bulan),
                           dinkes_rows(conn, scope, view.area, view.tahun, view.bulan))
        rows = activities(conn, scope, view.area, view.tahun)
    return _puskesmas(view, rows)


def _puskesmas(view: View, rows: list[dict]) -> dict:
    got = totals(rows, view.bulan)
    if not got["rencana"]:
        return only(SECTION, title=_title(view), content=HIDDEN, empty=empty_state(
            f"Tidak ada kegiatan yang direncanakan pada {view.period}.", "Pilih bulan yang lebih akhir."))
    overdue = [{"nama_kegiatan": r["nama_kegiatan"], "id_kegiatan": r["id_kegiatan"],
                "klaster_label": KLASTER.get(r["klaster"], str(r["klaster"])),
                "bulan_label": BULAN[int(r["bulan_rencana"]) - 1], "terlambat": r["terlambat"],
                "anggaran": None if r["anggaran"] is None or r["anggaran"] != r["anggaran"] else r["anggaran"],
                "sumber_dana": r["sumber_dana"]} for r in late(rows, view.bulan)]
    month = BULAN[view.bulan - 1]
    return {
        "title": _title(view), "empty": None, "content": None,
        "kpi": _kpi(got["rencana"], got["terlaksana"], got["anggaran_rencana"], got["anggaran_terlaksana"], view),
        "matrix": completion_matrix(klaster_month(rows, view.bulan), view.bulan),
        "puskesmas": None, "dinkes": HIDDEN,
        "late_note": (f"{len(overdue)} kegiatan direncanakan s.d. {month} belum terlaksana; yang paling lama "
                      "terlambat di atas." if overdue
                      else f"Semua kegiatan yang direncanakan s.d. {month} sudah terlaksana."),
        "late": overdue,
        "table_note": None, "table": [], "table_columns": no_update, "table_csv": no_update,
        "table_style": height_for(1),
    }


def _dinkes(view: View, sums: list[dict], rows: list[dict]) -> dict:
    planned = int(sum(r["rencana"] for r in sums))
    if not planned:
        return only(SECTION, title=_title(view), content=HIDDEN, empty=empty_state(
            f"Belum ada kegiatan yang direncanakan di {view.area.nama} pada {view.period}.", UPLOAD_HINT))
    return {
        "title": _title(view), "empty": None, "content": None,
        "kpi": _kpi(planned, int(sum(r["terlaksana"] for r in sums)), float(sum(r["anggaran_rencana"] for r in sums)),
                    float(sum(r["anggaran_terlaksana"] for r in sums)), view),
        "matrix": completion_matrix(sums, view.bulan, months=False),
        "puskesmas": HIDDEN, "dinkes": None, "late_note": None, "late": [],
        **_table(view, rows),
    }


def _table(view: View, rows: list[dict]) -> dict:
    """The Dinkes table: a kabupaten's Puskesmas, or a province's kabupaten/kota (the country's
    provinsi) with their Puskesmas' activities summed."""
    fields = ["nama", "kode", "rencana", "terlaksana", "persen", "terlambat", "persen_anggaran", "keterangan"]
    counts = ("rencana", "terlaksana", "terlambat")
    if compares_kabupaten(view.area):
        shown = []
        for r in rows:
            m, n = int(r["puskesmas_melapor"] or 0), r["puskesmas"]
            shown.append({**r, **_budget_share(r), "puskesmas_melapor": m,
                          "melapor_teks": f"{fmt.angka(m)} dari {fmt.angka(n)}",
                          "keterangan": ("belum ada Puskesmas melapor" if not m else
                                         f"{fmt.angka(n - m)} Puskesmas belum melapor" if n > m else "")})
        fields[2:2] = ["puskesmas_melapor", "melapor_teks"]
        counts = ("puskesmas_melapor", *counts)
        label = row_header(view.area)
        note = (f"Satu baris per {label.lower()}: {rows_text(view.area, len(rows))}, {view.period}; kegiatan "
                f"Puskesmasnya dijumlahkan, bukan rata-rata persentase. Pilih {child_of(view.area).label.lower()} "
                "di filter untuk melihat rinciannya.")
    else:
        shown = [{**r, **_budget_share(r), "keterangan": "belum melapor" if r["rencana"] is None else ""}
                 for r in rows]
        label = None
        note = (f"{rows_text(view.area, len(rows))}, {view.period}; jumlah, bukan rata-rata persentase. Klik judul "
                "kolom untuk mengurutkan.")
    return {"table_note": note, "table": grid_rows(shown, fields, fractions=("persen", "persen_anggaran"),
                                                   counts=counts),
            "table_columns": columns_for(label), "table_csv": csv_export(f"kegiatan-{child_of(view.area).value}"),
            "table_style": height_for(len(rows))}


def _budget_share(row: dict) -> dict:
    """The share of the planned budget spent (None without a planned budget)."""
    planned = row["anggaran_rencana"]
    return {"persen_anggaran": None if planned is None or not planned > 0 else row["anggaran_terlaksana"] / planned}


@callback(
    Output(KG.DOWNLOAD, "data"),
    Input(KG.DOWNLOAD_CSV, "n_clicks"),
    Input(KG.DOWNLOAD_XLSX, "n_clicks"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def download_kegiatan(_csv, _xlsx, state):
    """A Dinkes area: the `kegiatan` export view, one row per Puskesmas; one Puskesmas: its
    late activities."""
    fmt_ = "xlsx" if ctx.triggered_id == KG.DOWNLOAD_XLSX else "csv"
    scope = viewer_scope()
    with connect() as conn:
        view, _message = _view(conn, state)
        if view is None:
            return no_update
        if is_dinkes(view.area):
            table = kegiatan_export(conn, scope, child_of(view.area), view.area, view.tahun, view.bulan)
            what = f"per-{child_of(view.area).value}"
        else:
            table = kegiatan_late_table(late(activities(conn, scope, view.area, view.tahun), view.bulan))
            what = "terlambat"
    shown = view.area.map_area
    request = ExportRequest(tingkat=child_of(shown), wilayah=shown, tahun=view.tahun, bulan=view.bulan)
    data = write_export(table, fmt_, view=VIEWS["kegiatan"], request=request)
    name = f"kegiatan-{what}-{shown.kode or 'nasional'}-{view.tahun}-{view.bulan:02d}.{fmt_}"
    record(Event.UNDUH, f"tabel kegiatan, {shown.level.label.lower()} {shown.kode or 'nasional'}, "
                        f"{view.tahun}-{view.bulan:02d}: {name}")
    return dcc.send_bytes(data, name)
