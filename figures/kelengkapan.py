"""The completeness heat map (Kualitas Data, issue 16): one row per area, one column per month,
the share of expected reports received in the cell. Pure: a DataFrame in, a plotly dict out."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from figures.iks import _base_layout, empty_figure
from figures.palette import CAKUPAN_SKALA, REDUP
from figures.text import label_height, left_margin, plain
from indicators import format as fmt
from indicators.format import BULAN_PENDEK
from indicators.kelengkapan import nama_bulan, persen_lengkap

TEXT = {"size": 15}  # chart text ≥ 14 px on a 1024×768 projector
ROW_PX = 30


def month_label(tahun: int, bulan: int) -> str:
    """'Jan<br>2025': two short lines, so that twelve months fit across a 1024 px projector unturned."""
    return f"{BULAN_PENDEK[int(bulan) - 1]}<br>{int(tahun)}"


def heatmap(rows: pd.DataFrame, months: Sequence[tuple[int, int]], *, area_word: str = "wilayah",
            waktu: Mapping[tuple[str, int, int], str] | None = None) -> dict:
    """rows: kode, nama, tahun, bulan, diharapkan, dilaporkan (data_access.kelengkapan.monthly_by_child).
    waktu: (kode, tahun, bulan) → when that cell's reports arrived and last changed (a line of
    the hover; indicators.kelengkapan.waktu_laporan).
    Light = few reports received (the blue scale of coverage, so a gap stands out on a projector);
    a cell with nothing expected stays grey and says so when pointed at. The least complete areas
    over the months shown come first."""
    if rows.empty:
        return empty_figure(f"Belum ada laporan yang diharapkan dari {area_word} ini")
    columns = [month_label(y, m) for y, m in months]
    index = {m: i for i, m in enumerate(months)}
    # plain Python over the rows (a kabupaten's 1.300): pandas' grouping cost more than the drawing
    raw_names: dict[str, str] = {}
    sums: dict[str, list[int]] = {}
    # plain lists: iterating a pandas string column goes through pandas per element
    kodes, got_l, exp_l = rows["kode"].tolist(), rows["dilaporkan"].tolist(), rows["diharapkan"].tolist()
    for k, n, d, e in zip(kodes, rows["nama"].tolist(), got_l, exp_l):
        raw_names.setdefault(k, n)
        pair = sums.setdefault(k, [0, 0])
        pair[0] += int(d)
        pair[1] += int(e)
    order = sorted(sums, key=lambda k: (sums[k][0] / sums[k][1] if sums[k][1] else 0.0, str(raw_names[k])))
    names = {k: plain(v) for k, v in raw_names.items()}
    counts: dict[int, str] = {}  # each count formatted once (a kabupaten's cells repeat them)

    def angka(n: int) -> str:
        if n not in counts:
            counts[n] = fmt.angka(n)
        return counts[n]

    shares: dict[tuple[int, int], tuple] = {}  # each (received, expected) pair's figures, once

    def figures_of(got: tuple[int, int]) -> tuple:
        if got not in shares:
            share = persen_lengkap(*got)
            shares[got] = (share, None if share is None else round(share, 4),
                           "" if share is None else fmt.persen(share, 0), None if share is None else fmt.persen(share))
        return shares[got]

    cells = {(k, index[(int(y), int(m))]): (int(d), int(e))
             for k, y, m, d, e in zip(kodes, rows["tahun"].tolist(), rows["bulan"].tolist(), got_l, exp_l)
             if (int(y), int(m)) in index}
    times = waktu or {}
    month_names = [nama_bulan(y, m) for y, m in months]
    z, text, hover = [], [], []
    for kode in order:
        name = names[kode]
        zr, tr, hr = [], [], []
        for i, ((y, m), month_name) in enumerate(zip(months, month_names)):
            got = cells.get((kode, i))
            share, z_value, text_value, persen = figures_of(got) if got else (None, None, "", None)
            zr.append(z_value)
            tr.append(text_value)
            hr.append(f"<b>{name}</b><br>{month_name}: " + (
                "tidak ada laporan yang diharapkan" if share is None else
                f"{angka(got[0])} dari {angka(got[1])} laporan masuk ({persen})")
                + (f"<br>{plain(when)}" if (when := times.get((kode, y, m))) else ""))
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    ticktext = [names[k] for k in order]
    trace = {"type": "heatmap", "x": columns, "y": order, "z": z, "zmin": 0, "zmax": 1,
             "colorscale": CAKUPAN_SKALA, "showscale": False, "xgap": 2, "ygap": 2,
             "text": text, "texttemplate": "%{text}", "textfont": TEXT,
             "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>"}
    layout = _base_layout(
        height=max(220, ROW_PX * len(order) + 110),
        # margins from the labels (automargin draws the chart twice): names left, months on top
        margin={"l": left_margin(ticktext, TEXT["size"]), "r": 10, "t": 12 + label_height(columns, TEXT["size"]),
                "b": 34},
        xaxis={"type": "category", "side": "top", "tickfont": TEXT, "fixedrange": True, "tickangle": 0,
               "automargin": False},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": order, "autorange": "reversed",
               "tickvals": order, "ticktext": ticktext, "tickfont": TEXT, "fixedrange": True, "automargin": False},
        plot_bgcolor="#F2F2F2",  # nothing expected: light grey, not 0%
        annotations=[{"xref": "paper", "x": 0, "xanchor": "left", "yref": "paper", "y": 0, "yanchor": "top",
                      "yshift": -6, "showarrow": False, "font": {**TEXT, "color": REDUP},
                      "text": "Persen laporan yang masuk dari yang diharapkan; terang = banyak yang belum masuk"}],
        showlegend=False, hovermode="closest",
    )
    return {"data": [trace], "layout": layout}
