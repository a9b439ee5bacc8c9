"""Area names come from imported spreadsheets: plotly must draw them as text, never as its
pseudo-HTML (a link, bold, a styled span), in every figure builder that shows a name."""
import pandas as pd
import pytest

from figures.iks import IKS, change_dumbbell, map_spec, ranked_bars
from figures.pws import kaskade_by_area, pws_bars, pws_lines, pws_map_spec, rincian_by_area
from figures.text import plain
from indicators import pws
from indicators.program import INDICATOR_BY_CODE, KASKADE_BY_CODE, RINCIAN_BY_CODE

LINK = '<a href="https://evil.example/login">Login ulang</a>'
STYLED = '<span style="font-size:80px">Desa</span> & <b>Besar</b>'
NAMES = {"a": LINK, "b": STYLED, "c": "Desa C"}
K6 = INDICATOR_BY_CODE["k6"]
TAHUN, MEI = 2025, 5


def strings(value):
    """Every string in a figure dict (keys and values, at any depth)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from strings(v)


def assert_names_escaped(fig, names=(LINK, STYLED)):
    texts = list(strings(fig))
    for text in texts:
        assert "<a" not in text and "</a>" not in text and "<span style=\"" not in text, text
        for name in names:
            assert name not in text, text
    for name in names:
        assert any(plain(name) in t for t in texts), name


def test_plain_turns_markup_into_entities_and_leaves_words_alone():
    assert plain(LINK) == '&lt;a href="https://evil.example/login"&gt;Login ulang&lt;/a&gt;'
    assert plain("Desa A & B") == "Desa A &amp; B"
    assert plain("Sukamaju") == "Sukamaju"
    assert plain(None) == ""


IKS_ROWS = pd.DataFrame({
    "kode": list(NAMES), "nama": list(NAMES.values()),
    "iks": [0.81, 0.5, float("nan")], "iks_awal": [0.7, 0.45, 0.3], "cakupan_kb": [0.9, 0.25, 0.1],
})


@pytest.mark.parametrize("indikator", [IKS, "kb"])
def test_ranked_bars_draw_markup_in_a_name_as_text(indikator):
    fig = ranked_bars(IKS_ROWS, indikator, total=0.5, selected="a")
    assert_names_escaped(fig)
    assert plain(LINK) in fig["data"][0]["y"]


def test_change_dumbbell_draws_markup_in_a_name_as_text():
    assert_names_escaped(change_dumbbell(IKS_ROWS))


@pytest.mark.parametrize("indikator", [IKS, "kb"])
def test_iks_map_spec_hover_draws_markup_in_a_name_as_text_and_keeps_codes(indikator):
    spec = map_spec(IKS_ROWS, indikator, selected="a", revision="r")
    assert_names_escaped(spec)
    assert sorted(k for t in spec["data"] if t["name"] != "Dipilih" for k in t["locations"]) == ["a", "b", "c"]


def counts(rows):
    return pd.DataFrame(rows, columns=["kode", "tahun", "bulan", "indikator", "nilai", "desa_lapor"])


SASARAN_COLUMNS = ["kode", "tahun", "sasaran", "jumlah", "desa_ada"]


def named(frame):
    return frame.assign(nama=frame["kode"].map(NAMES))


def k6_inputs():
    c = counts([(k, TAHUN, m, "k6", v, 1) for k, v in {"a": 10, "b": 5, "c": 8}.items() for m in range(1, 6)])
    s = pd.DataFrame([(k, TAHUN, "bumil", 100, 1) for k in ("a", "b")], columns=SASARAN_COLUMNS)
    return c, s


@pytest.fixture
def k6_rows():
    c, s = k6_inputs()
    kode = list(NAMES)
    # c has its own target: the row gets a tick with the name in its hover
    return named(pws.pws_table(c, s, K6, TAHUN, MEI, kode, {"a": 95, "b": 95, "c": 80}))


def test_pws_bars_draw_markup_in_a_name_as_text_and_keep_codes_as_categories(k6_rows):
    fig = pws_bars(k6_rows, K6, bulan=MEI, target=0.3, selected="a")
    assert_names_escaped(fig)
    assert sorted(fig["layout"]["yaxis"]["categoryarray"]) == ["a", "b", "c"]
    assert f"<b>{plain(LINK)}</b>" in fig["layout"]["yaxis"]["ticktext"]  # the selected one, bold


@pytest.mark.parametrize("mode", ["status", "cakupan"])
def test_pws_map_spec_hover_draws_markup_in_a_name_as_text(k6_rows, mode):
    spec = pws_map_spec(k6_rows, K6, mode=mode, selected="a", revision="r", bulan=MEI)
    assert_names_escaped(spec)


def test_pws_lines_draw_markup_in_names_and_the_total_name_as_text():
    c, s = k6_inputs()
    series = named(pws.pws_series(c, s, K6, TAHUN, list(NAMES)))
    tc, ts = pws.total_inputs(c, s, "p")
    total = pws.pws_series(tc, ts, K6, TAHUN, ["p"])
    for highlight in ("a", "c"):
        fig = pws_lines(series, K6, TAHUN, target_annual_percent=95, bulan=MEI, highlight=highlight,
                        total=total, total_name=STYLED)
        assert_names_escaped(fig)
    legend = [t["name"] for t in fig["data"]]
    assert f"{plain(STYLED)} (total)" in legend


def test_pws_lines_highlight_name_in_the_legend_is_text():
    c, s = k6_inputs()
    series = named(pws.pws_series(c, s, K6, TAHUN, list(NAMES)))
    fig = pws_lines(series, K6, TAHUN, target_annual_percent=95, bulan=MEI, highlight="a")
    assert plain(LINK) in [t["name"] for t in fig["data"]]
    assert_names_escaped(fig, names=(LINK,))


def test_kaskade_by_area_draws_markup_in_a_name_as_text():
    kia = KASKADE_BY_CODE["kia"]
    steps = {"a": {"k1": 100, "k6": 90, "pf": 95, "kf_lengkap": 80, "kn_lengkap": 70},  # pf above k6: ⚠
             "b": {"k1": 50, "k6": 40, "pf": 30, "kf_lengkap": 20, "kn_lengkap": 10}}
    c = counts([(k, TAHUN, 2, step, v, 1) for k, row in steps.items() for step, v in row.items()])
    rows = named(pws.kaskade_table(c, pd.DataFrame(columns=SASARAN_COLUMNS), kia, TAHUN, MEI, ["a", "b", "c"]))
    fig = kaskade_by_area(rows, kia)
    assert_names_escaped(fig)
    assert fig["data"][0]["y"] == fig["layout"]["yaxis"]["tickvals"]
    assert set(fig["data"][0]["y"]) == {"a", "b", "c"}  # codes stay the categories


def test_rincian_by_area_draws_markup_in_a_name_as_text():
    fr = RINCIAN_BY_CODE["faktor_risiko_ptm"]
    c = pd.DataFrame([(k, 2025, 1, ind, v, 1) for k, ind, v in (
        ("a", "ht_skrining", 200), ("a", "ptm_merokok", 50), ("b", "ht_skrining", 100), ("b", "ptm_merokok", 10))],
        columns=["kode", "tahun", "bulan", "indikator", "nilai", "desa_lapor"])
    table = pws.rincian_table(c, None, fr, 2025, 1, ["a", "b"])
    assert_names_escaped(rincian_by_area(named(table), fr))
