"""Klaster 1 sarpras and kegiatan formulas (indicators/k1_sarpras.py, indicators/k1_kegiatan.py),
on frames small enough to count by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.k1_kegiatan import kegiatan_registers, klaster_month, late, period_sums, totals
from indicators.k1_sarpras import (
    N_STANDAR,
    STANDAR,
    STANDAR_BY_KODE,
    broken,
    non_standard,
    shares,
    standard_gaps,
    summed,
    tallies,
    tally,
)


def inv(*rows, pkm="P01", tahun=2025) -> pd.DataFrame:
    """(kode_item, kondisi, jumlah[, lokasi]) rows of one Puskesmas-year."""
    out = [{"kode_puskesmas": pkm, "tahun": tahun, "kode_item": r[0], "kondisi": r[1], "jumlah": r[2],
            "lokasi": r[3] if len(r) > 3 else "", "nama_item": r[0], "kategori": "lainnya"} for r in rows]
    return pd.DataFrame(out, columns=["kode_puskesmas", "tahun", "lokasi", "kode_item", "kondisi", "nama_item",
                                      "jumlah", "kategori"])


# --- the standard list ---------------------------------------------------------------------------

def test_the_standard_list_has_unique_codes_and_known_categories():
    assert 30 <= N_STANDAR <= 40
    assert len(STANDAR_BY_KODE) == N_STANDAR
    assert {i.kategori for i in STANDAR} == {"alat_kesehatan", "sarana", "prasarana"}
    names = {i.nama for i in STANDAR}
    assert "Lemari es vaksin" in names and "Genset" in names and "Tensimeter" in names


# --- sarpras: present and working ------------------------------------------------------------------

def test_present_counts_any_condition_and_working_counts_baik_only():
    # ALK-01: 1 baik → present, working; ALK-02: only rusak ringan → present, not working;
    # ALK-03: rusak berat 2 → present, not working; ALK-04: baik 0 → neither;
    # ALK-05 baik at a Pustu → working; XYZ: non-standard, working but not counted
    frame = inv(("ALK-01", "baik", 1), ("ALK-02", "rusak_ringan", 3), ("ALK-03", "rusak_berat", 2),
                ("ALK-04", "baik", 0), ("ALK-05", "baik", 1, "Pustu A"), ("XYZ", "baik", 4))
    got = tally(frame)
    assert (got.standar, got.ada, got.berfungsi) == (N_STANDAR, 4, 2)
    assert (got.unit_rusak_berat, got.unit_rusak_ringan, got.non_standar) == (2, 3, 1)
    assert shares(got.ada, got.berfungsi, got.standar) == (4 / N_STANDAR, 2 / N_STANDAR)


def test_an_empty_inventory_has_nothing_present_and_no_standard_means_no_share():
    got = tally(inv())
    assert (got.ada, got.berfungsi, got.unit_rusak_berat, got.non_standar) == (0, 0, 0, 0)
    assert shares(0, 0, 0) == (None, None)


def test_tallies_per_puskesmas_equal_tally_of_each():
    a = inv(("ALK-01", "baik", 1), ("ALK-01", "rusak_berat", 1), pkm="P01")
    b = inv(("ALK-02", "rusak_ringan", 1), ("NS-1", "baik", 1), ("NS-2", "baik", 1), pkm="P02")
    rows = tallies(pd.concat([a, b], ignore_index=True)).set_index("kode_puskesmas")
    assert rows.loc["P01", ["ada", "berfungsi", "unit_rusak_berat", "non_standar"]].tolist() == [1, 1, 1, 0]
    assert rows.loc["P02", ["ada", "berfungsi", "unit_rusak_ringan", "non_standar"]].tolist() == [1, 0, 1, 2]


def test_a_dinkes_share_is_summed_over_puskesmas_not_an_average_of_percentages():
    # 10 of 37 working at one, 30 of 37 at the other: (10 + 30) / 74; here equal to the mean,
    # so also a case where the denominators differ (a list of 37 and one of 20)
    rows = pd.DataFrame({"standar": [37, 37], "ada": [12, 31], "berfungsi": [10, 30]})
    assert summed(rows) == (43 / 74, 40 / 74)
    uneven = pd.DataFrame({"standar": [20, 37], "ada": [20, 0], "berfungsi": [20, 0]})
    ada, _ = summed(uneven)
    assert ada == pytest.approx(20 / 57)  # the mean of the percentages would be 0.5
    assert ada != pytest.approx(0.5)


def test_gaps_list_missing_and_not_working_standard_items_in_list_order():
    frame = inv(("ALK-14", "rusak_berat", 1), ("ALK-02", "rusak_ringan", 2),
                *[(i.kode, "baik", 1) for i in STANDAR if i.kode not in ("ALK-14", "ALK-02", "ALK-25")])
    gaps = standard_gaps(frame)
    assert [g["kode_item"] for g in gaps] == ["ALK-02", "ALK-14", "ALK-25"]
    assert [g["keadaan"] for g in gaps] == ["ada, tidak berfungsi", "ada, tidak berfungsi", "tidak ada"]
    assert [g["rusak_ringan"] for g in gaps] == [2, 0, 0] and [g["rusak_berat"] for g in gaps] == [0, 1, 0]


def test_broken_lists_rusak_berat_first_then_rusak_ringan_with_lokasi():
    frame = inv(("ALK-02", "rusak_ringan", 1, "Pustu B"), ("ALK-14", "rusak_berat", 1), ("ALK-03", "baik", 2),
                ("NS-9", "rusak_berat", 1), ("ALK-05", "rusak_berat", 0))
    rows = broken(frame)
    assert [r["kode_item"] for r in rows] == ["ALK-14", "NS-9", "ALK-02"]
    assert [r["lokasi_label"] for r in rows] == ["Gedung Puskesmas", "Gedung Puskesmas", "Pustu B"]
    assert [r["standar"] for r in rows] == ["standar", "non-standar", "standar"]
    assert [r["kondisi_label"] for r in rows] == ["Rusak berat", "Rusak berat", "Rusak ringan"]


def test_non_standard_items_are_listed_not_counted():
    frame = inv(("NS-USG", "baik", 1), ("ALK-01", "baik", 1))
    assert [r["kode_item"] for r in non_standard(frame)] == ["NS-USG"]
    assert tally(frame).ada == 1


# --- kegiatan ------------------------------------------------------------------------------------

def plan(*rows, pkm="P01", tahun=2025) -> pd.DataFrame:
    """(id, klaster, bulan_rencana, terlaksana, bulan_terlaksana, anggaran) rows."""
    return pd.DataFrame([{"kode_puskesmas": pkm, "tahun": tahun, "id_kegiatan": r[0], "nama_kegiatan": r[0],
                          "klaster": r[1], "bulan_rencana": r[2], "terlaksana": r[3],
                          "bulan_terlaksana": np.nan if r[4] is None else r[4],
                          "anggaran": np.nan if r[5] is None else r[5], "sumber_dana": ""} for r in rows])


PLAN = plan(
    ("a", 2, 1, "Y", 1, 100.0),     # on time
    ("b", 2, 2, "Y", 4, 200.0),     # two months late: done from April
    ("c", 3, 2, "T", None, 300.0),  # not done
    ("d", 3, 3, "Y", None, None),   # done, month blank: its planned month; no budget
    ("e", 5, 5, "Y", 5, 50.0),      # planned after March
)


def test_period_counts_what_was_planned_and_done_by_its_end():
    # March: a, b, c, d planned; a and d done (b only in April)
    assert totals(PLAN, 3) == {"rencana": 4, "terlaksana": 2, "terlambat": 2, "anggaran_rencana": 600.0,
                               "anggaran_terlaksana": 100.0}
    # April: b counts as done now
    assert totals(PLAN, 4)["terlaksana"] == 3
    # January: only a
    assert totals(PLAN, 1) == {"rencana": 1, "terlaksana": 1, "terlambat": 0, "anggaran_rencana": 100.0,
                               "anggaran_terlaksana": 100.0}
    # December: all five planned, c never done
    assert (totals(PLAN, 12)["rencana"], totals(PLAN, 12)["terlaksana"]) == (5, 4)


def test_late_lists_planned_not_done_oldest_first():
    rows = late(PLAN, 3)
    assert [r["id_kegiatan"] for r in rows] == ["b", "c"]
    assert [r["terlambat"] for r in rows] == [1, 1]
    assert [(r["id_kegiatan"], r["terlambat"]) for r in late(PLAN, 4)] == [("c", 2)]
    assert late(PLAN.iloc[0:0], 12) == []


def test_klaster_month_counts_each_planned_month_done_by_the_period_end():
    m = {row["klaster"]: row for row in klaster_month(PLAN, 3)}
    assert [m[2][k] for k in ("1_rencana", "1_terlaksana", "2_rencana", "2_terlaksana")] == [1, 1, 1, 0]
    assert [m[3][k] for k in ("2_rencana", "2_terlaksana", "3_rencana", "3_terlaksana")] == [1, 0, 1, 1]
    assert (m[2]["rencana"], m[2]["terlaksana"]) == (2, 1)
    assert 5 not in m  # planned after March


def test_period_sums_are_cumulative_per_month_and_klaster():
    sums = period_sums(PLAN).set_index(["bulan", "klaster"])
    assert sums.loc[(3, 2), ["rencana", "terlaksana", "anggaran_rencana", "anggaran_terlaksana"]].tolist() == [
        2, 1, 300.0, 100.0]
    assert sums.loc[(4, 2), ["rencana", "terlaksana"]].tolist() == [2, 2]
    assert sums.loc[(4, 2), "selesai_bulan_ini"] == 1  # b done in April
    assert sums.loc[(12, 3), ["rencana", "terlaksana"]].tolist() == [2, 1]
    # klaster 3 planned nothing in January: a row of zeros (its Puskesmas has a plan)
    assert sums.loc[(1, 3), ["rencana", "terlaksana", "anggaran_rencana"]].tolist() == [0, 0, 0.0]
    assert len(sums) == 12 * 4  # klaster 2, 3, 5, and 0: every klaster summed (what a Dinkes table reads)
    assert sums.loc[(3, 0), ["rencana", "terlaksana", "anggaran_rencana", "anggaran_terlaksana"]].tolist() == [
        4, 2, 600.0, 100.0]
    assert sums.loc[(4, 0), "selesai_bulan_ini"] == 1
    assert sums.loc[(12, 0), "rencana"] == 5


def test_registers_count_planned_per_month_and_those_done_whenever():
    regs = kegiatan_registers(PLAN)
    got = {(int(b), i): int(v) for b, i, v in regs[["bulan", "indikator", "nilai"]].itertuples(index=False)}
    assert got == {(1, "kegiatan_rencana"): 1, (1, "kegiatan_terlaksana"): 1,
                   (2, "kegiatan_rencana"): 2, (2, "kegiatan_terlaksana"): 1,
                   (3, "kegiatan_rencana"): 1, (3, "kegiatan_terlaksana"): 1,
                   (5, "kegiatan_rencana"): 1, (5, "kegiatan_terlaksana"): 1}
    assert list(regs.columns) == ["kode_puskesmas", "tahun", "bulan", "indikator", "nilai"]
    assert kegiatan_registers(PLAN.iloc[0:0]).empty
