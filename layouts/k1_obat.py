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
from indicators.pws import BAIK, JELEK
from layouts.graph_config import graph_config
from layouts.grid import (
    data_downloads,
    flagged,
    grid,
    number_column,
    percent_column,
    pinned,
    shown_as,
    status_column,
    text_column,
)
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
    GRID_NOTE = "k1-obat-tabel-catatan"
    DOWNLOAD_CSV = "k1-obat-unduh-csv"
    DOWNLOAD_XLSX = "k1-obat-unduh-xlsx"
    DOWNLOAD = "k1-obat-unduh"
    ITEM_CSV = "k1-obat-item-unduh-csv"
    ITEM_XLSX = "k1-obat-item-unduh-xlsx"
    ITEM_DOWNLOAD = "k1-obat-item-unduh"


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
    status_column("status_label", "Memenuhi ≥ 80%", by="status"),
    number_column("indikator", "Obat indikator dilaporkan"),
    number_column("kosong", "Kekosongan (item)"),
    number_column("kosong_indikator", "Kekosongan obat indikator"),
    number_column("kritis", "Stok < 1 bulan"),
    number_column("kedaluwarsa", f"Kedaluwarsa ≤ {MASA_KEDALUWARSA} bulan"),
    flagged(number_column("tidak_seimbang", "Baris perlu dicek")),
]


def child_columns(row_label: str) -> list[dict]:
    """A province's table: one row per kabupaten/kota (the country's: per provinsi), its
    Puskesmas counted (the national indicator: Puskesmas meeting the rule, of those judged)."""
    return [
        text_column("nama", row_label),
        shown_as(percent_column("persen", "Puskesmas obat indikator ≥ 80%"), "memenuhi_teks"),
        shown_as(number_column("puskesmas_melapor", "Puskesmas melapor"), "melapor_teks"),
        number_column("kosong_indikator", "Kekosongan obat indikator (item)"),
        number_column("puskesmas_kosong_indikator", "Puskesmas dengan obat indikator kosong"),
        number_column("kosong", "Kekosongan (item)"),
        number_column("kritis", "Stok < 1 bulan"),
        number_column("kedaluwarsa", f"Kedaluwarsa ≤ {MASA_KEDALUWARSA} bulan"),
        flagged(number_column("tidak_seimbang", "Baris perlu dicek")),
    ]


def columns_for(row_label: str | None = None) -> list[dict]:
    """The grid's columns as the grid puts them (the name pinned): Puskesmas rows, or with
    `row_label` a province's kabupaten rows."""
    if row_label:
        return pinned(child_columns(row_label), "nama", 220)
    return pinned(GRID_COLUMNS, "nama_puskesmas", 220)


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
            html.Div([html.Div(id=ID.LISTS),
                      html.Div(data_downloads(ID.ITEM_CSV, ID.ITEM_XLSX, ID.ITEM_DOWNLOAD),
                               className="grid-actions mt-2")],
                     id=ID.PUSKESMAS, style={"display": "none"}),
            html.Div([html.P(id=ID.GRID_NOTE, className="section-note mb-1"),
                      grid(ID.GRID, GRID_COLUMNS, file_name="obat-per-puskesmas", pin="nama_puskesmas", height=12,
                           actions=data_downloads(ID.DOWNLOAD_CSV, ID.DOWNLOAD_XLSX, ID.DOWNLOAD))],
                     id=ID.DINKES, style={"display": "none"}),
            html.P(RULES, className="section-note mt-2 mb-0"),
        ], id=ID.CONTENT, style={"display": "none"}),
    ], className="card mb-3 p-3")


SECTION = LazySection("k1-obat", "Obat dan BMHP (LPLPO)", build, chip="Obat")


# --- what the callback fills in (pure: DataFrames in, components out) ----------------------------

def head_cards(cards: list) -> list:
    """KPI cards from (title, value, note, status or None) tuples; the status colours the card's top."""
    from figures.palette import STATUS_WARNA
    from layouts.components import kpi_card

    return [kpi_card(t, v, n, STATUS_WARNA.get(s) if s else None) for t, v, n, s in cards]


def _cell(value, decimals: int = 0) -> str:
    return fmt.angka(value, decimals)


def _stock_months(row) -> str:
    if row["kategori"] == "tidak terpakai":
        return "tidak terpakai"
    return fmt.NO_DATA if fmt.is_missing(row["bulan_stok"]) else f"{fmt.angka(row['bulan_stok'], 1)} bulan"


def _table(title: str, note: str, header: list[str], rows: list[list], empty: str) -> html.Div:
    if not rows:
        body = html.P(empty, className="section-note mb-0")
    else:
        body = html.Table([
            html.Thead(html.Tr([html.Th(h) for h in header])),
            html.Tbody([_plain("Tr", [_plain("Td", c) for c in r]) for r in rows]),
        ], className="table table-sm obat-table mb-0")
    return html.Div([html.H4(title, className="h6 mt-3 mb-1"), html.P(note, className="section-note mb-1"), body])


def _plain(kind: str, children, **props) -> dict:
    """An html component as the JSON Dash sends for it (what html.Td(...).to_plotly_json() gives,
    props in Dash's order: children first). A Puskesmas' item lists are a few hundred cells, and
    building each as a Dash component (its keyword checks) costs more than reading the month; a
    plain dict is what the browser gets either way, as the big maps are plain dicts."""
    return {"props": {"children": children, **props}, "type": kind, "namespace": "dash_html_components"}


def _name(row) -> list:
    label = f"{row['nama_obat']} ({row['kode_obat']})"
    return ([_plain("Span", label), _plain("Span", " · obat indikator", className="fw-bold")] if row["indikator"]
            else [label])


def item_lists(detail) -> list:
    """The Puskesmas' month: stock-outs (indicator items first), < 1 month of stock, expiring soon,
    and the rows that do not balance with their sum written out."""
    rows = _records(detail)  # in the detail's order: indicator items first, then by name
    kosong = [r for r in rows if r["kosong"]]
    kritis = sorted((r for r in rows if r["kategori"] == "kritis"), key=lambda r: r["bulan_stok"])
    expiring = sorted((r for r in rows if r["kedaluwarsa_segera"]), key=lambda r: r["kedaluwarsa_terdekat"])
    off = [r for r in rows if not r["seimbang"]]
    return [
        _table("Kekosongan obat", "sisa stok 0 di akhir bulan, atau ada pemakaian/permintaan tanpa stok",
               ["Item", "Satuan", "Persediaan", "Pemakaian", "Sisa", "Permintaan"],
               [[_name(r), r["satuan"], _cell(r["persediaan"]), _cell(r["pemakaian"]), _cell(r["sisa_stok"]),
                 _cell(r.get("permintaan"))] for r in kosong],
               "Tidak ada kekosongan obat bulan ini."),
        _table(f"Stok kurang dari {fmt.angka(STOK_KRITIS)} bulan",
               f"sisa ÷ rata-rata pemakaian {JENDELA_PEMAKAIAN} bulan terakhir",
               ["Item", "Satuan", "Sisa", "Rata-rata pemakaian", "Stok"],
               [[_name(r), r["satuan"], _cell(r["sisa_stok"]), _cell(r["rata_pemakaian"], 1), _stock_months(r)]
                for r in kritis],
               "Tidak ada item dengan stok kurang dari satu bulan."),
        _table(f"Kedaluwarsa dalam {MASA_KEDALUWARSA} bulan", "tanggal kedaluwarsa terdekat stok yang masih ada",
               ["Item", "Satuan", "Sisa", "Kedaluwarsa"],
               [[_name(r), r["satuan"], _cell(r["sisa_stok"]), _date(r["kedaluwarsa_terdekat"])]
                for r in expiring],
               f"Tidak ada stok yang kedaluwarsa dalam {MASA_KEDALUWARSA} bulan."),
        _table("Data perlu dicek: baris tidak seimbang",
               "stok awal + penerimaan − pemakaian tidak sama dengan sisa stok yang dilaporkan; angka tidak dikoreksi",
               ["Item", "Perhitungan", "Sisa dilaporkan", "Selisih"],
               [[_name(r), f"{_cell(r['stok_awal'], _dec(r))} + {_cell(r['penerimaan'], _dec(r))} − "
                 f"{_cell(r['pemakaian'], _dec(r))} = {_cell(r['sisa_hitung'], _dec(r))}",
                 _cell(r["sisa_stok"], _dec(r)), fmt.selisih(r["sisa_stok"] - r["sisa_hitung"], _dec(r))]
                for r in off],
               "Semua baris seimbang."),
    ]


_LIST_FIELDS = ("kode_obat", "nama_obat", "satuan", "indikator", "kosong", "seimbang", "kedaluwarsa_segera",
                "stok_awal", "penerimaan", "persediaan", "pemakaian", "sisa_stok", "sisa_hitung", "permintaan",
                "rata_pemakaian", "bulan_stok", "kategori", "kedaluwarsa_terdekat")


def _records(frame) -> list[dict]:
    """The rows a list shows, as dicts (DataFrame.to_dict of a wide frame costs more than the query)."""
    columns = [frame[c].tolist() for c in _LIST_FIELDS]
    return [dict(zip(_LIST_FIELDS, values)) for values in zip(*columns)]


def _dec(row) -> int:
    """Decimals that show a row's numbers exactly (LPLPO numbers are whole; a fraction shows 2)."""
    values = [row[c] for c in ("stok_awal", "penerimaan", "pemakaian", "sisa_stok")]
    return 0 if all(float(v).is_integer() for v in values) else 2


def _date(iso) -> str:
    if not isinstance(iso, str):
        return fmt.NO_DATA
    y, m, d = (int(p) for p in iso.split("-"))
    return f"{d} {fmt.BULAN_PENDEK[m - 1]} {y}"


_GRID_FIELDS = ("kode_puskesmas", "nama_puskesmas", "nama_kabupaten", "persen", "indikator", "kosong",
                "kosong_indikator", "kritis", "kedaluwarsa", "tidak_seimbang")


def puskesmas_rows(table) -> list[dict]:
    """The grid's rows from data_access.k1_obat.puskesmas_table, worst share first (no report
    first of all): the status word beside its colour, a row that balances shows no count."""
    columns = {c: table[c].tolist() for c in (*_GRID_FIELDS, "memenuhi", "item")}
    rows = []
    for i in range(len(table)):
        row = {c: (None if v is None or v != v else v) for c in _GRID_FIELDS for v in (columns[c][i],)}
        m = columns["memenuhi"][i]
        row["status"] = None if m is None else BAIK if m else JELEK
        row["status_label"] = ("Belum lapor" if fmt.is_missing(columns["item"][i]) else
                               "Tidak ada obat indikator" if m is None else "Ya" if m else "Tidak")
        if not row["tidak_seimbang"]:
            row["tidak_seimbang"] = None
        rows.append(row)
    rows.sort(key=lambda r: (r["persen"] is not None, r["persen"] or 0, r["nama_puskesmas"]))
    return rows


_CHILD_COUNTS = ("puskesmas_melapor", "kosong_indikator", "puskesmas_kosong_indikator", "kosong", "kritis",
                 "kedaluwarsa", "tidak_seimbang")


def kabupaten_rows(table) -> list[dict]:
    """The grid's rows from data_access.k1_obat.kabupaten_table, lowest share of Puskesmas
    meeting the rule first (no report first of all): 'memenuhi dari dinilai' beside the share."""
    rows = []
    for r in table.to_dict("records"):
        reported = bool(r["puskesmas_melapor"] == r["puskesmas_melapor"] and r["puskesmas_melapor"])
        row = {"kode": r["kode"], "nama": r["nama"],
               "persen": None if fmt.is_missing(r["persen"]) else round(float(r["persen"]), 4),
               **{c: int(r[c]) if reported else None for c in _CHILD_COUNTS}}
        row["puskesmas_melapor"] = row["puskesmas_melapor"] or 0
        row["melapor_teks"] = f"{fmt.angka(row['puskesmas_melapor'])} dari {fmt.angka(r['puskesmas'])}"
        row["memenuhi_teks"] = (f"{fmt.persen(r['persen'])} ({fmt.angka(r['memenuhi'])} dari "
                                f"{fmt.angka(r['dinilai'])})" if row["persen"] is not None else
                                "belum lapor" if not reported else "tidak ada obat indikator")
        if not row["tidak_seimbang"]:
            row["tidak_seimbang"] = None
        rows.append(row)
    rows.sort(key=lambda r: (r["persen"] is not None, r["persen"] or 0, r["nama"]))
    return rows
