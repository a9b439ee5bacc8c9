"""Chart margins set from the labels (figures/text.py) instead of plotly's automargin, which
draws a chart twice: the width estimate against Arial's advance widths by hand, and the
builders of the charts with names on an axis leave room for their longest name."""
from __future__ import annotations

import pandas as pd

from figures.iks import ranked_bars
from figures.pws import kaskade_by_area, kaskade_funnel, pws_bars
from figures.text import label_height, label_width, left_margin
from indicators.program import INDICATOR_BY_CODE, KASKADE_BY_CODE
from tests.test_figures_escape import k6_rows  # noqa: F401  (fixture)


def test_a_label_width_is_arials_advance_widths_with_room_for_wider_fonts():
    # P 667 u 556 r 333 w 722 o 556 m 833 u 556 l 222 y 500 o 556 = 5.501 / 1000 em × 15 px = 82,5 px
    assert label_width(["Purwomulyo"], 15) == 95  # × 1,15, rounded up
    assert label_width(["Purwomulyo", "Tegalanom"], 15) == 95  # the widest counts
    # tags are not drawn; entities are one character; the widest line of a label counts
    assert label_width(["<b>Purwomulyo</b>"], 15) == label_width(["Purwomulyo"], 15)
    assert label_width(["Purwomulyo<br>Te"], 15) == 95
    assert label_width(["&lt;"], 10) == label_width(["x"], 10)
    assert label_width([], 15) == 0
    # a symbol from a fallback font counts a whole em
    assert label_width(["⚠"], 20) == 23
    assert label_height(["a<br>b<br>c", "d"], 15) == 59  # 3 lines × 1,3 em
    assert left_margin(["Purwomulyo"], 15) == 105 and left_margin(["x"], 15, title=True) == 10 + 9 + 20 + 6


NAMES = ["Desa Panjang Sekali Namanya Margoutomo", "Kalijaya"]


def _rows() -> pd.DataFrame:
    return pd.DataFrame({"kode": ["A", "B"], "nama": NAMES})


def test_charts_with_names_on_an_axis_leave_room_for_the_longest_name():
    kaskade = KASKADE_BY_CODE["kia"]
    rows = _rows()
    for step in kaskade.steps:
        rows[step] = [100.0, 80.0]
    for step in kaskade.steps[1:]:
        rows[f"konversi_{step}"] = [0.9, 0.8]
    rows["konversi_total"] = [0.6, 0.5]
    rows["melebihi"] = [kaskade.steps[2], ""]  # an inverted step: ⚠ before the long name
    figure = kaskade_by_area(rows, kaskade)
    heat = figure["layout"]
    assert heat["yaxis"]["automargin"] is False and heat["xaxis"]["automargin"] is False
    assert heat["margin"]["l"] >= label_width([f"⚠ {NAMES[0]}"], 15)
    headers = figure["data"][0]["x"]  # the steps' headers on top, wrapped
    assert max(h.count("<br>") for h in headers) >= 1 and heat["margin"]["t"] >= label_height(headers, 15)

    figure = kaskade_funnel(rows.iloc[0], kaskade)
    funnel = figure["layout"]
    assert funnel["xaxis"]["automargin"] is False and funnel["xaxis"]["tickangle"] == 0
    steps = funnel["xaxis"]["categoryarray"]  # the steps' names under the bars, wrapped
    assert max(x.count("<br>") for x in steps) >= 1 and funnel["margin"]["b"] >= label_height(steps, 15)

    iks = ranked_bars(_rows().assign(iks=[0.4, 0.9]), "iks")["layout"]
    assert iks["yaxis"]["automargin"] is False and iks["margin"]["l"] >= label_width([NAMES[0]], 15)


def test_the_pws_bars_leave_room_for_the_longest_name(k6_rows):  # noqa: F811  (the fixture)
    bars = pws_bars(k6_rows, INDICATOR_BY_CODE["k6"], target=0.3, selected="a")["layout"]
    names = bars["yaxis"]["ticktext"]
    assert bars["yaxis"]["automargin"] is False and bars["margin"]["l"] >= label_width(names, 15) > 100
