"""The plotly config of every chart and map, written once: the mode bar's buttons, the
locale, and the name a downloaded image gets (grafik-<page kind>.png, peta-<page kind>.png)."""
from __future__ import annotations


def graph_config(kind: str) -> dict:
    return {"displaylogo": False, "locale": "id",
            "modeBarButtonsToRemove": ["select2d", "lasso2d"],
            "toImageButtonOptions": {"filename": f"grafik-{kind}", "scale": 2}}


def map_config(kind: str) -> dict:
    # OpenStreetMap-free, CDN-free: the map draws only our own polygons on a white background
    return {"displaylogo": False, "scrollZoom": True, "locale": "id",
            "toImageButtonOptions": {"filename": f"peta-{kind}", "scale": 2}}
