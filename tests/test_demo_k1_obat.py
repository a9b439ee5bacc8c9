"""The demo's LPLPO (demo/k1_obat.py): deterministic; ~120 items at the kabupaten scale (300 at the
province scale); the demo account's Puskesmas has, in December 2025, a stock-out of an indicator
medicine, items expiring soon and two rows that do not balance; oralit follows the rainy season;
and the import's summary agrees with the rows, as the loader writes it."""
from __future__ import annotations

import pandas as pd
import pytest

from demo import generate as demo
from demo.k1_obat import DEMO_PUSKESMAS, ITEMS, generate_obat, items
from indicators.k1_obat import OBAT_INDIKATOR_KODE, item_status, monthly_summary, with_share


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    province = demo.generate()
    # its speed is measured by the demo load's own timing line, not asserted here (no timed tests)
    return pd.concat([r for r, _ in generate_obat(province.wilayah, 2024)], ignore_index=True)


def test_same_seed_same_rows(rows):
    province = demo.generate()
    again = pd.concat([r for r, _ in generate_obat(province.wilayah, 2024)], ignore_index=True)
    pd.testing.assert_frame_equal(again, rows)


def test_item_counts_and_the_indicator_list():
    assert len(items(ITEMS["kabupaten"])) == 120 and len(items(ITEMS["provinsi"])) == 300
    assert len({i.kode for i in items(300)}) == 300
    assert {i.kode for i in items(120)} >= OBAT_INDIKATOR_KODE


def test_every_number_is_non_negative_and_most_rows_balance(rows):
    numbers = rows[["stok_awal", "penerimaan", "pemakaian", "sisa_stok", "permintaan"]]
    assert (numbers >= 0).all().all()
    status = item_status(rows)
    assert 0 < (~status["seimbang"]).sum() < len(rows) * 0.001


def test_the_demo_puskesmas_in_december_2025(rows):
    here = rows[(rows["kode_puskesmas"] == DEMO_PUSKESMAS) & (rows["tahun"] == 2025) & (rows["bulan"] == 12)]
    history = rows[rows["kode_puskesmas"] == DEMO_PUSKESMAS]
    status = item_status(history)
    december = status[(status["tahun"] == 2025) & (status["bulan"] == 12)]
    assert len(here) == 120
    assert december.loc[december["kode_obat"] == "OI-03", "kosong"].item()  # amoxicillin syrup out
    assert (december["kosong"] & december["indikator"]).sum() >= 1
    assert december["kedaluwarsa_segera"].sum() >= 1
    assert (~december["seimbang"]).sum() == 2
    share = with_share(monthly_summary(december)).iloc[0]
    assert share["persen"] < 1 and share["memenuhi"] is True  # a stock-out, still ≥ 80 %


def test_some_puskesmas_fall_below_the_rule_and_oralit_rises_in_the_rainy_season(rows):
    summary = with_share(monthly_summary(item_status(rows)))
    december = summary[(summary["tahun"] == 2025) & (summary["bulan"] == 12)]
    assert 0 < (december["memenuhi"] == False).sum() < len(december) / 2  # noqa: E712
    oralit = rows[rows["kode_obat"] == "OI-09"].groupby("bulan")["pemakaian"].sum()
    assert oralit[[12, 1, 2]].mean() > oralit[[6, 7, 8]].mean() * 1.3
