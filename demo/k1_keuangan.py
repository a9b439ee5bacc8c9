"""Demo Klaster 1 keuangan: pagu and monthly realisasi per Puskesmas and source of funds,
2024–2025, fictional. Realisation is slow in the first half of the year (funds arrive late)
and catches up after; some Puskesmas revise their BOK pagu in July; the demo's first
Puskesmas (the `puskesmas` account's) has a pagu of 0 for 'lainnya' with some spending
(shown without a percentage). Stored as imported, and as the Puskesmas-level registers the
PWS engine reads."""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.program import SUMBER_DANA

YEARS = (2024, 2025)
# the share of a year's spending in each month: slow January–June, faster July–December
MONTH_WEIGHT = np.array([0.25, 0.35, 0.5, 0.6, 0.7, 0.8, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8])
# pagu range (rupiah) per source, and the share of Puskesmas that have the source at all
PAGU = {"bok": (350e6, 900e6, 1.0), "jkn_kapitasi": (500e6, 1_600e6, 1.0), "apbd": (150e6, 600e6, 0.9),
        "blud": (200e6, 800e6, 0.3), "lainnya": (20e6, 120e6, 0.25)}


def generate_keuangan(wilayah: pd.DataFrame, seed: int, years=YEARS) -> pd.DataFrame:
    """Rows of the keuangan dataset (kode_puskesmas, tahun, bulan, sumber_dana, pagu,
    realisasi) for every Puskesmas of `wilayah`."""
    rng = np.random.default_rng([seed, 151])
    pkm = np.array(sorted(wilayah["kode_puskesmas"].unique()), dtype=object)
    n = len(pkm)
    parts = []
    for y in years:
        for code, _label in SUMBER_DANA:
            low, high, share = PAGU[code]
            has = rng.random(n) < share
            if code == "lainnya":
                has[0] = True
            pagu = np.round(rng.uniform(low, high, n), -5)
            absorb = rng.uniform(0.78, 1.03, n)  # the share of the pagu spent by December
            weights = MONTH_WEIGHT[None, :] * rng.uniform(0.8, 1.2, (n, 12))
            spent = pagu[:, None] * absorb[:, None] * weights / MONTH_WEIGHT.sum()
            monthly_pagu = np.repeat(pagu[:, None], 12, axis=1)
            if code == "bok":  # a quarter revise the budget in July (the later pagu counts)
                revised = rng.random(n) < 0.25
                monthly_pagu[revised, 6:] = np.round(pagu[revised, None] * 1.1, -5)
            if code == "lainnya":  # no budget recorded, spending anyway: no percentage
                monthly_pagu[0, :] = 0
                spent[0, :] = np.where(np.arange(12) % 3 == 2, 2_500_000.0, 0.0)
            i, m = np.nonzero(np.repeat(has[:, None], 12, axis=1))
            parts.append(pd.DataFrame({
                "kode_puskesmas": pkm[i], "tahun": y, "bulan": m + 1, "sumber_dana": code,
                "pagu": monthly_pagu[i, m].astype("int64"), "realisasi": np.round(spent[i, m], -3).astype("int64")}))
    return pd.concat(parts, ignore_index=True)
