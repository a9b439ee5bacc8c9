"""Sections of a long page that load only when they come on screen or are opened from the
page's index of sections: the page first draws only its lead (the status it opens with),
so the server answers a handful of callbacks instead of twenty and the browser draws two
charts instead of thirteen. assets/lazy.js watches the placeholders (IntersectionObserver)
and marks a section seen; callbacks/sections.py then puts its layout in, whose own
callbacks fill it as on any page. The sections themselves are declared by the pages
(layouts/sections.py gathers them)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dash import dcc, html

SEEN = "bagian-tampak"  # {"type": SEEN, "section": name}: set to True by assets/lazy.js
BODY = "bagian-muat"  # {"type": BODY, "section": name}: the section's layout goes in here
PLACEHOLDER_NOTE = "Dimuat saat bagian ini tampil di layar …"


@dataclass(frozen=True)
class LazySection:
    """A section loaded when seen: its name (unique in the app: it is its id), the title its
    placeholder and the page's index show, and its layout from the page's URL parameters
    (a builder validates them: they come from the browser)."""

    name: str
    title: str
    build: Callable[[Mapping[str, str]], object]
    chip: str = ""  # the short label in the page's index of sections (the title if empty)


def wrapper_id(name: str) -> str:
    """The DOM id of a section's box, lazy or not: what the index of sections jumps to."""
    return f"bagian-{name}"


def lazy_section(section: LazySection, *, after: str = "", anchor: str | None = None) -> html.Div:
    """A placeholder for `section` that asks for its layout once it is near the screen (the
    class and data attributes are what assets/lazy.js looks for). `after`: a CSS selector of
    what the page's first screen draws; sections are watched only once it is there (before,
    every placeholder is on screen and all would load at once). `anchor`: an element id
    links point at (its section then loads as the browser scrolls to it)."""
    return html.Div([
        html.Div(id=anchor) if anchor else None,
        dcc.Store(id={"type": SEEN, "section": section.name}, data=False),
        html.Div(html.Div([
            html.H3(section.title, className="section-title"),
            html.P(PLACEHOLDER_NOTE, className="section-note mb-0"),
        ], className="card mb-3 p-3 lazy-placeholder"), id={"type": BODY, "section": section.name}),
    ], className="lazy-section", id=wrapper_id(section.name),
        **{"data-section": section.name, "data-after": after})


def eager_section(name: str, content) -> html.Div:
    """The page's lead section, drawn at once, in a box the index of sections can jump to."""
    return html.Div(content, id=wrapper_id(name), className="eager-section")


def section_index(entries: list[tuple[str, str]]) -> html.Nav:
    """The page's index of sections: one chip per (name, label), in page order; a click
    scrolls to the section (assets/lazy.js), which loads it when it is a lazy one."""
    return html.Nav([
        html.Span("Bagian:", className="section-index-label"),
        *[html.Button(label, type="button", className="section-chip",
                      **{"data-target": wrapper_id(name)}) for name, label in entries],
    ], className="section-index", **{"aria-label": "Bagian halaman ini"})
