"""PWS formulas (domain.md §3), pure numpy: monthly and cumulative coverage, the linear
target of month m, the status baik / kurang / cukup / jelek, and cascades.

Inputs are the per-area sums the data layer reads (data_access.pws):
- counts: kode, tahun, bulan, indikator (a register code), nilai, desa_lapor (how many desa
  reported that register that month);
- sasaran: kode, tahun, sasaran, jumlah, desa_ada (how many desa have that sasaran).
Areas are summed before any ratio (never an average of percentages): pass the child rows and
use `total_inputs` for the parent.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from indicators.columns import Columns, strings
from indicators.format import BULAN, is_missing
from indicators.program import (
    REGISTER_BY_CODE,
    SASARAN_BY_CODE,
    Accumulation,
    Indicator,
    Kaskade,
    Rasio,
    Rincian,
)
from indicators.tanpa_laporan import tanpa_laporan

BAIK, KURANG, CUKUP, JELEK = "baik", "kurang", "cukup", "jelek"
STATUSES = (BAIK, KURANG, CUKUP, JELEK)
STATUS_LABEL = {BAIK: "Baik", KURANG: "Kurang", CUKUP: "Cukup", JELEK: "Jelek"}
STATUS_MEANING = {
    BAIK: "di atas target, tren naik/tetap",
    KURANG: "di atas target, tren turun",
    CUKUP: "di bawah target, tren naik/tetap",
    JELEK: "di bawah target, tren turun",
}
# comparisons of fractions computed two ways (57/240 vs 0.95 × 3 / 12) must not flip on noise
EPS = 1e-9

PWS_COLUMNS = ["kode", "sasaran", "capaian_bulan_ini", "capaian_bulan_lalu", "capaian_kumulatif",
               "cakupan_bulan_ini", "cakupan_bulan_lalu", "cakupan_kumulatif", "target_bulan_ini",
               "status", "tanpa_laporan"]


def month_of(value) -> int | None:
    """A month 1–12 from the URL or the browser; None for anything else (= the latest)."""
    # ASCII digits only: '²'.isdigit() is true and int('²') raises
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 2 and 1 <= int(text) <= 12 else None


@dataclass(frozen=True)
class Inputs:
    """Register sums and sasaran per area as flat numpy columns: what every formula here
    reads. Built once per query (data_access.pws) or from the DataFrames of the module
    docstring (Inputs.of); masks on arrays cost microseconds where pandas costs milliseconds."""

    kode: np.ndarray  # counts: area code (object)
    tahun: np.ndarray
    bulan: np.ndarray
    indikator: np.ndarray  # register code (object)
    nilai: np.ndarray  # float
    lapor: np.ndarray  # desa reporting (float)
    s_kode: np.ndarray  # sasaran: area code
    s_tahun: np.ndarray
    s_sasaran: np.ndarray
    s_jumlah: np.ndarray
    s_ada: np.ndarray  # desa with the sasaran

    @classmethod
    def of(cls, counts, sasaran=None) -> Inputs:
        if isinstance(counts, Inputs):
            return counts
        c = counts if counts is not None else pd.DataFrame(columns=COUNT_COLUMNS)
        s = sasaran if sasaran is not None else pd.DataFrame(columns=SASARAN_COLUMNS)
        lapor = c["desa_lapor"] if "desa_lapor" in c else np.ones(len(c))
        ada = s["desa_ada"] if "desa_ada" in s else np.ones(len(s))
        return cls(np.asarray(c["kode"], dtype=object), np.asarray(c["tahun"], dtype=int),
                   np.asarray(c["bulan"], dtype=int), np.asarray(c["indikator"], dtype=object),
                   np.asarray(c["nilai"], dtype=float), np.asarray(lapor, dtype=float),
                   np.asarray(s["kode"], dtype=object), np.asarray(s["tahun"], dtype=int),
                   np.asarray(s["sasaran"], dtype=object), np.asarray(s["jumlah"], dtype=float),
                   np.asarray(ada, dtype=float))

    @classmethod
    def from_rows(cls, counts: list, sasaran: list) -> Inputs:
        """From database rows (kode, tahun, bulan, indikator, nilai[, desa_lapor]) and
        (kode, tahun, sasaran, jumlah[, desa_ada]); a missing last column counts 1 desa."""
        def columns(rows, width, dtypes):
            cols = list(zip(*rows)) if rows else []  # one transpose, not a pass per column
            out = []
            for i, dtype in enumerate(dtypes):
                if i >= len(cols):  # no desa count: each row is one desa
                    out.append(np.full(len(rows), 1.0) if rows else np.array([], dtype=dtype))
                elif dtype is object:
                    out.append(np.array(cols[i], dtype=object))
                else:  # numbers: fromiter skips np.array's inspection of each element
                    out.append(np.fromiter(cols[i], dtype=dtype, count=len(rows)))
            return out
        c = columns(counts, 6, (object, int, int, object, float, float))
        s = columns(sasaran, 5, (object, int, object, float, float))
        return cls(*c, *s)

    @classmethod
    def from_months(cls, rows: list, sasaran: list, tahun: int) -> Inputs:
        """From summary rows of twelve months (kode, tahun, indikator, n01..n12, l01..l12:
        each month's sum, None where no desa reported, and the desa reporting) and sasaran
        rows as from_rows: the months of `tahun` and December of the year before, as
        from_rows has them."""
        n = len(rows)
        kode = strings([r[0] for r in rows])
        years = np.fromiter((r[1] for r in rows), dtype=int, count=n)
        code = strings([r[2] for r in rows])
        months = np.array([r[3:27] for r in rows], dtype=float).reshape(n, 24)  # None → NaN
        nilai, lapor = months[:, :12], months[:, 12:]
        keep = ~np.isnan(nilai) & ((years == tahun)[:, None] | (np.arange(1, 13) == 12)[None, :])
        i, j = np.nonzero(keep)
        s = cls.from_rows([], sasaran)
        return cls(kode[i], years[i], j + 1, code[i], nilai[i, j], lapor[i, j],
                   s.s_kode, s.s_tahun, s.s_sasaran, s.s_jumlah, s.s_ada)

    def only(self, kode: str) -> Inputs:
        """The rows of one area."""
        c, s = self.kode == kode, self.s_kode == kode
        return Inputs(self.kode[c], self.tahun[c], self.bulan[c], self.indikator[c], self.nilai[c],
                      self.lapor[c], self.s_kode[s], self.s_tahun[s], self.s_sasaran[s],
                      self.s_jumlah[s], self.s_ada[s])

    def relabel(self, kode: str) -> Inputs:
        """Every row as area `kode`: the formulas sum rows of one area, so this is the
        parent's total when the rows are its children (children partition it)."""
        return replace(self, kode=np.full(len(self.kode), kode, dtype=object),
                       s_kode=np.full(len(self.s_kode), kode, dtype=object))

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        counts = pd.DataFrame({"kode": self.kode, "tahun": self.tahun, "bulan": self.bulan,
                               "indikator": self.indikator, "nilai": self.nilai, "desa_lapor": self.lapor})
        sasaran = pd.DataFrame({"kode": self.s_kode, "tahun": self.s_tahun, "sasaran": self.s_sasaran,
                                "jumlah": self.s_jumlah, "desa_ada": self.s_ada})
        return counts, sasaran


COUNT_COLUMNS = ["kode", "tahun", "bulan", "indikator", "nilai", "desa_lapor"]
SASARAN_COLUMNS = ["kode", "tahun", "sasaran", "jumlah", "desa_ada"]


@dataclass(frozen=True)
class Matrix:
    """One indicator's monthly inputs for a list of areas; column 0 is December of the
    previous year, columns 1..12 the months of the year."""

    kode: list[str]
    num: np.ndarray  # numerator per month (NaN: nobody reported)
    den: np.ndarray  # denominator per month (the annual sasaran repeated, or a register)
    lapor: np.ndarray  # desa reporting the numerator that month
    sasaran_ada: np.ndarray  # desa with the sasaran (this year); -1 when not by sasaran
    # desa reporting the register denominator that month (None: no register denominator)
    lapor_den: np.ndarray | None = None


def _area_index(codes: np.ndarray, kode: list[str]) -> np.ndarray:
    """Position of each code in `kode`, -1 for codes not listed."""
    if len(kode) == 1:
        return np.where(codes == kode[0], 0, -1)
    if len(codes) > LARGE and len(set(kode)) == len(kode):  # pandas hashes in C: a third of the time
        return pd.Index(kode).get_indexer(codes).astype(int)
    position = {k: i for i, k in enumerate(kode)}  # a dict: building a pandas Index costs more
    return np.fromiter((position.get(c, -1) for c in codes), dtype=int, count=len(codes))


LARGE = 4000  # rows above which _area_index builds a pandas Index (measured: 30,000 rows 1,0 vs 1,7 ms)


def _sum_by(index: np.ndarray, values: np.ndarray, keep: np.ndarray, n: int) -> np.ndarray:
    """The kept values summed per index 0..n-1; NaN where no row was kept (not reported is
    not 0). bincount sums in one C pass; np.add.at is several times slower."""
    kept = index[keep]
    total = np.bincount(kept, weights=values[keep], minlength=n)
    seen = np.bincount(kept, minlength=n) > 0
    return np.where(seen, total, np.nan)


def matrix(counts, sasaran, ind: Indicator, tahun: int, kode: list[str]) -> Matrix:
    data = Inputs.of(counts, sasaran)
    n = len(kode)
    area = _area_index(data.kode, kode)
    month = np.where(data.tahun == tahun, data.bulan,
                     np.where((data.tahun == tahun - 1) & (data.bulan == 12), 0, -1))
    usable = (area >= 0) & (month >= 0)

    cell = np.where(usable, area * 13 + month, 0)  # the (area, month) cell of each row, flattened
    rows_of: dict[str, np.ndarray] = {}  # each register's usable rows, found once (np.isin on text is slow)

    def summed(codes: tuple[str, ...], values: np.ndarray) -> np.ndarray:
        for code in codes:
            if code not in rows_of:
                rows_of[code] = usable & (data.indikator == code)
        keep = np.logical_or.reduce([rows_of[code] for code in codes])
        return _sum_by(cell, values, keep, n * 13).reshape(n, 13)

    num = summed(ind.numerator, data.nilai)
    if ind.minus:
        num = num - np.nan_to_num(summed(ind.minus, data.nilai))
    lapor = np.zeros((n, 13))
    for code in ind.numerator:
        lapor = np.maximum(lapor, np.nan_to_num(summed((code,), data.lapor)))
    if ind.denominator is None:
        den = np.ones((n, 13))
        ada = np.full(n, -1)
    elif ind.by_sasaran:
        den = np.full((n, 13), np.nan)
        ada = np.zeros(n, dtype=int)
        s_area = _area_index(data.s_kode, kode)
        chosen = (s_area >= 0) & (data.s_sasaran == ind.denominator)
        s_cell = np.where(chosen, s_area, 0)
        for t, cols in ((tahun, slice(1, 13)), (tahun - 1, slice(0, 1))):
            keep = chosen & (data.s_tahun == t)
            den[:, cols] = _sum_by(s_cell, data.s_jumlah, keep, n)[:, None]
            if t == tahun:
                ada = np.nan_to_num(_sum_by(s_cell, data.s_ada, keep, n)).astype(int)
    else:
        den = summed((ind.denominator,), data.nilai)
        ada = np.full(n, -1)
        return Matrix(list(kode), num, den, lapor, ada,
                      np.nan_to_num(summed((ind.denominator,), data.lapor)))
    return Matrix(list(kode), num, den, lapor, ada)


def total_inputs(counts, sasaran, kode: str):
    """The inputs of a parent area: its children's rows summed (children partition it).
    Inputs in, Inputs out; DataFrames in, (counts, sasaran) DataFrames out."""
    if isinstance(counts, Inputs):
        return counts.relabel(kode)
    c = (counts.groupby(["tahun", "bulan", "indikator"], as_index=False)[["nilai", "desa_lapor"]].sum()
         .assign(kode=kode))
    s = (sasaran.groupby(["tahun", "sasaran"], as_index=False)[["jumlah", "desa_ada"]].sum()
         .assign(kode=kode))
    return c, s


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, np.nan)


def coverage(m: Matrix, ind: Indicator) -> tuple[np.ndarray, np.ndarray]:
    """(monthly, cumulative) coverage as fractions, shape (areas, 13); NaN where there is no
    denominator or no report. The cumulative of a BULANAN indicator is its monthly value."""
    monthly = _ratio(m.num, m.den)
    if ind.accumulation is Accumulation.BULANAN:
        return monthly, monthly.copy()
    summed = np.nancumsum(np.nan_to_num(m.num[:, 1:], nan=0.0), axis=1)
    reported = np.cumsum(~np.isnan(m.num[:, 1:]), axis=1) > 0
    if ind.accumulation is Accumulation.ALIRAN:
        # a ratio of two flows (treated ÷ diagnosed): Σ Jan..m ÷ Σ Jan..m, like a cascade
        below = np.nancumsum(np.nan_to_num(m.den[:, 1:], nan=0.0), axis=1)
        below = np.where(np.cumsum(~np.isnan(m.den[:, 1:]), axis=1) > 0, below, np.nan)
    else:
        below = m.den[:, 1:]
    cumulative = np.full_like(monthly, np.nan)
    cumulative[:, 1:] = np.where(reported, _ratio(summed, below), np.nan)
    return monthly, cumulative


def linear_target(ind: Indicator) -> bool:
    """Whether the target grows through the year (services accumulating against an annual
    sasaran) or is the same every month (a monthly ratio, or a ratio of two flows)."""
    return ind.accumulation is Accumulation.KUMULATIF


def target_at(ind: Indicator, annual_percent, bulan: int):
    """The target of month `bulan` as a fraction: linear through the year for accumulating
    indicators (annual × m / 12), flat for monthly ratios; NaN without a target. Takes one
    annual percentage or an array of them."""
    annual = np.asarray(np.nan if annual_percent is None else annual_percent, dtype=float)
    # percent × m / 1200 in one division: 95 × 3 / 1200 is exactly 0.2375, 0.95 × 3 / 12 is not
    target = annual * bulan / 1200 if linear_target(ind) else annual / 100
    return float(target) if target.ndim == 0 else target


def status(cumulative: float, target: float, now: float, before: float,
           higher_is_better: bool = True) -> str | None:
    """The PWS status of domain.md §3. `before` NaN (January without December, a month
    without report) counts as "up or equal"; equal counts as up. None when the cumulative,
    the target or this month's coverage is unknown."""
    return statuses(*(np.array([v], dtype=float) for v in (cumulative, target, now, before)),
                    higher_is_better)[0]


def statuses(cumulative: np.ndarray, target: np.ndarray, now: np.ndarray, before: np.ndarray,
             higher_is_better: bool) -> list[str | None]:
    """`status` for arrays of areas (the one implementation of the rule)."""
    sign = 1.0 if higher_is_better else -1.0
    known = ~(np.isnan(cumulative) | np.isnan(target) | np.isnan(now))
    with np.errstate(invalid="ignore"):
        on_target = sign * (cumulative - target) >= -EPS
        rising = np.isnan(before) | (sign * (now - before) >= -EPS)
    word = np.where(on_target, np.where(rising, BAIK, KURANG), np.where(rising, CUKUP, JELEK))
    return [w if k else None for w, k in zip(word.tolist(), known.tolist())]


def pws_table(counts, sasaran, ind: Indicator, tahun: int, bulan: int, kode: list[str],
              targets: dict[str, float | None], *, m: Matrix | None = None, ada=None) -> pd.DataFrame:
    """One row per area (in the order of `kode`): the columns of the `pws` export (PWS_COLUMNS,
    fractions), plus target_tahunan (percent), lapor (desa reporting this month),
    sasaran_ada (desa with the sasaran; -1 when not divided by a sasaran), alasan (why a
    value is empty, in Bahasa Indonesia; '' when nothing is) and tanpa_laporan (pws_columns).
    `m`: the matrix of these inputs when the caller already has it."""
    return pws_columns(counts, sasaran, ind, tahun, bulan, kode, targets, m=m, ada=ada).frame()


@dataclass(frozen=True)
class _Judged:
    """One month's status of each area of a Matrix, with what it was judged on."""

    monthly: np.ndarray  # coverage, (areas, 13)
    cumulative: np.ndarray
    annual: np.ndarray  # the annual target (percent, NaN without one)
    target: np.ndarray  # the target of the month (a fraction)
    words: np.ndarray  # the status (object, None without one)


def _judge(m: Matrix, ind: Indicator, bulan: int, kode: list[str],
           targets: dict[str, float | None]) -> _Judged:
    """The status of month `bulan` of every area of `m` (the one place pws_columns and
    pws_statuses take it from)."""
    if not 1 <= bulan <= 12:
        raise ValueError("bulan harus 1–12")
    monthly, cumulative = coverage(m, ind)
    annual = np.array([targets.get(k) for k in kode], dtype=float)  # None → NaN
    target = target_at(ind, annual, bulan)
    # column 0 is last December: the month before is always bulan - 1
    words = statuses(cumulative[:, bulan], target, monthly[:, bulan], monthly[:, bulan - 1],
                     ind.higher_is_better)
    return _Judged(monthly, cumulative, annual, target, strings(words))


def pws_statuses(counts, sasaran, ind: Indicator, tahun: int, bulan: int, kode: list[str],
                 targets: dict[str, float | None], *, m: Matrix | None = None) -> np.ndarray:
    """pws_columns' `status` column alone, without the values, reasons and marks around it
    (the league table reads only the statuses: building the reasons took a fifth of its
    national view). `m`: the matrix of these inputs, which serves every month of `tahun`."""
    m = m if m is not None else matrix(counts, sasaran, ind, tahun, kode)
    return _judge(m, ind, bulan, kode, targets).words


def pws_columns(counts, sasaran, ind: Indicator, tahun: int, bulan: int, kode: list[str],
                targets: dict[str, float | None], *, m: Matrix | None = None, ada=None) -> Columns:
    """pws_table as Columns (what the pages read), with `tanpa_laporan`: the months the
    status rests on that were not (fully) reported (indicators.tanpa_laporan; '' when none).
    `ada`: how many desa (Puskesmas, for an indicator recorded per Puskesmas) each area has,
    in the order of `kode`; None names only the months nobody reported."""
    m = m if m is not None else matrix(counts, sasaran, ind, tahun, kode)
    judged = _judge(m, ind, bulan, kode, targets)
    monthly, cumulative, target = judged.monthly, judged.cumulative, judged.target
    now, before = bulan, bulan - 1  # column 0 is last December
    num = m.num
    summed = np.nansum(num[:, 1:bulan + 1], axis=1)
    any_report = (~np.isnan(num[:, 1:bulan + 1])).any(axis=1)
    capaian_kumulatif = (num[:, now] if ind.accumulation is Accumulation.BULANAN
                         else np.where(any_report, summed, np.nan))
    n = len(kode)
    return Columns({
        "kode": strings(kode),
        "sasaran": _period_denominator(m, ind, now),
        "capaian_bulan_ini": num[:, now],
        "capaian_bulan_lalu": num[:, before],
        "capaian_kumulatif": capaian_kumulatif,
        "cakupan_bulan_ini": monthly[:, now],
        "cakupan_bulan_lalu": monthly[:, before],
        "cakupan_kumulatif": cumulative[:, now],
        "target_bulan_ini": target,
        "status": judged.words,
        "tanpa_laporan": tanpa_laporan(m, ind, tahun, bulan, ada),  # PWS_COLUMNS' order
        "target_tahunan": judged.annual,
        "lapor": m.lapor[:, now].astype(int),
        "sasaran_ada": m.sasaran_ada.astype(int),
        "alasan": strings([_reason(ind, tahun, bulan, m, i, target[i], any_report[i]) for i in range(n)]),
    })


def _period_denominator(m: Matrix, ind: Indicator, now: int) -> np.ndarray:
    """The divisor of the period's value: the sasaran, the month's register (BULANAN), or
    the register summed Jan..now (ALIRAN, a ratio of two flows)."""
    if ind.accumulation is not Accumulation.ALIRAN:
        return m.den[:, now]
    reported = (~np.isnan(m.den[:, 1:now + 1])).any(axis=1)
    return np.where(reported, np.nansum(m.den[:, 1:now + 1], axis=1), np.nan)


def _reason(ind: Indicator, tahun: int, bulan: int, m: Matrix, i: int, target: float,
            any_report: bool) -> str:
    """Why coverage or status is empty, first reason first; '' when nothing is."""
    if ind.by_sasaran:
        label = SASARAN_BY_CODE[ind.denominator].label
        if is_missing(m.den[i, bulan]):
            return f"Sasaran {label.lower()} tahun {tahun} belum diunggah"
        if m.den[i, bulan] <= 0:
            return (SASARAN_BY_CODE[ind.denominator].zero_reason
                    or f"Sasaran {label.lower()} tahun {tahun} bernilai 0")
    if not any_report:
        return f"Belum ada laporan {ind.label} tahun {tahun} sampai {BULAN[bulan - 1]}"
    if is_missing(m.num[i, bulan]):
        return f"Belum ada laporan bulan {BULAN[bulan - 1]} {tahun}"
    if ind.denominator is not None and not ind.by_sasaran and not m.den[i, bulan] > 0:
        if is_missing(m.den[i, bulan]):  # not reported is not zero
            return (f"Belum ada laporan {REGISTER_BY_CODE[ind.denominator].label} "
                    f"bulan {BULAN[bulan - 1]} {tahun}")
        return (f"{REGISTER_BY_CODE[ind.denominator].label} bulan {BULAN[bulan - 1]} bernilai 0: "
                "status bulan ini tidak dapat dinilai")
    if is_missing(target):
        return f"Target {ind.label} tahun {tahun} belum ditetapkan"
    return ""


def pws_series(counts, sasaran, ind: Indicator, tahun: int, kode: list[str], *,
               m: Matrix | None = None) -> pd.DataFrame:
    """Long frame kode, bulan (1..12), capaian, cakupan (monthly), cakupan_kumulatif: the
    line chart of cumulative coverage by month per area. Months without a report have no
    monthly value; the cumulative line stops at the area's last report."""
    return series_columns(counts, sasaran, ind, tahun, kode, m=m).frame()


def series_columns(counts, sasaran, ind: Indicator, tahun: int, kode: list[str], *,
                   m: Matrix | None = None) -> Columns:
    """pws_series as Columns, in the order of `kode` then month."""
    m = m if m is not None else matrix(counts, sasaran, ind, tahun, kode)
    monthly, cumulative = coverage(m, ind)
    months = np.arange(1, 13)
    # a line stops at the area's last report: later months are not yet known, not flat
    reported = ~np.isnan(m.num[:, 1:])
    last = np.where(reported.any(axis=1), 12 - np.argmax(reported[:, ::-1], axis=1), 0)
    cumulative = cumulative.copy()
    cumulative[:, 1:][months[None, :] > last[:, None]] = np.nan
    return Columns({
        "kode": np.repeat(strings(kode), 12),
        "bulan": np.tile(months, len(kode)),
        "capaian": m.num[:, 1:].ravel(),
        "cakupan": monthly[:, 1:].ravel(),
        "cakupan_kumulatif": cumulative[:, 1:].ravel(),
    })


# Below this many in the divisor, one case moves a percentage by ten points or more.
SMALL_DENOMINATOR = 10


def small_divisor(ind: Indicator, divisor) -> bool:
    """Whether a value rests on a count too small to read as a trend (a desa's 3 TB cases):
    only for indicators divided by another register, not by an annual sasaran estimate."""
    if ind.denominator is None or ind.by_sasaran or is_missing(divisor):
        return False
    return 0 < divisor < SMALL_DENOMINATOR


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """Areas per status, in the order of STATUSES, plus 'kosong' for those without one."""
    words = table["status"].tolist()
    counts = {s: words.count(s) for s in STATUSES}
    counts["kosong"] = len(words) - sum(counts.values())
    return counts


def last_reported_month(counts, tahun: int, codes: tuple[str, ...]) -> int | None:
    """The latest month of `tahun` with any report of these registers."""
    data = Inputs.of(counts)
    keep = (data.tahun == tahun) & np.isin(data.indikator, list(codes))
    return int(data.bulan[keep].max()) if keep.any() else None


# --- cascades ------------------------------------------------------------------------------

def kaskade_table(counts, sasaran, kaskade: Kaskade, tahun: int, bulan: int,
                  kode: list[str]) -> pd.DataFrame:
    """kaskade_sums as a DataFrame."""
    return kaskade_sums(counts, sasaran, kaskade, tahun, bulan, kode).frame()


def kaskade_sums(counts, sasaran, kaskade: Kaskade, tahun: int, bulan: int,
                 kode: list[str]) -> Columns:
    """One row per area: the sum Jan..bulan of each step (columns named by the step codes,
    NaN when no desa reported that step), the sasaran estimate when the cascade declares one,
    `konversi_<step>` (this step ÷ the one before, for every step after the first),
    `konversi_total` (the last step ÷ the estimate, or ÷ the first step without one), and
    `melebihi`: the steps that exceed the step before (late registration), comma-separated,
    '' when none. Never clipped."""
    data = Inputs.of(counts, sasaran)
    n = len(kode)
    area = _area_index(data.kode, kode)
    period = (area >= 0) & (data.tahun == tahun) & (data.bulan <= bulan)
    out = Columns(kode=strings(kode))
    steps = {}
    for step in kaskade.registers:
        steps[step] = out[step] = _sum_by(area, data.nilai, period & (data.indikator == step), n)
    if kaskade.sasaran:
        s_area = _area_index(data.s_kode, kode)
        keep = (s_area >= 0) & (data.s_tahun == tahun) & (data.s_sasaran == kaskade.sasaran)
        steps[kaskade.sasaran] = out[kaskade.sasaran] = _sum_by(s_area, data.s_jumlah, keep, n)
    pairs = list(zip(kaskade.steps, kaskade.steps[1:]))
    for before, step in pairs:
        out[f"konversi_{step}"] = _ratio(steps[step], steps[before])
    # end to end: the last step of the estimate when the cascade has one (controlled of all
    # the patients there are), else of the first step
    out["konversi_total"] = _ratio(steps[kaskade.steps[-1]], steps[kaskade.sasaran or kaskade.steps[0]])
    above = {step: steps[step] > steps[before] for before, step in pairs}  # NaN compares False
    flags = [above[step].tolist() for _, step in pairs]
    later = [step for _, step in pairs]
    out["melebihi"] = strings([", ".join(s for s, f in zip(later, row) if f) for row in zip(*flags)]
                              if pairs else [""] * n)
    for r in kaskade.rasio:
        out[f"rasio_{r.code}"] = rasio(r, steps)
    return out


def rasio(r: Rasio, sums: dict[str, np.ndarray]) -> np.ndarray:
    """A cascade's derived rate from its sums (arrays per area): (Σ numerator − Σ minus) ÷
    denominator. An empty or zero divisor, or a missing term, leaves it empty (NaN), never 0."""
    top = sum(sums[c] for c in r.numerator) - sum((sums[c] for c in r.minus), np.zeros(1))
    return _ratio(top, sums[r.denominator])


# --- breakdowns ----------------------------------------------------------------------------

def rincian_table(counts, sasaran, rincian: Rincian, tahun: int, bulan: int,
                  kode: list[str]) -> pd.DataFrame:
    """rincian_sums as a DataFrame."""
    return rincian_sums(counts, sasaran, rincian, tahun, bulan, kode).frame()


def rincian_sums(counts, sasaran, rincian: Rincian, tahun: int, bulan: int,
                 kode: list[str]) -> Columns:
    """One row per area: for each part i of the breakdown, `jumlah_i` (the register summed
    Jan..bulan), `penyebut_i` (its denominator: the sasaran of the year, or the other register
    summed; the column keeps the Indonesian name of its siblings jumlah_i and nilai_i, like
    every column a page or export shows) and `nilai_i` = jumlah_i ÷ penyebut_i (NaN when
    either is missing or the divisor is 0)."""
    data = Inputs.of(counts, sasaran)
    n = len(kode)
    area = _area_index(data.kode, kode)
    period = (area >= 0) & (data.tahun == tahun) & (data.bulan <= bulan)
    s_area = _area_index(data.s_kode, kode)
    s_year = (s_area >= 0) & (data.s_tahun == tahun)

    def summed(code: str) -> np.ndarray:
        if code in SASARAN_BY_CODE:
            keep, idx, values = s_year & (data.s_sasaran == code), s_area, data.s_jumlah
        else:
            keep, idx, values = period & (data.indikator == code), area, data.nilai
        return _sum_by(idx, values, keep, n)

    out = Columns(kode=strings(kode))
    for i, b in enumerate(rincian.bagian):
        top, below = summed(b.register), summed(b.denominator)
        out[f"jumlah_{i}"], out[f"penyebut_{i}"], out[f"nilai_{i}"] = top, below, _ratio(top, below)
    return out
