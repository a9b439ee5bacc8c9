"""The scorecard of the Dashboard Utama (issue 13): which indicators it shows, the composite
score of an area from the PWS statuses of those indicators, its rank among its neighbours and
the change of rank since the month before. Pure numpy, written once: the page, its download
and `cli.py export scorecard` all read these."""
from __future__ import annotations

import numpy as np

from indicators.program import INDICATORS, Indicator
from indicators.pws import BAIK, CUKUP, JELEK, KURANG, STATUSES

KLASTER = (2, 3, 4)
# every PWS indicator of Klaster 2–4, grouped by klaster in the registry's order
SKOR_INDICATORS: tuple[Indicator, ...] = tuple(i for k in KLASTER for i in INDICATORS if i.klaster == k)
SKOR_CODES: tuple[str, ...] = tuple(i.code for i in SKOR_INDICATORS)
# Klaster 1 (management: budget, quality, medicines, plan) is shown as a column group of its
# own where the rows are Puskesmas or larger areas, and never counted in the score: recorded
# per Puskesmas, it has no value for a desa row, so counting it would make a Puskesmas' score
# (over desa rows) and a kabupaten's (over Puskesmas rows) incomparable, and the ranks of the
# months before it was imported incomparable with those after.
K1_INDICATORS: tuple[Indicator, ...] = tuple(i for i in INDICATORS if i.klaster == 1)
K1_CODES: tuple[str, ...] = tuple(i.code for i in K1_INDICATORS)
SHOWN_CODES: tuple[str, ...] = (*SKOR_CODES, *K1_CODES)  # every indicator a cell may be
K1_RULE = ("Klaster 1 (manajemen: realisasi anggaran, mutu, obat, kegiatan) ditampilkan tetapi tidak dihitung "
           "dalam skor dan peringkat: datanya dicatat per Puskesmas (tidak ada untuk baris desa), sehingga skor "
           "tetap sebanding antar-tingkat wilayah dan antar-bulan.")
K1_DESA_NOTE = ("Kolom Klaster 1 tidak ditampilkan untuk baris desa: datanya dicatat per Puskesmas; "
                "lihat halaman Klaster 1 atau pilih tingkat kabupaten.")

POINTS = {BAIK: 3, KURANG: 2, CUKUP: 1, JELEK: 0}
SKOR_DECIMALS = 1

# The rule in words, for the page and the export's notes (one text, written once).
SKOR_RULE = (
    "Skor = rata-rata poin status PWS indikator yang berstatus (baik = 3, kurang = 2, cukup = 1, "
    "jelek = 0), dikali 100/3 dan dibulatkan 1 desimal: 100 bila semua indikator baik, 0 bila semua "
    "jelek. Indikator tanpa status (sasaran atau target kosong, belum ada laporan) tidak dihitung; "
    "wilayah tanpa satu pun status tidak mendapat skor. Peringkat: skor tertinggi = 1; skor sama "
    "mendapat peringkat sama (1, 2, 2, 4).")
RANK_CHANGE_RULE = (
    "Perubahan peringkat dibanding bulan sebelumnya dengan cara hitung yang sama (Januari "
    "dibanding Desember tahun sebelumnya): ▲ naik, ▼ turun, = tetap, – bila bulan sebelumnya "
    "tidak berperingkat.")


def status_counts(statuses: list[np.ndarray]) -> dict[str, np.ndarray]:
    """Per area (one element of each array per area), how many of the indicators have each
    status: `jumlah_baik`, `jumlah_kurang`, `jumlah_cukup`, `jumlah_jelek`. `statuses` holds
    one object array of status words (None: no status) per indicator."""
    n = len(statuses[0]) if statuses else 0
    counts = {f"jumlah_{s}": np.zeros(n, dtype=int) for s in STATUSES}
    for words in statuses:
        for s in STATUSES:
            counts[f"jumlah_{s}"] += np.asarray(words, dtype=object) == s
    return counts


def composite(counts: dict[str, np.ndarray]) -> np.ndarray:
    """The score of SKOR_RULE per area (float, NaN where no indicator has a status)."""
    points = sum(counts[f"jumlah_{s}"] * p for s, p in POINTS.items())
    rated = sum(counts[f"jumlah_{s}"] for s in STATUSES)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(rated > 0, points * 100 / (3 * np.maximum(rated, 1)), np.nan)
    return np.round(score, SKOR_DECIMALS)


def ranks(score: np.ndarray) -> np.ndarray:
    """Competition ranking of the scores, highest first (1, 2, 2, 4), as floats; NaN for an
    area without a score. The rounded score is ranked: two areas that show the same score
    share a rank."""
    score = np.asarray(score, dtype=float)
    out = np.full(len(score), np.nan)
    known = ~np.isnan(score)
    values = score[known]
    # rank = 1 + how many scores are strictly higher
    higher = np.sort(values)[::-1]
    out[known] = 1 + np.searchsorted(-higher, -values, side="left")
    return out


def rank_change(now: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Places gained since the month before (positive: moved up), NaN when either month has
    no rank."""
    return np.asarray(before, dtype=float) - np.asarray(now, dtype=float)


def rank_change_text(change) -> str:
    """'▲2', '▼1', '=' or '–' (no rank in one of the months)."""
    if change is None or (isinstance(change, float) and np.isnan(change)):
        return "–"
    change = int(change)
    return "=" if change == 0 else f"▲{change}" if change > 0 else f"▼{-change}"
