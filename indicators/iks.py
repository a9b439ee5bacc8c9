"""IKS formulas (domain.md §2), each written once: family IKS and category, area IKS,
indicator coverage, visit coverage, the state of families as of a date, and the
per-desa summary counts that every page reads.

Thresholds are compared in integers (5·Y > 4·D rather than Y/D > 0.8) so that a family
or an area at exactly 0.800 or 0.500 falls on the side the definition says.
"""
from __future__ import annotations

import enum
from datetime import date

import numpy as np
import pandas as pd

from indicators.format import is_missing
from indicators.registry import IKS_CODES

N_INDICATORS = len(IKS_CODES)


class Kategori(enum.StrEnum):
    SEHAT = "sehat"
    PRA_SEHAT = "pra_sehat"
    TIDAK_SEHAT = "tidak_sehat"

    @property
    def label(self) -> str:
        return {"sehat": "Sehat", "pra_sehat": "Pra-sehat", "tidak_sehat": "Tidak sehat"}[self]


# --- one family -------------------------------------------------------------------------

def family_iks(answers: dict[str, str] | list[str]) -> float | None:
    """IKS of one family = Y / (12 − N); None when every indicator is N."""
    values = list(answers.values()) if isinstance(answers, dict) else list(answers)
    values = [str(v).strip().upper() for v in values]
    n_y, n_n = values.count("Y"), values.count("N")
    defined = len(values) - n_n
    return None if defined == 0 else n_y / defined


def category(numerator: int, denominator: int) -> Kategori | None:
    """Category of a ratio numerator/denominator on the official thresholds:
    sehat > 0.800, pra-sehat 0.500–0.800 (both ends included), tidak sehat < 0.500.
    Used for a family (Y, 12−N) and for an area (keluarga sehat, keluarga with IKS)."""
    if denominator <= 0:
        return None
    if 5 * numerator > 4 * denominator:
        return Kategori.SEHAT
    if 2 * numerator >= denominator:
        return Kategori.PRA_SEHAT
    return Kategori.TIDAK_SEHAT


def category_of_value(value: float | None) -> Kategori | None:
    """Category of an already computed ratio (for colouring maps and bars)."""
    if is_missing(value):
        return None
    if value > 0.8:
        return Kategori.SEHAT
    if value >= 0.5:
        return Kategori.PRA_SEHAT
    return Kategori.TIDAK_SEHAT


# --- many families ----------------------------------------------------------------------

def family_counts(visits: pd.DataFrame) -> pd.DataFrame:
    """Per visit row: n_y, n_t, n_n over the 12 indicators and the category (vectorised)."""
    answers = visits[list(IKS_CODES)].to_numpy(dtype=object)
    is_y = answers == "Y"
    is_t = answers == "T"
    n_y = is_y.sum(axis=1)
    n_t = is_t.sum(axis=1)
    defined = n_y + n_t  # == 12 − N for validated rows (values are only Y/T/N)
    out = pd.DataFrame(
        {"n_y": n_y, "n_t": n_t, "n_n": N_INDICATORS - defined}, index=visits.index
    )
    out["sehat"] = (defined > 0) & (5 * n_y > 4 * defined)
    out["tidak_sehat"] = (defined > 0) & (2 * n_y < defined)
    out["pra_sehat"] = (defined > 0) & ~out["sehat"] & ~out["tidak_sehat"]
    out["semua_n"] = defined == 0
    return out


def state_as_of(visits: pd.DataFrame, asof: date, *, awal: bool = False) -> pd.DataFrame:
    """Each family's state as of `asof`: its latest visit on or before that date, or with
    awal=True its first visit (for families first visited on or before that date).
    Families first visited after `asof` are not counted."""
    dates = pd.to_datetime(visits["tanggal_kunjungan"])
    if awal:
        first = dates.groupby(visits["id_keluarga"]).transform("min")
        chosen = visits[(dates == first) & (first <= pd.Timestamp(asof))]
    else:
        seen = visits[dates <= pd.Timestamp(asof)]
        seen_dates = dates[seen.index]
        latest = seen_dates.groupby(seen["id_keluarga"]).transform("max")
        chosen = seen[seen_dates == latest]
    # a family visited twice on one day cannot happen (natural key), so this is one row each
    return chosen


def summarise_by_desa(visits: pd.DataFrame, tahun: int, *, awal: bool) -> pd.DataFrame:
    """Counts per desa for the state as of 31 December of `tahun` (see state_as_of):
    keluarga_dikunjungi, keluarga_iks (defined IKS), sehat, pra_sehat, tidak_sehat,
    semua_n, and y_<code>, t_<code> for each of the 12 indicators."""
    state = state_as_of(visits, date(tahun, 12, 31), awal=awal)
    counts = family_counts(state)
    frame = pd.DataFrame({"kode_desa": state["kode_desa"].to_numpy()})
    frame["keluarga_dikunjungi"] = 1
    frame["keluarga_iks"] = (~counts["semua_n"]).to_numpy().astype(int)
    for col in ("sehat", "pra_sehat", "tidak_sehat", "semua_n"):
        frame[col] = counts[col].to_numpy().astype(int)
    for code in IKS_CODES:
        frame[f"y_{code}"] = (state[code].to_numpy() == "Y").astype(int)
        frame[f"t_{code}"] = (state[code].to_numpy() == "T").astype(int)
    summary = frame.groupby("kode_desa", sort=True).sum().reset_index()
    summary.insert(1, "tahun", tahun)
    summary.insert(2, "awal", awal)
    return summary


def summarise_visits(visits: pd.DataFrame, until_year: int | None = None) -> pd.DataFrame:
    """All summary rows for these visits: for each desa, every year from its first visit to
    `until_year` (default: the last year in `visits`), the current (awal=False) and initial
    (awal=True) state as of 31 December. A year without visits repeats the state before it,
    so a page reads one year with an equality, never "the latest row up to". `visits` must
    hold every visit of the desa it covers (earlier visits decide first and latest states)."""
    if visits.empty:
        return pd.DataFrame()
    years = pd.to_datetime(visits["tanggal_kunjungan"]).dt.year
    last = max(int(years.max()), until_year or 0)
    parts = [
        summarise_by_desa(visits, y, awal=awal)
        for y in range(int(years.min()), last + 1)
        for awal in (False, True)
    ]
    return pd.concat(parts, ignore_index=True)


# --- areas ------------------------------------------------------------------------------

def ratio(numerator, denominator):
    """numerator / denominator, NaN where the denominator is 0 or missing (never 0%)."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    return float(out) if out.ndim == 0 else out


def categories(numerator, denominator) -> np.ndarray:
    """Vectorised `category`: 'sehat' / 'pra_sehat' / 'tidak_sehat', None without denominator."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out = np.select(
        [den <= 0, 5 * num > 4 * den, 2 * num >= den],
        [None, Kategori.SEHAT.value, Kategori.PRA_SEHAT.value],
        Kategori.TIDAK_SEHAT.value,
    )
    return out.astype(object)


def area_indicators(counts: pd.DataFrame) -> pd.DataFrame:
    """From summed counts per area (columns of the summary plus `keluarga_terdaftar` and
    `desa_tanpa_terdaftar`) derive: iks, kategori, cakupan_kunjungan, cakupan_<code>, and
    with `awal_sehat`/`awal_keluarga_iks` also iks_awal and perubahan.
    Sums first, ratios after: never an average of percentages."""
    inputs = [c for c in counts.columns if c in _COUNT_INPUTS]
    # the counts as one float block: a column at a time costs more than the arithmetic
    derived = _derive(dict(zip(inputs, counts[inputs].to_numpy(float).T)))
    kept = counts.drop(columns=[c for c in derived if c in counts])
    return pd.concat([kept, pd.DataFrame(derived, index=counts.index)], axis=1)


def total_indicators(rows: pd.DataFrame) -> dict:
    """The counts of all the areas in `rows` summed, and the ratios derived from those sums
    (area_indicators' formulas): the KPI cards of the area itself, as one mapping."""
    names = [c for c in rows.columns if c in SUMMABLE or c.startswith(("y_", "t_"))]
    sums = dict(zip(names, np.nansum(rows[names].to_numpy(float), axis=0)[:, None]))  # as pandas' sum
    return {k: v[0] for k, v in {**sums, **_derive(sums)}.items()}


def _derive(counts: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """area_indicators' formulas on count columns as arrays (one element per area)."""
    sehat, defined = counts["sehat"], counts["keluarga_iks"]
    out = {"iks": ratio(sehat, defined)}
    if "keluarga_terdaftar" in counts:
        registered = counts["keluarga_terdaftar"]
        if "desa_tanpa_terdaftar" in counts:
            registered = np.where(counts["desa_tanpa_terdaftar"] == 0, registered, np.nan)
        out["cakupan_kunjungan"] = ratio(counts["keluarga_dikunjungi"], registered)
    if "awal_sehat" in counts:
        out["iks_awal"] = ratio(counts["awal_sehat"], counts["awal_keluarga_iks"])
        out["perubahan"] = out["iks"] - out["iks_awal"]
    for c in IKS_CODES:
        y, t = counts[f"y_{c}"], counts[f"t_{c}"]
        out[f"cakupan_{c}"] = ratio(y, y + t)
    out["kategori"] = categories(sehat, defined)
    return out


SUMMABLE = {"jumlah_desa", "keluarga_terdaftar", "desa_tanpa_terdaftar", "keluarga_dikunjungi",
            "keluarga_iks", "sehat", "pra_sehat", "tidak_sehat", "semua_n", "awal_sehat",
            "awal_keluarga_iks"}
_COUNT_INPUTS = SUMMABLE | {f"{a}_{c}" for a in ("y", "t") for c in IKS_CODES}
