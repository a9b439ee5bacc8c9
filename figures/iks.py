"""Pure figure builders for the IKS page: plain dicts (fast to build and to send), no Dash."""
from __future__ import annotations

import pandas as pd

from figures.palette import (
    AMBANG,
    CAKUPAN_SKALA,
    FONT,
    GARIS_BATAS,
    KATEGORI_WARNA,
    SOROT,
    TANPA_DATA,
    TEKS,
)
from figures.text import left_margin, plain
from indicators import format as fmt
from indicators.iks import Kategori, category_of_value
from indicators.registry import IKS_BY_CODE

IKS = "iks"

KATEGORI_LEGEND = {
    Kategori.SEHAT: "Sehat (> 0,800)",
    Kategori.PRA_SEHAT: "Pra-sehat (0,500–0,800)",
    Kategori.TIDAK_SEHAT: "Tidak sehat (< 0,500)",
}


def value_column(indikator: str) -> str:
    return IKS if indikator == IKS else f"cakupan_{indikator}"


def indicator_title(indikator: str) -> str:
    if indikator == IKS:
        return "Indeks Keluarga Sehat (IKS)"
    return f"Cakupan: {IKS_BY_CODE[indikator].label}"


def format_value(indikator: str, value) -> str:
    return fmt.indeks(value) if indikator == IKS else fmt.persen(value)


def _base_layout(**extra) -> dict:
    layout = {
        "separators": fmt.PLOTLY_SEPARATORS,
        # read from the back of the room on a 1024×768 projector: no chart text under 14 px
        "font": {"family": FONT, "size": 16, "color": TEKS},
        "hoverlabel": {"font": {"family": FONT, "size": 16}},
        "legend": {"font": {"size": 15}},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
    }
    layout.update(extra)
    return layout


def _colours(values: pd.Series, indikator: str) -> list[str]:
    if indikator != IKS:
        return [KATEGORI_WARNA[Kategori.SEHAT] if not fmt.is_missing(v) else TANPA_DATA for v in values]
    return [KATEGORI_WARNA[c] if (c := category_of_value(v)) else TANPA_DATA for v in values]


def ranked_bars(df: pd.DataFrame, indikator: str, *, total: float | None = None,
                selected: str | None = None) -> dict:
    """Areas as horizontal bars, the weakest at the top; IKS bars coloured by category with
    the official 0,500 and 0,800 lines, coverage bars with the whole area's value as a line.
    The selected area's bar is outlined."""
    col = value_column(indikator)
    data = df[["kode", "nama", col]].copy()
    data = data.sort_values(col, ascending=False, na_position="last")  # plotly draws the first at the bottom
    shown = data[col].where(data[col].notna(), 0)
    text = [format_value(indikator, v) if not fmt.is_missing(v) else "tanpa data" for v in data[col]]
    names = [plain(n) for n in data["nama"]]
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": names,
        "x": shown.round(4).tolist(),
        "marker": {"color": _colours(data[col], indikator),
                   "line": {"color": SOROT, "width": [3 if k == selected else 0 for k in data["kode"]]}},
        "customdata": text,
        "hovertemplate": "%{y}: %{customdata}<extra></extra>",
    }
    # the values in a column of their own beside the plot: the 0,500 / 0,800 lines (or the
    # area's line) end at the axis, so no line ever crosses a number
    values = value_labels(names, text)
    shapes, annotations = [], []
    lines = [(0.5, "0,500"), (0.8, "0,800")] if indikator == IKS else (
        [] if fmt.is_missing(total) else [(total, f"wilayah {fmt.persen(total)}")]
    )
    for x, label in lines:
        shapes.append({"type": "line", "x0": x, "x1": x, "yref": "paper", "y0": 0, "y1": 1,
                       "line": {"color": AMBANG, "width": 2, "dash": "dash"}})
        annotations.append({"x": x, "yref": "paper", "y": 1.0, "yanchor": "bottom",
                            "text": label, "showarrow": False, "font": {"size": 15}})
    height = max(260, 30 * len(data) + 70)
    layout = _base_layout(
        height=height,
        # l: the names, measured here (automargin draws the chart twice); r: the values' column
        margin={"l": left_margin(names, 15), "r": 70, "t": 30, "b": 40},
        xaxis={"range": [0, 1.04], "tickformat": ".1f" if indikator == IKS else ".0%", "domain": [0, 0.97],
               "gridcolor": "#EEEEEE", "zeroline": False, "fixedrange": True},
        xaxis2=LABEL_AXIS,
        yaxis={"automargin": False, "fixedrange": True, "tickfont": {"size": 15}},
        shapes=shapes,
        annotations=annotations,
        showlegend=False,
        bargap=0.25,
    )
    return {"data": [trace, values], "layout": layout}


# the value labels' own column (x axis 2, a sliver right of the plot's x axis: the text runs on
# into the right margin, which the figure sizes for it): a reference or target line, drawn in
# the plot's x axis, can never cross them
LABEL_AXIS = {"range": [0, 1], "visible": False, "fixedrange": True, "anchor": "y", "domain": [0.98, 1]}


def value_labels(y: list, text: list[str], font: dict | None = None) -> dict:
    """A text-only trace on x axis 2 (LABEL_AXIS, beside the plot's x axis): each row's
    value, left-aligned from there into the right margin; no hover of its own."""
    return {"type": "scatter", "mode": "text", "name": "nilai", "xaxis": "x2", "x": [0] * len(y),
            "y": list(y), "text": list(text), "textposition": "middle right", "cliponaxis": False,
            "textfont": font or {"size": 15, "color": TEKS}, "hoverinfo": "skip", "showlegend": False}


def change_dumbbell(df: pd.DataFrame) -> dict:
    """IKS awal → IKS now per area: a grey dot, an arrow-like line and a coloured dot."""
    # plain lists: a kabupaten's 120 Puskesmas through pandas' dropna and sort cost 2 ms
    def value(v):
        return None if v is None or v != v else float(v)

    data = [(plain(n), value(a), value(e)) for n, a, e in zip(df["nama"].tolist(), df["iks_awal"].tolist(),
                                                       df[IKS].tolist())]
    data = sorted((r for r in data if r[1] is not None or r[2] is not None),  # highest IKS first
                  key=lambda r: (r[2] is None, -(r[2] or 0)))
    names = [r[0] for r in data]
    start, end = ([None if r[i] is None else round(r[i], 4) for r in data] for i in (1, 2))
    line_x, line_y = [], []
    for name, a, e in zip(names, start, end):
        if a is not None and e is not None:
            line_x += [a, e, None]
            line_y += [name, name, None]
    traces = [
        {"type": "scatter", "mode": "lines", "x": line_x, "y": line_y, "hoverinfo": "skip",
         "line": {"color": "#999999", "width": 3}, "showlegend": False},
        {"type": "scatter", "mode": "markers", "name": "IKS awal", "x": start,
         "y": names, "marker": {"color": "#999999", "size": 11},
         "hovertemplate": "%{y}<br>IKS awal: %{x:.3f}<extra></extra>"},
        {"type": "scatter", "mode": "markers", "name": "IKS sekarang", "x": end,
         "y": names, "marker": {"color": _colours([r[2] for r in data], IKS), "size": 13,
                                "line": {"color": SOROT, "width": 1}},
         "hovertemplate": "%{y}<br>IKS: %{x:.3f}<extra></extra>"},
    ]
    layout = _base_layout(
        height=max(260, 28 * len(data) + 90),
        margin={"l": left_margin(names, 15), "r": 20, "t": 10, "b": 40},
        xaxis={"range": [0, 1.02], "tickformat": ".1f", "gridcolor": "#EEEEEE", "fixedrange": True},
        yaxis={"automargin": False, "fixedrange": True, "tickfont": {"size": 15}},
        legend={"orientation": "h", "y": -0.08, "yanchor": "top", "x": 0, "font": {"size": 15}},
        shapes=[{"type": "line", "x0": x, "x1": x, "yref": "paper", "y0": 0, "y1": 1,
                 "line": {"color": AMBANG, "width": 1, "dash": "dot"}} for x in (0.5, 0.8)],
    )
    return {"data": traces, "layout": layout}


def map_spec(df: pd.DataFrame, indikator: str, *, selected: str | None, revision: str) -> dict:
    """A choropleth *without* its geometry: the browser adds the cached GeoJSON (so an
    indicator or period change sends only codes and values). Returns {data, layout}."""
    col = value_column(indikator)
    hover = [f"{plain(n)}: {format_value(indikator, v) if not fmt.is_missing(v) else 'tanpa data'}"
             for n, v in zip(df["nama"], df[col])]
    frame = df.assign(_hover=hover)
    traces = []

    def add(part: pd.DataFrame, name: str, colorscale, z=None, **extra):
        if not part.empty:
            traces.append(map_trace(part["kode"].tolist(), part["_hover"].tolist(), name, colorscale, z,
                                    **extra))

    missing = frame[frame[col].isna()]
    present = frame[frame[col].notna()]
    if indikator == IKS:
        cats = present[col].map(category_of_value)
        for kategori in (Kategori.SEHAT, Kategori.PRA_SEHAT, Kategori.TIDAK_SEHAT):
            colour = KATEGORI_WARNA[kategori]
            add(present[cats == kategori], KATEGORI_LEGEND[kategori], [[0, colour], [1, colour]])
    else:
        add(present, "Cakupan", CAKUPAN_SKALA, z=present[col].round(4).tolist(), zmin=0, zmax=1,
            showscale=True,
            colorbar={"title": {"text": "Cakupan"}, "tickformat": ".0%", "thickness": 14, "len": 0.7,
                      "tickfont": {"size": 15}})
        for trace in traces:  # the colour bar is the key here, not the legend
            trace["showlegend"] = False
    add(missing, "Tanpa data", [[0, TANPA_DATA], [1, TANPA_DATA]])
    return map_figure(traces, frame["kode"].tolist(), selected, revision)


# --- shared by every choropleth spec (this page's and the PWS pages') ---------------------

def map_trace(kode: list, hover: list[str], name: str, colorscale, z=None, **extra) -> dict:
    """One choropleth trace without geometry for the areas `kode`, with their hover text."""
    return {"type": "choroplethmap", "featureidkey": "id",
            "hovertemplate": "%{customdata}<extra></extra>",
            "marker": {"line": {"color": GARIS_BATAS, "width": 1}, "opacity": 0.9},
            "name": name, "locations": list(kode),
            "z": z if z is not None else [1] * len(kode),
            "customdata": list(hover), "colorscale": colorscale,
            "showscale": False, "showlegend": True, **extra}


def map_figure(traces: list[dict], kode: list, selected: str | None, revision: str) -> dict:
    """{data, layout} of a choropleth spec: the traces of the areas `kode`, the selected one
    outlined on top, a white background (no tiles, no network), the legend at the bottom."""
    if selected is not None and selected in set(kode):
        clear = "rgba(0,0,0,0)"
        outline = map_trace([selected], [""], "Dipilih", [[0, clear], [1, clear]], hoverinfo="skip")
        outline["marker"] = {"line": {"color": SOROT, "width": 4}, "opacity": 1}
        outline["showlegend"] = False
        outline.pop("hovertemplate")
        traces = [*traces, outline]
    layout = _base_layout(
        height=520,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        map={"style": "white-bg"},
        legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 15}},
        uirevision=revision,
    )
    return {"data": traces, "layout": layout}


def empty_figure(message: str) -> dict:
    """A figure that says why it is empty instead of drawing blank axes."""
    return {
        "data": [],
        "layout": _base_layout(
            height=260,
            xaxis={"visible": False}, yaxis={"visible": False},
            annotations=[{"text": message, "showarrow": False, "font": {"size": 16},
                          "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}],
        ),
    }

