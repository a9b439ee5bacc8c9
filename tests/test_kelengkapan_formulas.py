"""Completeness and timeliness formulas (indicators/kelengkapan.py) against hand-worked cases: the
cut-off at its boundary day (10th on time, 11th late; December → January of the next year),
which registers are expected, the per-desa and per-Puskesmas counts, the percentages with
their empty cases, and the silent run."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from indicators.kelengkapan import (
    batas_waktu,
    diam_berturut,
    jendela,
    persen_lengkap,
    persen_tepat,
    register_diharapkan,
    rentang_bulan,
    ringkas,
    tanpa_laporan_teks,
    tepat_waktu,
)

UTC0 = 0.0  # the boundary tests in UTC, so that the day is the day


def test_november_report_on_the_10th_of_december_is_on_time():
    assert tepat_waktu(datetime(2025, 12, 10, 0, 0), 2025, 11, 10, UTC0) is True
    assert tepat_waktu(datetime(2025, 12, 10, 23, 59, 59), 2025, 11, 10, UTC0) is True


def test_november_report_on_the_11th_of_december_is_late():
    assert tepat_waktu(datetime(2025, 12, 11, 0, 0), 2025, 11, 10, UTC0) is False
    assert tepat_waktu(datetime(2025, 12, 11, 8, 0), 2025, 11, 10, UTC0) is False


def test_december_report_is_due_by_the_10th_of_january_of_the_next_year():
    assert batas_waktu(2025, 12, 10, UTC0) == datetime(2026, 1, 11)
    assert tepat_waktu(datetime(2026, 1, 10, 12, 0), 2025, 12, 10, UTC0) is True
    assert tepat_waktu(datetime(2026, 1, 11, 0, 0), 2025, 12, 10, UTC0) is False
    # a report sent in the month itself (or earlier) is on time too
    assert tepat_waktu(datetime(2025, 12, 31), 2025, 12, 10, UTC0) is True


def test_the_day_is_local_time_wib_seven_hours_ahead_of_utc():
    # 11 December 00:00 WIB is 10 December 17:00 UTC: from then on, late
    assert batas_waktu(2025, 11, 10, 7) == datetime(2025, 12, 10, 17, 0)
    assert tepat_waktu(datetime(2025, 12, 10, 16, 59), 2025, 11, 10, 7) is True
    assert tepat_waktu(datetime(2025, 12, 10, 17, 0), 2025, 11, 10, 7) is False


def test_another_cut_off_day_and_unknown_arrival():
    assert tepat_waktu(datetime(2025, 3, 5, 23), 2025, 2, 5, UTC0) is True
    assert tepat_waktu(datetime(2025, 3, 6), 2025, 2, 5, UTC0) is False
    assert tepat_waktu(None, 2025, 2) is None
    assert tepat_waktu(pd.NaT, 2025, 2) is None
    with pytest.raises(ValueError):
        batas_waktu(2025, 13)
    with pytest.raises(ValueError):
        batas_waktu(2025, 1, 31)


def test_expected_registers_are_those_of_the_year_or_the_year_before():
    reports = pd.DataFrame([("P1", 2024, "k1"), ("P1", 2025, "k6"), ("P2", 2024, "idl")],
                           columns=["kode_puskesmas", "tahun", "indikator"])
    got = register_diharapkan(reports, [2025, 2026])
    assert got == {("P1", 2025): {"k1", "k6"}, ("P1", 2026): {"k6"}, ("P2", 2025): {"idl"}}


DESA = pd.DataFrame([("D1", "P1"), ("D2", "P1"), ("D3", "P2")], columns=["kode_desa", "kode_puskesmas"])


def _report(desa, tahun, bulan, ind, masuk):
    return (desa, tahun, bulan, ind, masuk)


def test_counts_per_desa_and_per_puskesmas_by_hand():
    # P1 reported k1 and k6 in 2025 → each of its 2 desa owes 2 reports a month. In March:
    # D1 sent k1 on 5 April (on time) and k6 on 20 April (late), D2 sent k1 with no known time.
    # P2 reported nothing in 2024 or 2025: it expects nothing (no rows).
    reports = pd.DataFrame([
        _report("D1", 2025, 3, "k1", datetime(2025, 4, 5)),
        _report("D1", 2025, 3, "k6", datetime(2025, 4, 20)),
        _report("D2", 2025, 3, "k1", pd.NaT),
    ], columns=["kode_desa", "tahun", "bulan", "indikator", "pertama_masuk"])
    per_desa, per_register = ringkas(DESA, reports, [2025], 10, UTC0)
    assert len(per_desa) == 2 * 12  # two desa × twelve months; none for P2's D3
    march = per_desa[per_desa["bulan"] == 3].set_index("kode_desa")
    assert march.loc["D1", ["desa", "diharapkan", "dilaporkan", "tepat", "tanpa_waktu", "desa_lapor"]].tolist() == \
        [1, 2, 2, 1, 0, 1]
    assert march.loc["D2", ["diharapkan", "dilaporkan", "tepat", "tanpa_waktu", "desa_lapor"]].tolist() == \
        [2, 1, 0, 1, 1]
    april = per_desa[per_desa["bulan"] == 4]
    assert april["diharapkan"].tolist() == [2, 2] and april["dilaporkan"].tolist() == [0, 0]
    reg = per_register[(per_register["bulan"] == 3)].set_index("indikator")
    assert reg.loc["k1", ["desa", "diharapkan", "dilaporkan", "tepat", "tanpa_waktu"]].tolist() == [2, 2, 2, 1, 1]
    assert reg.loc["k6", ["diharapkan", "dilaporkan", "tepat"]].tolist() == [2, 1, 0]
    # March over P1: 4 expected, 3 received (75%); on time 1 of the 3 with a known arrival
    total = march[["diharapkan", "dilaporkan", "tepat", "tanpa_waktu"]].sum()
    assert persen_lengkap(total["dilaporkan"], total["diharapkan"]) == 0.75
    assert persen_tepat(total["tepat"], total["diharapkan"], total["tanpa_waktu"]) == pytest.approx(1 / 3)


def test_a_value_of_zero_is_a_report_and_january_expects_last_years_registers():
    reports = pd.DataFrame([_report("D3", 2024, 12, "idl", datetime(2025, 1, 2))],
                           columns=["kode_desa", "tahun", "bulan", "indikator", "pertama_masuk"])
    per_desa, _ = ringkas(DESA, reports, [2024, 2025], 10, UTC0)
    d3 = per_desa[per_desa["kode_desa"] == "D3"].set_index(["tahun", "bulan"])
    assert d3.loc[(2024, 12), "dilaporkan"] == 1 and d3.loc[(2024, 12), "tepat"] == 1
    # 2025: nothing yet, but idl is still expected (it ran in 2024): January is a missed report
    assert d3.loc[(2025, 1), ["diharapkan", "dilaporkan"]].tolist() == [1, 0]


def test_percentages_are_empty_when_nothing_was_expected():
    assert persen_lengkap(0, 0) is None
    assert persen_lengkap(0, 4) == 0.0
    assert persen_lengkap(4, 4) == 1.0
    assert persen_tepat(0, 0) is None
    assert persen_tepat(0, 3, 3) is None  # every arrival unknown
    assert persen_tepat(2, 4, 0) == 0.5  # one not received counts as not on time


def test_window_of_months_crosses_the_year():
    assert jendela(2025, 2, 4) == [(2024, 11), (2024, 12), (2025, 1), (2025, 2)]
    assert jendela(2025, 12, 12)[0] == (2025, 1)


def test_silent_run_ends_at_the_last_month():
    months = jendela(2025, 12, 6)  # Jul..Dec
    assert diam_berturut(months, [2] * 6, [2, 2, 1, 0, 0, 0]) == [(2025, 10), (2025, 11), (2025, 12)]
    assert diam_berturut(months, [2] * 6, [0, 0, 2, 2, 2, 1]) == []  # reported this month: not silent now
    assert diam_berturut(months, [2] * 6, [2, 2, 2, 2, 2, 0]) == [(2025, 12)]  # one month only
    # a month expecting nothing is not silence and ends the run
    assert diam_berturut(months, [2, 2, 2, 0, 2, 2], [2, 2, 2, 0, 0, 0]) == [(2025, 11), (2025, 12)]


def test_silent_months_named():
    assert rentang_bulan([(2025, 10), (2025, 11), (2025, 12)]) == "Oktober–Desember 2025"
    assert rentang_bulan([(2024, 12), (2025, 1)]) == "Desember 2024–Januari 2025"
    assert tanpa_laporan_teks([(2025, 11), (2025, 12)]) == "tanpa laporan November–Desember 2025 (2 bulan)"
    assert tanpa_laporan_teks([]) == ""


def test_cut_off_day_setting_is_read_and_checked():
    from data_access.settings import batas_laporan_hari, load_settings, zona_waktu_jam

    assert batas_laporan_hari({}) == 10 and zona_waktu_jam({}) == 7.0
    assert batas_laporan_hari({"BATAS_LAPORAN_HARI": "5"}) == 5
    assert load_settings({"BATAS_LAPORAN_HARI": "15", "ZONA_WAKTU_JAM": "8"}).batas_laporan_hari == 15
    for bad in ("0", "29", "x", "-1", "10.5"):
        with pytest.raises(ValueError, match="BATAS_LAPORAN_HARI"):
            batas_laporan_hari({"BATAS_LAPORAN_HARI": bad})
    with pytest.raises(ValueError, match="ZONA_WAKTU_JAM"):
        zona_waktu_jam({"ZONA_WAKTU_JAM": "WIB"})
