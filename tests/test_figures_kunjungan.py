"""The visits section's figure builders and arithmetic, pure: gaps never drawn as 0, small cells
never sent, names escaped, text large enough for a projector."""
import json

from domain.kategori import JENIS_KELAMIN
from figures.kunjungan import breakdown_bars, trend_lines
from figures.palette import JENIS_KELAMIN_WARNA
from indicators.kunjungan import (
    absent_places,
    breakdown,
    breakdowns,
    change,
    gedung,
    month_index,
    shift,
    window,
)

MONTHS = window(2025, 3, 4)  # Dec 2024 .. Mar 2025


def fonts(figure: dict) -> list[int]:
    """Every font size a figure sets (text, ticks, legend, titles, annotations)."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, v in value.items():
                if key in ("font", "tickfont", "textfont") and isinstance(v, dict) and "size" in v:
                    found.append(v["size"])
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
    walk(figure)
    return found


def test_months_wrap_over_the_year():
    assert shift(2025, 1, -1) == (2024, 12) and shift(2024, 12, 1) == (2025, 1) and shift(2025, 3, -12) == (2024, 3)
    assert MONTHS == [(2024, 12), (2025, 1), (2025, 2), (2025, 3)]
    assert month_index(2025, 1) - month_index(2024, 12) == 1
    assert len(window(2025, 12)) == 24 and window(2025, 12)[0] == (2024, 1)


def test_change_needs_both_months_and_a_nonzero_base():
    assert change(120, 100) == 0.2 and change(50, 100) == -0.5
    assert change(120, None) is None and change(None, 100) is None and change(5, 0) is None


def test_inside_and_outside_the_building():
    assert gedung({"puskesmas": 5, "pustu": 2, "posyandu": 3, "rumah": 1}) == (7, 4)
    assert gedung({"posyandu": 3}) == (0, 3)


def test_cells_of_one_to_four_are_small_and_zero_is_not():
    parts = breakdown({"L": 4, "P": 0}, JENIS_KELAMIN)
    assert [(p.kode, p.jumlah, p.kecil, p.bagian, p.shown) for p in parts] == [
        ("L", 4, True, None, None), ("P", 0, False, 0.0, 0)]
    parts = breakdown({"L": 5, "P": 15}, JENIS_KELAMIN)
    assert [(p.kecil, p.bagian) for p in parts] == [(False, 0.25), (False, 0.75)]


def test_breakdowns_group_age_groups_into_life_cycle_bands():
    b = breakdowns([(2, "0-7h", "P", "T", 3), (2, "1-4", "L", "T", 10), (3, "70+", "P", "Y", 2),
                    (3, "60-69", "L", "T", 6)])
    assert [(p.label, p.jumlah) for p in b.umur] == [
        ("Bayi dan balita (0–4)", 13), ("Anak (5–9)", 0), ("Remaja (10–19)", 0), ("Dewasa (20–59)", 0),
        ("Lansia (60+)", 8)]
    assert [(p.kode, p.jumlah, p.kecil) for p in b.disabilitas] == [("Y", 2, True), ("T", 19, False)]
    assert b.any_small


def test_a_place_silent_this_month_is_named_with_its_first_silent_month():
    last = [("pustu", "Pustu Girigede", month_index(2025, 9)), ("posyandu", "Posyandu Girigede",
                                                                  month_index(2025, 12))]
    found = absent_places(last, 2025, 12)
    assert [a.sentence() for a in found] == ["Pustu Girigede belum melapor sejak Oktober 2025"]
    assert absent_places([("pustu", "Pustu X", month_index(2025, 12))], 2026, 1)[0].sentence() == (
        "Pustu X belum melapor sejak Januari 2026")


def test_trend_draws_a_missing_month_as_a_gap_and_marks_the_chosen_month():
    fig = trend_lines({"puskesmas": (10, None, 30, 40), "posyandu": (5, None, None, 8),
                       "total": (15, None, 30, 48)}, MONTHS)
    names = [t["name"] for t in fig["data"]]
    assert names == ["Puskesmas", "Posyandu", "Semua tempat"]
    total = fig["data"][-1]
    assert total["y"] == [15, None, 30, 48] and total["connectgaps"] is False
    assert "belum ada laporan" in total["hovertext"][1] and "1.234" not in total["hovertext"][0]
    assert fig["layout"]["xaxis"]["ticktext"] == ["Des", "Jan<br>2025", "Feb", "Mar"]
    assert fig["layout"]["shapes"][0]["x0"] == 3  # the chosen month


def test_trend_without_any_data_says_so():
    fig = trend_lines({"total": (None, None)}, MONTHS[:2])
    assert fig["data"] == [] and "Belum ada data kunjungan" in fig["layout"]["annotations"][0]["text"]


def test_trend_escapes_the_area_name():
    fig = trend_lines({"total": (1, 2, 3, 4)}, MONTHS, area_name='<a href="x">Desa</a>')
    assert fig["data"][-1]["name"] == 'Semua tempat (&lt;a href="x"&gt;Desa&lt;/a&gt;)'


def test_a_small_cell_is_drawn_as_below_five_and_its_count_is_not_sent():
    parts = breakdown({"L": 3, "P": 1234}, JENIS_KELAMIN)
    fig = breakdown_bars(parts, colours=JENIS_KELAMIN_WARNA)
    bar = fig["data"][0]
    assert bar["x"] == ["Laki-laki", "Perempuan"]
    assert bar["y"] == [0, 1234] and bar["text"] == ["< 5", "1.234<br>99,8%"]  # 1.234 of 1.237
    assert bar["marker"]["color"] == [JENIS_KELAMIN_WARNA["L"], JENIS_KELAMIN_WARNA["P"]]
    sent = json.dumps(bar)
    assert '"3"' not in sent and " 3 " not in sent and "0,2%" not in sent


def test_a_breakdown_without_visits_says_so():
    fig = breakdown_bars(breakdown({}, JENIS_KELAMIN))
    assert fig["data"] == [] and fig["layout"]["annotations"][0]["text"] == "Belum ada kunjungan"


def test_every_chart_text_is_at_least_15_px():
    figures = [trend_lines({"pustu": (1, 2, 3, 4), "total": (1, 2, 3, 4)}, MONTHS),
               breakdown_bars(breakdown({"L": 3, "P": 9}, JENIS_KELAMIN))]
    for fig in figures:
        assert fonts(fig) and min(fonts(fig)) >= 15
