"""Morbidity formulas, written once: cases per 1.000 penduduk (never on an unknown or partial
population), the small-cell rule of breakdowns, and the months of a trend."""
from __future__ import annotations

import numpy as np
import pandas as pd

from domain.codes import Level
from domain.kategori import JENIS_KELAMIN, MIN_SEL, SIKLUS_HIDUP, SIKLUS_OF

PER = 1000  # rates are cases per 1.000 penduduk
UNIT = "kasus per 1.000 penduduk"
TREND_MONTHS = 24
TOP = 10
KECIL = f"< {MIN_SEL}"  # what a suppressed cell shows


def tanpa_penduduk_text(level: Level, desa_tanpa: int, penduduk) -> str:
    """Why an area has no rate: its population is not known (or partly)."""
    if level == Level.DESA:
        return "jumlah penduduk desa belum diisi di data wilayah"
    if not penduduk:
        return "jumlah penduduk belum diisi di data wilayah"
    return f"{desa_tanpa} desa belum punya jumlah penduduk di data wilayah"


def rates(frame: pd.DataFrame, level: Level) -> pd.DataFrame:
    """`frame` (kode, nama, penduduk, desa_tanpa_penduduk, kasus) with per_1000 and keterangan.
    A rate needs the population of every desa of the area: a desa without one (empty or 0)
    leaves the area's rate empty, with the reason, rather than divide by part of it."""
    out = frame.copy()
    penduduk = pd.to_numeric(out["penduduk"], errors="coerce").fillna(0).to_numpy(dtype=float)
    tanpa = pd.to_numeric(out["desa_tanpa_penduduk"], errors="coerce").fillna(0).to_numpy(dtype=int)
    kasus = pd.to_numeric(out["kasus"], errors="coerce").fillna(0).to_numpy(dtype=float)
    known = (penduduk > 0) & (tanpa == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(known, kasus / np.where(known, penduduk, 1) * PER, np.nan)
    out["per_1000"] = rate
    out["keterangan"] = [None if k else tanpa_penduduk_text(level, int(t), p)
                         for k, t, p in zip(known, tanpa, penduduk)]
    return out


def suppress(values) -> list[str]:
    """The text of each cell of one breakdown: the count, or "< 5" for 1–4 cases. When a
    single cell is hidden, the next smallest is hidden too: the total is shown beside the
    breakdown, and one hidden cell could be worked out from it."""
    counts = [int(v) for v in values]
    hidden = [0 < c < MIN_SEL for c in counts]
    if sum(hidden) == 1:
        rest = [(c, i) for i, c in enumerate(counts) if not hidden[i] and c > 0]
        if rest:
            hidden[min(rest)[1]] = True
    return [KECIL if h else f"{c:,}".replace(",", ".") for c, h in zip(counts, hidden)]


def siklus_breakdown(rows: pd.DataFrame) -> pd.DataFrame:
    """rows (kelompok_umur, jenis_kelamin, jumlah) → one row per life-cycle band (SIKLUS_HIDUP,
    youngest first) with a count and a shown text per sex: siklus, L, P, teks_L, teks_P,
    disembunyikan (whether any cell reads "< 5")."""
    band = rows["kelompok_umur"].map(SIKLUS_OF)
    summed = (rows.assign(siklus=band).dropna(subset=["siklus"])
              .groupby(["siklus", "jenis_kelamin"])["jumlah"].sum())
    table = pd.DataFrame({"siklus": list(SIKLUS_HIDUP)})
    for jk in JENIS_KELAMIN:
        table[jk] = [int(summed.get((b, jk), 0)) for b in SIKLUS_HIDUP]
    shown = suppress(np.concatenate([table[jk].to_numpy() for jk in JENIS_KELAMIN]))
    n = len(table)
    for i, jk in enumerate(JENIS_KELAMIN):
        table[f"teks_{jk}"] = shown[i * n:(i + 1) * n]
    table.attrs["disembunyikan"] = KECIL in shown
    return table


def last_months(tahun: int, bulan: int, n: int = TREND_MONTHS) -> list[tuple[int, int]]:
    """The n months ending with (tahun, bulan), oldest first."""
    index = tahun * 12 + bulan - 1
    return [(i // 12, i % 12 + 1) for i in range(index - n + 1, index + 1)]
