"""Klaster 1, section 'Keuangan': where its PWS indicators are and their rules."""
from __future__ import annotations

from dash import html

from layouts.lazy_parts import LazySection

TEXT = ('Realisasi anggaran per sumber dana (BOK, JKN kapitasi, APBD, BLUD, lainnya, dan semuanya) '
             'ada di panel PWS di atas: pilih indikator “Realisasi anggaran …”. Realisasi kumulatif '
             'dibandingkan dengan garis lurus target × bulan ÷ 12; pagu yang dipakai adalah pagu bulan '
             'terakhir yang diunggah (revisi anggaran menggantinya). Pagu 0: persentase tidak dihitung, '
             'realisasinya tetap ditampilkan dalam rupiah.')


def build(_query=None) -> html.Div:
    # the numbers themselves are PWS indicators (indicators/program.py): the page's PWS panel
    # and its summary of indicators show them; this section says where and by which rule
    return html.Div([html.H3("Keuangan", className="section-title"),
                     html.P(TEXT, className="section-note mb-0")], className="card mb-3 p-3")


SECTION = LazySection("k1-keuangan", "Keuangan", build, chip="Keuangan")
