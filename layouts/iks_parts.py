"""Pieces of the IKS page built from query results: title, KPI cards, map header, table."""
from __future__ import annotations

import pandas as pd
from dash import html

from domain.codes import Level
from domain.wilayah import Area
from figures.iks import IKS, indicator_title
from figures.palette import KATEGORI_WARNA
from indicators import format as fmt
from indicators.iks import Kategori, category_of_value
from indicators.registry import IKS_INDICATORS
from layouts.components import kpi_card


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
    def num(col, name, spec):
        return {"id": col, "name": name, "type": "numeric", "format": {"specifier": spec}}

    return [
        {"id": "nama", "name": "Wilayah", "type": "text"},
        {"id": "kode", "name": "Kode", "type": "text"},
        num("keluarga_dikunjungi", "Keluarga dikunjungi", ",.0f"),
        num("cakupan_kunjungan", "Cakupan kunjungan", ".1%"),
        num("iks_awal", "IKS awal", ".3f"),
        num(IKS, "IKS", ".3f"),
        num("perubahan", "Perubahan", "+.3f"),
        {"id": "kategori_label", "name": "Kategori", "type": "text"},
        *[num(f"cakupan_{i.code}", f"{i.nomor}. {i.label}", ".1%") for i in IKS_INDICATORS],
    ]


def table_rows(rows: pd.DataFrame) -> list[dict]:
    labels = {k.value: k.label for k in Kategori}
    kategori_label = [labels.get(k, "tanpa data") for k in rows["kategori"]]
    numeric = [c["id"] for c in table_columns() if c["type"] == "numeric"]
    values = rows[numeric].to_numpy(float).round(6)
    records = []
    for i, (kode, nama, kategori) in enumerate(zip(rows["kode"], rows["nama"], rows["kategori"])):
        record = {c: (None if v != v else float(v)) for c, v in zip(numeric, values[i])}  # NaN → empty cell
        record.update(kode=kode, nama=nama, kategori=kategori, kategori_label=kategori_label[i])
        records.append(record)
    return records


def table_styles(area: Area) -> list[dict]:
    styles = [
        {"if": {"filter_query": f'{{kategori}} = "{k.value}"', "column_id": ["iks", "kategori_label"]},
         # dark text on orange: white on #E69F00 is too faint for a projector
         "color": "black" if k == Kategori.PRA_SEHAT else "white",
         "backgroundColor": colour, "fontWeight": "600"}
        for k, colour in KATEGORI_WARNA.items()
    ]
    if area.level == Level.DESA:
        styles.append({"if": {"filter_query": f'{{kode}} = "{area.kode}"'},
                       "border": "3px solid black"})
    return styles
