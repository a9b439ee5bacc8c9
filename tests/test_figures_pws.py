"""PWS figure builders on frames made by indicators.pws from tiny hand inputs: worst on top,
one colour per status, the month's target, honest gaps, flagged cascade inversions."""
import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from figures.palette import (
    CAKUPAN_SKALA,
    LANGKAH_PERKIRAAN,
    PERINGATAN,
    PREVALENSI_SKALA,
    STATUS_KOSONG,
    STATUS_KOSONG_TEKS,
    STATUS_TEKS,
    STATUS_WARNA,
    TANPA_DATA,
)
from figures.pws import (
    kaskade_by_area,
    kaskade_funnel,
    map_mode,
    pws_bars,
    pws_lines,
    pws_map_spec,
    target_label,
)
from indicators import pws
from indicators.program import INDICATOR_BY_CODE, KASKADE_BY_CODE

K6 = INDICATOR_BY_CODE["k6"]  # accumulating, target 95% a year, divided by sasaran bumil
STUNTING = INDICATOR_BY_CODE["stunting"]  # per_bulan prevalence, lower is better, target 14%
TAHUN, MEI = 2025, 5
SASARAN_COLUMNS = ["kode", "tahun", "sasaran", "jumlah", "desa_ada"]


def counts(rows):
    return pd.DataFrame(rows, columns=["kode", "tahun", "bulan", "indikator", "nilai", "desa_lapor"])


def named(frame, kode_column="kode"):
    return frame.assign(nama=frame[kode_column].map(lambda k: f"Desa {k.upper()}"))


def k6_inputs():
    # Jan..Mei; cumulative against target(Mei) = 95% × 5/12 = 39,58%
    monthly = {"a": [10, 10, 10, 10, 10],  # 50 / 100 = 50%, Mei = Apr → baik
               "b": [10, 10, 10, 10, 5],   # 45%, Mei < Apr → kurang
               "c": [5, 5, 5, 5, 5],       # 25 / 200 = 12,5%, Mei = Apr → cukup
               "d": [8, 8, 8, 8, 4]}       # 36%, Mei < Apr → jelek
    c = counts([(k, TAHUN, m, "k6", v, 1) for k, vals in monthly.items() for m, v in enumerate(vals, 1)])
    s = pd.DataFrame([(k, TAHUN, "bumil", j, 1) for k, j in {"a": 100, "b": 100, "c": 200, "d": 100}.items()],
                     columns=SASARAN_COLUMNS)  # e has no sasaran
    return c, s


KODE = ["a", "b", "c", "d", "e"]


@pytest.fixture
def k6_rows():
    c, s = k6_inputs()
    return named(pws.pws_table(c, s, K6, TAHUN, MEI, KODE, dict.fromkeys(KODE, 95)))


@pytest.fixture
def stunting_rows():
    c = counts([(k, TAHUN, m, reg, v, 1)
                for k, (april, mei) in {"x": (12, 10), "y": (15, 20), "z": (18, 16)}.items()
                for m, stunted in ((4, april), (5, mei))
                for reg, v in (("balita_stunting", stunted), ("balita_diukur", 100))])
    s = pd.DataFrame(columns=SASARAN_COLUMNS)
    kode = ["x", "y", "z"]
    return named(pws.pws_table(c, s, STUNTING, TAHUN, MEI, kode, dict.fromkeys(kode, 14)))


def by_name(fig):
    return {t["name"]: t for t in fig["data"]}


def valid(fig):
    go.Figure(fig)  # raises on a misspelt property
    return fig


# --- bars ----------------------------------------------------------------------------------

def test_pws_bars_put_the_empty_area_then_the_lowest_coverage_at_the_top(k6_rows):
    fig = valid(pws_bars(k6_rows, K6, bulan=MEI))
    y = fig["layout"]["yaxis"]
    assert y["autorange"] == "reversed"  # the first category is the top row
    assert y["categoryarray"] == ["e", "c", "d", "b", "a"]
    assert y["ticktext"] == ["Desa E", "Desa C", "Desa D", "Desa B", "Desa A"]


def test_pws_bars_colour_each_status_and_print_its_word(k6_rows):
    traces = by_name(pws_bars(k6_rows, K6, bulan=MEI))
    assert traces["Baik"]["y"] == ["a"] and traces["Baik"]["marker"]["color"] == "#0072B2"
    assert traces["Kurang"]["y"] == ["b"] and traces["Kurang"]["marker"]["color"] == "#56B4E9"
    assert traces["Cukup"]["y"] == ["c"] and traces["Cukup"]["marker"]["color"] == "#E69F00"
    assert traces["Jelek"]["y"] == ["d"] and traces["Jelek"]["marker"]["color"] == "#D55E00"
    assert traces["Cukup"]["x"] == [0.125]
    labels = traces["nilai"]
    assert labels["text"][labels["y"].index("c")] == "12,5% · Cukup"


def test_pws_bars_draw_the_target_of_the_month_with_its_label(k6_rows):
    layout = pws_bars(k6_rows, K6, bulan=MEI)["layout"]
    (line,) = layout["shapes"]
    assert line["x0"] == line["x1"] == pytest.approx(0.95 * 5 / 12)
    assert "Target Mei: 39,6%" in layout["annotations"][0]["text"]
    assert layout["separators"] == ",."


def test_pws_bars_explicit_target_wins_and_rows_with_another_target_get_a_tick(k6_rows):
    fig = pws_bars(k6_rows, K6, bulan=MEI, target=0.30)
    assert fig["layout"]["shapes"][0]["x0"] == 0.30
    ticks = by_name(fig)["Target wilayah"]
    assert ticks["y"] == KODE and ticks["x"][0] == pytest.approx(0.3958, abs=1e-4)


def test_pws_bars_show_the_reason_of_an_empty_area_not_a_zero_bar(k6_rows):
    traces = by_name(pws_bars(k6_rows, K6, bulan=MEI))
    gap = traces["tanpa data"]
    assert gap["type"] == "scatter" and gap["y"] == ["e"]
    assert gap["text"] == ["\u2002tanpa data: Sasaran ibu hamil tahun 2025 belum diunggah"]
    assert all("e" not in t["y"] for t in traces.values() if t["type"] == "bar")


def test_pws_bars_hover_says_numerator_over_sasaran_and_status_meaning(k6_rows):
    hover = by_name(pws_bars(k6_rows, K6, bulan=MEI))["Cukup"]["hovertext"][0]
    assert "<b>Desa C</b>" in hover
    assert "Capaian kumulatif Jan–Mei ÷ sasaran ibu hamil:<br>25 ÷ 200 = 12,5%" in hover
    assert "Status: Cukup (di bawah target, tren naik/tetap)" in hover
    assert "Target Mei: 39,6%" in hover


def test_pws_bars_outline_and_bold_the_selected_area(k6_rows):
    fig = pws_bars(k6_rows, K6, bulan=MEI, selected="d")
    traces = by_name(fig)
    assert traces["Jelek"]["marker"]["line"]["width"] == [3]
    assert traces["Baik"]["marker"]["line"]["width"] == [0]
    assert "<b>Desa D</b>" in fig["layout"]["yaxis"]["ticktext"]


def test_pws_bars_of_a_prevalence_put_the_highest_on_top_and_the_target_is_a_maximum(stunting_rows):
    assert list(stunting_rows["status"]) == ["baik", "jelek", "cukup"]  # the formula's direction
    fig = valid(pws_bars(stunting_rows, STUNTING, bulan=MEI))
    assert fig["layout"]["yaxis"]["categoryarray"] == ["y", "z", "x"]  # 20%, 16%, 10%
    assert "Target Mei: maks. 14,0%" in fig["layout"]["annotations"][0]["text"]
    assert fig["layout"]["shapes"][0]["x0"] == pytest.approx(0.14)
    hover = by_name(fig)["Baik"]["hovertext"][0]
    assert "di bawah batas target, tren turun/tetap" in hover
    assert "balita diukur tb/pb" in hover  # the denominator is a register, not a sasaran


def test_target_label_without_month():
    assert target_label(K6, 0.95) == "Target: 95,0%"


# --- lines ---------------------------------------------------------------------------------

@pytest.fixture
def k6_series():
    c, s = k6_inputs()
    series = named(pws.pws_series(c, s, K6, TAHUN, KODE))
    tc, ts = pws.total_inputs(c, s, "p")
    return series, pws.pws_series(tc, ts, K6, TAHUN, ["p"])


def test_pws_lines_stop_at_the_month_and_the_target_grows_linearly(k6_series):
    series, total = k6_series
    fig = valid(pws_lines(series, K6, TAHUN, target_annual_percent=95, bulan=4, total=total,
                          total_name="Puskesmas P"))
    traces = by_name(fig)
    grey = next(t for name, t in traces.items() if name.endswith("(abu-abu)"))
    assert max(x for x in grey["x"] if x is not None) == 4
    assert traces["Puskesmas P (total)"]["x"] == [1, 2, 3, 4]
    assert traces["Puskesmas P (total)"]["y"][-1] == pytest.approx(132 / 500)
    assert traces["Puskesmas P (total)"]["line"]["width"] == 4
    target = traces["Target"]
    assert target["x"] == list(range(13))
    assert target["y"][0] == 0 and target["y"][6] == pytest.approx(0.475) and target["y"][12] == 0.95
    assert fig["layout"]["xaxis"]["ticktext"][4] == "Mei"


def test_pws_lines_keep_the_legend_to_total_highlight_and_target(k6_series):
    series, total = k6_series
    fig = pws_lines(series, K6, TAHUN, target_annual_percent=95, bulan=MEI, highlight="c", total=total)
    in_legend = [t["name"] for t in fig["data"] if t.get("showlegend", True)]
    # the grey lines too, named with their number (a, b, d, e: the highlighted c is drawn apart)
    assert in_legend == ["4 wilayah di dalamnya (abu-abu)", "Desa C", "Total wilayah", "Target"]
    grey = fig["data"][0]
    # the name and month from the server, the value formatted by the browser (separators ",.")
    assert grey["hovertext"][0] == "<b>Desa A</b><br>Januari 2025"
    assert grey["y"][0] == 0.1 and grey["hovertemplate"] == "%{hovertext}: %{y:.1%}<extra></extra>"
    assert all("Desa C" not in h for h in grey["hovertext"] if h)  # drawn once, highlighted
    assert by_name(fig)["Desa C"]["text"][-1] == "12,5%"


def test_pws_lines_of_a_monthly_indicator_have_a_flat_target():
    series = pd.DataFrame({"kode": "x", "nama": "Desa X", "bulan": range(1, 13),
                           "cakupan_kumulatif": [0.1] * 12})
    target = by_name(pws_lines(series, STUNTING, TAHUN, target_annual_percent=14, bulan=MEI))["Target (maks.)"]
    assert target["x"] == list(range(1, 13)) and set(target["y"]) == {0.14}


def test_pws_lines_without_any_value_say_so():
    series = pd.DataFrame({"kode": "x", "nama": "Desa X", "bulan": range(1, 13),
                           "cakupan_kumulatif": [math.nan] * 12})
    fig = pws_lines(series, K6, TAHUN, target_annual_percent=95, bulan=MEI)
    assert fig["data"] == []
    assert fig["layout"]["annotations"][0]["text"] == "Belum ada data Cakupan K6 tahun 2025 sampai Mei"


# --- status --------------------------------------------------------------------------------

def _luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_on_every_status_colour_is_readable():
    pairs = [(STATUS_WARNA[s], STATUS_TEKS[s]) for s in pws.STATUSES]
    pairs.append((STATUS_KOSONG, STATUS_KOSONG_TEKS))
    for fill, text in pairs:
        assert contrast(fill, text) >= 4.5, (fill, text)
    assert contrast(STATUS_WARNA["jelek"], "#FFFFFF") < 4.5  # why jelek gets black text


# --- cascades ------------------------------------------------------------------------------

KIA = KASKADE_BY_CODE["kia"]


@pytest.fixture
def kia_rows():
    steps = {"a": {"k1": 1200, "k6": 1050, "pf": 1100, "kf_lengkap": 900, "kn_lengkap": 850},
             "b": {"k1": 300, "k6": 200, "pf": 150, "kf_lengkap": 140, "kn_lengkap": 100},
             "c": {"k1": 400, "k6": 380, "pf": 360, "kf_lengkap": 300, "kn_lengkap": 280}}
    c = counts([(k, TAHUN, 2, step, v, 1) for k, row in steps.items() for step, v in row.items()])
    return named(pws.kaskade_table(c, pd.DataFrame(columns=SASARAN_COLUMNS), KIA, TAHUN, MEI,
                                   ["a", "b", "c", "d"]))


def test_kaskade_funnel_labels_counts_and_change_and_flags_a_step_above_the_one_before(kia_rows):
    fig = valid(kaskade_funnel(kia_rows.iloc[0], KIA))
    bars = by_name(fig)["Langkah"]
    assert bars["y"] == [1200, 1050, 1100, 900, 850]  # 1.100 above 1.050: drawn, not clipped
    assert bars["text"][0] == "<b>1.200</b>"
    assert "<b>1.050</b>" in bars["text"][1] and "−12,5%" in bars["text"][1]
    assert "+4,8% ⚠" in bars["text"][2]
    assert bars["marker"]["pattern"]["shape"] == ["", "", "/", "", ""]
    assert bars["marker"]["line"]["color"][2] == PERINGATAN
    assert "87,5% dari langkah sebelumnya (K1: 1.200)" in bars["hovertext"][1]
    warning = fig["layout"]["annotations"][0]["text"]
    assert "Persalinan di fasyankes: melebihi langkah sebelumnya (K6) — periksa pencatatan" in warning
    assert fig["layout"]["yaxis"]["range"][1] > 1200


def test_kaskade_funnel_without_inversion_has_no_warning(kia_rows):
    fig = kaskade_funnel(kia_rows.iloc[1], KIA)
    assert fig["layout"]["annotations"] == []
    assert "/" not in by_name(fig)["Langkah"]["marker"]["pattern"]["shape"]


def test_kaskade_funnel_shows_a_declared_sasaran_first_in_a_lighter_style():
    ht = KASKADE_BY_CODE["ht"]
    c = counts([("a", TAHUN, 1, step, v, 1) for step, v in
                {"ht_skrining": 5000, "ht_diagnosis": 700, "ht_diobati": 500, "ht_terkendali": 200}.items()])
    s = pd.DataFrame([("a", TAHUN, "ht_estimasi", 1500, 1)], columns=SASARAN_COLUMNS)
    fig = valid(kaskade_funnel(pws.kaskade_table(c, s, ht, TAHUN, MEI, ["a"]).iloc[0], ht))
    estimate, steps = fig["data"][0], fig["data"][1]
    assert estimate["name"] == "Perkiraan" and estimate["y"] == [1500]
    assert estimate["marker"]["color"] == LANGKAH_PERKIRAAN
    assert fig["layout"]["xaxis"]["categoryarray"][0] == estimate["x"][0]
    assert "5.000" in steps["text"][0]  # screening may exceed the estimate: not flagged
    assert fig["layout"]["annotations"] == []


def test_kaskade_funnel_of_an_area_without_reports_says_so(kia_rows):
    fig = kaskade_funnel(kia_rows.iloc[3], KIA)
    assert fig["data"] == []
    assert "Belum ada laporan" in fig["layout"]["annotations"][0]["text"]


def test_kaskade_by_area_puts_the_biggest_loss_first_and_flags_inversions(kia_rows):
    fig = valid(kaskade_by_area(kia_rows, KIA))
    heat = fig["data"][0]
    # KN lengkap ÷ K1: b 33,3%, c 70,0%, a 70,8%; d has no reports and comes last
    assert heat["y"] == ["b", "c", "a", "d"]
    # columns named by the step each compares with the one before (a note says so, the
    # hover names both), at most three lines; the last one end to end
    assert [x.replace("<br>", " ") for x in heat["x"][:1]] == ["→ K6"]
    assert all(x.count("<br>") <= 2 for x in heat["x"])
    assert "langkah sebelumnya" in fig["layout"]["annotations"][0]["text"]
    assert "KN lengkap" in heat["x"][-1] and "K1" in heat["x"][-1]
    assert heat["z"][0][-1] == pytest.approx(0.3333, abs=1e-4)
    assert heat["text"][0][0] == "66,7%"
    assert heat["text"][2][1] == "⚠ 104,8%" and heat["z"][2][1] == pytest.approx(1.0476, abs=1e-4)
    assert heat["text"][3] == ["–"] * 5  # no data, not 0%
    assert fig["layout"]["yaxis"]["ticktext"][2].endswith("⚠</span> Desa A")
    (box,) = fig["layout"]["shapes"]
    assert (box["x0"] + box["x1"]) / 2 == pytest.approx(1) and (box["y0"] + box["y1"]) / 2 == pytest.approx(2)
    assert heat["colorscale"] == CAKUPAN_SKALA and heat["zmin"] == 0 and heat["zmax"] == 1


# --- map -----------------------------------------------------------------------------------

def test_pws_map_spec_by_status_has_one_trace_per_status_and_no_geometry(k6_rows):
    spec = valid(pws_map_spec(k6_rows, K6, selected="b", revision="r", bulan=MEI))
    assert all("geojson" not in t for t in spec["data"])
    traces = by_name(spec)
    assert {n: t["locations"] for n, t in traces.items()} == {
        "Baik": ["a"], "Kurang": ["b"], "Cukup": ["c"], "Jelek": ["d"], "Tanpa status": ["e"], "Dipilih": ["b"]}
    assert traces["Jelek"]["colorscale"] == [[0, STATUS_WARNA["jelek"]], [1, STATUS_WARNA["jelek"]]]
    assert traces["Tanpa status"]["colorscale"][0][1] == STATUS_KOSONG
    assert "Sasaran ibu hamil tahun 2025 belum diunggah" in traces["Tanpa status"]["customdata"][0]
    assert spec["layout"]["map"] == {"style": "white-bg"} and spec["layout"]["uirevision"] == "r"


def test_pws_map_spec_by_coverage_uses_a_scale_and_keeps_gaps_grey(k6_rows):
    spec = pws_map_spec(k6_rows, K6, mode="cakupan", revision="r")
    main, gap = spec["data"]
    assert main["locations"] == ["a", "b", "c", "d"] and main["z"] == [0.5, 0.45, 0.125, 0.36]
    assert main["colorscale"] == CAKUPAN_SKALA and (main["zmin"], main["zmax"]) == (0, 1.0)
    assert gap["name"] == "Tanpa data" and gap["locations"] == ["e"]
    assert gap["colorscale"][0][1] == TANPA_DATA
    assert "12,5%" in main["customdata"][2]


def test_pws_map_spec_of_a_prevalence_uses_the_orange_scale_up_to_its_highest_value(stunting_rows):
    main = pws_map_spec(stunting_rows, STUNTING, mode="cakupan", revision="r")["data"][0]
    assert main["colorscale"] == PREVALENSI_SKALA
    assert main["zmax"] == pytest.approx(0.2)


def test_a_status_map_without_any_status_draws_coverage_instead(k6_rows):
    """An indicator without a target (TB notification) has no status anywhere: an all-grey
    status map says nothing, so coverage is drawn; one status is enough to keep the map."""
    no_target = k6_rows.assign(status=None)
    assert map_mode(no_target, "status") == "cakupan"
    assert map_mode(k6_rows, "status") == "status"
    assert map_mode(no_target.assign(status=[None, None, "jelek", None, None]), "status") == "status"
    assert map_mode(k6_rows, "cakupan") == "cakupan"


def test_a_rate_per_100000_has_a_scale_and_axis_up_to_its_largest_rate():
    """TB notification of 130 and 390 per 100.000: the map's colour scale and the lines'
    axis end near 390, not at the 5% floor of a percentage (5.000 per 100.000), which
    would leave every area the palest colour."""
    tb = INDICATOR_BY_CODE["tb_notifikasi"]
    c = counts([("a", TAHUN, 1, "tb_diagnosis", 13, 1), ("b", TAHUN, 1, "tb_diagnosis", 39, 1)])
    s = pd.DataFrame([("a", TAHUN, "penduduk", 10_000.0, 1), ("b", TAHUN, "penduduk", 10_000.0, 1)],
                     columns=SASARAN_COLUMNS)
    rows = named(pws.pws_table(c, s, tb, TAHUN, 1, ["a", "b"], {"a": None, "b": None}))
    main = pws_map_spec(rows, tb, mode="cakupan", revision="r")["data"][0]
    assert main["z"] == [130.0, 390.0] and main["zmax"] == pytest.approx(390)
    series = pws.pws_series(c, s, tb, TAHUN, ["a", "b"])
    lines = pws_lines(series, tb, TAHUN, target_annual_percent=None, bulan=1)
    assert lines["layout"]["yaxis"]["range"][1] == pytest.approx(390 * 1.1)
    assert lines["layout"]["yaxis"]["title"]["text"] == "Kumulatif, per 100.000 penduduk"


def test_pws_map_spec_rejects_an_unknown_mode(k6_rows):
    with pytest.raises(ValueError):
        pws_map_spec(k6_rows, K6, mode="iks")
