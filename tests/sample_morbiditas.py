"""A small hand-made set of morbidity rows over the wilayah of tests/sample.py, for the
morbidity query, callback and export tests. Every number the tests expect is worked out here.

Wilayah (tests/sample.py): provinsi 99 → Kab Satu 99.01 (Pkm A P01: desa A1, A2; Pkm B P02:
desa B1) and Kab Dua 99.02 (Pkm C P03: desa C1). Population set here: A1 2.000, A2 600,
B1 unknown (empty), C1 0.

March 2025, J06.9 (ISPA):
    A1: 1-4 L 6, 1-4 P 4, 20-44 P 2 = 12 → 12 / 2.000 × 1.000 = 6,0 per 1.000
    A2: 1-4 L 3                       =  3 →  3 /   600 × 1.000 = 5,0
    B1: 5-9 P 5                       =  5 → no rate: B1 has no population
    C1: 70+ L 1                       =  1 → no rate: C1's population is 0
    Pkm A: 15 / 2.600 × 1.000 = 5,769…; Kab Satu: 20 cases, no rate (B1); Kab Dua: 1, none.
    Breakdown, Pkm A: balita L 9, balita P 4 (< 5), dewasa P 2 (< 5), the rest 0.
March 2025, the other diagnoses of Pkm A: A09 12 (A1 7, A2 5), I10 4 and K30 4 (both A1:
    a tie, ordered by code: I10 before K30). Pkm A's ranking: J06.9 15, A09 12, I10 4, K30 4.
February 2025: A1 J06.9 1-4 L 9 → Pkm A Jan..Mar J06.9: 24. January 2025: nothing anywhere.
The trend of Pkm A (24 months, April 2023 – March 2025): April 2023 A1 J06.9 2; March 2023
    (A1 J06.9 50) is outside it. Months without any report in Pkm A have no value.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import update

from data_access import schema
from data_access.db import bulk_insert
from data_access.store import refresh_morbiditas_summary, write_diagnosis_names

A1, A2, B1, C1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001", "99.02.01.2001"
PENDUDUK = {A1: 2000, A2: 600, B1: None, C1: 0}

ROWS = pd.DataFrame(
    [
        (A1, 2025, 3, "J06.9", "1-4", "L", 6), (A1, 2025, 3, "J06.9", "1-4", "P", 4),
        (A1, 2025, 3, "J06.9", "20-44", "P", 2), (A2, 2025, 3, "J06.9", "1-4", "L", 3),
        (B1, 2025, 3, "J06.9", "5-9", "P", 5), (C1, 2025, 3, "J06.9", "70+", "L", 1),
        (A1, 2025, 3, "A09", "1-4", "L", 7), (A2, 2025, 3, "A09", "20-44", "P", 5),
        (A1, 2025, 3, "I10", "60-69", "L", 4), (A1, 2025, 3, "K30", "20-44", "P", 4),
        (A1, 2025, 2, "J06.9", "1-4", "L", 9),
        (A1, 2023, 4, "J06.9", "1-4", "L", 2), (A1, 2023, 3, "J06.9", "1-4", "L", 50),
    ],
    columns=["kode_desa", "tahun", "bulan", "kode_icd", "kelompok_umur", "jenis_kelamin", "jumlah"],
)
NAMES = {"J06.9": "ISPA akut", "A09": "Diare dan gastroenteritis", "I10": "Hipertensi esensial",
         "K30": "Dispepsia"}


def load(engine) -> None:
    with engine.begin() as conn:
        for kode, penduduk in PENDUDUK.items():
            conn.execute(update(schema.desa).where(schema.desa.c.kode == kode).values(jumlah_penduduk=penduduk))
        bulk_insert(conn, schema.morbiditas, ROWS)
        write_diagnosis_names(conn, NAMES)
        refresh_morbiditas_summary(conn)
