"""Klaster 1, section 'Perencanaan (RUK/RPK)': the activities of the annual plan done, per
klaster and month (a table legible on a projector: big numbers, few words), the late
activities of a Puskesmas, and one row per Puskesmas at a Dinkes. callbacks/k1_kegiatan.py
fills it."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from figures.palette import PERINGATAN, TEKS
from indicators import format as fmt
from indicators.format import BULAN_PENDEK
from indicators.k1_kegiatan import KLASTER_PENDEK, RULE, share
from layouts.grid import data_downloads, grid, number_column, percent_column, pinned, shown_as, text_column
from layouts.lazy_parts import LazySection


class KG:
    """Ids of the section's parts."""

    TITLE = "k1-kegiatan-judul"
    EMPTY = "k1-kegiatan-kosong"
    CONTENT = "k1-kegiatan-isi"
    KPI = "k1-kegiatan-kpi"
    MATRIX = "k1-kegiatan-matriks"
    PUSKESMAS = "k1-kegiatan-puskesmas"
    LATE = "k1-kegiatan-terlambat"
    LATE_NOTE = "k1-kegiatan-terlambat-catatan"
    DINKES = "k1-kegiatan-dinkes"
    TABLE = "k1-kegiatan-tabel"
    TABLE_NOTE = "k1-kegiatan-tabel-catatan"
    DOWNLOAD_CSV = "k1-kegiatan-unduh-csv"
    DOWNLOAD_XLSX = "k1-kegiatan-unduh-xlsx"
    DOWNLOAD = "k1-kegiatan-unduh"


LATE_COLUMNS = [text_column("nama_kegiatan", "Kegiatan", min_width=220, flex=2),
                text_column("id_kegiatan", "Kode", width=110), text_column("klaster_label", "Klaster", width=190),
                text_column("bulan_label", "Rencana", width=110), number_column("terlambat", "Terlambat (bulan)"),
                number_column("anggaran", "Anggaran (Rp)"), text_column("sumber_dana", "Sumber dana", width=140)]
TABLE_COLUMNS = [text_column("nama", "Puskesmas", min_width=200), text_column("kode", "Kode", width=130),
                 number_column("rencana", "Rencana"), number_column("terlaksana", "Terlaksana"),
                 percent_column("persen", "Terlaksana (%)"), number_column("terlambat", "Terlambat"),
                 percent_column("persen_anggaran", "Anggaran terlaksana (%)"),
                 text_column("keterangan", "Keterangan", min_width=150)]


def child_columns(row_label: str) -> list[dict]:
    """A province's table: one row per kabupaten/kota (the country's: per provinsi), its
    Puskesmas' activities summed."""
    return [text_column("nama", row_label, min_width=200),
            shown_as(number_column("puskesmas_melapor", "Puskesmas dengan rencana"), "melapor_teks"),
            *TABLE_COLUMNS[2:]]


def columns_for(row_label: str | None = None) -> list[dict]:
    """The table's columns as the grid puts them: Puskesmas rows, or with `row_label` a
    province's kabupaten rows."""
    return pinned(child_columns(row_label) if row_label else TABLE_COLUMNS, "nama")


def _cell(done: int, planned: int, *, big: bool = False) -> html.Td:
    """'3/4' (done of planned); an empty month is a dash; a month with activities not done is
    marked (colour and the word-free '!': never colour alone)."""
    if not planned:
        return html.Td(fmt.NO_DATA, className="k1-sel k1-sel-kosong")
    short = done < planned
    style = {"color": PERINGATAN if short else TEKS}
    if big:
        return html.Td([html.Div(fmt.persen(share(done, planned), 0), className="k1-sel-besar"),
                        html.Div(f"{done}/{planned}", className="k1-sel-kecil")], className="k1-sel k1-total",
                       style=style)
    return html.Td(f"{done}/{planned}" + (" !" if short else ""), className="k1-sel", style=style)


def completion_matrix(matrix: list[dict], bulan: int, *, months: bool = True) -> html.Table:
    """Rows: klaster; columns: each month 1..bulan (done by the end of `bulan` of those
    planned that month; `months` False: none) and the period's total as a big percentage."""
    head = [html.Th("Klaster")]
    if months:
        head += [html.Th(BULAN_PENDEK[m - 1]) for m in range(1, bulan + 1)]
    head.append(html.Th(f"Jan–{BULAN_PENDEK[bulan - 1]}" if bulan > 1 else "Jan"))
    body = []
    for row in matrix:
        cells = [html.Th(KLASTER_PENDEK.get(int(row["klaster"]), str(row["klaster"])), scope="row")]
        if months:
            cells += [_cell(int(row[f"{m}_terlaksana"]), int(row[f"{m}_rencana"])) for m in range(1, bulan + 1)]
        cells.append(_cell(int(row["terlaksana"]), int(row["rencana"]), big=True))
        body.append(html.Tr(cells))
    def total(field: str) -> int:
        return int(sum(row[field] for row in matrix))

    total_done, total_planned = total("terlaksana"), total("rencana")
    foot = [html.Th("Semua", scope="row")]
    if months:
        foot += [_cell(total(f"{m}_terlaksana"), total(f"{m}_rencana")) for m in range(1, bulan + 1)]
    foot.append(_cell(total_done, total_planned, big=True))
    return html.Table([html.Thead(html.Tr(head)), html.Tbody(body), html.Tfoot(html.Tr(foot))],
                      className="k1-matriks")


def build(_query=None) -> html.Div:
    return html.Div([
        html.H3("Perencanaan (RUK/RPK)", className="section-title"),
        html.P(id=KG.TITLE, className="section-note"),
        html.Div(id=KG.EMPTY),
        html.Div([
            dbc.Row(id=KG.KPI, className="g-2 mb-2"),
            html.P("Sel: kegiatan terlaksana / direncanakan pada bulan itu; '!' = ada yang belum terlaksana.",
                   className="section-note mb-1"),
            html.Div(id=KG.MATRIX, className="k1-matriks-wadah mb-2"),
            html.P(RULE, className="section-note"),
            html.Div([
                html.H4("Kegiatan terlambat (direncanakan, belum terlaksana)", className="subsection-title"),
                html.P(id=KG.LATE_NOTE, className="section-note"),
                grid(KG.LATE, LATE_COLUMNS, file_name="kegiatan-terlambat", pin="nama_kegiatan", page_size=12),
            ], id=KG.PUSKESMAS),
            html.Div([
                html.P(id=KG.TABLE_NOTE, className="section-note"),
                grid(KG.TABLE, TABLE_COLUMNS, file_name="kegiatan-puskesmas", height=15),
            ], id=KG.DINKES),
            html.Div(data_downloads(KG.DOWNLOAD_CSV, KG.DOWNLOAD_XLSX, KG.DOWNLOAD), className="d-flex gap-2"),
        ], id=KG.CONTENT),
    ], className="card mb-3 p-3")


SECTION = LazySection("k1-kegiatan", "Perencanaan (RUK/RPK)", build, chip="Kegiatan")
