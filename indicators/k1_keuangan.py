"""Klaster 1 keuangan: the imported rows (per Puskesmas, month and source of funds) as the
Puskesmas-level registers and sasaran the PWS engine reads (indicators.program): realisasi
per month per source and in total, and the year's pagu (that of the latest month imported
for the source; a revised budget mid-year replaces it) per source and in total."""
from __future__ import annotations

import pandas as pd

REGISTER_COLUMNS = ["kode_puskesmas", "tahun", "bulan", "indikator", "nilai"]
SASARAN_COLUMNS = ["kode_puskesmas", "tahun", "sasaran", "jumlah"]


def registers_of_keuangan(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(registers, sasaran) of keuangan rows (kode_puskesmas, tahun, bulan, sumber_dana, pagu,
    realisasi) holding every month of each Puskesmas and year given."""
    if not len(rows):
        return pd.DataFrame(columns=REGISTER_COLUMNS), pd.DataFrame(columns=SASARAN_COLUMNS)
    rows = rows.astype({"tahun": int, "bulan": int, "pagu": "int64", "realisasi": "int64"})
    per = rows.assign(indikator="realisasi_" + rows["sumber_dana"], nilai=rows["realisasi"])[REGISTER_COLUMNS]
    total = (rows.groupby(["kode_puskesmas", "tahun", "bulan"], as_index=False)["realisasi"].sum()
             .rename(columns={"realisasi": "nilai"}).assign(indikator="realisasi_total"))[REGISTER_COLUMNS]
    latest = rows.sort_values("bulan").groupby(["kode_puskesmas", "tahun", "sumber_dana"], as_index=False).last()
    pagu = latest.assign(sasaran="pagu_" + latest["sumber_dana"], jumlah=latest["pagu"].astype(float))[SASARAN_COLUMNS]
    pagu_total = (latest.groupby(["kode_puskesmas", "tahun"], as_index=False)["pagu"].sum()
                  .assign(sasaran="pagu_total").rename(columns={"pagu": "jumlah"}))
    pagu_total["jumlah"] = pagu_total["jumlah"].astype(float)
    return (pd.concat([per, total], ignore_index=True),
            pd.concat([pagu, pagu_total[SASARAN_COLUMNS]], ignore_index=True))


def months_behind(realisasi, pagu, bulan: int) -> float | None:
    """How many months the cumulative realisation lags the linear line at month `bulan`: the
    line reaches realisasi ÷ pagu after 12 × realisasi ÷ pagu months, so the lag is bulan
    minus that, 0 when on or above the line; None without a pagu (0 or missing)."""
    if pagu is None or realisasi is None or not pagu > 0 or realisasi != realisasi:
        return None
    return max(0.0, bulan - 12 * float(realisasi) / float(pagu))
