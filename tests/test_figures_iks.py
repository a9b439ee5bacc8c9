"""IKS figure builders on three-row frames: pure dicts, Indonesian numbers, honest gaps."""
import pandas as pd

from figures.iks import IKS, change_dumbbell, map_spec, ranked_bars
from figures.palette import KATEGORI_WARNA, TANPA_DATA
from indicators import format as fmt
from indicators.iks import Kategori

ROWS = pd.DataFrame({
    "kode": ["a", "b", "c"],
    "nama": ["Desa A", "Desa B", "Desa C"],
    "iks": [0.81, 0.5, float("nan")],
    "iks_awal": [0.7, 0.45, float("nan")],
    "cakupan_kb": [0.9, 0.25, float("nan")],
})


def test_ranked_bars_weakest_on_top_and_no_data_not_drawn_as_zero_percent():
    fig = ranked_bars(ROWS, IKS)
    bar = fig["data"][0]
    # plotly draws the first y at the bottom: areas without data on top, then the weakest
    assert bar["y"] == ["Desa A", "Desa B", "Desa C"]
    labels = fig["data"][1]
    assert labels["y"] == bar["y"] and labels["text"][labels["y"].index("Desa C")] == "tanpa data"
    colours = dict(zip(bar["y"], bar["marker"]["color"]))
    assert colours["Desa A"] == KATEGORI_WARNA[Kategori.SEHAT]
    assert colours["Desa B"] == KATEGORI_WARNA[Kategori.PRA_SEHAT]  # exactly 0.500
    assert colours["Desa C"] == TANPA_DATA
    assert fig["layout"]["separators"] == ",."
    assert {s["x0"] for s in fig["layout"]["shapes"]} == {0.5, 0.8}


def test_ranked_bars_outline_the_selected_area():
    bar = ranked_bars(ROWS, IKS, selected="b")["data"][0]
    widths = dict(zip(bar["y"], bar["marker"]["line"]["width"]))
    assert widths == {"Desa A": 0, "Desa B": 3, "Desa C": 0}


def test_ranked_bars_for_coverage_show_percent_and_area_line():
    fig = ranked_bars(ROWS, "kb", total=0.6)
    assert fig["data"][1]["text"][fig["data"][1]["y"].index("Desa B")] == "25,0%"
    assert fig["layout"]["shapes"][0]["x0"] == 0.6
    assert "60,0%" in fig["layout"]["annotations"][0]["text"]


def test_map_spec_has_no_geometry_and_groups_by_category():
    spec = map_spec(ROWS, IKS, selected="b", revision="r")
    assert all("geojson" not in t for t in spec["data"])
    by_name = {t["name"]: t["locations"] for t in spec["data"]}
    assert by_name["Sehat (> 0,800)"] == ["a"]
    assert by_name["Pra-sehat (0,500–0,800)"] == ["b"]
    assert by_name["Tanpa data"] == ["c"]
    assert by_name["Dipilih"] == ["b"]
    assert spec["layout"]["map"]["style"] == "white-bg"


def test_map_spec_for_coverage_uses_a_colour_bar_from_0_to_1():
    spec = map_spec(ROWS, "kb", selected=None, revision="r")
    main = spec["data"][0]
    assert main["zmin"] == 0 and main["zmax"] == 1 and main["showscale"]
    assert main["z"] == [0.9, 0.25]
    assert "Desa B: 25,0%" in main["customdata"]


def test_change_dumbbell_draws_a_line_only_where_both_values_exist():
    fig = change_dumbbell(ROWS)
    line = fig["data"][0]
    assert line["x"] == [0.7, 0.81, None, 0.45, 0.5, None]
    assert line["y"] == ["Desa A", "Desa A", None, "Desa B", "Desa B", None]


def test_indonesian_number_formats():
    assert fmt.angka(1234.5, 1) == "1.234,5"
    assert fmt.angka(1234567) == "1.234.567"
    assert fmt.angka(-1234.4) == "-1.234" and fmt.angka(999.6) == "1.000" and fmt.angka(0) == "0"
    assert fmt.nilai(0.00385, factor=100_000, unit="per 100.000 penduduk") == "385,0 per 100.000 penduduk"
    assert fmt.nilai(0.784) == "78,4%" and fmt.nilai(None, factor=100_000, unit="per 100.000 penduduk") == "–"
    assert fmt.persen(0.784) == "78,4%"
    assert fmt.indeks(0.8) == "0,800"
    assert fmt.selisih(-0.01) == "−0,010"
    assert fmt.persen(float("nan")) == "–" and fmt.angka(None) == "–"
    assert fmt.persen(0.0) == "0,0%"
