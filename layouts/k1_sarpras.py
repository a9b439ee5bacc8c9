"""Klaster 1, section 'Peralatan dan sarana prasarana': at a Puskesmas its standard items
present and working, the standard items missing or not working, the broken units (with their
lokasi) and the items outside the standard list; at a Dinkes one row per Puskesmas. The
callbacks (callbacks/k1_sarpras.py) fill it and show one of the two parts."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from indicators.k1_sarpras import RULE, RULE_DINKES
from layouts.grid import data_downloads, grid, number_column, percent_column, pinned, shown_as, text_column
from layouts.lazy_parts import LazySection


class SP:
    """Ids of the section's parts."""

    TITLE = "k1-sarpras-judul"
    EMPTY = "k1-sarpras-kosong"
    CONTENT = "k1-sarpras-isi"
    KPI = "k1-sarpras-kpi"
    PUSKESMAS = "k1-sarpras-puskesmas"
    DINKES = "k1-sarpras-dinkes"
    GAPS = "k1-sarpras-kurang"
    GAPS_NOTE = "k1-sarpras-kurang-catatan"
    BROKEN = "k1-sarpras-rusak"
    BROKEN_NOTE = "k1-sarpras-rusak-catatan"
    NON_STANDAR = "k1-sarpras-nonstandar"
    NON_STANDAR_NOTE = "k1-sarpras-nonstandar-catatan"
    TABLE = "k1-sarpras-tabel"
    TABLE_NOTE = "k1-sarpras-tabel-catatan"
    DOWNLOAD_CSV = "k1-sarpras-unduh-csv"
    DOWNLOAD_XLSX = "k1-sarpras-unduh-xlsx"
    DOWNLOAD = "k1-sarpras-unduh"


GAP_COLUMNS = [text_column("nama_item", "Item standar", min_width=200, flex=2),
               text_column("kode_item", "Kode", width=100), text_column("kategori", "Kategori", width=150),
               text_column("keadaan", "Keadaan", min_width=170),
               number_column("rusak_ringan", "Unit rusak ringan"), number_column("rusak_berat", "Unit rusak berat")]
BROKEN_COLUMNS = [text_column("kondisi_label", "Kondisi", width=140),
                  text_column("nama_item", "Item", min_width=200, flex=2), text_column("kode_item", "Kode", width=110),
                  text_column("lokasi_label", "Lokasi", min_width=160), number_column("jumlah", "Unit"),
                  text_column("standar", "Daftar", width=120)]
NON_STANDAR_COLUMNS = [text_column("nama_item", "Item", min_width=200, flex=2),
                       text_column("kode_item", "Kode", width=130),
                       text_column("kategori_label", "Kategori", width=150),
                       text_column("lokasi_label", "Lokasi", min_width=160),
                       text_column("kondisi_label", "Kondisi", width=140), number_column("jumlah", "Unit")]
TABLE_COLUMNS = [text_column("nama", "Puskesmas", min_width=200), text_column("kode", "Kode", width=130),
                 percent_column("persen_ada", "Item standar ada"),
                 percent_column("persen_berfungsi", "Item standar berfungsi"),
                 number_column("unit_rusak_berat", "Unit rusak berat"),
                 number_column("non_standar", "Item non-standar"),
                 text_column("keterangan", "Keterangan", min_width=150)]


def child_columns(row_label: str) -> list[dict]:
    """A province's table: one row per kabupaten/kota (the country's: per provinsi), its
    Puskesmas' items summed."""
    return [text_column("nama", row_label, min_width=200),
            shown_as(number_column("puskesmas_melapor", "Puskesmas melapor"), "melapor_teks"),
            shown_as(percent_column("persen_ada", "Item standar ada"), "ada_teks"),
            shown_as(percent_column("persen_berfungsi", "Item standar berfungsi"), "berfungsi_teks"),
            number_column("unit_rusak_berat", "Unit rusak berat"),
            number_column("puskesmas_rusak_berat", "Puskesmas dengan unit rusak berat"),
            number_column("non_standar", "Item non-standar"),
            text_column("keterangan", "Keterangan", min_width=150)]


def columns_for(row_label: str | None = None) -> list[dict]:
    """The table's columns as the grid puts them: Puskesmas rows, or with `row_label` a
    province's kabupaten rows."""
    return pinned(child_columns(row_label) if row_label else TABLE_COLUMNS, "nama")


def _part(title: str, note_id: str, grid_id: str, columns, file_name: str, pin: str) -> html.Div:
    return html.Div([
        html.H4(title, className="subsection-title"),
        html.P(id=note_id, className="section-note"),
        grid(grid_id, columns, file_name=file_name, pin=pin, page_size=12),
    ], className="mb-3")


def build(_query=None) -> html.Div:
    return html.Div([
        html.H3("Peralatan dan sarana prasarana", className="section-title"),
        html.P(id=SP.TITLE, className="section-note"),
        html.Div(id=SP.EMPTY),
        html.Div([
            dbc.Row(id=SP.KPI, className="g-2 mb-2"),
            html.P(RULE, className="section-note"),
            html.Div([
                _part("Item standar yang tidak ada atau tidak berfungsi", SP.GAPS_NOTE, SP.GAPS, GAP_COLUMNS,
                      "sarpras-item-kurang", "nama_item"),
                _part("Alat rusak (rusak berat dahulu)", SP.BROKEN_NOTE, SP.BROKEN, BROKEN_COLUMNS,
                      "sarpras-rusak", "kondisi_label"),
                _part("Item non-standar (di luar daftar standar)", SP.NON_STANDAR_NOTE, SP.NON_STANDAR,
                      NON_STANDAR_COLUMNS, "sarpras-non-standar", "nama_item"),
            ], id=SP.PUSKESMAS),
            html.Div([
                html.P(RULE_DINKES, className="section-note"),
                html.P(id=SP.TABLE_NOTE, className="section-note"),
                grid(SP.TABLE, TABLE_COLUMNS, file_name="sarpras-puskesmas", height=15),
            ], id=SP.DINKES),
            html.Div(data_downloads(SP.DOWNLOAD_CSV, SP.DOWNLOAD_XLSX, SP.DOWNLOAD), className="d-flex gap-2"),
        ], id=SP.CONTENT),
    ], className="card mb-3 p-3")


SECTION = LazySection("k1-sarpras", "Peralatan dan sarana prasarana", build, chip="Sarpras")
