"""Hand-made staff (sdm) for tests/sample.py's province, with the numbers worked out by hand.

Population (set here; the sample's wilayah has none): Desa A1 6.000 + A2 4.000 → Pkm A 10.000;
Desa B1 unknown → Pkm B's ratio is empty; Desa C1 0.
- Pkm A (P01): one of each of the nine minimum types (pns) + a perawat (pppk) = 10 active on
  31/12/2025 → 10,0 per 10.000; a dokter who left (aktif T) and a bidan starting 05/01/2026 are
  not counted. On 30/06/2024: the gizi (started 01/07/2024) not yet → 9 active, 8 types.
- Pkm B (P02): the nine types but the doctor (8 active, honorer), plus a dokter who left: tanpa dokter.
- Pkm C (P03): no rows (not reported)."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import update

from data_access import schema
from data_access.db import bump_version, copy_insert
from data_access.k1_sdm import refresh_sdm_summary
from indicators.k1_sdm import MINIMAL_CODES

COLUMNS = ["kode_puskesmas", "id_pegawai", "jenis_tenaga", "status_kepegawaian", "pendidikan", "tanggal_mulai",
           "klaster", "aktif", "keahlian"]


def rows() -> pd.DataFrame:
    out = []
    for i, jenis in enumerate(MINIMAL_CODES, start=1):
        start = date(2024, 7, 1) if jenis == "gizi" else date(2010 + i, 1, 1)
        out.append(("P01", f"A{i:02d}", jenis, "pns", "d3", start, None, "Y", ""))
    out.append(("P01", "A10", "perawat", "pppk", "profesi", date(2020, 12, 31), 2, "Y", "<b>PONED</b>"))
    out.append(("P01", "A11", "dokter", "pns", "profesi", date(2000, 1, 1), None, "T", ""))
    out.append(("P01", "A12", "bidan", "kontrak", "d3", date(2026, 1, 5), None, "Y", ""))
    for i, jenis in enumerate(MINIMAL_CODES[1:], start=1):
        out.append(("P02", f"B{i:02d}", jenis, "honorer", "d3", date(2015, 6, 1), None, "Y", ""))
    out.append(("P02", "B99", "dokter", "pns", "profesi", date(2001, 1, 1), None, "T", ""))
    frame = pd.DataFrame(out, columns=COLUMNS)
    frame["klaster"] = pd.Series([None if k is None else int(k) for _, _, _, _, _, _, k, _, _ in out], dtype=object)
    return frame


def load(engine) -> None:
    desa = schema.desa
    with engine.begin() as conn:
        for kode, n in (("99.01.01.2001", 6000), ("99.01.01.2002", 4000), ("99.02.01.2001", 0)):
            conn.execute(update(desa).where(desa.c.kode == kode).values(jumlah_penduduk=n))
        copy_insert(conn, schema.sdm, rows())
        refresh_sdm_summary(conn)
        bump_version(conn)
