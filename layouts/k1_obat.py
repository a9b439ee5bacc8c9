"""Klaster 1, section 'Obat dan BMHP (LPLPO)' (issue 15): the layout that callbacks/k1_obat.py fills.
At a Puskesmas (a desa: its Puskesmas) the month's headline and item lists; above it one row per
Puskesmas and the share of Puskesmas meeting the 80 % rule. Both blocks are in the layout; the
callback shows one."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from indicators import format as fmt
from indicators.k1_obat import (
    JENDELA_PEMAKAIAN,
    JUMLAH_OBAT_INDIKATOR,
    KETERSEDIAAN_MIN,
    MASA_KEDALUWARSA,
    STOK_BERLEBIH,
    STOK_KRITIS,
)
from layouts.graph_config import graph_config
from layouts.grid import data_downloads, flagged, grid, number_column, percent_column, status_column, text_column
from layouts.lazy_parts import LazySection


class ObatIds:
    """Ids of the section (plain strings of its own)."""

    PERIOD = "k1-obat-periode"
    EMPTY = "k1-obat-kosong"
    CONTENT = "k1-obat-isi"
    HEAD = "k1-obat-ringkas"
    TREND = "k1-obat-tren"
    TREND_NOTE = "k1-obat-tren-ket"
    PUSKESMAS = "k1-obat-puskesmas"
    LISTS = "k1-obat-daftar"
    DINKES = "k1-obat-dinkes"
    GRID = "k1-obat-tabel"
    DOWNLOAD_CSV = "k1-obat-unduh-csv"
    DOWNLOAD_XLSX = "k1-obat-unduh-xlsx"
    DOWNLOAD = "k1-obat-unduh"


ID = ObatIds
RULE = fmt.persen(KETERSEDIAAN_MIN, 0)
RULES = (f"Obat indikator tersedia: item dari daftar {JUMLAH_OBAT_INDIKATOR} obat indikator (atau yang ditandai "
         f"obat_indikator = Y) yang tidak kosong di akhir bulan; Puskesmas memenuhi standar bila ≥ {RULE} obat "
         f"indikator yang dilaporkannya tersedia. Kekosongan: sisa stok 0, atau ada pemakaian/permintaan tanpa "
         f"stok. Stok dalam bulan = sisa ÷ rata-rata pemakaian {JENDELA_PEMAKAIAN} bulan terakhir (bulan yang "
         f"dilaporkan): < {fmt.angka(STOK_KRITIS)} bulan kritis, > {fmt.angka(STOK_BERLEBIH)} bulan berlebih. "
         f"Kedaluwarsa segera: tanggal kedaluwarsa terdekat paling lambat {MASA_KEDALUWARSA} bulan setelah akhir "
         "bulan laporan. Baris yang sisa stoknya tidak sama dengan stok awal + penerimaan − pemakaian tetap "
         "ditampilkan apa adanya, ditandai 'data perlu dicek'.")

GRID_COLUMNS = [
    text_column("nama_puskesmas", "Puskesmas"),
    text_column("nama_kabupaten", "Kabupaten/kota"),
    percent_column("persen", "Obat indikator tersedia"),
    status_column("status_label", "Standar ≥ 80%", by="status"),
    number_column("indikator", "Obat indikator dilaporkan"),
    number_column("kosong", "Kekosongan (item)"),
    number_column("kosong_indikator", "Kekosongan obat indikator"),
    number_column("kritis", "Stok < 1 bulan"),
    number_column("kedaluwarsa", f"Kedaluwarsa ≤ {MASA_KEDALUWARSA} bulan"),
    flagged(number_column("tidak_seimbang", "Baris perlu dicek")),
]


def build(_query=None) -> html.Div:
    return html.Div([
        html.H3("Obat dan BMHP (LPLPO)", className="section-title"),
        html.P(id=ID.PERIOD, className="section-note"),
        html.Div(id=ID.EMPTY),
        html.Div([
            dbc.Row(id=ID.HEAD, className="g-2 mb-2"),
            html.Div([
                html.Div(id=ID.TREND_NOTE, className="section-note mb-0"),
                dcc.Graph(id=ID.TREND, config=graph_config("k1-obat"), style={"height": "260px"}),
            ]),
            html.Div(id=ID.LISTS, style={"display": "none"}),
            html.Div(grid(ID.GRID, GRID_COLUMNS, file_name="obat-per-puskesmas", pin="nama_puskesmas", height=12,
                          actions=data_downloads(ID.DOWNLOAD_CSV, ID.DOWNLOAD_XLSX, ID.DOWNLOAD)),
                     id=ID.DINKES, style={"display": "none"}),
            html.P(RULES, className="section-note mt-2 mb-0"),
        ], id=ID.CONTENT, style={"display": "none"}),
    ], className="card mb-3 p-3")


SECTION = LazySection("k1-obat", "Obat dan BMHP (LPLPO)", build, chip="Obat")
