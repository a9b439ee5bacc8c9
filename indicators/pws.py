"""PWS formulas (domain.md §3), pure pandas: monthly and cumulative coverage, the linear
target of month m, the status baik / kurang / cukup / jelek, and cascades.

Inputs are the per-area sums the data layer reads (data_access.pws):
- counts: kode, tahun, bulan, indikator (a register code), nilai, desa_lapor (how many desa
  reported that register that month);
- sasaran: kode, tahun, sasaran, jumlah, desa_ada (how many desa have that sasaran).
Areas are summed before any ratio (never an average of percentages): pass the child rows and
use `total_inputs` for the parent.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.program import REGISTER_BY_CODE, SASARAN_BY_CODE, Indicator, Kaskade

BAIK, KURANG, CUKUP, JELEK = "baik", "kurang", "cukup", "jelek"
STATUSES = (BAIK, KURANG, CUKUP, JELEK)
STATUS_LABEL = {BAIK: "Baik", KURANG: "Kurang", CUKUP: "Cukup", JELEK: "Jelek"}
STATUS_MEANING = {
    BAIK: "di atas target, tren naik/tetap",
    KURANG: "di atas target, tren turun",
    CUKUP: "di bawah target, tren naik/tetap",
    JELEK: "di bawah target, tren turun",
}
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
BULAN_PENDEK = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
# comparisons of fractions computed two ways (57/240 vs 0.95 × 3 / 12) must not flip on noise
EPS = 1e-9

PWS_COLUMNS = ["kode", "sasaran", "capaian_bulan_ini", "capaian_bulan_lalu", "capaian_kumulatif",
               "cakupan_bulan_ini", "cakupan_bulan_lalu", "cakupan_kumulatif", "target_bulan_ini",
               "status"]


@dataclass(frozen=True)
class Matrix:
    """One indicator's monthly inputs for a list of areas; column 0 is December of the
    previous year, columns 1..12 the months of the year."""

    kode: list[str]
    num: np.ndarray  # numerator per month (NaN: nobody reported)
    den: np.ndarray  # denominator per month (the annual sasaran repeated, or a register)
    lapor: np.ndarray  # desa reporting the numerator that month
    sasaran_ada: np.ndarray  # desa with the sasaran (this year); -1 when not by sasaran


def matrix(counts: pd.DataFrame, sasaran: pd.DataFrame, ind: Indicator, tahun: int,
           kode: list[str]) -> Matrix:
    n = len(kode)
    index = {k: i for i, k in enumerate(kode)}

    def grid(codes: tuple[str, ...], column: str = "nilai") -> np.ndarray:
        out = np.zeros((n, 13))
        seen = np.zeros((n, 13), dtype=bool)
        part = counts[counts["indikator"].isin(codes)]
        for t, offset in ((tahun, 0), (tahun - 1, -12)):
            rows = part[part["tahun"] == t]
            month = rows["bulan"].to_numpy(dtype=int) + offset
            keep = (month >= 0) & (month <= 12)
            area = rows["kode"].map(index).to_numpy()
            keep &= ~pd.isna(area)
            ai, mi = area[keep].astype(int), month[keep]
            if column == "max":
                np.maximum.at(out, (ai, mi), rows["desa_lapor"].to_numpy(dtype=float)[keep])
            else:
                np.add.at(out, (ai, mi), rows["nilai"].to_numpy(dtype=float)[keep])
            seen[ai, mi] = True
        out[~seen] = np.nan
        return out

    num = grid(ind.numerator)
    if ind.minus:
        minus = grid(ind.minus)
        num = num - np.nan_to_num(minus)
    lapor = np.nan_to_num(grid(ind.numerator, "max"))
    if ind.denominator is None:
        den = np.ones((n, 13))
        ada = np.full(n, -1)
    elif ind.by_sasaran:
        den = np.full((n, 13), np.nan)
        ada = np.zeros(n, dtype=int)
        rows = sasaran[sasaran["sasaran"] == ind.denominator]
        for t, cols in ((tahun, slice(1, 13)), (tahun - 1, slice(0, 1))):
            part = rows[rows["tahun"] == t]
            for k, jumlah, desa_ada in zip(part["kode"], part["jumlah"], part["desa_ada"]):
                if k in index:
                    den[index[k], cols] = float(jumlah)
                    if t == tahun:
                        ada[index[k]] = int(desa_ada)
    else:
        den = grid((ind.denominator,))
        ada = np.full(n, -1)
    return Matrix(list(kode), num, den, lapor, ada)


def total_inputs(counts: pd.DataFrame, sasaran: pd.DataFrame, kode: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The inputs of a parent area: its children's rows summed (children partition it)."""
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
    denominator or no report. Cumulative of a per_bulan indicator is its monthly value."""
    monthly = _ratio(m.num, m.den)
    if ind.per_bulan:
        return monthly, monthly.copy()
    summed = np.nancumsum(np.nan_to_num(m.num[:, 1:], nan=0.0), axis=1)
    reported = np.cumsum(~np.isnan(m.num[:, 1:]), axis=1) > 0
    cumulative = np.full_like(monthly, np.nan)
    cumulative[:, 1:] = np.where(reported, _ratio(summed, m.den[:, 1:]), np.nan)
    return monthly, cumulative


def target_at(ind: Indicator, annual_percent: float | None, bulan: int) -> float:
    """The target of month `bulan` as a fraction: linear through the year for accumulating
    indicators (annual × m / 12), flat for monthly ratios; NaN without a target."""
    if annual_percent is None or pd.isna(annual_percent):
        return np.nan
    annual = float(annual_percent) / 100
    return annual if ind.per_bulan else annual * bulan / 12


def status(cumulative: float, target: float, now: float, before: float,
           higher_is_better: bool = True) -> str | None:
    """The PWS status of domain.md §3. `before` NaN (January without December, a month
    without report) counts as "up or equal"; equal counts as up. None when the cumulative,
    the target or this month's coverage is unknown."""
    if any(pd.isna(v) for v in (cumulative, target, now)):
        return None
    sign = 1.0 if higher_is_better else -1.0
    on_target = sign * (cumulative - target) >= -EPS
    rising = pd.isna(before) or sign * (now - before) >= -EPS
    if on_target:
        return BAIK if rising else KURANG
    return CUKUP if rising else JELEK


def pws_table(counts: pd.DataFrame, sasaran: pd.DataFrame, ind: Indicator, tahun: int,
              bulan: int, kode: list[str], targets: dict[str, float | None]) -> pd.DataFrame:
    """One row per area (in the order of `kode`): the columns of the `pws` export (PWS_COLUMNS,
    fractions), plus target_tahunan (percent), lapor (desa reporting this month),
    sasaran_ada (desa with the sasaran; -1 when not divided by a sasaran) and alasan (why a
    value is empty, in Bahasa Indonesia; '' when nothing is)."""
    if not 1 <= bulan <= 12:
        raise ValueError("bulan harus 1–12")
    m = matrix(counts, sasaran, ind, tahun, kode)
    monthly, cumulative = coverage(m, ind)
    now, before = bulan, bulan - 1  # column 0 is last December
    num = m.num
    summed = np.nansum(num[:, 1:bulan + 1], axis=1)
    any_report = (~np.isnan(num[:, 1:bulan + 1])).any(axis=1)
    capaian_kumulatif = num[:, now] if ind.per_bulan else np.where(any_report, summed, np.nan)
    rows = []
    for i, k in enumerate(kode):
        target = target_at(ind, targets.get(k), bulan)
        st = status(cumulative[i, now], target, monthly[i, now], monthly[i, before], ind.higher_is_better)
        rows.append({
            "kode": k,
            "sasaran": m.den[i, now] if not np.isnan(m.den[i, now]) else np.nan,
            "capaian_bulan_ini": num[i, now],
            "capaian_bulan_lalu": num[i, before],
            "capaian_kumulatif": capaian_kumulatif[i],
            "cakupan_bulan_ini": monthly[i, now],
            "cakupan_bulan_lalu": monthly[i, before],
            "cakupan_kumulatif": cumulative[i, now],
            "target_bulan_ini": target,
            "status": st,
            "target_tahunan": np.nan if pd.isna(targets.get(k)) else float(targets[k]),
            "lapor": int(m.lapor[i, now]),
            "sasaran_ada": int(m.sasaran_ada[i]),
            "alasan": _reason(ind, tahun, bulan, m, i, target, any_report[i]),
        })
    return pd.DataFrame(rows, columns=[*PWS_COLUMNS, "target_tahunan", "lapor", "sasaran_ada", "alasan"])


def _reason(ind: Indicator, tahun: int, bulan: int, m: Matrix, i: int, target: float,
            any_report: bool) -> str:
    """Why coverage or status is empty, first reason first; '' when nothing is."""
    if ind.by_sasaran:
        label = SASARAN_BY_CODE[ind.denominator].label
        if np.isnan(m.den[i, bulan]):
            return f"Sasaran {label.lower()} tahun {tahun} belum diunggah"
        if m.den[i, bulan] <= 0:
            return f"Sasaran {label.lower()} tahun {tahun} bernilai 0"
    if not any_report:
        return f"Belum ada laporan {ind.label} tahun {tahun} sampai {BULAN[bulan - 1]}"
    if np.isnan(m.num[i, bulan]):
        return f"Belum ada laporan bulan {BULAN[bulan - 1]} {tahun}"
    if ind.denominator is not None and not ind.by_sasaran and not m.den[i, bulan] > 0:
        if np.isnan(m.den[i, bulan]):  # not reported is not zero
            return (f"Belum ada laporan {REGISTER_BY_CODE[ind.denominator].label} "
                    f"bulan {BULAN[bulan - 1]} {tahun}")
        return f"{REGISTER_BY_CODE[ind.denominator].label} bulan {BULAN[bulan - 1]} bernilai 0"
    if np.isnan(target):
        return f"Target {ind.label} tahun {tahun} belum ditetapkan"
    return ""


def pws_series(counts: pd.DataFrame, sasaran: pd.DataFrame, ind: Indicator, tahun: int,
               kode: list[str]) -> pd.DataFrame:
    """Long frame kode, bulan (1..12), cakupan (monthly), cakupan_kumulatif: the line chart
    of cumulative coverage by month per area. Months without data are NaN."""
    m = matrix(counts, sasaran, ind, tahun, kode)
    monthly, cumulative = coverage(m, ind)
    months = np.arange(1, 13)
    return pd.DataFrame({
        "kode": np.repeat(kode, 12),
        "bulan": np.tile(months, len(kode)),
        "capaian": m.num[:, 1:].ravel(),
        "cakupan": monthly[:, 1:].ravel(),
        "cakupan_kumulatif": cumulative[:, 1:].ravel(),
    })


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    """Areas per status, in the order of STATUSES, plus 'kosong' for those without one."""
    counts = {s: int((table["status"] == s).sum()) for s in STATUSES}
    counts["kosong"] = int(table["status"].isna().sum())
    return counts


def last_reported_month(counts: pd.DataFrame, tahun: int, codes: tuple[str, ...]) -> int | None:
    """The latest month of `tahun` with any report of these registers."""
    rows = counts[(counts["tahun"] == tahun) & counts["indikator"].isin(codes)]
    return int(rows["bulan"].max()) if len(rows) else None


# --- cascades ------------------------------------------------------------------------------

def kaskade_table(counts: pd.DataFrame, sasaran: pd.DataFrame, kaskade: Kaskade, tahun: int,
                  bulan: int, kode: list[str]) -> pd.DataFrame:
    """One row per area: the sum Jan..bulan of each step (columns named by the step codes,
    NaN when no desa reported that step), the sasaran estimate when the cascade declares one,
    `konversi_<step>` (this step ÷ the one before, for every step after the first), and
    `melebihi`: the steps that exceed the step before (late registration), comma-separated,
    '' when none. Never clipped."""
    period = counts[(counts["tahun"] == tahun) & (counts["bulan"] <= bulan)
                    & counts["indikator"].isin(kaskade.steps)]
    summed = period.pivot_table(index="kode", columns="indikator", values="nilai", aggfunc="sum")
    out = pd.DataFrame({"kode": kode})
    for step in kaskade.steps:
        out[step] = out["kode"].map(summed[step]) if step in summed else np.nan
    if kaskade.sasaran:
        rows = sasaran[(sasaran["tahun"] == tahun) & (sasaran["sasaran"] == kaskade.sasaran)]
        out[kaskade.sasaran] = out["kode"].map(rows.set_index("kode")["jumlah"])
    for before, step in zip(kaskade.steps, kaskade.steps[1:]):
        out[f"konversi_{step}"] = _ratio(out[step].to_numpy(dtype=float), out[before].to_numpy(dtype=float))
    out["melebihi"] = [
        ", ".join(step for before, step in zip(kaskade.steps, kaskade.steps[1:])
                  if row[step] > row[before])
        for _, row in out[list(kaskade.steps)].iterrows()
    ]
    return out
