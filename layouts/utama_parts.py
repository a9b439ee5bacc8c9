"""The Dashboard Utama's sections below the fold (visits, morbidity), loaded when they come
into view: the landing page then asks the server only for what the first screen shows (the
findings, the scorecard and the league table), and a projector's first screen is ready
sooner. assets/lazy.js marks a section seen; callbacks/utama.py puts its layout in."""
from __future__ import annotations

from dash import dcc, html

from layouts.kunjungan_parts import kunjungan_section
from layouts.morbiditas_parts import morbiditas_section

SEEN = "utama-tampak"  # {"type": SEEN, "section": name}: set to True by assets/lazy.js
BODY = "utama-muat"  # {"type": BODY, "section": name}: the section's layout goes in here

# name → (the card's title while it waits, the layout once seen)
LAZY_SECTIONS = {
    "kunjungan": ("Kunjungan layanan", kunjungan_section),
    "morbiditas": ("Kesakitan (morbiditas)", morbiditas_section),
}


def lazy_section(name: str) -> html.Div:
    """A placeholder card for section `name` that asks for its layout once it is near the
    screen (the class and data attribute are what assets/lazy.js looks for)."""
    title, _build = LAZY_SECTIONS[name]
    return html.Div([
        dcc.Store(id={"type": SEEN, "section": name}, data=False),
        html.Div(html.Div([
            html.H3(title, className="section-title"),
            html.P("Dimuat saat bagian ini tampil di layar …", className="section-note mb-0"),
        ], className="card mb-3 p-3 lazy-placeholder"), id={"type": BODY, "section": name}),
    ], className="lazy-section", id=f"utama-{name}-muat", **{"data-section": name})
