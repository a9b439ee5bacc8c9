"""Which months a PWS status rests on were not reported (issue 16, part 3): the short text
shown beside the status word ("tanpa laporan November–Desember", "Desember: 7 dari 9 desa
melapor"), so that a *Cukup* built on a silent month says so. The status itself is not changed
(domain.md §3: a month without report counts as "up or equal").

What counts, for one area row of a PWS table at month m (read from the engine's Matrix:
`lapor` = desa reporting the numerator, `lapor_den` = desa reporting a register denominator):

- A month is *reported* by a desa when the desa has a row of the numerator register for it
  (a 0 is a report; with several numerator registers, any of them) and, for an indicator
  divided by another register, a row of that register too. An area's reporters that month
  are the fewer of the two counts.
- The months the status compares (the trend months): m and m − 1. For January, m − 1 is
  December of the year before (domain.md §3), named with its year; it counts even in the first
  year of data: a January status without December rests on a month without report all the same.
- The months the cumulative coverage sums (the period): January..m, for an indicator that
  accumulates (KUMULATIF) or is a ratio of two flows (ALIRAN); a monthly indicator (BULANAN)
  has the trend months only.
- *tanpa laporan* (no report at all: no desa of the area reported) in any month of the period
  or the trend: named as ranges, "tanpa laporan Maret, November–Desember".
- *sebagian* (Puskesmas or larger: fewer desa reported than the area has, `ada`): named in the
  trend months only, with the counts ("Desember: 7 dari 9 desa melapor"). Earlier partial
  months barely move a status; the Kualitas Data page's completeness table lists them.
  Indicators recorded per Puskesmas count Puskesmas instead of desa.
- A row without any report of the numerator January..m gets no mark: it has no status, and
  its reason ("Belum ada laporan … sampai …") says why.
- *0 beruntun*: the numerator reported as 0 in m and m − 1 (and back to where the run began)
  after at least ZERO_MIN_BEFORE reported months (in the table's months before the run)
  averaging at least ZERO_MIN_MEAN: "0 sejak November, sebelumnya rata-rata 12,0". A run of
  zeros where services were few is left alone (the outlier rules judge single months).

Pure numpy on the arrays the engine already has; text only for the rows that have a mark."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from indicators import format as fmt
from indicators.format import BULAN
from indicators.program import Accumulation, Indicator

ZERO_MIN_BEFORE = 2  # reported months before a run of zeros, at least
ZERO_MIN_MEAN = 3.0  # their mean, at least: two zeros after ≥ 3 a month is unlikely by chance (e^-6)
MARK = "!"  # the sign beside a status word (text, so it reads in greyscale and on a projector)

# the rule in words, for legends, notes and the export (written once)
RULE = ("Tanda ! di samping status: status itu bertumpu pada bulan tanpa laporan. Dihitung untuk bulan "
        "yang dibandingkan status (bulan ini dan bulan lalu; Januari: Desember tahun sebelumnya) dan, untuk "
        "indikator kumulatif, setiap bulan Januari s.d. bulan ini: 'tanpa laporan' bila tidak ada desa yang "
        "melapor register indikator itu; untuk Puskesmas atau wilayah lebih besar juga 'n dari N desa "
        "melapor' bila bulan ini atau bulan lalu belum semua desa melapor; dan '0 sejak …' bila dua bulan "
        "terakhir atau lebih bernilai 0 setelah bulan-bulan dengan rata-rata ≥ 3. Nilai 0 adalah laporan. "
        "Aturan status PWS tidak berubah: bulan tanpa laporan dianggap naik/tetap.")


def month_name(col: int, tahun: int) -> str:
    """The name of a Matrix column: 0 is December of the year before."""
    return f"Desember {tahun - 1}" if col == 0 else BULAN[col - 1]


@lru_cache(maxsize=4096)
def _ranges(cols: tuple[int, ...], tahun: int) -> str:
    """[1, 3, 4, 5] → 'Januari, Maret–Mei'."""
    out, start = [], None
    for i, c in enumerate(cols):
        if start is None:
            start = c
        if i + 1 == len(cols) or cols[i + 1] != c + 1:
            out.append(month_name(start, tahun) if start == c
                       else f"{month_name(start, tahun)}–{month_name(c, tahun)}")
            start = None
    return ", ".join(out)


def counted_months(ind: Indicator, bulan: int) -> tuple[list[int], list[int]]:
    """(the trend months, every month counted) as Matrix columns, ascending."""
    trend = [bulan - 1, bulan]
    period = list(range(1, bulan + 1)) if ind.accumulation is not Accumulation.BULANAN else []
    return trend, sorted(set(trend) | set(period))


def reporters(m, ind: Indicator) -> np.ndarray:
    """Desa (or Puskesmas) reporting every register the indicator reads, per area and month:
    the numerator's count, and the fewer of it and the denominator register's."""
    lapor = np.asarray(m.lapor, dtype=float)  # the engine's counts: 0 where nobody reported, never NaN
    if ind.denominator is not None and not ind.by_sasaran and m.lapor_den is not None:
        lapor = np.minimum(lapor, np.asarray(m.lapor_den, dtype=float))
    return lapor


def tanpa_laporan(m, ind: Indicator, tahun: int, bulan: int, ada=None) -> np.ndarray:
    """Per area row of `m` (indicators.pws.Matrix), the months its status at `bulan` rests on
    that were not (fully) reported, as short text; '' when none. `ada`: how many desa (or
    Puskesmas, for an indicator recorded per Puskesmas) each area has; None: unknown, so only
    months nobody reported are named (a desa row has 1)."""
    if not 1 <= bulan <= 12:
        raise ValueError("bulan harus 1–12")
    n = len(m.kode)
    out = np.full(n, "", dtype=object)
    if not n:
        return out
    lapor = reporters(m, ind)
    trend, counted = counted_months(ind, bulan)
    kosong = lapor[:, counted] <= 0
    flag = kosong.any(axis=1)
    expected = None if ada is None else np.asarray(ada, dtype=float)
    if expected is not None:
        partial = (lapor[:, trend] > 0) & (lapor[:, trend] < expected[:, None])
        flag |= partial.any(axis=1)
    zeros = _zero_candidates(m.num, bulan)
    # a row with no report at all this year up to m has no status to mark: its reason says so
    flagged = np.flatnonzero((flag | zeros) & (m.lapor[:, 1:bulan + 1] > 0).any(axis=1))
    unit = "Puskesmas" if ind.per_puskesmas else "desa"
    for i in flagged.tolist():
        parts = []
        gone = tuple(c for c, k in zip(counted, kosong[i].tolist()) if k)
        if gone:
            parts.append("tanpa laporan " + _ranges(gone, tahun))
        for c, p in zip(trend, partial[i].tolist() if expected is not None else (False, False)):
            if p:
                parts.append(f"{month_name(c, tahun)}: {fmt.angka(lapor[i, c])} dari "
                             f"{fmt.angka(expected[i])} {unit} melapor")
        if zeros[i]:
            parts.append(_zero_text(m.num[i], bulan, tahun))
        out[i] = "; ".join(p for p in parts if p)
    return out


def _zero_candidates(num: np.ndarray, bulan: int) -> np.ndarray:
    """Rows whose numerator was reported as 0 this month and the month before."""
    return (num[:, bulan] == 0) & (num[:, bulan - 1] == 0)  # NaN (no report) compares unequal, silently


def _zero_text(row: np.ndarray, bulan: int, tahun: int) -> str:
    """'0 sejak November, sebelumnya rata-rata 12,0', or '' when the months before the run
    are too few or too small (ZERO_MIN_BEFORE, ZERO_MIN_MEAN)."""
    start = bulan
    while start > 0 and row[start - 1] == 0:
        start -= 1
    before = row[:start]
    before = before[~np.isnan(before)]
    if len(before) < ZERO_MIN_BEFORE or before.mean() < ZERO_MIN_MEAN:
        return ""
    return f"0 sejak {month_name(start, tahun)}, sebelumnya rata-rata {fmt.angka(before.mean(), 1)}"


def with_mark(word: str | None, mark: str) -> str | None:
    """A status word with the sign beside it when its months were not all reported."""
    if not mark:
        return word
    return f"{word or fmt.NO_DATA} {MARK}"
