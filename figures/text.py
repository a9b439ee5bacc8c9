"""Text from the data (area names) made safe for plotly, which reads pseudo-HTML in labels."""
from __future__ import annotations

import html
import math
import re


def plain(text: object) -> str:
    """`text` shown literally in a figure: & < > as entities, which plotly.js decodes after
    it has looked for its tags (<a href>, <b>, <span style>), so a desa named
    '<a href="…">Login ulang</a>' draws those characters instead of a live link. Applied
    where a name enters a figure dict, once (escaping twice would show '&amp;'). None → ''."""
    return "" if text is None else html.escape(str(text), quote=False)


# --- label sizes, for margins set in advance ----------------------------------------------------
# Plotly's automargin measures every tick label in the browser and draws the chart again with
# the margins it found: 3–7× the drawing time of a chart with names on an axis (a cascade's
# heatmap: 213–242 ms instead of 33–59 ms, measured in headless Chromium). The figures set
# their margins from the labels' widths instead, estimated from Arial's advance widths
# (Liberation Sans on Debian has the same metrics) with room for wider fonts (Segoe UI, Roboto,
# DejaVu Sans are up to ~12% wider).

_ARIAL = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
     *([556] * 10), 278, 278, 584, 584, 584, 556, 1015,
     667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
     611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333,
     556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
     278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584)))
_WIDE = 1000  # symbols such as ⚠ → …, drawn from a fallback font
_OTHER = 600  # any other letter (é, ñ …)
_ROOM = 1.15  # wider fonts than Arial, and bold
_TAGS = re.compile(r"<[^>]+>")
_ENTITIES = re.compile(r"&(?:[a-z]+|#\d+);")


class _Advances(dict):
    """_ARIAL with the width of any other character: one lookup per character (a heatmap's
    hundred names are measured at every click)."""

    def __missing__(self, c: str) -> int:
        return _WIDE if ord(c) >= 0x2000 else _OTHER


_ADVANCE = _Advances(_ARIAL)
_BR = re.compile(r"<br\s*/?>")


def _line_width(line: str, size: float) -> float:
    if "<" in line:
        line = _TAGS.sub("", line)
    if "&" in line:
        line = _ENTITIES.sub("x", line)
    return sum(map(_ADVANCE.__getitem__, line)) * size / 1000


def label_lines(text: object) -> list[str]:
    """A plotly label's lines (split at <br>)."""
    text = "" if text is None else str(text)
    return _BR.split(text) if "<br" in text else [text]


def label_width(labels, size: float) -> int:
    """Pixels that the widest of `labels` (plotly pseudo-HTML, lines split at <br>) needs at
    font size `size`, with room for fonts wider than Arial."""
    widest = max((_line_width(line, size) for t in labels for line in label_lines(t)), default=0.0)
    return math.ceil(widest * _ROOM)


def label_height(labels, size: float) -> int:
    """Pixels of the tallest of `labels` (the most lines), at plotly's line height (1,3 em)."""
    lines = max((len(label_lines(t)) for t in labels), default=0)
    return math.ceil(lines * size * 1.3)


def left_margin(labels, size: float, *, title: bool = False) -> int:
    """margin.l for tick labels `labels` left of the plot (and a rotated axis title beside them)."""
    return 10 + label_width(labels, size) + (label_height(["x"], size) + 6 if title else 0)


def bottom_margin(labels, size: float, *, title: bool = False) -> int:
    """margin.b for tick labels `labels` under the plot (and an axis title under them)."""
    return 12 + label_height(labels, size) + (label_height(["x"], size) + 6 if title else 0)
