"""Pieces of the IKS page built from query results: title, KPI cards, map header, table;
and its section below the map (the change of IKS and the table of areas), loaded when seen
(layouts/lazy_parts.py)."""
from __future__ import annotations

from types import MappingProxyType

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from domain.codes import Level
from domain.wilayah import Area
from figures.iks import IKS, indicator_title
from figures.palette import KATEGORI_WARNA
from indicators import format as fmt
from indicators.iks import Kategori, category_of_value
from indicators.registry import IKS_INDICATORS
from layouts.components import kpi_card
from layouts.graph_config import graph_config
from layouts.grid import coloured, data_downloads, grid, is_number, number_column, percent_column, text_column
from layouts.ids import Iks as ids
from layouts.lazy_parts import LazySection


def title(area: Area, tahun: int) -> str:
    return f"Indeks Keluarga Sehat · {area.nama} · {tahun}"


def kpi_row(total: pd.Series) -> list:
    visited = total.get("keluarga_dikunjungi")
    registered = total.get("keluarga_terdaftar")
    coverage = total.get("cakupan_kunjungan")
    defined = total.get("keluarga_iks") or 0
    iks = total.get("iks")
    kategori = category_of_value(iks)
    semua_n = int(total.get("semua_n") or 0)

    def share(n):
        return f"{fmt.persen(n / defined)} dari keluarga ber-IKS" if defined else None

    awal = total.get("iks_awal")
    cards = [
        kpi_card("Keluarga dikunjungi", fmt.angka(visited),
                 f"dari {fmt.angka(registered)} terdaftar" if not fmt.is_missing(coverage)
                 else "jumlah keluarga terdaftar belum lengkap"),
        kpi_card("Cakupan kunjungan", fmt.persen(coverage),
                 "IKS dari sebagian kecil keluarga belum mewakili" if not fmt.is_missing(coverage) and coverage < 0.5
                 else "keluarga dikunjungi / terdaftar"),
        kpi_card("IKS", fmt.indeks(iks),
                 f"{kategori.label} · awal {fmt.indeks(awal)} ({fmt.selisih(total.get('perubahan'))})"
                 if kategori else "belum ada keluarga ber-IKS",
                 KATEGORI_WARNA.get(kategori)),
        kpi_card("Keluarga sehat", fmt.angka(total.get("sehat")), share(total.get("sehat", 0)),
                 KATEGORI_WARNA[Kategori.SEHAT]),
        kpi_card("Keluarga pra-sehat", fmt.angka(total.get("pra_sehat")), share(total.get("pra_sehat", 0)),
                 KATEGORI_WARNA[Kategori.PRA_SEHAT]),
        kpi_card("Keluarga tidak sehat", fmt.angka(total.get("tidak_sehat")),
                 share(total.get("tidak_sehat", 0)), KATEGORI_WARNA[Kategori.TIDAK_SEHAT]),
    ]
    if semua_n:
        cards.append(html.Div(
            f"Catatan mutu data: {fmt.angka(semua_n)} keluarga menjawab N pada ke-12 indikator; "
            "IKS-nya tidak terdefinisi dan tidak dihitung.", className="data-note"))
    return cards


def map_header(shown: Area, indikator: str) -> str:
    child = shown.level.child
    return (f"{indicator_title(indikator)} per {child.label.lower()} di {shown.nama}"
            f" · klik wilayah untuk membuka")


def table_columns() -> list[dict]:
    kategori = {"by": "kategori", "prefix": "kategori-", "values": [k.value for k in Kategori]}
    return [
        text_column("nama", "Wilayah"),
        text_column("kode", "Kode", min_width=130),
        number_column("keluarga_dikunjungi", "Keluarga dikunjungi"),
        percent_column("cakupan_kunjungan", "Cakupan kunjungan"),
        number_column("iks_awal", "IKS awal", decimals=3),
        coloured(number_column(IKS, "IKS", decimals=3), **kategori),
        number_column("perubahan", "Perubahan", decimals=3, signed=True),
        coloured(text_column("kategori_label", "Kategori", empty=fmt.NO_DATA), **kategori),
        *[percent_column(f"cakupan_{i.code}", f"{i.nomor}. {i.label}", min_width=130) for i in IKS_INDICATORS],
    ]


NUMERIC = [c["field"] for c in table_columns() if is_number(c)]


def table_rows(rows: pd.DataFrame, selected: str | None = None) -> list[dict]:
    """One row per area; the `selected` desa (the filter's, among its neighbours) is marked
    `sorot` and drawn with a frame."""
    labels = {k.value: k.label for k in Kategori}
    kategori_label = [labels.get(k, "tanpa data") for k in rows["kategori"]]
    values = rows[NUMERIC].to_numpy(float).round(6)
    records = []
    for i, (kode, nama, kategori) in enumerate(zip(rows["kode"], rows["nama"], rows["kategori"])):
        record = {c: (None if v != v else float(v)) for c, v in zip(NUMERIC, values[i])}  # NaN → empty cell
        record.update(kode=kode, nama=nama, kategori=kategori, kategori_label=kategori_label[i])
        if kode == selected:
            record["sorot"] = True
        records.append(record)
    return records


def selected_desa(area: Area) -> str | None:
    """The desa the table frames: the filter's own, when a desa is chosen."""
    return area.kode if area.level == Level.DESA else None


def lower_section(_query=None) -> html.Div:
    """The change of IKS per area and the table of areas (callbacks/iks.py show_table fills them)."""
    return html.Div([
        dbc.Row([
            dbc.Col(dbc.Card([
                dbc.CardHeader("Perubahan IKS: IKS awal (kunjungan pertama) → IKS tahun ini"),
                html.Div(dcc.Graph(id=ids.CHANGE, config=graph_config("iks")), className="scroll-panel"),
            ]), lg=12, className="mb-2"),
        ]),
        dbc.Card([
            dbc.CardHeader("Tabel wilayah: klik judul kolom untuk mengurutkan"),
            # hundreds of rows at a province's scale: a fixed height that scrolls (the
            # callback fits it to the rows), the rows virtualised
            html.Div(grid(ids.TABLE, table_columns(), file_name="tabel-wilayah-iks", height=15,
                          highlight="sorot",
                          actions=data_downloads(ids.DOWNLOAD_CSV, ids.DOWNLOAD_XLSX, ids.DOWNLOAD)),
                     className="p-2"),
        ], className="mb-4"),
    ])


LAZY_SECTIONS = MappingProxyType({
    "iks-tabel": LazySection("iks-tabel", "Perubahan IKS dan tabel wilayah", lower_section,
                             chip="Perubahan dan tabel wilayah"),
})
