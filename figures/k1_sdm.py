"""Klaster 1 staff (SDM) figures: a Puskesmas' active staff by masa kerja band (pure builder)."""
from __future__ import annotations

from collections.abc import Mapping

from figures.iks import _base_layout, empty_figure
from figures.palette import KISI, RINCIAN_WARNA, TEKS
from indicators import format as fmt
from indicators.k1_sdm import MASA_KERJA_LABELS

TEXT = {"size": 16, "color": TEKS}


def masa_kerja_bars(counts: Mapping[str, int], *, asof_text: str) -> dict:
    """One horizontal bar per masa kerja band (shortest service on top), labelled with its count."""
    values = [int(counts.get(label, 0)) for label in MASA_KERJA_LABELS]
    if not sum(values):
        return empty_figure(f"Belum ada tenaga aktif {asof_text}")
    labels = list(MASA_KERJA_LABELS)
    trace = {
        "type": "bar", "orientation": "h", "y": labels, "x": values, "marker": {"color": RINCIAN_WARNA},
        "text": [fmt.angka(v) for v in values], "textposition": "outside", "textfont": TEXT, "cliponaxis": False,
        "hovertext": [f"{b}: {fmt.angka(v)} orang, {asof_text}" for b, v in zip(labels, values)],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    layout = _base_layout(
        height=230, margin={"l": 10, "r": 40, "t": 6, "b": 6}, showlegend=False,
        yaxis={"autorange": "reversed", "tickfont": TEXT, "fixedrange": True, "automargin": True},
        # each bar carries its count: no axis of numbers to read
        xaxis={"range": [0, max(values) * 1.2], "showticklabels": False, "fixedrange": True, "gridcolor": KISI},
    )
    return {"data": [trace], "layout": layout}
