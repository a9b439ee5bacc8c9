"""Demo Klaster 1 mutu: the national quality indicators' monthly numerator and denominator
per Puskesmas, 2024–2025, fictional. Most Puskesmas sit near their targets; the demo's first
Puskesmas (the `puskesmas` account's) is below target on hand hygiene and Fornas."""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.program import MUTU

YEARS = (2024, 2025)
# observations a month (the denominator's size)
DIAMATI = {"kebersihan_tangan": (60, 200), "apd": (20, 60), "identifikasi_pasien": (40, 120), "tb_so": (1, 8),
           "anc": (15, 60), "fornas": (100, 400), "hipertensi": (30, 150), "kepuasan_pasien": (30, 100)}
LOW = {"kebersihan_tangan": 0.70, "fornas": 0.68}  # the first Puskesmas' rates on these two


def generate_mutu(wilayah: pd.DataFrame, seed: int, years=YEARS) -> pd.DataFrame:
    """Rows of the mutu dataset (kode_puskesmas, tahun, bulan, indikator, pembilang, penyebut)."""
    rng = np.random.default_rng([seed, 152])
    pkm = np.array(sorted(wilayah["kode_puskesmas"].unique()), dtype=object)
    n = len(pkm)
    parts = []
    for code, _label, _short, _top, _below, target in MUTU:
        low, high = DIAMATI[code]
        goal = min(target / 100, 1.0)
        rate = np.clip(rng.normal(goal - 0.02, 0.06, n), 0.3, 1.0)
        if code in LOW:
            rate[0] = LOW[code]
        for y in years:
            penyebut = rng.integers(low, high + 1, (n, 12))
            pembilang = rng.binomial(penyebut, np.clip(rate[:, None] + rng.normal(0, 0.02, (n, 12)), 0, 1))
            i, m = np.indices((n, 12)).reshape(2, -1)
            parts.append(pd.DataFrame({"kode_puskesmas": pkm[i], "tahun": y, "bulan": m + 1, "indikator": code,
                                       "pembilang": pembilang[i, m], "penyebut": penyebut[i, m]}))
    return pd.concat(parts, ignore_index=True)
