"""Charts legible from the back of the room on a 1024×768 projector (issue 14, point 4):
no chart text under 14 px (ticks, legend, value labels, annotations, hover), value labels in
a column of their own that no reference or target line can cross, heat-map headers of at
most three lines, the grey lines of the monthly chart named."""
from __future__ import annotations

import pandas as pd
import pytest

from figures.iks import IKS, _base_layout, change_dumbbell, empty_figure, map_spec, ranked_bars
from figures.morbiditas import top_bars, trend_multiples
from figures.pws import kaskade_by_area, kaskade_funnel, pws_bars, pws_lines
from indicators.morbiditas import last_months
from tests.test_figures_iks import ROWS
from tests.test_figures_kunjungan import fonts
from tests.test_figures_pws import K6, KIA, MEI, TAHUN, k6_rows, k6_series, kia_rows  # noqa: F401 - fixtures

MIN_PX = 14


def hover_sizes(figure: dict) -> list[int]:
    layout = figure["layout"]
    return [layout.get("hoverlabel", {}).get("font", {}).get("size", 13)]


def check(figure: dict) -> None:
    sizes = fonts(figure) + hover_sizes(figure) + [figure["layout"]["font"]["size"]]
    small = [s for s in sizes if s < MIN_PX]
    assert not small, f"chart text under {MIN_PX} px: {small}"


def test_the_base_layout_is_16_px_with_a_16_px_hover():
    layout = _base_layout()
    assert layout["font"]["size"] >= 16 and layout["hoverlabel"]["font"]["size"] >= 16


def test_the_pws_figures_have_no_text_under_14_px(k6_rows, k6_series, kia_rows):  # noqa: F811
    series, total = k6_series
    for fig in (pws_bars(k6_rows, K6, bulan=MEI),
                pws_lines(series, K6, TAHUN, target_annual_percent=95, bulan=MEI, total=total),
                kaskade_funnel(kia_rows.iloc[0], KIA), kaskade_by_area(kia_rows, KIA)):
        check(fig)


def test_the_iks_and_morbidity_figures_have_no_text_under_14_px():
    top = pd.DataFrame({"kode_icd": ["J06.9", "A09"], "nama": ["ISPA", "Diare"], "jumlah": [12, 5]})
    months = last_months(2025, 3)
    series = pd.DataFrame([(k, y, m, 3) for k in top["kode_icd"] for y, m in months],
                          columns=["kode_icd", "tahun", "bulan", "jumlah"])
    dumbbell = pd.DataFrame({"nama": ["Desa A", "Desa B"], "iks_awal": [0.3, 0.5], IKS: [0.4, 0.6]})
    for fig in (ranked_bars(ROWS, IKS), ranked_bars(ROWS, "kb", total=0.6), change_dumbbell(dumbbell),
                map_spec(ROWS, IKS, selected=None, revision=""), top_bars(top, period="Maret 2025"),
                trend_multiples(series, top), empty_figure("Belum ada data")):
        check(fig)


def test_a_figure_with_a_13_px_label_fails_the_check():
    fig = ranked_bars(ROWS, IKS)
    fig["layout"]["annotations"][0]["font"] = {"size": 13}
    with pytest.raises(AssertionError, match="under 14 px"):
        check(fig)


def _label_column_clear_of_lines(fig: dict) -> None:
    layout = fig["layout"]
    labels = next(t for t in fig["data"] if t.get("name") == "nilai")
    assert labels["xaxis"] == "x2" and labels["mode"] == "text"
    plot_end, column_start = layout["xaxis"]["domain"][1], layout["xaxis2"]["domain"][0]
    assert plot_end < column_start  # the labels' column begins where the plot has ended
    # every line is drawn in the plot's own x axis (data coordinates), inside its range
    lines = [s for s in layout.get("shapes", []) if s["type"] == "line"]
    assert lines
    for line in lines:
        assert line.get("xref", "x") == "x"
        assert 0 <= line["x0"] <= layout["xaxis"]["range"][1]
    # no bar writes its own text where a line could cross it
    assert not any(t.get("text") for t in fig["data"] if t["type"] == "bar")


def test_iks_values_sit_beside_the_0_500_and_0_800_lines_never_under_them():
    fig = ranked_bars(ROWS, IKS)
    _label_column_clear_of_lines(fig)
    labels = fig["data"][1]
    assert dict(zip(labels["y"], labels["text"]))["Desa B"] == "0,500"


def test_pws_values_sit_beside_the_target_line(k6_rows):  # noqa: F811
    fig = pws_bars(k6_rows, K6, bulan=MEI)
    _label_column_clear_of_lines(fig)
    labels = next(t for t in fig["data"] if t.get("name") == "nilai")
    assert dict(zip(labels["y"], labels["text"]))["c"] == "12,5% · Cukup"


def test_heat_map_headers_take_at_most_three_lines(kia_rows):  # noqa: F811
    heat = kaskade_by_area(kia_rows, KIA)["data"][0]
    assert max(x.count("<br>") + 1 for x in heat["x"]) <= 3


def test_the_grey_lines_of_the_monthly_chart_are_named_in_the_legend(k6_series):  # noqa: F811
    series, total = k6_series
    fig = pws_lines(series, K6, TAHUN, target_annual_percent=95, bulan=MEI, total=total)
    grey = fig["data"][0]
    assert grey["showlegend"] is True and grey["name"] == "5 wilayah di dalamnya (abu-abu)"
