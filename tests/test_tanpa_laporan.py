"""The 'tanpa laporan' marks (indicators/tanpa_laporan.py): which months a PWS status rests on
were not reported, on small cases worked out by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.program import INDICATOR_BY_CODE
from indicators.pws import CUKUP, matrix, pws_table
from indicators.tanpa_laporan import MARK, tanpa_laporan, with_mark

K6, BB_KURANG = INDICATOR_BY_CODE["k6"], INDICATOR_BY_CODE["bb_kurang"]  # balita_bb_kurang ÷ balita_d
TB = INDICATOR_BY_CODE["tb_pengobatan"]  # ALIRAN: tb_diobati ÷ tb_diagnosis
REALISASI = INDICATOR_BY_CODE["realisasi_total"]  # recorded per Puskesmas


def rows(kode, indikator, values: dict[int, float], tahun=2025, lapor=1):
    """Rows of one area and register: month → value; lapor: reporters (a number or month → n)."""
    return [(kode, tahun, b, indikator, v, lapor[b] if isinstance(lapor, dict) else lapor)
            for b, v in values.items()]


def frame(*groups) -> pd.DataFrame:
    return pd.DataFrame([r for g in groups for r in g],
                        columns=["kode", "tahun", "bulan", "indikator", "nilai", "desa_lapor"])


def bumil(*kode, jumlah=100.0) -> pd.DataFrame:
    return pd.DataFrame([(k, 2025, "bumil", jumlah, 1) for k in kode],
                        columns=["kode", "tahun", "sasaran", "jumlah", "desa_ada"])


def marks(c, s, ind, bulan, kode, ada=None, tahun=2025) -> list[str]:
    return tanpa_laporan(matrix(c, s, ind, tahun, kode), ind, tahun, bulan, ada).tolist()


EVERY = dict.fromkeys(range(1, 13), 8)


def test_desa_without_november_and_december_is_named_with_both_months():
    c = frame(rows("a", "k6", dict.fromkeys(range(1, 11), 8)), rows("b", "k6", EVERY))
    assert marks(c, bumil("a", "b"), K6, 12, ["a", "b"]) == ["tanpa laporan November–Desember", ""]


def test_a_month_missing_early_in_the_period_counts_for_a_cumulative_indicator():
    values = {m: 8 for m in range(1, 13) if m not in (3, 5, 6)}
    c = frame(rows("a", "k6", values))
    assert marks(c, bumil("a"), K6, 12, ["a"]) == ["tanpa laporan Maret, Mei–Juni"]
    # up to April only March is in the period
    assert marks(c, bumil("a"), K6, 4, ["a"]) == ["tanpa laporan Maret"]


def test_a_missing_last_month_is_what_makes_cukup_and_the_mark_says_so():
    """November not reported: 'before' is NaN, the rule counts it as up; the status is Cukup
    (below target) and the mark names November."""
    c = frame(rows("a", "k6", {**dict.fromkeys(range(1, 11), 5), 12: 5}))
    t = pws_table(c, bumil("a"), K6, 2025, 12, ["a"], {"a": 95.0}).set_index("kode")
    assert t.loc["a", "status"] == CUKUP
    assert t.loc["a", "tanpa_laporan"] == "tanpa laporan November"


def test_zero_is_a_report_and_a_run_of_zeros_after_reports_is_named():
    c = frame(rows("a", "k6", {**dict.fromkeys(range(1, 11), 12), 11: 0, 12: 0}))
    assert marks(c, bumil("a"), K6, 12, ["a"]) == ["0 sejak November, sebelumnya rata-rata 12,0"]
    # the status compares 0 with 0 (equal counts as up): the bare word would hide it
    t = pws_table(c, bumil("a", jumlah=200.0), K6, 2025, 12, ["a"], {"a": 95.0}).set_index("kode")
    assert t.loc["a", "status"] == CUKUP


def test_zeros_where_services_were_few_are_not_flagged():
    c = frame(rows("a", "k6", {**dict.fromkeys(range(1, 11), 2), 11: 0, 12: 0}))
    assert marks(c, bumil("a"), K6, 12, ["a"]) == [""]
    # one zero month is not a run
    c = frame(rows("a", "k6", {**dict.fromkeys(range(1, 12), 12), 12: 0}))
    assert marks(c, bumil("a"), K6, 12, ["a"]) == [""]


def test_a_puskesmas_with_seven_of_nine_desa_reporting():
    lapor = {**dict.fromkeys(range(1, 11), 9), 11: 9, 12: 7}
    c = frame(rows("p", "k6", dict.fromkeys(range(1, 13), 40), lapor=lapor))
    assert marks(c, bumil("p"), K6, 12, ["p"], ada=[9]) == ["Desember: 7 dari 9 desa melapor"]


def test_partial_months_are_named_in_the_trend_months_only():
    lapor = {**dict.fromkeys(range(1, 13), 9), 3: 5, 11: 8, 12: 7}
    c = frame(rows("p", "k6", dict.fromkeys(range(1, 13), 40), lapor=lapor))
    assert marks(c, bumil("p"), K6, 12, ["p"], ada=[9]) == [
        "November: 8 dari 9 desa melapor; Desember: 7 dari 9 desa melapor"]
    # unknown number of desa: only months nobody reported
    assert marks(c, bumil("p"), K6, 12, ["p"]) == [""]


def test_a_month_no_desa_of_the_puskesmas_reported_is_tanpa_laporan():
    c = frame(rows("p", "k6", {m: 40 for m in range(1, 13) if m != 7}, lapor=9))
    assert marks(c, bumil("p"), K6, 12, ["p"], ada=[9]) == ["tanpa laporan Juli"]


def test_january_without_december_is_named_with_its_year():
    c = frame(rows("a", "k6", {1: 8}), rows("b", "k6", {1: 8}), rows("b", "k6", {12: 7}, tahun=2024))
    assert marks(c, bumil("a", "b"), K6, 1, ["a", "b"]) == ["tanpa laporan Desember 2024", ""]


def test_january_without_december_is_named_in_the_first_year_of_data_too():
    """The status counts the missing December as "up or equal" all the same."""
    c = frame(rows("a", "k6", {1: 8}))
    assert marks(c, bumil("a"), K6, 1, ["a"]) == ["tanpa laporan Desember 2024"]


def test_a_register_denominator_not_reported_is_a_missing_month():
    """Gizi kurang (monthly): balita_bb_kurang ÷ balita_d; only this month and the month
    before count."""
    num = BB_KURANG.numerator[0]
    c = frame(rows("a", num, dict.fromkeys(range(1, 7), 5)),
              rows("a", "balita_d", {m: 20 for m in range(1, 7) if m != 5}))
    assert marks(c, None, BB_KURANG, 6, ["a"]) == ["tanpa laporan Mei"]
    # March missing is outside the months a monthly indicator compares
    c = frame(rows("a", num, dict.fromkeys(range(1, 7), 5)),
              rows("a", "balita_d", {m: 20 for m in range(1, 7) if m != 3}))
    assert marks(c, None, BB_KURANG, 6, ["a"]) == [""]


def test_a_flow_ratio_counts_every_month_of_the_period():
    c = frame(rows("a", "tb_diobati", {1: 2, 2: 2, 4: 2}), rows("a", "tb_diagnosis", {1: 2, 2: 2, 3: 2, 4: 2}))
    assert marks(c, None, TB, 4, ["a"]) == ["tanpa laporan Maret"]


def test_an_indicator_recorded_per_puskesmas_counts_puskesmas():
    reg = REALISASI.numerator[0]
    c = frame(rows("k", reg, dict.fromkeys(range(1, 4), 10.0), lapor={1: 3, 2: 3, 3: 2}))
    s = pd.DataFrame([("k", 2025, REALISASI.denominator, 100.0, 3)],
                     columns=["kode", "tahun", "sasaran", "jumlah", "desa_ada"])
    assert marks(c, s, REALISASI, 3, ["k"], ada=[3]) == ["Maret: 2 dari 3 Puskesmas melapor"]


def test_marks_add_to_the_status_word_and_never_change_it():
    assert with_mark("Cukup", "tanpa laporan Juli") == f"Cukup {MARK}"
    assert with_mark("Cukup", "") == "Cukup"
    assert with_mark(None, "tanpa laporan Juli") == f"– {MARK}"


def test_bulan_outside_1_to_12_is_refused():
    c = frame(rows("a", "k6", {1: 8}))
    with pytest.raises(ValueError):
        marks(c, bumil("a"), K6, 13, ["a"])


def test_no_rows_gives_no_marks():
    c = frame()
    assert tanpa_laporan(matrix(c, bumil(), K6, 2025, []), K6, 2025, 3).tolist() == []
    assert isinstance(tanpa_laporan(matrix(c, bumil(), K6, 2025, []), K6, 2025, 3), np.ndarray)


def test_a_row_without_any_report_this_year_gets_no_mark():
    """Its status is empty and its reason says 'Belum ada laporan …': no sign beside a dash."""
    c = frame(rows("a", "k6", {12: 8}, tahun=2024), rows("b", "k6", {1: 8}))
    assert marks(c, bumil("a", "b"), K6, 1, ["a", "b"]) == ["", "tanpa laporan Desember 2024"]


def test_the_scorecard_cell_carries_the_sign_the_class_and_the_tooltip():
    from layouts.skor_parts import TANPA_LAPORAN, scorecard_columns, scorecard_rows

    rows = {"kode": np.array(["a", "b"], dtype=object), "nama": np.array(["Desa A", "Desa B"], dtype=object),
            "k6": np.array([0.5, 0.6]), "status_k6": np.array(["cukup", "cukup"], dtype=object),
            "laporan_k6": np.array(["tanpa laporan November–Desember", ""], dtype=object),
            "iks": np.array([np.nan, np.nan]), "alasan_iks": np.array(["", ""], dtype=object),
            **{f"jumlah_{s}": np.array([0, 0]) for s in ("baik", "kurang", "jelek")},
            "jumlah_cukup": np.array([1, 1]), "skor": np.array([33.3, 33.3]), "peringkat": np.array([1.0, 1.0])}
    total = {k: v[0] for k, v in rows.items()}
    body, _pinned = scorecard_rows(rows, total)
    a, b = body
    assert a["t_k6"] == f"50,0% △ {MARK}" and a["l_k6"] == "tanpa laporan November–Desember"
    assert b["t_k6"] == "50,0% △".replace("50", "60") and "l_k6" not in b
    k6 = next(c for g in scorecard_columns("Desa", 12) for c in g.get("children", []) if c.get("field") == "k6")
    assert f"params.data.l_k6 ? ' {TANPA_LAPORAN}'" in k6["cellClass"]["function"]
    assert "params.data.l_k6" in k6["tooltipValueGetter"]["function"]


def test_the_summary_of_all_indicators_carries_the_mark():
    from layouts.pws_parts import ringkasan_rows

    (row,) = ringkasan_rows([{"indikator": "k6", "label": "Cakupan K6", "kelompok": "kia", "status": "cukup",
                              "alasan": "", "cakupan_kumulatif": 0.5, "target_bulan_ini": 0.95,
                              "tanpa_laporan": "Desember: 7 dari 9 desa melapor"}])
    assert row["status_label"] == f"Cukup {MARK}" and row["status"] == "cukup"
    assert row["alasan"] == "! Desember: 7 dari 9 desa melapor"


def test_the_hover_of_a_bar_names_the_months_without_report():
    from figures.pws import pws_bars

    c = frame(rows("a", "k6", dict.fromkeys(range(1, 11), 8)), rows("b", "k6", EVERY))
    t = pws_table(c, bumil("a", "b"), K6, 2025, 12, ["a", "b"], {"a": 95.0, "b": 95.0}).assign(nama=["A", "B"])
    hover = [h for trace in pws_bars(t, K6, target=0.95, bulan=12)["data"] for h in trace.get("hovertext") or []]
    assert any("! tanpa laporan November–Desember" in h for h in hover)
    assert not any("!" in h for h in hover if h.startswith("<b>B</b>"))
