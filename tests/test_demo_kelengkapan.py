"""The demo's report arrivals (demo/kelengkapan.py): deterministic, one for every layanan row, most
by the 10th of the next month, and by construction a silent desa in the demo Puskesmas (no report
October–December of the last year) and a late Puskesmas in its kabupaten (every report of the last
year after the cut-off), both found by the page's own formulas."""
from __future__ import annotations

import pandas as pd
import pytest

from demo.kelengkapan import DEMO_PUSKESMAS, late_puskesmas, silent_desa, with_arrivals
from demo.program import generate_program
from indicators.kelengkapan import diam_berturut, jendela, persen_tepat, ringkas

SEED = 2024


@pytest.fixture(scope="module")
def wilayah():
    from demo.generate import generate

    return generate("kabupaten", SEED).wilayah


@pytest.fixture(scope="module")
def program(wilayah):
    return generate_program(wilayah, SEED)


@pytest.fixture(scope="module")
def arrivals(program, wilayah):
    return with_arrivals(program.layanan, wilayah, SEED)


@pytest.fixture(scope="module")
def counts(arrivals, wilayah):
    desa = wilayah[["kode_desa", "kode_puskesmas"]]
    reports = arrivals.masuk[["kode_desa", "tahun", "bulan", "indikator", "pertama_masuk"]]
    return ringkas(desa, reports, [2024, 2025], 10, 7)


def test_same_seed_same_arrivals(program, wilayah, arrivals):
    again = with_arrivals(program.layanan, wilayah, SEED)
    pd.testing.assert_frame_equal(again.masuk, arrivals.masuk)
    assert not with_arrivals(program.layanan, wilayah, 7).masuk.equals(arrivals.masuk)


def test_every_report_has_an_arrival_in_the_next_month(arrivals):
    masuk = arrivals.masuk
    assert len(masuk) == len(arrivals.layanan)
    assert masuk.merge(arrivals.layanan, on=["kode_desa", "tahun", "bulan", "indikator"]).shape[0] == len(masuk)
    local = masuk["pertama_masuk"] + pd.Timedelta(hours=7)
    month_after = (masuk["tahun"] * 12 + masuk["bulan"]) + 1
    assert ((local.dt.year * 12 + local.dt.month) == month_after).all()
    assert (masuk["terakhir_berubah"] >= masuk["pertama_masuk"]).all()


def test_a_few_reports_were_corrected_days_after_they_arrived(arrivals):
    """So that the page has a last change to show beside a first arrival (CORRECTED_*)."""
    masuk = arrivals.masuk
    gap = masuk["terakhir_berubah"] - masuk["pertama_masuk"]
    changed = gap > pd.Timedelta(0)
    assert 0.001 < changed.mean() < 0.004
    assert gap[changed].min() >= pd.Timedelta(days=2) and gap[changed].max() <= pd.Timedelta(days=30)


def test_the_demo_puskesmas_has_a_desa_silent_october_to_december(arrivals, wilayah, counts):
    quiet = arrivals.desa_diam
    assert quiet == silent_desa(wilayah) and quiet.startswith("99.01.01.")
    assert wilayah.set_index("kode_desa").at[quiet, "kode_puskesmas"] == DEMO_PUSKESMAS
    lay = arrivals.layanan
    assert lay[(lay["kode_desa"] == quiet) & (lay["tahun"] == 2025) & (lay["bulan"] >= 10)].empty
    per_desa, _ = counts
    months = jendela(2025, 12, 12)
    mine = per_desa[per_desa["kode_desa"] == quiet].set_index(["tahun", "bulan"]).reindex(months)
    run = diam_berturut(months, mine["diharapkan"].tolist(), mine["dilaporkan"].tolist())
    assert run[-3:] == [(2025, 10), (2025, 11), (2025, 12)]


def test_a_late_puskesmas_in_the_same_kabupaten(arrivals, wilayah, counts):
    late = arrivals.puskesmas_terlambat
    assert late == late_puskesmas(wilayah) and late != DEMO_PUSKESMAS
    kab = wilayah.groupby("kode_puskesmas")["kode_kabupaten"].first()
    assert kab[late] == kab[DEMO_PUSKESMAS]
    per_desa, _ = counts
    year = per_desa[per_desa["tahun"] == 2025].groupby("kode_puskesmas")[["diharapkan", "tepat", "tanpa_waktu"]].sum()
    share = {p: persen_tepat(r["tepat"], r["diharapkan"], r["tanpa_waktu"]) for p, r in year.iterrows()}
    assert share[late] == 0.0  # every report of its last year after the 10th
    others = [v for p, v in share.items() if p != late]
    assert min(others) > 0.8 and sum(others) / len(others) > 0.88  # most arrive by the 10th
