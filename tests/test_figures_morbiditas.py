"""The morbidity section's figure builders: plain dicts from small frames; diagnosis and area
names (from imported files) drawn as text; small cells read "< 5"; no data is a gap."""
from __future__ import annotations

import json

import pandas as pd

from domain.codes import Level
from figures.morbiditas import breakdown_bars, diagnosis_label, morbiditas_map_spec, top_bars, trend_multiples
from indicators.morbiditas import KECIL, last_months, rate_of, siklus_breakdown, suppress
from tests.test_figures_escape import LINK, STYLED, assert_names_escaped

TOP = pd.DataFrame({"kode_icd": ["J06.9", "A09", "K30"], "nama": [LINK, STYLED, "Dispepsia"],
                    "jumlah": [1234, 56, 7]})


def test_top_bars_escape_names_and_write_counts_the_indonesian_way():
    fig = top_bars(TOP, period="Maret 2025")
    assert_names_escaped(fig)
    bar = fig["data"][0]
    assert bar["x"] == [1234, 56, 7] and bar["text"] == ["1.234", "56", "7"]
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"  # the most frequent on top
    assert json.dumps(fig)  # plain JSON


def test_an_empty_ranking_says_so():
    fig = top_bars(TOP.iloc[0:0], period="Januari 2025")
    assert fig["data"] == [] and "Tidak ada kasus Januari 2025" in json.dumps(fig)


def test_trend_small_multiples_one_panel_per_diagnosis_with_gaps():
    months = last_months(2025, 3)
    series = pd.DataFrame([(k, y, m, None if (y, m) == (2025, 1) else 3) for k in TOP["kode_icd"]
                           for y, m in months], columns=["kode_icd", "tahun", "bulan", "jumlah"])
    fig = trend_multiples(series, TOP)
    assert_names_escaped(fig)
    assert len(fig["data"]) == 3 and {"xaxis", "xaxis2", "xaxis3", "yaxis3"} <= set(fig["layout"])
    first = fig["data"][0]
    assert len(first["y"]) == 24 and first["y"][months.index((2025, 1))] is None  # a gap, never 0
    assert first["connectgaps"] is False
    assert fig["layout"]["xaxis"]["tickvals"] == ["Jan 24", "Jan 25"]


def test_the_map_spec_escapes_names_and_greys_areas_without_population():
    rows = pd.DataFrame({"kode": ["a", "b", "c"], "nama": [LINK, STYLED, "Desa C"],
                         "penduduk": pd.array([2000, None, 500], dtype="Int64"), "kasus": [12, 3, 0],
                         "per_1000": [6.0, float("nan"), 0.0],
                         "keterangan": [None, "jumlah penduduk desa belum diisi di data wilayah", None]})
    spec = morbiditas_map_spec(rows, diagnosis=f"{LINK} (J06.9)", selected="c", revision="puskesmas-P01")
    assert_names_escaped(spec)
    rate, grey, outline = spec["data"]
    assert rate["locations"] == ["a", "c"] and rate["z"] == [6.0, 0.0] and rate["zmin"] == 0
    assert rate["colorbar"]["title"]["text"] == "kasus per<br>1.000 penduduk"
    assert grey["name"] == "Tanpa data penduduk" and grey["locations"] == ["b"]
    assert "jumlah penduduk desa belum diisi" in grey["customdata"][0]
    assert "6,00 per 1.000 penduduk (2.000 penduduk)" in rate["customdata"][0]
    assert outline["locations"] == ["c"]  # the selected desa is outlined
    assert "geojson" not in json.dumps(spec)  # the geometry comes through /peta/, not the callback


def test_small_cells_read_less_than_five_and_one_alone_takes_the_next_smallest_along():
    assert suppress([9, 4, 0, 2]) == ["9", KECIL, "0", KECIL]
    assert suppress([12, 3, 0, 40]) == [KECIL, KECIL, "0", "40"]  # 3 alone: 12 hidden too
    assert suppress([1234, 5, 0]) == ["1.234", "5", "0"]
    cells = siklus_breakdown(pd.DataFrame({"kelompok_umur": ["1-4", "1-11b", "20-44", "70+"],
                                           "jenis_kelamin": ["L", "L", "P", "P"], "jumlah": [6, 3, 2, 7]}))
    balita = cells.iloc[0]
    assert (balita["L"], balita["teks_L"]) == (9, "9")  # 1-4 and 1-11b are one band
    assert cells.attrs["disembunyikan"]
    fig = breakdown_bars(cells, diagnosis=LINK)
    texts = fig["data"][1]["text"]  # perempuan
    assert texts[3] == KECIL and fig["data"][1]["y"][3] == 0  # no bar for a hidden cell


def test_a_diagnosis_without_cases_draws_an_escaped_message():
    cells = siklus_breakdown(pd.DataFrame(columns=["kelompok_umur", "jenis_kelamin", "jumlah"]))
    fig = breakdown_bars(cells, diagnosis=f"{LINK} (A91)")
    text = fig["layout"]["annotations"][0]["text"]
    assert fig["data"] == [] and "&lt;a" in text and "<a" not in text


def test_rates_need_every_desa_population():
    assert rate_of(15, 2600, 0, Level.PUSKESMAS) == (15 / 2600 * 1000, None)
    assert rate_of(5, None, 1, Level.DESA) == (None, "jumlah penduduk desa belum diisi di data wilayah")
    assert rate_of(20, 2600, 1, Level.KABUPATEN) == (None, "1 desa belum punya jumlah penduduk di data wilayah")
    assert rate_of(1, 0, 1, Level.KABUPATEN) == (None, "jumlah penduduk belum diisi di data wilayah")


def test_the_label_is_name_then_code():
    assert diagnosis_label("J06.9", "ISPA <b>") == "ISPA &lt;b&gt; (J06.9)"
