"""Klaster 1 staff (SDM) formulas, hand-computed: masa kerja in completed years and its band
boundaries, staff per 10.000 penduduk with an unknown or zero population, the nine minimum
types (exactly nine, none, no doctor), the national share, the order of a list, the as-of
date, and the codes' spellings."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access import schema
from data_access.k1_sdm import table_of, wide
from indicators.k1_sdm import (
    JENIS,
    MINIMAL_CODES,
    PENDIDIKAN,
    STATUS,
    asof_date,
    band,
    band_counts,
    keahlian_counts,
    kekurangan_per_jenis,
    kelengkapan,
    lookup,
    masa_kerja,
    per_10000,
    read_code,
    share_lengkap,
)


def test_the_summary_tables_columns_follow_the_declared_codes():
    assert schema.SDM_JENIS == tuple(j.code for j in JENIS)
    assert schema.SDM_STATUS == tuple(s.code for s in STATUS)


def test_nine_minimum_types_are_declared_in_order():
    assert MINIMAL_CODES == ("dokter", "dokter_gigi", "perawat", "bidan", "kesmas", "kesling", "gizi",
                             "kefarmasian", "atlm")
    assert {"dokter_spesialis", "rekam_medis", "administrasi", "lainnya"} <= {j.code for j in JENIS}


@pytest.mark.parametrize("mulai, asof, years", [
    (date(2020, 12, 31), date(2025, 12, 31), 5),   # the anniversary completes the fifth year
    (date(2021, 1, 1), date(2025, 12, 31), 4),     # a day short of five
    (date(2025, 12, 31), date(2025, 12, 31), 0),
    (date(2000, 2, 29), date(2025, 2, 28), 24),    # a leap-day start: the 25th year not yet complete
    (date(2000, 2, 29), date(2025, 3, 1), 25),
])
def test_masa_kerja_counts_completed_years(mulai, asof, years):
    assert masa_kerja(mulai, asof) == years


def test_masa_kerja_of_someone_not_started_yet_is_none():
    assert masa_kerja(date(2026, 1, 1), date(2025, 12, 31)) is None


@pytest.mark.parametrize("years, label", [
    (0, "< 1 tahun"), (1, "1–5 tahun"), (4, "1–5 tahun"), (5, "5–10 tahun"), (9, "5–10 tahun"),
    (10, "10–20 tahun"), (19, "10–20 tahun"), (20, "≥ 20 tahun"), (41, "≥ 20 tahun"),
])
def test_band_boundaries_belong_to_the_upper_band(years, label):
    assert band(years) == label


def test_band_counts_every_band_and_skips_those_not_started():
    asof = date(2025, 12, 31)
    starts = [date(2025, 6, 1), date(2020, 12, 31), date(2021, 1, 1), date(2005, 12, 31), date(2026, 1, 5)]
    assert band_counts(starts, asof) == {"< 1 tahun": 1, "1–5 tahun": 1, "5–10 tahun": 1, "10–20 tahun": 0,
                                         "≥ 20 tahun": 1}


def test_per_10000_hand_computed():
    assert per_10000(42, 35_000).nilai == pytest.approx(12.0)  # 42 / 35.000 × 10.000
    assert per_10000(42, 35_000).teks == "12,0"


@pytest.mark.parametrize("penduduk, tanpa, reason", [
    (None, 0, "jumlah penduduk belum diisi di data wilayah"),
    (0, 0, "jumlah penduduk di data wilayah 0"),
    (12_000, 2, "jumlah penduduk 2 desa belum diisi di data wilayah"),
])
def test_per_10000_is_empty_with_its_reason(penduduk, tanpa, reason):
    rasio = per_10000(30, penduduk, tanpa)
    assert rasio.nilai is None and rasio.alasan == reason and rasio.teks == "–"


def test_exactly_nine_types_is_complete():
    k = kelengkapan(dict.fromkeys(MINIMAL_CODES, 1) | {"administrasi": 5})
    assert k.lengkap and k.jumlah == 9 and k.kurang == () and not k.tanpa_dokter and k.teks == "9/9"


def test_a_zero_count_is_a_gap_and_a_missing_doctor_is_named():
    k = kelengkapan(dict.fromkeys(MINIMAL_CODES, 2) | {"dokter": 0, "atlm": 0, "dokter_spesialis": 1})
    assert k.jumlah == 7 and k.kurang == ("dokter", "atlm") and k.tanpa_dokter
    assert k.kurang_teks == "Dokter, ATLM"


def test_no_staff_lacks_all_nine():
    k = kelengkapan({})
    assert k.jumlah == 0 and k.kurang == MINIMAL_CODES


def test_share_of_puskesmas_with_all_nine_and_who_lacks_each_type():
    full = kelengkapan(dict.fromkeys(MINIMAL_CODES, 1))
    no_gizi = kelengkapan(dict.fromkeys(MINIMAL_CODES, 1) | {"gizi": 0})
    assert share_lengkap([full, no_gizi, full]) == (2, 3)
    assert share_lengkap([]) == (0, 0)
    lacking = dict(kekurangan_per_jenis({"A": full, "B": no_gizi}))
    assert lacking["gizi"] == ["B"] and lacking["dokter"] == []


@pytest.mark.parametrize("text, code", [
    ("Dokter Gigi", "dokter_gigi"), ("dokter-gigi", "dokter_gigi"), ("DRG", "dokter_gigi"),
    ("apoteker", "kefarmasian"), ("TTK", "kefarmasian"), ("Sanitarian", "kesling"),
    ("Analis Kesehatan", "atlm"), ("promkes", "kesmas"), ("Bidan", "bidan"), ("rekam_medis", "rekam_medis"),
])
def test_jenis_accepts_common_spellings(text, code):
    assert read_code(text, lookup(JENIS)) == code


def test_status_and_pendidikan_spellings():
    assert read_code("Kontrak/BLUD", lookup(STATUS)) == "kontrak"
    assert read_code("BLUD", lookup(STATUS)) == "kontrak"
    assert read_code("S1", lookup(PENDIDIKAN)) == "d4_s1"
    assert read_code("D4/S1", lookup(PENDIDIKAN)) == "d4_s1"
    assert read_code("dukun", lookup(JENIS)) is None


def test_asof_is_the_end_of_the_month_or_year_never_after_today():
    today = date(2026, 12, 3)
    assert asof_date(2025, None, today) == date(2025, 12, 31)
    assert asof_date(2024, 2, today) == date(2024, 2, 29)
    assert asof_date(2026, None, today) == today


def test_table_puts_puskesmas_without_a_doctor_first_and_leaves_non_reporting_last():
    places = pd.DataFrame({"kode": ["P1", "P2", "P3", "P4"], "nama": ["Alpha", "Beta", "Gamma", "Delta"],
                           "kode_kabupaten": "99.01", "nama_kabupaten": "Kab", "penduduk": [20_000, 10_000, 0, None],
                           "desa_tanpa_penduduk": [0, 0, 0, 1]})
    rows = []
    for kode, drop in (("P1", ()), ("P2", ("dokter",)), ("P3", ("gizi", "atlm"))):
        rows += [(kode, j, "pns", 2) for j in MINIMAL_CODES if j not in drop]
    rows.append(("P1", "dokter", "honorer", 1))
    counts = pd.DataFrame(rows, columns=["kode_puskesmas", "jenis_tenaga", "status_kepegawaian", "n"])
    summary = wide(counts).reset_index().assign(pegawai=1)
    late = pd.DataFrame([("P1", "perawat", "pns", 1)], columns=counts.columns)  # started after the date
    table = table_of(places, summary, late)
    assert list(table["kode"]) == ["P2", "P3", "P1", "P4"]
    p1 = table.set_index("kode").loc["P1"]
    assert p1["tenaga_aktif"] == 18 and p1["status_pns"] == 17 and p1["status_honorer"] == 1
    assert p1["tenaga_perawat"] == 1 and p1["lengkap"]
    assert p1["per_10000"] == pytest.approx(9.0)  # 18 / 20.000 × 10.000
    p3 = table.set_index("kode").loc["P3"]
    assert pd.isna(p3["per_10000"]) and p3["keterangan"] == "jumlah penduduk di data wilayah 0"
    assert p3["jenis_kurang"] == "Gizi, ATLM" and p3["jenis_minimal"] == 7
    p4 = table.set_index("kode").loc["P4"]
    assert not p4["ada_data"] and p4["keterangan"] == "belum ada data SDM yang diunggah" and not p4["tanpa_dokter"]


def test_keahlian_counts_split_cells_and_fold_case():
    texts = ["Pelatihan PONED; USG dasar", "pelatihan poned", "", "BTCLS, USG dasar", None]
    assert keahlian_counts(texts) == [("Pelatihan PONED", 2), ("USG dasar", 2), ("BTCLS", 1)]
    assert keahlian_counts(texts, limit=1) == [("Pelatihan PONED", 2)]
