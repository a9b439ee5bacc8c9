"""PIS-PK against a register: one point per area (x = register, y = PIS-PK), the diagonal where
the two agree and the band of the pair's tolerance around it (pure builder, plain dicts)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from figures.iks import _base_layout, empty_figure
from figures.palette import AMBANG, KATEGORI_WARNA, KISI, PERINGATAN, SOROT, TEKS
from figures.text import plain
from indicators import format as fmt
from indicators.iks import Kategori
from indicators.rekonsiliasi import BERBEDA, TIDAK_DAPAT

DALAM = KATEGORI_WARNA[Kategori.SEHAT]  # blue: inside the band
PITA = "rgba(0, 114, 178, 0.10)"  # the band, a wash of the same blue
TEXT = {"size": 15, "color": TEKS}


def _hover(row) -> str:
    return (f"<b>{plain(row['nama'])}</b><br>"
            f"PIS-PK {fmt.persen(row['cakupan_pispk'])} ({fmt.angka(row['y'])} dari "
            f"{fmt.angka(row['y'] + row['t'])} keluarga)<br>"
            f"Register {fmt.persen(row['cakupan_register'])} ({fmt.angka(row['pembilang'])} dari "
            f"{fmt.angka(row['penyebut_periode'], 1)})<br>"
            f"Selisih {fmt.selisih(row['selisih'], 1)} poin")


def _positions(part: pd.DataFrame, named: list[bool]) -> list[str]:
    """Names above and below their points in turn, from the highest PIS-PK value down (the top
    one above, the next below …), so two neighbours' names do not print over each other."""
    order = np.argsort(-part["cakupan_pispk"].to_numpy(float), kind="stable")
    out = ["top center"] * len(part)
    turn = 0
    for i in order:
        if named[i]:
            out[i] = ("top center", "bottom center")[turn % 2]
            turn += 1
    return out


def scatter(rows: pd.DataFrame, *, toleransi: float, judul_x: str, judul_y: str, sorot: str | None = None,
            kosong: str = "Belum ada wilayah yang dapat dibandingkan.") -> dict:
    """`rows`: data_access.rekonsiliasi's columns (cakupan_* as fractions, status). Areas that
    cannot be compared are left out (the table says why). Percent axes from 0 to 100, wider
    when a coverage is above 100% (never clipped); the same range on both, so the diagonal
    runs corner to corner. Points outside the band are vermillion diamonds, inside blue circles: the shape
    says it too."""
    shown = rows[rows["status"] != TIDAK_DAPAT]
    if shown.empty:
        return empty_figure(kosong)
    x = shown["cakupan_register"].to_numpy(float) * 100
    y = shown["cakupan_pispk"].to_numpy(float) * 100
    top = max(100.0, math.ceil(max(x.max(), y.max()) / 10) * 10)
    band = [
        {"type": "scatter", "mode": "lines", "x": [0, top], "y": [-toleransi, top - toleransi],
         "line": {"color": "rgba(0,0,0,0)"}, "hoverinfo": "skip", "showlegend": False},
        {"type": "scatter", "mode": "lines", "x": [0, top], "y": [toleransi, top + toleransi],
         "line": {"color": "rgba(0,0,0,0)"}, "fill": "tonexty", "fillcolor": PITA, "hoverinfo": "skip",
         "name": f"Batas ±{fmt.angka(toleransi)} poin"},
        {"type": "scatter", "mode": "lines", "x": [0, top], "y": [0, top], "hoverinfo": "skip",
         "line": {"color": AMBANG, "dash": "dash", "width": 1.5}, "name": "PIS-PK = register"},
    ]
    points = []
    for status, name, colour, symbol in ((BERBEDA, f"Berbeda > {fmt.angka(toleransi)} poin", PERINGATAN, "diamond"),
                                          (None, "Dalam batas", DALAM, "circle")):
        part = shown[(shown["status"] == BERBEDA) == (status == BERBEDA)]
        if part.empty:
            continue
        # only the points outside the band (and the chosen desa) carry their name: the others sit
        # close together by definition, their names would overlap (the hover names them)
        named = [s == BERBEDA or k == sorot for s, k in zip(part["status"], part["kode"])]
        points.append({
            "type": "scatter", "mode": "markers+text", "name": name,
            "x": (part["cakupan_register"].to_numpy(float) * 100).tolist(),
            "y": (part["cakupan_pispk"].to_numpy(float) * 100).tolist(),
            "text": [plain(n) if keep else "" for n, keep in zip(part["nama"], named)],
            "textposition": _positions(part, named), "textfont": TEXT, "cliponaxis": False,
            "marker": {"color": colour, "symbol": symbol, "size": 13,
                       "line": {"color": [SOROT if k == sorot else "white" for k in part["kode"]],
                                "width": [3 if k == sorot else 1 for k in part["kode"]]}},
            "hovertext": [_hover(r) for _, r in part.iterrows()],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
    axis = {"range": [0, top], "ticksuffix": "%", "gridcolor": KISI, "zeroline": False, "fixedrange": True,
            "tickfont": TEXT, "dtick": 20}
    layout = _base_layout(
        # fixed margins (automargin draws a chart twice): l the ticks ('260%') and the axis title,
        # b the ticks, the title and the legend under them, t a name above 100%
        height=500, margin={"l": 80, "r": 20, "t": 30, "b": 120},
        xaxis={**axis, "title": {"text": plain(judul_x), "font": TEXT, "standoff": 8}, "automargin": False},
        yaxis={**axis, "title": {"text": plain(judul_y), "font": TEXT, "standoff": 8}, "automargin": False},
        legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top", "font": {"size": 15}},
    )
    return {"data": band + points, "layout": layout}
