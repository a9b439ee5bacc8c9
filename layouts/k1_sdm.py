"""Klaster 1, section 'Ketenagaan (SDM)': for a Puskesmas (or a desa's), the nine minimum types
as a checklist with the gaps obvious, the active staff by jenis × status, per 10.000 penduduk,
by masa kerja and by pendidikan; for a Dinkes, one row per Puskesmas (sortable) and the
Puskesmas lacking each type. callbacks/k1_sdm.py fills it."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from indicators import format as fmt
from indicators.k1_sdm import JENIS, JENIS_BY_CODE, MINIMAL, PENDIDIKAN, STATUS, Kelengkapan
from layouts.graph_config import graph_config
from layouts.grid import coloured, data_downloads, grid, number_column, pinned, shown_as, text_column
from layouts.lazy_parts import LazySection

GRAPH_CONFIG = graph_config("k1-sdm")


class Sdm:
    """Ids of the section (plain strings: no other page's pattern callbacks see them)."""

    TITLE = "k1-sdm-judul"
    EMPTY = "k1-sdm-kosong"
    DETAIL = "k1-sdm-rinci"
    DINKES = "k1-sdm-dinkes"
    GRID = "k1-sdm-tabel"
    LACKING = "k1-sdm-kekurangan"
    GRID_NOTE = "k1-sdm-tabel-catatan"
    DOWNLOAD_CSV = "k1-sdm-unduh-csv"
    DOWNLOAD_XLSX = "k1-sdm-unduh-xlsx"
    DOWNLOAD = "k1-sdm-unduh"


HIDDEN = {"display": "none"}
PUSKESMAS_NOTE = ("Satu baris per Puskesmas: tanpa dokter lebih dulu, lalu yang jenis tenaganya paling sedikit. "
                  "Klik judul kolom untuk mengurutkan.")
PER_NOTE = ("Penduduk wilayah Puskesmas = jumlah penduduk desa-desanya di data wilayah. Dihitung tenaga aktif "
            "(aktif Y) yang sudah mulai bertugas pada tanggal itu.")


def grid_columns(with_kabupaten: bool) -> list[dict]:
    cols = [text_column("nama", "Puskesmas", min_width=200)]
    if with_kabupaten:
        cols.append(text_column("nama_kabupaten", "Kabupaten/kota", min_width=150))
    cols += [
        number_column("tenaga_aktif", "Tenaga aktif", min_width=110),
        number_column("per_10000", "Per 10.000 penduduk", decimals=1, min_width=130),
        shown_as(number_column("jenis_minimal", "Jenis minimal", min_width=110), "jenis_teks"),
        coloured(text_column("dokter_teks", "Dokter", min_width=130), by="dokter_status", prefix="status-",
                 values=["jelek"]),
        text_column("jenis_kurang", "Jenis tenaga yang kurang", min_width=220, wrap=True, flex=2),
        text_column("keterangan", "Keterangan", min_width=160, wrap=True),
    ]
    return cols


def child_columns(row_label: str) -> list[dict]:
    """A province's table: one row per kabupaten/kota (the country's: per provinsi), its
    Puskesmas counted."""
    return [
        text_column("nama", row_label, min_width=200),
        shown_as(number_column("puskesmas_melapor", "Puskesmas melapor", min_width=130), "melapor_teks"),
        number_column("tenaga_aktif", "Tenaga aktif", min_width=110),
        number_column("per_10000", "Per 10.000 penduduk", decimals=1, min_width=130),
        shown_as(number_column("lengkap", "Puskesmas 9 jenis lengkap", min_width=150), "lengkap_teks"),
        coloured(number_column("tanpa_dokter", "Puskesmas tanpa dokter", min_width=150), by="dokter_status",
                 prefix="status-", values=["jelek"]),
        text_column("jenis_kurang", "Puskesmas yang kurang, per jenis", min_width=240, wrap=True, flex=2),
        text_column("keterangan", "Keterangan", min_width=160, wrap=True),
    ]


def columns_for(with_kabupaten: bool, row_label: str | None = None) -> list[dict]:
    """The grid's columns as the grid puts them (the name pinned left): Puskesmas rows, or with
    `row_label` a province's kabupaten rows."""
    columns = child_columns(row_label) if row_label else grid_columns(with_kabupaten)
    return pinned(columns, "nama", PIN_WIDTH)


PIN_WIDTH = 200


def build(_query=None) -> html.Div:
    return html.Div(dbc.Card([
        dbc.CardHeader([html.H3("Ketenagaan (SDM)", className="section-title"),
                        html.Div(id=Sdm.TITLE, className="section-note")]),
        html.Div(id=Sdm.EMPTY, className="px-2"),
        html.Div(id=Sdm.DETAIL, className="px-2 pt-2", style=HIDDEN),
        html.Div([
            html.Div(PUSKESMAS_NOTE, id=Sdm.GRID_NOTE, className="panel-note"),
            grid(Sdm.GRID, grid_columns(True), file_name="sdm-puskesmas", height=12, pin_width=PIN_WIDTH,
                 actions=data_downloads(Sdm.DOWNLOAD_CSV, Sdm.DOWNLOAD_XLSX, Sdm.DOWNLOAD)),
            html.H4("Puskesmas yang kekurangan tiap jenis tenaga", className="sdm-panel-title mt-3"),
            html.Div(id=Sdm.LACKING),
        ], id=Sdm.DINKES, className="px-2 pt-2 pb-2", style=HIDDEN),
        html.P(PER_NOTE, className="source-note px-2"),
    ], className="mb-3"))


SECTION = LazySection("k1-sdm", "Ketenagaan (SDM)", build, chip="SDM")


# --- pieces the callback fills in (from validated, computed values) ------------------------------

def checklist(k: Kelengkapan) -> html.Div:
    """The nine minimum types, each ✓ on the 'baik' colour or ✗ on the 'jelek' colour, in words
    too (never colour alone)."""
    items = []
    for j in MINIMAL:
        ada = j.code in k.ada
        items.append(html.Li([html.Span("✓" if ada else "✗", className="sdm-mark", **{"aria-hidden": "true"}),
                              html.Span(j.short, className="sdm-jenis"),
                              html.Span("ada" if ada else "tidak ada", className="sdm-ada")],
                             className=f"sdm-check status-{'baik' if ada else 'jelek'}"))
    return html.Ul(items, className="sdm-checklist", **{"aria-label": "Sembilan jenis tenaga minimal"})


def count_table(counts: Mapping[tuple[str, str], int]) -> html.Table:
    """Active staff by jenis (rows: the nine minimum types, then the others that have staff) ×
    status (columns), with totals."""
    jenis = [j for j in JENIS if j.minimal or any(counts.get((j.code, s.code), 0) for s in STATUS)]
    head = html.Thead(html.Tr([html.Th("Jenis tenaga"), *[html.Th(s.label, className="num") for s in STATUS],
                               html.Th("Jumlah", className="num")]))
    body = []
    for j in jenis:
        row = [counts.get((j.code, s.code), 0) for s in STATUS]
        total = sum(row)
        body.append(html.Tr([html.Th(j.short, scope="row"),
                             *[html.Td(fmt.angka(n) if n else "·", className="num") for n in row],
                             html.Td(fmt.angka(total), className="num fw-bold")],
                            className="sdm-kosong" if j.minimal and not total else None))
    totals = [sum(counts.get((j.code, s.code), 0) for j in JENIS) for s in STATUS]
    body.append(html.Tr([html.Th("Jumlah", scope="row"), *[html.Td(fmt.angka(n), className="num fw-bold")
                                                           for n in totals],
                         html.Td(fmt.angka(sum(totals)), className="num fw-bold")], className="sdm-total"))
    return html.Table([head, html.Tbody(body)], className="table table-sm sdm-table mb-1")


def education_list(counts: Mapping[str, int]) -> html.Ul:
    return html.Ul([html.Li(f"{p.label}: {fmt.angka(counts.get(p.code, 0))}") for p in PENDIDIKAN
                    if counts.get(p.code, 0)], className="sdm-list")


def skills_list(skills: Sequence[tuple[str, int]]) -> html.Ul | html.P:
    """Trainings and skills (user-typed text: Dash writes it as text, never as markup)."""
    if not skills:
        return html.P("Belum ada pelatihan atau keahlian yang dicatat (kolom keahlian).", className="panel-note")
    return html.Ul([html.Li(f"{name}: {fmt.angka(n)} orang") for name, n in skills], className="sdm-list")


def detail(*, header: str, checklist_part, table_part, bands_figure: dict, education: Mapping[str, int],
           skills: Sequence[tuple[str, int]], note: str) -> list:
    return [
        html.Div(header, className="sdm-headline"),
        dbc.Row([
            dbc.Col([html.H4("Sembilan jenis tenaga minimal (Permenkes 43/2019)", className="sdm-panel-title"),
                     checklist_part], lg=5),
            dbc.Col([html.H4("Tenaga aktif menurut jenis dan status kepegawaian", className="sdm-panel-title"),
                     table_part], lg=7),
        ], className="g-3"),
        dbc.Row([
            dbc.Col([html.H4("Masa kerja di Puskesmas ini (orang)", className="sdm-panel-title"),
                     dcc.Graph(figure=bands_figure, config=GRAPH_CONFIG)], lg=7),
            dbc.Col([html.H4("Pendidikan terakhir", className="sdm-panel-title"), education_list(education),
                     html.H4("Pelatihan dan keahlian", className="sdm-panel-title mt-2"), skills_list(skills)],
                    lg=5),
        ], className="g-3"),
        html.P(note, className="panel-note"),
    ]


def lacking_list(lacking: Sequence[tuple[str, int, list[str]]], total: int) -> html.Ul:
    """Per minimum type: how many Puskesmas lack it, and which (names as text: escaped): the
    Puskesmas, or for a province its kabupaten with their count ('Kab. A (3)')."""
    items = []
    for code, n, names in lacking:
        label = JENIS_BY_CODE[code].short
        if not n:
            items.append(html.Li([html.Strong(label), f": semua {fmt.angka(total)} Puskesmas punya"],
                                 className="sdm-lengkap"))
            continue
        items.append(html.Li([html.Strong(label),
                              html.Span(f" kurang di {fmt.angka(n)} dari {fmt.angka(total)} Puskesmas",
                                        className="sdm-jumlah-kurang"),
                              ": " + ", ".join(names)], className="sdm-kurang"))
    return html.Ul(items, className="sdm-list")
