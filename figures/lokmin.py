"""The chart of one lokakarya mini slide (indicators/lokmin.py), sized for a 1024×768
projector; the presentation page, the PPTX and the PDF all draw it from here."""
from __future__ import annotations

from figures.palette import FONT, STATUS_WARNA, TEKS
from indicators.lokmin import Slide

WIDTH, HEIGHT = 960, 540  # the chart's area on a 1024×768 slide, below its title


def _layout(**extra) -> dict:
    return {"width": WIDTH, "height": HEIGHT, "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
            "font": {"family": FONT, "size": 18, "color": TEKS}, "plot_bgcolor": "white",
            "paper_bgcolor": "white", "showlegend": False, **extra}


def slide_figure(slide: Slide) -> dict | None:
    """A plotly figure dict for the slide, or None for a slide without a chart (the title)."""
    if slide.jenis == "skor":
        status = slide.data["status"]
        names = list(status)
        return {"data": [{"type": "bar", "x": names, "y": [status[s] for s in names],
                          "marker": {"color": [STATUS_WARNA[s] for s in names]},
                          "text": [str(status[s]) for s in names], "textposition": "outside",
                          "hoverinfo": "skip"}],
                "layout": _layout(yaxis={"title": {"text": "indikator"}, "rangemode": "tozero"})}
    return None
