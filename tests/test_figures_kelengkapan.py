"""The completeness heat map (figures/kelengkapan.py) from a few hand-made rows: the cell's share,
a month expecting nothing left empty (not 0%), the least complete area first, names escaped, and
margins from the labels (no automargin)."""
from __future__ import annotations

import pandas as pd

from figures.kelengkapan import heatmap
from figures.text import left_margin

MONTHS = [(2025, 11), (2025, 12)]


def rows() -> pd.DataFrame:
    return pd.DataFrame([
        ("A", "Desa <b>Alfa</b>", 2025, 11, 4, 4),
        ("A", "Desa <b>Alfa</b>", 2025, 12, 4, 1),
        ("B", "Desa Beta Panjang Sekali", 2025, 12, 2, 2),
    ], columns=["kode", "nama", "tahun", "bulan", "diharapkan", "dilaporkan"])


def test_cells_order_and_empty_months():
    fig = heatmap(rows(), MONTHS, area_word="desa")
    trace = fig["data"][0]
    assert trace["y"] == ["A", "B"]  # A: 5 of 8 received; B: 2 of 2
    assert trace["z"] == [[1.0, 0.25], [None, 1.0]]
    assert trace["text"] == [["100%", "25%"], ["", "100%"]]
    assert "tidak ada laporan yang diharapkan" in trace["hovertext"][1][0]
    assert "1 dari 4 laporan masuk (25,0%)" in trace["hovertext"][0][1]
    assert trace["x"] == ["Nov<br>2025", "Des<br>2025"]


def test_names_are_escaped_and_margins_come_from_the_labels():
    fig = heatmap(rows(), MONTHS)
    layout = fig["layout"]
    assert layout["yaxis"]["ticktext"][0] == "Desa &lt;b&gt;Alfa&lt;/b&gt;"
    assert "<b>Alfa</b>" not in str(fig["data"][0]["hovertext"])
    assert layout["margin"]["l"] >= left_margin(["Desa Beta Panjang Sekali"], 15)
    assert layout["xaxis"]["automargin"] is False and layout["yaxis"]["automargin"] is False


def test_nothing_expected_says_so():
    fig = heatmap(rows().iloc[0:0], MONTHS, area_word="desa")
    assert fig["data"] == [] and "Belum ada laporan yang diharapkan dari desa ini" in str(fig["layout"])
