"""The LPLPO formulas of indicators/k1_obat.py (domain.md §6, issue 15) on hand-computed cases:
the balance, stock-outs, months of stock over m−2..m (January reaches into the year before; the mean
is over the months reported; no use is "tidak terpakai", never infinity), the expiry window, the
80 % rule exactly at 80 %, the Dinkes share as a count of Puskesmas, and the PWS registers."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators import k1_obat as k
from indicators.k1_obat import (
    JUMLAH_OBAT_INDIKATOR,
    OBAT_INDIKATOR,
    Bagian,
    item_status,
    ketersediaan,
    memenuhi,
    monthly_summary,
    obat_registers,
    puskesmas_share,
)


def row(tahun=2025, bulan=11, kode="OB-001", awal=0.0, terima=0.0, pakai=0.0, sisa=0.0, pkm="P1", minta=None,
        ed=None, flag=None) -> dict:
    return {"kode_puskesmas": pkm, "tahun": tahun, "bulan": bulan, "kode_obat": kode, "stok_awal": awal,
            "penerimaan": terima, "pemakaian": pakai, "sisa_stok": sisa, "permintaan": minta,
            "kedaluwarsa_terdekat": ed, "obat_indikator": flag}


def status(*rows) -> pd.DataFrame:
    return item_status(pd.DataFrame(list(rows)))


def test_the_declared_list_has_40_distinct_indicator_items():
    assert JUMLAH_OBAT_INDIKATOR == 40
    assert len({o.kode for o in OBAT_INDIKATOR}) == 40
    assert len({o.nama for o in OBAT_INDIKATOR}) == 40
    assert k.KETERSEDIAAN_MIN == 0.80 and k.MASA_KEDALUWARSA == 3


def test_persediaan_and_the_balance_check_keep_the_reported_sisa():
    s = status(row(awal=10, terima=5, pakai=8, sisa=7), row(kode="OB-002", awal=10, terima=5, pakai=8, sisa=9))
    assert list(s["persediaan"]) == [15, 15]
    assert list(s["sisa_hitung"]) == [7, 7]
    assert list(s["seimbang"]) == [True, False]
    assert list(s["sisa_stok"]) == [7, 9]  # never corrected


def test_a_fractional_balance_is_equal_within_reading_precision():
    s = status(row(awal=0.1, terima=0.2, pakai=0.0, sisa=0.3))
    assert bool(s["seimbang"].iloc[0])


def test_stock_outs_sisa_zero_or_demand_without_any_stock():
    s = status(
        row(kode="A", awal=5, pakai=5, sisa=0),              # ran out during the month
        row(kode="B", minta=10, sisa=0),                     # no stock, requested
        row(kode="C", pakai=3, sisa=5),                      # no stock all month but used (and unbalanced)
        row(kode="D", awal=5, pakai=0, sisa=5),              # in stock
        row(kode="E"),                                        # nothing at all: sisa 0 at month end
    )
    assert list(s["kosong"]) == [True, True, True, False, True]
    assert list(s["tersedia"]) == [False, False, False, True, False]


def test_months_of_stock_in_january_read_november_and_december_of_the_year_before():
    s = status(
        row(tahun=2024, bulan=10, pakai=1000, awal=2000, sisa=1000),  # outside m−2..m: ignored
        row(tahun=2024, bulan=11, pakai=30, awal=1000, sisa=970),
        row(tahun=2024, bulan=12, pakai=60, awal=970, sisa=910),
        row(tahun=2025, bulan=1, pakai=90, awal=210, sisa=120),
    )
    jan = s[s["bulan"] == 1].iloc[0]
    assert jan["rata_pemakaian"] == 60  # (30 + 60 + 90) / 3
    assert jan["bulan_stok"] == 2  # 120 / 60
    assert jan["kategori"] == k.AMAN
    feb_window = s[s["bulan"] == 12].iloc[0]
    assert feb_window["rata_pemakaian"] == pytest.approx((1000 + 30 + 60) / 3)


def test_the_mean_is_over_the_months_reported_and_another_items_use_is_not_mixed_in():
    s = status(
        row(tahun=2024, bulan=12, pakai=30, awal=100, sisa=70),
        # December is missing
        row(tahun=2025, bulan=2, pakai=90, awal=120, sisa=30),
        row(tahun=2025, bulan=2, kode="OB-009", pakai=1000, awal=1000, sisa=0),
    )
    feb = s[(s["bulan"] == 2) & (s["kode_obat"] == "OB-001")].iloc[0]
    assert feb["rata_pemakaian"] == 60  # (30 + 90) / 2: OB-009's 1.000 is another item
    assert feb["bulan_stok"] == pytest.approx(0.5)
    assert feb["kategori"] == k.KRITIS


def test_february_window_reaches_december_and_averages_the_two_reported_months():
    s = status(
        row(tahun=2024, bulan=12, pakai=30, awal=100, sisa=70),
        row(tahun=2025, bulan=2, pakai=90, awal=120, sisa=30),
    )
    feb = s[s["bulan"] == 2].iloc[0]
    # m−2..m of February 2025 = December 2024, January 2025 (not reported), February 2025
    assert feb["rata_pemakaian"] == 60
    assert feb["bulan_stok"] == pytest.approx(0.5)


def test_no_use_in_three_months_is_tidak_terpakai_not_infinity():
    s = status(row(bulan=9, awal=50, sisa=50), row(bulan=10, awal=50, sisa=50), row(bulan=11, awal=50, sisa=50))
    nov = s[s["bulan"] == 11].iloc[0]
    assert nov["kategori"] == k.TIDAK_TERPAKAI
    assert math.isnan(nov["bulan_stok"])


@pytest.mark.parametrize(("sisa", "kategori"), [(59, k.KRITIS), (60, k.AMAN), (1080, k.AMAN), (1081, k.BERLEBIH)])
def test_months_of_stock_bands_at_their_edges(sisa, kategori):
    s = status(row(awal=sisa + 60, pakai=60, sisa=sisa))
    assert s["kategori"].iloc[0] == kategori  # mean 60: 1 month = 60, 18 months = 1080


def test_expiring_within_three_months_of_the_end_of_the_month():
    s = status(
        row(kode="A", awal=5, sisa=5, ed="2026-02-28"),   # November 2025 + 3 months: last day of February
        row(kode="B", awal=5, sisa=5, ed="2026-03-01"),
        row(kode="C", awal=5, sisa=5, ed="2025-10-01"),   # already expired, still in stock
        row(kode="D", awal=5, sisa=5, ed=None),
        row(kode="E", awal=5, pakai=5, sisa=0, ed="2025-12-01"),  # nothing left to expire
    )
    assert list(s["kedaluwarsa_segera"]) == [True, False, True, False, False]


def test_the_file_flag_wins_over_the_declared_list():
    s = status(row(kode="OI-01"), row(kode="OI-02", flag="T"), row(kode="LOKAL-1", flag="Y"), row(kode="LOKAL-2"))
    assert list(s["indikator"]) == [True, False, True, False]


def test_exactly_80_percent_meets_the_rule_and_just_below_does_not():
    assert ketersediaan(32, 40) == 0.8 and memenuhi(ketersediaan(32, 40)) is True
    assert memenuhi(ketersediaan(31, 40)) is False
    assert memenuhi(ketersediaan(4, 5)) is True  # 0,8 computed another way
    assert ketersediaan(0, 0) is None and memenuhi(None) is None


def _summary(indicator_rows: dict[str, tuple[int, int]]) -> pd.DataFrame:
    rows = []
    for pkm, (tersedia, dilaporkan) in indicator_rows.items():
        for i in range(dilaporkan):
            stock = 10 if i < tersedia else 0
            rows.append(row(pkm=pkm, kode=f"OI-{i + 1:02d}", awal=stock, sisa=stock))
        rows.append(row(pkm=pkm, kode="OB-001", awal=3, sisa=3))  # not an indicator item
    return monthly_summary(item_status(pd.DataFrame(rows)))


def test_the_dinkes_share_counts_puskesmas_and_is_not_an_average_of_percentages():
    summary = _summary({"P1": (32, 40), "P2": (31, 40), "P3": (10, 10), "P4": (0, 0)})
    by = summary.set_index("kode_puskesmas")
    assert list(by.loc["P1", ["item", "indikator", "indikator_tersedia", "kosong", "kosong_indikator"]]) == \
        [41, 40, 32, 8, 8]
    share = puskesmas_share(summary)
    assert share == Bagian(memenuhi=2, dinilai=3)  # P4 has no indicator item: not judged
    assert share.persen == pytest.approx(2 / 3)  # the average of percentages would be 85,8%


def test_the_monthly_summary_counts_every_flag():
    s = monthly_summary(status(
        row(kode="OI-01", awal=10, pakai=4, sisa=6, ed="2025-12-15"),  # indicator, expiring, mean 4 → 1,5 months
        row(kode="OI-02", awal=2, pakai=2, sisa=0),                      # indicator stock-out
        row(kode="OB-001", awal=10, pakai=9, sisa=1),                    # < 1 month
        row(kode="OB-002", awal=10, pakai=1, sisa=8),                    # unbalanced (9 expected)
    )).iloc[0]
    assert dict(s[list(k.RINGKAS_KOLOM)]) == {"item": 4, "kosong": 1, "kosong_indikator": 1, "indikator": 2,
                                               "indikator_tersedia": 1, "kritis": 1, "kedaluwarsa": 1,
                                               "tidak_seimbang": 1}


def test_obat_registers_per_puskesmas_and_month():
    frame = pd.DataFrame([
        row(pkm="P1", bulan=10, kode="OI-01", awal=5, sisa=5),
        row(pkm="P1", bulan=10, kode="OI-02", sisa=0),
        row(pkm="P1", bulan=10, kode="OB-001", awal=5, sisa=5),  # not an indicator item: not counted
        row(pkm="P1", bulan=11, kode="OI-01", awal=5, sisa=5),
        row(pkm="P2", bulan=11, kode="LOKAL", awal=1, sisa=1, flag="Y"),
    ])
    out = obat_registers(frame)
    assert list(out.columns) == ["kode_puskesmas", "tahun", "bulan", "indikator", "nilai"]
    got = {(p, b, i): v for p, _, b, i, v in out.itertuples(index=False)}
    assert got == {
        ("P1", 10, "obat_indikator_dilaporkan"): 2, ("P1", 10, "obat_indikator_tersedia"): 1,
        ("P1", 11, "obat_indikator_dilaporkan"): 1, ("P1", 11, "obat_indikator_tersedia"): 1,
        ("P2", 11, "obat_indikator_dilaporkan"): 1, ("P2", 11, "obat_indikator_tersedia"): 1,
    }
    assert obat_registers(frame.iloc[0:0]).empty
