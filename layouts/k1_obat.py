"""Klaster 1, section 'Obat dan BMHP (LPLPO)': a placeholder until its dataset is built (issue 15)."""
from __future__ import annotations

from dash import html

from layouts.lazy_parts import LazySection


def build(_query=None) -> html.Div:
    return html.Div(html.P("Bagian ini sedang dibangun.", className="section-note"), className="card mb-3 p-3")


SECTION = LazySection("k1-obat", "Obat dan BMHP (LPLPO)", build, chip="Obat")
