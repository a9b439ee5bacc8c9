"""Klaster 1, section 'Perencanaan': a placeholder until its dataset is built (issue 15)."""
from __future__ import annotations

from dash import html

from layouts.lazy_parts import LazySection


def build(_query=None) -> html.Div:
    return html.Div(html.P("Bagian ini sedang dibangun.", className="section-note"), className="card mb-3 p-3")


SECTION = LazySection("k1-kegiatan", "Perencanaan", build, chip=" kegiatan RUK/RPK:Kegiatan")
