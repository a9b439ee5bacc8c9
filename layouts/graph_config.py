"""The plotly config of every chart and map, written once: the mode bar's buttons, the
locale, and the name a downloaded image gets (grafik-<page kind>.png, peta-<page kind>.png)."""
from __future__ import annotations

# Nothing on a chart may talk to the internet: plotly.js 3 adds a "Share chart" button that
# uploads the figure (with desa-level counts) to Plotly Cloud, and the logo links to plotly.com.
# showSendToCloud drops the button; the empty plotlyServerURL leaves it nowhere to send if a
# later plotly.js brings it back some other way.
# (plotly.js 3 no longer knows the older showLink / showEditInChartStudio keys.)
OFFLINE = {"displaylogo": False, "showSendToCloud": False, "plotlyServerURL": ""}
INTERNET_BUTTONS = ["sendChartToCloud"]


def graph_config(kind: str) -> dict:
    return {**OFFLINE, "locale": "id",
            "modeBarButtonsToRemove": ["select2d", "lasso2d", *INTERNET_BUTTONS],
            "toImageButtonOptions": {"filename": f"grafik-{kind}", "scale": 2}}


def map_config(kind: str) -> dict:
    # OpenStreetMap-free, CDN-free: the map draws only our own polygons on a white background
    return {**OFFLINE, "scrollZoom": True, "locale": "id",
            "modeBarButtonsToRemove": INTERNET_BUTTONS,
            "toImageButtonOptions": {"filename": f"peta-{kind}", "scale": 2}}
