"""Klaster 1, the medicines section: the shared filter state → the area, year and month →
data_access.k1_obat → the headline, the trend and either the Puskesmas' item lists or the table
of Puskesmas; and the section's downloads (the `obat` and `obat_item` export views, audited)."""
from __future__ import annotations

from dataclasses import dataclass

from dash import Input, Output, State, callback, ctx, dcc, no_update

from callbacks.common import connect, current_viewer, only, record, viewer_scope
from callbacks.k1_common import child_of, row_header, rows_text
from callbacks.url_state import area_from_state, month_from_state
from data_access.k1_kabupaten import compares_kabupaten
from data_access.k1_obat import (
    area_totals,
    dinkes_table,
    item_detail,
    latest_month,
    obat_years,
    puskesmas_table,
    share_of_puskesmas,
    trend,
)
from data_access.users import Event
from domain.codes import Level
from domain.wilayah import Area, WilayahError
from exports.views import VIEWS, ExportError, ExportRequest, export_view, write_export
from figures.iks import empty_figure
from figures.k1_obat import availability_trend
from indicators import format as fmt
from indicators.k1_obat import JUMLAH_OBAT_INDIKATOR, MASA_KEDALUWARSA, ketersediaan, memenuhi
from indicators.pws import BAIK, BULAN, JELEK
from layouts import ids
from layouts.components import empty_state
from layouts.grid import csv_export, height_for
from layouts.k1_obat import RULE, ObatIds, columns_for, head_cards, item_lists, kabupaten_rows, puskesmas_rows

ID = ObatIds
HIDDEN = {"display": "none"}
UPLOAD_HINT = "Unggah LPLPO bulanan (dataset obat) di halaman Unggah data, atau pilih wilayah atau tahun lain."

SECTION = dict(
    period=Output(ID.PERIOD, "children"),
    empty=Output(ID.EMPTY, "children"),
    content=Output(ID.CONTENT, "style"),
    head=Output(ID.HEAD, "children"),
)
# what is below the headline: a Puskesmas' item lists, or the table of Puskesmas (its own callback:
# the browser asks for it beside the headline and the trend)
RINCIAN = dict(
    lists=Output(ID.LISTS, "children"),
    lists_style=Output(ID.PUSKESMAS, "style"),
    dinkes=Output(ID.DINKES, "style"),
    rows=Output(ID.GRID, "rowData"),
    columns=Output(ID.GRID, "columnDefs"),
    grid_style=Output(ID.GRID, "style"),
    grid_note=Output(ID.GRID_NOTE, "children"),
    grid_csv=Output(ID.GRID, "csvExportParams"),
)


@dataclass(frozen=True)
class View:
    area: Area
    tahun: int
    bulan: int

    @property
    def at_puskesmas(self) -> bool:
        return self.area.level in (Level.PUSKESMAS, Level.DESA)

    @property
    def month(self) -> str:
        return f"{BULAN[self.bulan - 1]} {self.tahun}"


def _view(conn, state) -> tuple[View | None, str]:
    """The validated area, year and month (the filter's, else the latest with an LPLPO), or (None, why)."""
    scope = viewer_scope()
    try:
        area, tahun = area_from_state(conn, scope, state)
    except WilayahError as exc:
        return None, str(exc)
    years = obat_years(conn, scope, area)
    where = area.map_area.nama if area.level == Level.DESA else area.nama
    if not years:
        return None, f"Belum ada data obat (LPLPO) untuk {where}."
    if tahun is None:
        tahun = years[-1]
    if tahun not in years:
        return None, (f"Belum ada data obat (LPLPO) untuk {where} tahun {tahun}; tahun yang ada datanya: "
                      f"{', '.join(str(y) for y in years)}.")
    bulan = month_from_state(state) or latest_month(conn, scope, area, tahun)[1]
    return View(area, tahun, bulan), ""


def _period(view: View) -> str:
    if view.area.level == Level.DESA:
        pkm = view.area.map_area.nama
        return (f"{view.month} · LPLPO dilaporkan per Puskesmas: ditampilkan {pkm}, Puskesmas "
                f"{view.area.nama}.")
    if view.at_puskesmas:
        return f"{view.month} · {view.area.nama}"
    if compares_kabupaten(view.area):
        return f"{view.month} · {row_header(view.area)} di {view.area.nama} (Puskesmasnya dijumlahkan)"
    return f"{view.month} · Puskesmas di {view.area.nama}"


def _puskesmas_parts(conn, view: View) -> dict | str:
    scope = viewer_scope()
    row = puskesmas_table(conn, scope, view.area, view.tahun, view.bulan).iloc[0]
    if fmt.is_missing(row["item"]):
        return f"{row['nama_puskesmas']} belum mengirim LPLPO {view.month}."
    share = ketersediaan(row["indikator_tersedia"], row["indikator"])
    ok = memenuhi(share)
    note = (f"standar ≥ {RULE}: " + ("memenuhi" if ok else "belum memenuhi") if ok is not None
            else "tidak ada obat indikator dilaporkan")
    if row["indikator"] and row["indikator"] < JUMLAH_OBAT_INDIKATOR:
        note += f"; {fmt.angka(row['indikator'])} dari {JUMLAH_OBAT_INDIKATOR} obat indikator dilaporkan"
    cards = [
        ("Obat indikator tersedia", f"{fmt.angka(row['indikator_tersedia'])} dari {fmt.angka(row['indikator'])} "
         f"({fmt.persen(share)})", note, None if ok is None else BAIK if ok else JELEK),
        ("Kekosongan obat", f"{fmt.angka(row['kosong'])} item",
         f"{fmt.angka(row['kosong_indikator'])} obat indikator", JELEK if row["kosong_indikator"] else None),
        ("Stok < 1 bulan", f"{fmt.angka(row['kritis'])} item", "sisa kurang dari sebulan pemakaian", None),
        (f"Kedaluwarsa ≤ {MASA_KEDALUWARSA} bulan", f"{fmt.angka(row['kedaluwarsa'])} item",
         "stok yang segera kedaluwarsa", None),
        ("Data perlu dicek", f"{fmt.angka(row['tidak_seimbang'])} baris", "sisa stok tidak seimbang",
         JELEK if row["tidak_seimbang"] else None),
    ]
    return {"head": head_cards(cards)}


def _dinkes_parts(conn, view: View) -> dict | str:
    scope = viewer_scope()
    table = dinkes_table(conn, scope, view.area, view.tahun, view.bulan)
    totals = area_totals(table)
    if not totals["puskesmas_melapor"]:
        return f"Belum ada Puskesmas di {view.area.nama} yang mengirim LPLPO {view.month}."
    share = share_of_puskesmas(table)
    missing = totals["puskesmas"] - totals["puskesmas_melapor"]
    cards = [
        (f"Puskesmas dengan obat indikator ≥ {RULE}", f"{fmt.angka(share.memenuhi)} dari {fmt.angka(share.dinilai)} "
         f"({fmt.persen(share.persen)})", "indikator nasional: jumlah Puskesmas, bukan rata-rata persen", None),
        ("Belum mengirim LPLPO", f"{fmt.angka(missing)} Puskesmas", f"dari {fmt.angka(totals['puskesmas'])} Puskesmas",
         None),
        ("Kekosongan obat indikator", f"{fmt.angka(totals['kosong_indikator'])} item",
         f"{fmt.angka(totals['puskesmas_kosong_indikator'])} Puskesmas", None),
        (f"Kedaluwarsa ≤ {MASA_KEDALUWARSA} bulan", f"{fmt.angka(totals['kedaluwarsa'])} item",
         "dijumlah atas Puskesmas", None),
        ("Data perlu dicek", f"{fmt.angka(totals['tidak_seimbang'])} baris", "sisa stok tidak seimbang",
         JELEK if totals["tidak_seimbang"] else None),
    ]
    return {"head": head_cards(cards)}


@callback(output=SECTION, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_obat(state):
    """The medicines section for the filter's area and month."""
    with connect() as conn:
        view, message = _view(conn, state)
        parts = message if view is None else (_puskesmas_parts(conn, view) if view.at_puskesmas
                                              else _dinkes_parts(conn, view))
    if isinstance(parts, str):
        who = current_viewer()
        hint = UPLOAD_HINT if who is not None and who.can_import else "Pilih wilayah atau tahun lain."
        return only(SECTION, period=None if view is None else _period(view), empty=empty_state(parts, hint),
                    content=HIDDEN)
    return {"period": _period(view), "empty": None, "content": None, **parts}


@callback(output=RINCIAN, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_obat_rincian(state):
    """At a Puskesmas (a desa: its Puskesmas) the month's item lists; at a kabupaten the table of
    its Puskesmas; at a province (the country) the table of its kabupaten/kota (provinsi)."""
    nothing = {"lists": None, "lists_style": HIDDEN, "dinkes": HIDDEN, "rows": [], "grid_style": height_for(1),
               "columns": no_update, "grid_note": None, "grid_csv": no_update}
    with connect() as conn:
        view, _message = _view(conn, state)
        if view is None:
            return nothing
        scope = viewer_scope()
        if view.at_puskesmas:
            detail = item_detail(conn, scope, view.area, view.tahun, view.bulan)
            return {**nothing, "lists": item_lists(detail), "lists_style": None} if len(detail) else nothing
        if compares_kabupaten(view.area):
            records = kabupaten_rows(dinkes_table(conn, scope, view.area, view.tahun, view.bulan))
            label = row_header(view.area)
            note = (f"Satu baris per {label.lower()}: {rows_text(view.area, len(records))}, Puskesmasnya dijumlahkan "
                    f"(bukan rata-rata persen). Pilih {child_of(view.area).label.lower()} di filter untuk "
                    "melihat rinciannya.")
        else:
            records = puskesmas_rows(puskesmas_table(conn, scope, view.area, view.tahun, view.bulan))
            label, note = None, f"Satu baris per Puskesmas: {rows_text(view.area, len(records))}."
    return {**nothing, "dinkes": None, "rows": records, "columns": columns_for(label), "grid_note": note,
            "grid_csv": csv_export(f"obat-per-{child_of(view.area).value}"),
            "grid_style": height_for(len(records), visible=12)}


TREND = dict(figure=Output(ID.TREND, "figure"), note=Output(ID.TREND_NOTE, "children"))


@callback(output=TREND, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_obat_trend(state):
    """The year's trend beside the section (its own callback: the browser asks for both at once):
    at a Puskesmas the share of indicator medicines available, above it the share of Puskesmas
    meeting the 80 % rule, per month."""
    with connect() as conn:
        view, _message = _view(conn, state)
        if view is None:
            return {"figure": empty_figure("Belum ada data obat (LPLPO) untuk wilayah dan tahun ini"), "note": None}
        months = trend(conn, viewer_scope(), view.area, view.tahun)
    if view.at_puskesmas:
        shares = [ketersediaan(t, d) for t, d in zip(months["indikator_tersedia"], months["indikator"])]
        label, note = "obat indikator tersedia", f"Obat indikator tersedia per bulan, {view.tahun}"
    else:
        shares = [None if d == 0 else m / d for m, d in zip(months["memenuhi"], months["dinilai"])]
        label = f"Puskesmas dengan obat indikator ≥ {RULE}:"
        note = f"Puskesmas yang memenuhi standar obat indikator ≥ {RULE} per bulan, {view.tahun}"
    return {"figure": availability_trend(list(months["bulan"]), shares, view.tahun, chosen=view.bulan, label=label),
            "note": f"{note} (biru: ≥ {RULE}; garis putus-putus: standar)."}


@callback(
    Output(ID.DOWNLOAD, "data"),
    Input(ID.DOWNLOAD_CSV, "n_clicks"),
    Input(ID.DOWNLOAD_XLSX, "n_clicks"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def download_obat(_csv, _xlsx, state):
    """The `obat` view for the shown area and month, one row per Puskesmas (per kabupaten/kota for
    a province, per provinsi for the country, as the table shows), as `cli.py export obat` writes
    it; audited."""
    fmt_ = "xlsx" if ctx.triggered_id == ID.DOWNLOAD_XLSX else "csv"
    with connect() as conn:
        view, _message = _view(conn, state)
        if view is None or view.at_puskesmas:
            return no_update
        tingkat = child_of(view.area)
        request = ExportRequest(tingkat=tingkat, wilayah=view.area, tahun=view.tahun, bulan=view.bulan)
        try:
            table = export_view(conn, viewer_scope(), "obat", request)
        except ExportError:
            return no_update
    data = write_export(table, fmt_, view=VIEWS["obat"], request=request)
    name = f"obat-{view.area.kode or 'nasional'}-{tingkat.value}-{view.tahun}-{view.bulan:02d}.{fmt_}"
    record(Event.UNDUH, f"tabel obat (LPLPO), {view.area.level.label.lower()} {view.area.kode or 'nasional'}, "
                        f"{view.tahun}-{view.bulan:02d}: {name}")
    return dcc.send_bytes(data, name)


@callback(
    Output(ID.ITEM_DOWNLOAD, "data"),
    Input(ID.ITEM_CSV, "n_clicks"),
    Input(ID.ITEM_XLSX, "n_clicks"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def download_obat_items(_csv, _xlsx, state):
    """The `obat_item` view (one Puskesmas' items with every formula) for the shown month; audited."""
    fmt_ = "xlsx" if ctx.triggered_id == ID.ITEM_XLSX else "csv"
    with connect() as conn:
        view, _message = _view(conn, state)
        if view is None or not view.at_puskesmas:
            return no_update
        request = ExportRequest(tingkat=Level.PUSKESMAS, wilayah=view.area.map_area, tahun=view.tahun,
                                bulan=view.bulan)
        try:
            table = export_view(conn, viewer_scope(), "obat_item", request)
        except ExportError:
            return no_update
    data = write_export(table, fmt_, view=VIEWS["obat_item"], request=request)
    kode = view.area.map_area.kode
    name = f"obat-item-{kode}-{view.tahun}-{view.bulan:02d}.{fmt_}"
    record(Event.UNDUH, f"item obat (LPLPO) Puskesmas {kode}, {view.tahun}-{view.bulan:02d}: {name}")
    return dcc.send_bytes(data, name)
