"""The PWS pages' download buttons: a table exactly as the page shows it, as CSV or XLSX."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from domain.wilayah import Area
from exports.views import (
    fraction_format,
    tidy_kaskade,
    tidy_pws,
    tidy_pws_columns,
    to_csv,
    to_xlsx,
    unit_note,
)
from exports.writers import columns_to_csv
from indicators.columns import Columns
from indicators.program import INDICATOR_BY_CODE, KASKADE_BY_CODE, REGISTER_BY_CODE
from indicators.pws import BULAN, PWS_COLUMNS

PERCENT = "0.0%"
PWS_FRACTIONS = [c for c in PWS_COLUMNS if c.startswith(("cakupan", "target"))]
PWS_DOWNLOAD = ["kode", "nama", *PWS_COLUMNS[1:], "target_tahunan", "alasan"]


def table_download(view: str, rows: pd.DataFrame | Columns, shown: Area, tahun: int, bulan: int, code: str,
                   fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of a page table: view 'pws' (rows of data_access.pws.pws_view) or
    'kaskade' (rows of kaskade_view), with the export's column names. The PWS rows as the
    view's Columns write a CSV without a DataFrame (the same bytes, a tenth of the time)."""
    name = f"{view}-{code}-{shown.kode or 'nasional'}-{tahun}-{bulan:02d}.{fmt}"
    if view == "pws" and fmt == "csv" and isinstance(rows, Columns):
        return name, columns_to_csv(tidy_pws_columns({c: rows[c] for c in PWS_DOWNLOAD}))
    if isinstance(rows, Columns):
        rows = rows.frame()
    if view == "pws":
        ind = INDICATOR_BY_CODE[code]
        table = tidy_pws(rows[PWS_DOWNLOAD])
        about = [("Indikator", f"{ind.code}: {ind.label}"), ("Definisi", ind.definition),
                 ("Rumus", ind.formula), ("Sumber target", ind.source), unit_note(ind)]
        formats = dict.fromkeys(PWS_FRACTIONS, fraction_format(ind))
    else:
        kaskade = KASKADE_BY_CODE[code]
        table = tidy_kaskade(rows, kaskade)
        about = [("Kaskade", f"{kaskade.code}: {kaskade.label}"),
                 ("Langkah", " → ".join(REGISTER_BY_CODE[s].label for s in kaskade.steps))]
        formats = {c: PERCENT for c in rows.columns if c.startswith("konversi_")}
    if fmt == "csv":
        return name, to_csv(table)
    where = shown.nama if shown.kode is None else f"{shown.nama} ({shown.kode})"
    notes = [("Tampilan", f"Tabel {view} halaman PWS"), ("Wilayah", where),
             ("Periode", f"Januari s.d. {BULAN[bulan - 1]} {tahun}"), *about,
             ("Dibuat", datetime.now().strftime("%Y-%m-%d %H:%M"))]
    return name, to_xlsx(table, sheet=view.upper(), number_formats=formats, keterangan=notes)
