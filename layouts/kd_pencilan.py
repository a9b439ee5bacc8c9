"""Kualitas Data, section 'Data janggal: pencilan dan aturan validasi': a placeholder until it is built (issue 16)."""
from __future__ import annotations

from dash import html

from layouts.lazy_parts import LazySection


def build(_query=None) -> html.Div:
    return html.Div(html.P("Bagian ini sedang dibangun.", className="section-note"), className="card mb-3 p-3")


SECTION = LazySection("kd-pencilan", "Data janggal: pencilan dan aturan validasi", build, chip="Data janggal")
