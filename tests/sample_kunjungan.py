"""A small hand-made set of monthly service visits (`kunjungan`) over the wilayah of
tests/sample.py, for the visit query, callback and export tests. Every number the tests expect
is worked out by hand below.

Wilayah (tests/sample.py): provinsi 99 → Kab Satu 99.01 (Pkm A P01: desa A1, A2; Pkm B P02:
desa B1) and Kab Dua 99.02 (Pkm C P03: desa C1, no visits at all).

Pkm A (P01), rows (tempat, nama_tempat, klaster, umur, jk, disabilitas, kode_desa: jumlah):

    Jan 2024  puskesmas  -          2 1-4   L T -   60
              posyandu   Posyandu A1 2 1-11b P T A1  20    → 80
    Dec 2024  puskesmas  -          3 20-44 P T -   50
              pustu      Pustu A2   3 60-69 L T A2  10    → 60
    Jan 2025  puskesmas  -          2 1-4   L T -   45
              puskesmas  -          3 20-44 P T -   30
              pustu      Pustu A2   3 60-69 P Y A2   4    (a small cell)
              posyandu   Posyandu A1 2 1-11b L T A1  21    → 100
    Feb 2025  puskesmas  -          2 1-4   L T -   50
              posyandu   Posyandu A1 2 1-4   P T A1   7
              rumah      -          3 70+   P Y A2   2    → 59 (Pustu A2 silent: "sejak Februari 2025")

    January 2025: last month = December 2024 = 60 → +66,7%; same month a year before = 80 → +25%.
      inside (Puskesmas + Pustu) 79, outside 21; L 66, P 34; disability Y 4 (< 5), T 96;
      bands: bayi dan balita 66 (45 + 21), dewasa 30, lansia 4 (< 5); klaster 2: 66, 3: 34.
    February 2025: last month 100 → −41%; February 2024 has no rows → no comparison.

Pkm B (P02), January 2025: puskesmas 4 20-44 L T - 12, and a home visit of a resident of desa A1
(P01's): rumah 3 70+ L T A1 3 → 15. The desa A1 page counts only P01's rows: the home visit is
P02's. February 2024: posyandu Posyandu B1 2 1-4 P T B1 6 (a place P01's users must never see).

    Kab Satu January 2025 = 100 + 15 = 115; provinsi 99 the same. The year 2025: 100 + 59 + 15 =
      174 in 2 months; 2024: 80 + 60 + 6 = 146.
    Desa A1: Jan 2024 20, Jan 2025 21, Feb 2025 7 (Dec 2024: none). In January 2025, 25 of P01's
      100 visits carry a residence (21 in A1, 4 in A2): 25%.
    Desa A2: Dec 2024 10, Jan 2025 4, Feb 2025 2; its Pustu A2 silent since February 2025.
"""
from __future__ import annotations

import pandas as pd

from data_access.store import insert_kunjungan_bulanan

A1, A2, B1, C1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001", "99.02.01.2001"
COLUMNS = ["kode_puskesmas", "tahun", "bulan", "tempat", "nama_tempat", "klaster", "kelompok_umur",
           "jenis_kelamin", "disabilitas", "kode_desa", "jumlah"]

ROWS = pd.DataFrame([
    ("P01", 2024, 1, "puskesmas", "", 2, "1-4", "L", "T", "", 60),
    ("P01", 2024, 1, "posyandu", "Posyandu A1", 2, "1-11b", "P", "T", A1, 20),
    ("P01", 2024, 12, "puskesmas", "", 3, "20-44", "P", "T", "", 50),
    ("P01", 2024, 12, "pustu", "Pustu A2", 3, "60-69", "L", "T", A2, 10),
    ("P01", 2025, 1, "puskesmas", "", 2, "1-4", "L", "T", "", 45),
    ("P01", 2025, 1, "puskesmas", "", 3, "20-44", "P", "T", "", 30),
    ("P01", 2025, 1, "pustu", "Pustu A2", 3, "60-69", "P", "Y", A2, 4),
    ("P01", 2025, 1, "posyandu", "Posyandu A1", 2, "1-11b", "L", "T", A1, 21),
    ("P01", 2025, 2, "puskesmas", "", 2, "1-4", "L", "T", "", 50),
    ("P01", 2025, 2, "posyandu", "Posyandu A1", 2, "1-4", "P", "T", A1, 7),
    ("P01", 2025, 2, "rumah", "", 3, "70+", "P", "Y", A2, 2),
    ("P02", 2025, 1, "puskesmas", "", 4, "20-44", "L", "T", "", 12),
    ("P02", 2025, 1, "rumah", "", 3, "70+", "L", "T", A1, 3),
    ("P02", 2024, 2, "posyandu", "Posyandu B1", 2, "1-4", "P", "T", B1, 6),
], columns=COLUMNS)


def load(engine) -> None:
    with engine.begin() as conn:
        insert_kunjungan_bulanan(conn, ROWS)


def csv_text(rows: pd.DataFrame = ROWS) -> str:
    """The rows as an import file (the dataset's columns, required first)."""
    return rows.to_csv(index=False)
