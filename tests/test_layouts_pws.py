"""The PWS status table's rows (layouts.pws_parts.status_rows): order and the notes a reader
needs beside a value."""
from __future__ import annotations

import pandas as pd

from indicators import pws
from indicators.columns import Columns
from indicators.program import INDICATOR_BY_CODE
from layouts.pws_parts import kpi_row, status_columns, status_rows

TAHUN = 2025
COUNTS = ["kode", "tahun", "bulan", "indikator", "nilai", "desa_lapor"]
SASARAN = ["kode", "tahun", "sasaran", "jumlah", "desa_ada"]
TB_PENGOBATAN = INDICATOR_BY_CODE["tb_pengobatan"]  # tb_diobati ÷ tb_diagnosis, target 90%
K6 = INDICATOR_BY_CODE["k6"]  # ÷ sasaran ibu hamil


def rows(ind, counts, sasaran=()):
    c = pd.DataFrame(counts, columns=COUNTS)
    s = pd.DataFrame(list(sasaran), columns=SASARAN)
    kode = sorted({r[0] for r in counts})
    table = pws.pws_columns(c, s, ind, TAHUN, 1, kode, dict.fromkeys(kode, ind.target))
    table = Columns({"kode": table["kode"], "nama": table["kode"], **table})
    return {r["kode"]: r for r in status_rows(table, ind)}


def test_a_ratio_of_a_few_cases_says_its_divisor_is_small():
    """3 TB cases diagnosed, 2 treated: 66,7%, and one more case would make it 100%. The row
    says so; 40 cases (90%) do not get the note."""
    out = rows(TB_PENGOBATAN, [("a", TAHUN, 1, "tb_diagnosis", 3, 1), ("a", TAHUN, 1, "tb_diobati", 2, 1),
                               ("b", TAHUN, 1, "tb_diagnosis", 40, 1), ("b", TAHUN, 1, "tb_diobati", 36, 1)])
    assert out["a"]["cakupan_kumulatif"] == 2 / 3
    # January without last December: the trend rests on a month without report, said first
    assert out["a"]["keterangan"] == ("! tanpa laporan Desember 2024; penyebut kecil (3): satu kasus "
                                      "menggeser ≥ 10 poin; bulan lalu tanpa nilai: tren dianggap naik/tetap")
    assert "penyebut kecil" not in out["b"]["keterangan"]
    assert pws.small_divisor(TB_PENGOBATAN, 9) and not pws.small_divisor(TB_PENGOBATAN, 10)
    assert not pws.small_divisor(TB_PENGOBATAN, 0) and not pws.small_divisor(TB_PENGOBATAN, float("nan"))


def test_a_month_without_cases_keeps_the_small_divisor_note_beside_its_reason():
    """3 cases in January, none diagnosed in February: February's own ratio (and so the
    status) cannot be judged, and the cumulative 2 of 3 still rests on a small divisor."""
    c = pd.DataFrame([("a", TAHUN, 1, "tb_diagnosis", 3, 1), ("a", TAHUN, 1, "tb_diobati", 2, 1),
                      ("a", TAHUN, 2, "tb_diagnosis", 0, 1), ("a", TAHUN, 2, "tb_diobati", 0, 1)], columns=COUNTS)
    table = pws.pws_columns(c, None, TB_PENGOBATAN, TAHUN, 2, ["a"], {"a": 90})
    (row,) = status_rows(Columns({"kode": table["kode"], "nama": table["kode"], **table}), TB_PENGOBATAN)
    assert row["status"] is None and row["cakupan_kumulatif"] == 2 / 3
    assert row["keterangan"] == ("TB terdiagnosis bulan Februari bernilai 0: status bulan ini tidak dapat "
                                 "dinilai; penyebut kecil (3): satu kasus menggeser ≥ 10 poin")


def test_a_small_sasaran_estimate_gets_no_small_divisor_note():
    """A desa of 5 pregnant women is the normal PWS unit: coverage of an annual sasaran is
    read against its linear target, not flagged."""
    out = rows(K6, [("a", TAHUN, 1, "k6", 1, 1)], [("a", TAHUN, "bumil", 5.0, 1)])
    assert out["a"]["cakupan_kumulatif"] == 0.2 and "penyebut kecil" not in out["a"]["keterangan"]


def test_rows_are_worst_status_first_then_lowest_coverage():
    out = list(rows(TB_PENGOBATAN, [(k, TAHUN, 1, reg, v, 1) for k, d, t in
                                     (("a", 40, 20), ("b", 40, 39), ("c", 40, 30), ("d", 40, 38))
                                     for reg, v in (("tb_diagnosis", d), ("tb_diobati", t))]).values())
    assert [r["kode"] for r in out] == ["a", "c", "d", "b"]  # 50%, 75%, 95%, 97,5%
    # the status word stays; the sign beside it says January had no December to compare with
    assert [r["status_label"] for r in out] == ["Cukup !", "Cukup !", "Baik !", "Baik !"]
    assert {r["tanpa_laporan"] for r in out} == {"tanpa laporan Desember 2024"}


def test_a_silent_desa_is_marked_beside_its_status_and_in_the_notes():
    """Desa a stopped reporting K6 after October; desa b reports every month."""
    counts = [(k, TAHUN, b, "k6", 5, 1) for k in "ab" for b in range(1, 13) if k == "b" or b <= 10]
    counts += [(k, TAHUN - 1, 12, "k6", 5, 1) for k in "ab"]
    c = pd.DataFrame(counts, columns=COUNTS)
    s = pd.DataFrame([(k, TAHUN, "bumil", 100.0, 1) for k in "ab"], columns=SASARAN)
    table = pws.pws_columns(c, s, K6, TAHUN, 12, ["a", "b"], {"a": 95, "b": 95})
    out = {r["kode"]: r for r in status_rows(Columns({"kode": table["kode"], "nama": table["kode"], **table}), K6)}
    assert out["a"]["status_label"] == "– !"  # December not reported: no status, and the sign
    assert "! tanpa laporan November–Desember" in out["a"]["keterangan"]
    assert out["b"]["status_label"] == "Cukup" and "!" not in out["b"]["keterangan"]
    total = pws.pws_columns(pws.total_inputs(c, s, "p")[0], pws.total_inputs(c, s, "p")[1], K6, TAHUN, 12, ["p"],
                            {"p": 95}, ada=[2])
    assert total["tanpa_laporan"].tolist() == ["November: 1 dari 2 desa melapor; Desember: 1 dari 2 desa melapor"]
    cards = kpi_row(K6, {k: v[0] for k, v in total.items()}, pws.status_counts(table.frame()), 12)
    assert "Cukup !" in text_of(cards) and "! November: 1 dari 2 desa melapor" in text_of(cards)


def text_of(component) -> str:
    if component is None or isinstance(component, (str, int, float)):
        return "" if component is None else str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def test_a_rate_is_labelled_in_its_unit_not_as_a_coverage():
    names = {c["field"]: c["headerName"] for c in status_columns(INDICATOR_BY_CODE["tb_notifikasi"], "Desa")}
    assert names["cakupan_kumulatif"] == "Angka kumulatif (per 100.000 penduduk)"
    assert names["cakupan_bulan_ini"] == "Angka bulan ini (per 100.000 penduduk)"
    assert {c["field"]: c["headerName"] for c in status_columns(K6, "Desa")}["cakupan_kumulatif"] == "Cakupan kumulatif"


def test_the_kpi_note_shows_a_register_divisor_as_a_count_and_a_sasaran_with_a_decimal():
    counts = {"baik": 0, "kurang": 0, "cukup": 1, "jelek": 0, "kosong": 0}
    treated = {"capaian_kumulatif": 2418.0, "sasaran": 2609.0, "cakupan_kumulatif": 2418 / 2609,
               "status": "cukup", "alasan": "", "target_bulan_ini": 0.9, "target_tahunan": 90.0}
    assert "2.418 dari 2.609" in text_of(kpi_row(TB_PENGOBATAN, treated, counts, 6))
    assert "2.609,0" not in text_of(kpi_row(TB_PENGOBATAN, treated, counts, 6))
    k6 = {**treated, "capaian_kumulatif": 57.0, "sasaran": 240.0, "cakupan_kumulatif": 57 / 240}
    assert "57 dari 240,0" in text_of(kpi_row(K6, k6, counts, 3))


def test_a_graph_box_is_as_tall_as_its_figure_before_plotly_draws_it():
    from layouts.pws_parts import FRAMED, graph_frame_style

    assert graph_frame_style({"layout": {"height": 460}}) == {"minHeight": "460px"}
    assert graph_frame_style({"layout": {"height": 301.6}}) == {"minHeight": "301px"}
    # no height declared: the box keeps no reserve (and still marks the data as arrived)
    assert graph_frame_style({"data": []}) == {"minHeight": "0px"}
    assert "min-height" in FRAMED  # what assets/lazy.js waits for, as the browser writes the style
