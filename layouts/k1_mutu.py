"""Klaster 1, section 'Mutu': the eight national quality indicators of the area (its Puskesmas
for a desa) at the month; the PWS panel above compares the Puskesmas on each."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from indicators import format as fmt
from indicators.pws import STATUS_LABEL
from layouts.lazy_parts import LazySection


class MutuIds:
    TABLE = "k1-mutu-tabel"
    NOTE = "k1-mutu-catatan"


RULE = ("Indikator Nasional Mutu Puskesmas (PMK 30/2022): pembilang ÷ penyebut bulan itu, dibandingkan "
        "dengan targetnya (target bawaan menurut lampiran PMK, dapat diganti dengan dataset target). Status "
        "seperti PWS: dibandingkan juga dengan bulan sebelumnya. Per Puskesmas: pilih indikatornya di panel PWS.")


def build(_query=None) -> html.Div:
    return html.Div([
        html.H3("Mutu pelayanan: indikator nasional mutu", className="section-title"),
        html.Div(id=MutuIds.NOTE, className="section-note"),
        html.Div(id=MutuIds.TABLE, className="table-responsive"),
        html.P(RULE, className="source-note mb-0"),
    ], className="card mb-3 p-3")


def mutu_table(rows: list[dict]) -> dbc.Table:
    head = ["Indikator", "Pembilang", "Penyebut", "Nilai", "Target", "Status", "Keterangan"]
    body = [html.Tr([
        html.Td(r["label"]),
        html.Td(fmt.angka(r["pembilang"]), className="text-end"),
        html.Td(fmt.angka(r["penyebut"]), className="text-end"),
        html.Td(fmt.persen(r["nilai"]), className="text-end"),
        html.Td(fmt.persen(r["target"]), className="text-end"),
        html.Td(html.Span(STATUS_LABEL[r["status"]], className=f"status-chip status-{r['status']}")
                if r["status"] in STATUS_LABEL else fmt.NO_DATA),
        html.Td(r["alasan"]),
    ]) for r in rows]
    return dbc.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(body)],
                     bordered=False, hover=True, size="sm", className="mb-2")


SECTION = LazySection("k1-mutu", "Mutu pelayanan (indikator nasional mutu)", build, chip="Mutu")
