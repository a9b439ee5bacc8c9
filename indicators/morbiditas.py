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


def rate_of(kasus, penduduk, desa_tanpa: int, level: Level) -> tuple[float | None, str | None]:
    """(cases per 1.000, None), or (None, why not). A rate needs the population of every desa
    of the area: a desa without one (empty or 0) leaves the area's rate empty, with the
    reason, rather than divide by part of it."""
    if penduduk is None or penduduk != penduduk or penduduk <= 0 or desa_tanpa:
        return None, tanpa_penduduk_text(level, int(desa_tanpa or 0), penduduk if penduduk == penduduk else None)
    return float(kasus or 0) / float(penduduk) * PER, None


def rates(frame: pd.DataFrame, level: Level) -> pd.DataFrame:
    """`frame` (kode, nama, penduduk, desa_tanpa_penduduk, kasus) with per_1000 and keterangan
    (rate_of for each row; empty per_1000 is NaN)."""
    out = frame.copy()
    found = [rate_of(k, None if p is pd.NA else p, t, level)
             for k, p, t in zip(out["kasus"].tolist(), out["penduduk"].tolist(),
                                out["desa_tanpa_penduduk"].tolist())]
    out["per_1000"] = np.array([np.nan if r is None else r for r, _ in found], dtype=float)
    out["keterangan"] = [why for _, why in found]
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


def siklus_breakdown(rows) -> pd.DataFrame:
    """rows (kelompok_umur, jenis_kelamin, jumlah: a frame, or tuples) → one row per
    life-cycle band (SIKLUS_HIDUP, youngest first) with a count and a shown text per sex:
    siklus, L, P, teks_L, teks_P. attrs["disembunyikan"]: whether any cell reads "< 5"."""
    items = rows.itertuples(index=False) if isinstance(rows, pd.DataFrame) else rows
    summed: dict[tuple[str, str], int] = {}
    for umur, jk, jumlah in items:
        band = SIKLUS_OF.get(umur)
        if band is not None:
            summed[(band, jk)] = summed.get((band, jk), 0) + int(jumlah)
    bands = list(SIKLUS_HIDUP)
    columns: dict[str, list] = {"siklus": bands}
    counts = {jk: [summed.get((b, jk), 0) for b in bands] for jk in JENIS_KELAMIN}
    shown = suppress([c for jk in JENIS_KELAMIN for c in counts[jk]])
    for jk in JENIS_KELAMIN:
        columns[jk] = counts[jk]
    for i, jk in enumerate(JENIS_KELAMIN):
        columns[f"teks_{jk}"] = shown[i * len(bands):(i + 1) * len(bands)]
    table = pd.DataFrame(columns)
    table.attrs["disembunyikan"] = KECIL in shown
    return table


def last_months(tahun: int, bulan: int, n: int = TREND_MONTHS) -> list[tuple[int, int]]:
    """The n months ending with (tahun, bulan), oldest first."""
    index = tahun * 12 + bulan - 1
    return [(i // 12, i % 12 + 1) for i in range(index - n + 1, index + 1)]
