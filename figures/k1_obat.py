"""Klaster 1 medicines: the year's trend of the indicator medicines available (pure builder)."""
from __future__ import annotations

from collections.abc import Sequence

from figures.iks import _base_layout, empty_figure
from figures.palette import AMBANG, KISI, STATUS_KOSONG, STATUS_WARNA
from indicators import format as fmt
from indicators.format import BULAN_PENDEK
from indicators.k1_obat import KETERSEDIAAN_MIN
from indicators.pws import BAIK, BULAN, JELEK

TEXT = {"size": 15}


def availability_trend(months: Sequence[int], shares: Sequence[float | None], tahun: int, *, chosen: int,
                       label: str) -> dict:
    """Bars per month (1–12) of `shares` (fractions; None: no report), coloured by the 80 % rule,
    the rule as a dashed line, the chosen month outlined. `label`: what the share is of."""
    if not months or all(s is None for s in shares):
        return empty_figure(f"Belum ada LPLPO tahun {tahun}")
    colours = [STATUS_KOSONG if s is None else STATUS_WARNA[BAIK] if s >= KETERSEDIAAN_MIN - 1e-12
               else STATUS_WARNA[JELEK] for s in shares]
    bars = {
        "type": "bar", "x": list(months), "y": [None if s is None else s * 100 for s in shares],
        "marker": {"color": colours, "line": {"color": ["#000000" if m == chosen else "rgba(0,0,0,0)"
                                                        for m in months], "width": 2}},
        "text": [fmt.persen(s, 0) if s is not None else "" for s in shares], "textposition": "outside",
        "textfont": TEXT, "cliponaxis": False,
        "hovertext": [f"{BULAN[m - 1]} {tahun}: {label} {fmt.persen(s)}" if s is not None
                      else f"{BULAN[m - 1]} {tahun}: belum ada laporan" for m, s in zip(months, shares)],
        "hovertemplate": "%{hovertext}<extra></extra>", "showlegend": False,
    }
    rule = KETERSEDIAAN_MIN * 100
    layout = _base_layout(
        height=260, margin={"l": 10, "r": 20, "t": 30, "b": 10},
        xaxis={"tickvals": list(range(1, 13)), "ticktext": list(BULAN_PENDEK), "range": [0.4, 12.6],
               "fixedrange": True, "tickfont": TEXT},
        yaxis={"range": [0, 112], "ticksuffix": "%", "fixedrange": True, "gridcolor": KISI, "tickfont": TEXT,
               "zeroline": False, "automargin": True},
        shapes=[{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": rule, "y1": rule,
                 "line": {"color": AMBANG, "width": 2, "dash": "dash"}}],
    )
    return {"data": [bars], "layout": layout}
