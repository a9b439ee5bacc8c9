"""Klaster 1, section 'Keuangan': the budget per source of funds for the area (pagu, realisation
January..month, the percentage against the linear line, the months behind it); the PWS panel
above compares the Puskesmas per source (its indicators 'Realisasi anggaran …')."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from indicators import format as fmt
from indicators.pws import STATUS_LABEL
from layouts.lazy_parts import LazySection


class KeuanganIds:
    TABLE = "k1-keuangan-tabel"
    NOTE = "k1-keuangan-catatan"


RULE = ('Realisasi kumulatif Januari s.d. bulan laporan ÷ pagu setahun, dibandingkan dengan garis lurus '
        '100% × bulan ÷ 12 (status seperti PWS). Pagu = pagu bulan terakhir yang diunggah (revisi anggaran '
        'menggantinya). Tertinggal = berapa bulan realisasi di belakang garis itu. Pagu 0: persentase tidak '
        'dihitung, realisasinya tetap ditampilkan. Per Puskesmas: pilih indikator "Realisasi anggaran …" di '
        'panel PWS.')


def build(_query=None) -> html.Div:
    return html.Div([
        html.H3("Keuangan: realisasi anggaran per sumber dana", className="section-title"),
        html.Div(id=KeuanganIds.NOTE, className="section-note"),
        html.Div(id=KeuanganIds.TABLE, className="table-responsive"),
        html.P(RULE, className="source-note mb-0"),
    ], className="card mb-3 p-3")


def _rupiah(value) -> str:
    return fmt.NO_DATA if fmt.is_missing(value) else f"Rp {fmt.angka(value)}"


def sumber_table(rows: list[dict]) -> dbc.Table:
    """One row per source of funds (data_access.k1_keuangan.per_sumber), the total first."""
    head = ["Sumber dana", "Pagu setahun", "Realisasi kumulatif", "Realisasi", "Target s.d. bulan ini",
            "Status", "Tertinggal", "Keterangan"]
    body = []
    for r in rows:
        st = r["status"]
        behind = r["tertinggal"]
        body.append(html.Tr([
            html.Td(html.Strong(r["label"]) if r["total"] else r["label"]),
            html.Td(_rupiah(r["pagu"]), className="text-end"),
            html.Td(_rupiah(r["realisasi"]), className="text-end"),
            html.Td(fmt.persen(r["persen"]), className="text-end"),
            html.Td(fmt.persen(r["target"]), className="text-end"),
            html.Td(html.Span(STATUS_LABEL[st], className=f"status-chip status-{st}") if st in STATUS_LABEL
                    else fmt.NO_DATA),
            html.Td(fmt.NO_DATA if behind is None else f"{fmt.angka(behind, 1)} bulan", className="text-end"),
            html.Td(r["alasan"]),
        ]))
    return dbc.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(body)],
                     bordered=False, hover=True, size="sm", className="mb-2")


SECTION = LazySection("k1-keuangan", "Keuangan", build, chip="Keuangan")
