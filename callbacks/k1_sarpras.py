"""Klaster 1, the equipment and infrastructure section: the shared filter state → the area and
year → data_access.k1_sarpras → its tiles and tables (one Puskesmas in detail, or one row per
Puskesmas of a Dinkes area), and its downloads (audited)."""
from __future__ import annotations

import numpy as np
from dash import Input, Output, State, callback, ctx, dcc, no_update

from callbacks.common import connect, only, record, viewer_scope
from callbacks.k1_common import child_of, row_header, rows_text
from callbacks.url_state import area_from_state
from data_access.k1_kabupaten import compares_kabupaten
from data_access.k1_sarpras import area_totals, dinkes_rows, inventory, is_dinkes, sarpras_years
from data_access.users import Event
from domain.codes import Level
from domain.wilayah import Area, WilayahError
from exports.views import VIEWS, ExportRequest, sarpras_export, sarpras_items_table, write_export
from indicators import format as fmt
from indicators.k1_sarpras import N_STANDAR, broken, non_standard, shares, standard_gaps, tally
from layouts import ids
from layouts.components import empty_state, kpi_card
from layouts.grid import csv_export, height_for
from layouts.k1_sarpras import SP, columns_for

HIDDEN = {"display": "none"}
UPLOAD_HINT = ("Pengelola data dapat mengunggah inventaris (dataset sarpras) di halaman Unggah data; "
               "atau pilih tahun atau wilayah lain.")

SECTION = dict(
    title=Output(SP.TITLE, "children"),
    empty=Output(SP.EMPTY, "children"),
    content=Output(SP.CONTENT, "style"),
    kpi=Output(SP.KPI, "children"),
    puskesmas=Output(SP.PUSKESMAS, "style"),
    dinkes=Output(SP.DINKES, "style"),
    gaps_note=Output(SP.GAPS_NOTE, "children"),
    gaps=Output(SP.GAPS, "rowData"),
    broken_note=Output(SP.BROKEN_NOTE, "children"),
    broken=Output(SP.BROKEN, "rowData"),
    non_note=Output(SP.NON_STANDAR_NOTE, "children"),
    non=Output(SP.NON_STANDAR, "rowData"),
    table_note=Output(SP.TABLE_NOTE, "children"),
    table=Output(SP.TABLE, "rowData"),
    table_columns=Output(SP.TABLE, "columnDefs"),
    table_csv=Output(SP.TABLE, "csvExportParams"),
    table_style=Output(SP.TABLE, "style"),
)


def _view(conn, state) -> tuple[Area | None, int | None, str | None]:
    """(area, year, None) of a filter state, or (None, None, why there is nothing to show). A
    year without an inventory falls back to none: the message names the years that have one."""
    scope = viewer_scope()
    try:
        area, tahun = area_from_state(conn, scope, state)
    except WilayahError as exc:
        return None, None, str(exc)
    years = sarpras_years(conn, scope, area)
    if not years:
        return None, None, f"Belum ada data inventaris sarana dan prasarana untuk {area.nama}."
    if tahun is None:
        tahun = years[-1]
    if tahun not in years:
        return None, None, (f"Belum ada inventaris sarana dan prasarana {area.nama} tahun {tahun}; tahun yang ada "
                            f"datanya: {', '.join(str(y) for y in years)}.")
    return area, tahun, None


def grid_rows(rows: list[dict], columns: list[str], *, fractions: tuple[str, ...] = (),
              counts: tuple[str, ...] = ()) -> list[dict]:
    """A Dinkes grid's rows from dicts: fractions to 4 decimals and counts as whole numbers (a
    province's rows are sent and encoded: 0.8444 rather than 0.8444444444444444, 45 rather than
    45.0), an empty value (None, NaN, '') left out so that its cell stays empty. Rounded as
    numpy rounds (np.round, as pandas did here before), column by column."""
    rounded = {c: np.round(np.array([np.nan if fmt.is_missing(r[c]) else r[c] for r in rows], dtype=float), 4)
               .tolist() for c in fractions}
    out = []
    for i, row in enumerate(rows):
        cells = {}
        for c in columns:
            value = rounded[c][i] if c in rounded else row[c]
            if fmt.is_missing(value) or (value == "" and c not in counts):
                continue
            cells[c] = int(value) if c in counts else value
        out.append(cells)
    return out


def _picked(rows: list[dict], columns: list[str]) -> list[dict]:
    return [{c: r[c] for c in columns} for r in rows]


@callback(output=SECTION, inputs=dict(state=Input(ids.FILTER_STATE, "data")))
def show_sarpras(state):
    """One Puskesmas' items against the standard list, or a Dinkes area's Puskesmas."""
    scope = viewer_scope()
    with connect() as conn:
        area, tahun, message = _view(conn, state)
        if area is None:
            return only(SECTION, title=None, empty=empty_state(message, UPLOAD_HINT), content=HIDDEN)
        if is_dinkes(area):
            return _dinkes(area, tahun, dinkes_rows(conn, scope, area, tahun))
        rows = inventory(conn, scope, area, tahun)
    return _puskesmas(area, tahun, rows)


def _title(area: Area, tahun: int) -> str:
    if area.level == Level.DESA:
        pkm = next(n for lv, _k, n in area.ancestors if lv == Level.PUSKESMAS)
        return f"{pkm}, Puskesmas yang melayani {area.nama} (data per Puskesmas) · inventaris {tahun}"
    return f"{area.nama} · inventaris {tahun}"


def _puskesmas(area: Area, tahun: int, rows) -> dict:
    got = tally(rows)
    ada, berfungsi = shares(got.ada, got.berfungsi, got.standar)
    gaps, rusak, non = standard_gaps(rows), broken(rows), non_standard(rows)
    kpi = [
        kpi_card("Item standar ada", fmt.persen(ada), f"{got.ada} dari {N_STANDAR} item"),
        kpi_card("Item standar berfungsi", fmt.persen(berfungsi), f"{got.berfungsi} dari {N_STANDAR} item"),
        kpi_card("Unit rusak berat", fmt.angka(got.unit_rusak_berat), "semua item, gedung dan Pustu"),
        kpi_card("Unit rusak ringan", fmt.angka(got.unit_rusak_ringan), "semua item, gedung dan Pustu"),
        kpi_card("Item non-standar", fmt.angka(got.non_standar), "kode di luar daftar standar"),
    ]
    return {
        "title": _title(area, tahun), "empty": None, "content": None, "kpi": kpi,
        "puskesmas": None, "dinkes": HIDDEN,
        "gaps_note": (f"{len(gaps)} dari {N_STANDAR} item standar tidak ada atau tanpa unit berkondisi baik."
                      if len(gaps) else f"Semua {N_STANDAR} item standar ada dan berfungsi."),
        "gaps": gaps,
        "broken_note": (f"{len(rusak)} baris: {fmt.angka(got.unit_rusak_berat)} unit rusak berat, "
                        f"{fmt.angka(got.unit_rusak_ringan)} unit rusak ringan." if len(rusak)
                        else "Tidak ada unit berkondisi rusak."),
        "broken": _picked(rusak, ["kondisi_label", "nama_item", "kode_item", "lokasi_label", "jumlah", "standar"]),
        "non_note": ("Dicatat apa adanya; tidak dihitung dalam persentase standar." if len(non)
                     else "Tidak ada item di luar daftar standar."),
        "non": _picked(non, ["nama_item", "kode_item", "kategori_label", "lokasi_label", "kondisi_label", "jumlah"]),
        "table_note": None, "table": [], "table_columns": no_update, "table_csv": no_update,
        "table_style": height_for(1),
    }


def _dinkes(area: Area, tahun: int, rows) -> dict:
    totals = area_totals(rows)
    if not totals["melapor"]:
        return only(SECTION, title=_title(area, tahun), content=HIDDEN, empty=empty_state(
            f"Belum ada Puskesmas di {area.nama} yang mengirim inventaris tahun {tahun}.", UPLOAD_HINT))
    kpi = [
        kpi_card("Item standar ada", fmt.persen(totals["persen_ada"]),
                 f"{fmt.angka(totals['ada'])} dari {fmt.angka(totals['standar'])}"),
        kpi_card("Item standar berfungsi", fmt.persen(totals["persen_berfungsi"]),
                 f"{fmt.angka(totals['berfungsi'])} dari {fmt.angka(totals['standar'])}"),
        kpi_card("Unit rusak berat", fmt.angka(totals["unit_rusak_berat"]),
                 f"di {fmt.angka(totals['puskesmas_rusak_berat'])} Puskesmas"),
        kpi_card("Puskesmas melapor", f"{fmt.angka(totals['melapor'])} dari {fmt.angka(totals['puskesmas'])}",
                 f"inventaris {tahun}"),
    ]
    return {
        "title": _title(area, tahun), "empty": None, "content": None, "kpi": kpi,
        "puskesmas": HIDDEN, "dinkes": None,
        "gaps_note": None, "gaps": [], "broken_note": None, "broken": [], "non_note": None, "non": [],
        **_table(area, rows),
    }


def _table(area: Area, rows: list[dict]) -> dict:
    """The Dinkes table: a kabupaten's Puskesmas, or a province's kabupaten/kota (the country's
    provinsi) with their Puskesmas summed."""
    if not compares_kabupaten(area):
        rows = [{**r, "keterangan": "belum melapor" if r["standar"] is None else ""} for r in rows]
        return {"table_note": f"{rows_text(area, len(rows))}; klik judul kolom untuk mengurutkan.",
                "table": grid_rows(rows, ["nama", "kode", "persen_ada", "persen_berfungsi", "unit_rusak_berat",
                                          "non_standar", "keterangan"], fractions=("persen_ada", "persen_berfungsi"),
                                   counts=("unit_rusak_berat", "non_standar")),
                "table_columns": columns_for(), "table_csv": csv_export("sarpras-puskesmas"),
                "table_style": height_for(len(rows))}
    shown = []
    for r in rows:
        m, n = int(r["puskesmas_melapor"] or 0), r["puskesmas"]
        shown.append({**r, "puskesmas_melapor": m, "melapor_teks": f"{fmt.angka(m)} dari {fmt.angka(n)}",
                      "ada_teks": _of_text(r["persen_ada"], r["ada"], r["standar"]),
                      "berfungsi_teks": _of_text(r["persen_berfungsi"], r["berfungsi"], r["standar"]),
                      "keterangan": ("belum ada Puskesmas melapor" if not m else
                                     f"{fmt.angka(n - m)} Puskesmas belum melapor" if n > m else "")})
    return {"table_note": (f"Satu baris per {row_header(area).lower()}: {rows_text(area, len(rows))}, item "
                           f"Puskesmasnya dijumlahkan. Pilih {child_of(area).label.lower()} di filter untuk melihat "
                           "rinciannya; klik judul kolom untuk mengurutkan."),
            "table": grid_rows(shown, ["nama", "kode", "puskesmas_melapor", "melapor_teks", "persen_ada", "ada_teks",
                                       "persen_berfungsi", "berfungsi_teks", "unit_rusak_berat",
                                       "puskesmas_rusak_berat", "non_standar", "keterangan"],
                               fractions=("persen_ada", "persen_berfungsi"),
                               counts=("puskesmas_melapor", "unit_rusak_berat", "puskesmas_rusak_berat",
                                       "non_standar")),
            "table_columns": columns_for(row_header(area)), "table_csv": csv_export(f"sarpras-{child_of(area).value}"),
            "table_style": height_for(len(rows))}


def _of_text(share, part, whole) -> str:
    """'84,4% (38 dari 45)'; empty where nothing was reported."""
    return "" if fmt.is_missing(share) else f"{fmt.persen(share)} ({fmt.angka(part)} dari {fmt.angka(whole)})"


@callback(
    Output(SP.DOWNLOAD, "data"),
    Input(SP.DOWNLOAD_CSV, "n_clicks"),
    Input(SP.DOWNLOAD_XLSX, "n_clicks"),
    State(ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def download_sarpras(_csv, _xlsx, state):
    """A Dinkes area: the `sarpras` export view, one row per Puskesmas; one Puskesmas: its
    inventory with the standard items it lacks."""
    fmt_ = "xlsx" if ctx.triggered_id == SP.DOWNLOAD_XLSX else "csv"
    scope = viewer_scope()
    with connect() as conn:
        area, tahun, _message = _view(conn, state)
        if area is None:
            return no_update
        if is_dinkes(area):
            table = sarpras_export(conn, scope, child_of(area), area, tahun)
            what = f"per-{child_of(area).value}"
        else:
            table = sarpras_items_table(inventory(conn, scope, area, tahun))
            what = "inventaris"
    request = ExportRequest(tingkat=child_of(area.map_area), wilayah=area.map_area, tahun=tahun)
    data = write_export(table, fmt_, view=VIEWS["sarpras"], request=request)
    name = f"sarpras-{what}-{area.map_area.kode or 'nasional'}-{tahun}.{fmt_}"
    record(Event.UNDUH, f"tabel sarpras, {area.map_area.level.label.lower()} {area.map_area.kode or 'nasional'}, "
                        f"{tahun}: {name}")
    return dcc.send_bytes(data, name)
