"""Klaster 1, section 'Mutu pelayanan': where its PWS indicators are and their rules."""
from __future__ import annotations

from dash import html

from layouts.lazy_parts import LazySection

TEXT = ('Delapan Indikator Nasional Mutu Puskesmas (PMK 30/2022) ada di panel PWS di atas (pilih '
             'indikatornya) dan di ringkasan indikator Klaster 1: nilai bulan itu (pembilang ÷ penyebut '
             'bulan itu) dibandingkan dengan targetnya.')


def build(_query=None) -> html.Div:
    # the numbers themselves are PWS indicators (indicators/program.py): the page's PWS panel
    # and its summary of indicators show them; this section says where and by which rule
    return html.Div([html.H3("Mutu", className="section-title"),
                     html.P(TEXT, className="section-note mb-0")], className="card mb-3 p-3")


SECTION = LazySection("k1-mutu", "Mutu pelayanan (indikator nasional mutu)", build, chip="Mutu")
