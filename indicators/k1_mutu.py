"""Klaster 1 mutu: the imported rows (per Puskesmas, month and quality indicator) as the
Puskesmas-level registers <code>_pembilang and <code>_penyebut (indicators.program MUTU)."""
from __future__ import annotations

import pandas as pd

REGISTER_COLUMNS = ["kode_puskesmas", "tahun", "bulan", "indikator", "nilai"]


def registers_of_mutu(rows: pd.DataFrame) -> pd.DataFrame:
    """Two register rows per mutu row (kode_puskesmas, tahun, bulan, indikator, pembilang,
    penyebut): its numerator and its denominator."""
    parts = [rows.assign(indikator=rows["indikator"] + f"_{part}", nilai=rows[part])[REGISTER_COLUMNS]
             for part in ("pembilang", "penyebut")]
    return pd.concat(parts, ignore_index=True)
