"""A small hand-made set of program registers (layanan), sasaran and targets over the wilayah
of tests/sample.py, for the PWS query tests. Every number the tests expect is worked out by
hand in the comments below.

Wilayah (tests/sample.py): provinsi 99 → Kab Satu 99.01 (Pkm A P01: desa A1, A2; Pkm B P02:
desa B1) and Kab Dua 99.02 (Pkm C P03: desa C1).

K1 (sasaran bumil, default annual target 100%):

    desa  bumil 2024  bumil 2025  Des 2024  Jan  Feb  Mar
    A1    120         100         11        10   8    12
    A2    -           50          -         30   5    -     (no March report)
    B1    -           101.2       -         20   20   25
    C1    -           -           -         7    -    3     (no sasaran 2025)

    January, desa A1: 10/100 = 10% against December 11/120 = 9.17% (last year's sasaran):
      rising; target 100 × 1/12 = 8.33% → baik. (Divided by this year's sasaran December
      would be 11%, falling → kurang: the test catches the wrong sasaran.)
    January, Pkm A: (10 + 30)/(100 + 50) = 26.67%, not the mean of 10% and 60% (35%).
    March (target 25%):
      A1 12/100 = 12% vs 8%; cumulative 30/100 = 30% → baik
      A2 no report: monthly empty, status empty; cumulative 35/50 = 70%
      B1 25/101.2 vs 20/101.2; cumulative 65/101.2 = 64.2% → baik
      C1 no sasaran: coverage and status empty
      Pkm A: Jan 40, Feb 13, Mar 12 over 150: 8% vs 8.67% falling; cumulative 65/150 = 43.3%
        → kurang; 1 of 2 desa reported in March, 2 desa with sasaran
      Kab Satu: Jan 60, Feb 33, Mar 37 over 251.2: 14.7% vs 13.1%; cumulative 130/251.2 =
        51.8% → baik; 2 desa reported in March, 3 with sasaran
      Provinsi 99: Jan 67, Feb 33, Mar 40 over 251.2 (C1 has none): cumulative 140/251.2

K6 targets 2025 (imported): everywhere 90, Kab Satu 85, Pkm A 80. So desa A1, A2 and Pkm A
→ 80; Pkm B, desa B1 and Kab Satu → 85; Kab Dua, Pkm C, desa C1 and the provinsi → 90.
K6 2024 has no imported target: the registry default (95).

TB cascade, desa A1 (December 2024 is outside the 2025 cascade):
    Des 2024 skrining 999; Jan 2025 skrining 100, terduga 10, diagnosis 3, diobati 4;
    Mar 2025 skrining 50, terduga 5, diagnosis 2, diobati 1.
    Jan..1: 100, 10, 3, 4 (diobati exceeds diagnosis: 4/3, flagged, not clipped)
    Jan..3: 150, 15, 5, 5 (equal: not flagged)
  desa A2: Jan skrining 0, terduga 2 (exceeds a zero step: conversion empty, flagged).
  Pkm A Jan..3: 150, 17, 5, 5.

Hypertension cascade (sasaran ht_estimasi 2025: A1 30.5, A2 20 → Pkm A 50.5):
    A1 Jan skrining 40; A2 Feb skrining 25, diagnosis 6 → Pkm A Jan..2: 65, 6, -, -.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import insert, select

from data_access import schema
from data_access.store import refresh_program_summary, write_wilayah
from tests.sample import WILAYAH

A1, A2, B1, C1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001", "99.02.01.2001"
DESA_OF = {"P01": [A1, A2], "P02": [B1], "P03": [C1],
           "99.01": [A1, A2, B1], "99.02": [C1], "99": [A1, A2, B1, C1]}

LAYANAN = pd.DataFrame(
    [
        (A1, 2024, 12, "k1", 11), (A1, 2025, 1, "k1", 10), (A1, 2025, 2, "k1", 8),
        (A1, 2025, 3, "k1", 12),
        (A2, 2025, 1, "k1", 30), (A2, 2025, 2, "k1", 5),
        (B1, 2025, 1, "k1", 20), (B1, 2025, 2, "k1", 20), (B1, 2025, 3, "k1", 25),
        (C1, 2025, 1, "k1", 7), (C1, 2025, 3, "k1", 3),
        (A1, 2024, 12, "tb_skrining", 999),
        (A1, 2025, 1, "tb_skrining", 100), (A1, 2025, 1, "tb_terduga", 10),
        (A1, 2025, 1, "tb_diagnosis", 3), (A1, 2025, 1, "tb_diobati", 4),
        (A1, 2025, 3, "tb_skrining", 50), (A1, 2025, 3, "tb_terduga", 5),
        (A1, 2025, 3, "tb_diagnosis", 2), (A1, 2025, 3, "tb_diobati", 1),
        (A2, 2025, 1, "tb_skrining", 0), (A2, 2025, 1, "tb_terduga", 2),
        (A1, 2025, 1, "ht_skrining", 40), (A2, 2025, 2, "ht_skrining", 25),
        (A2, 2025, 2, "ht_diagnosis", 6),
    ],
    columns=["kode_desa", "tahun", "bulan", "indikator", "nilai"],
)

SASARAN = pd.DataFrame(
    [
        (A1, 2024, "bumil", 120.0),
        (A1, 2025, "bumil", 100.0), (A2, 2025, "bumil", 50.0), (B1, 2025, "bumil", 101.2),
        (A1, 2025, "ht_estimasi", 30.5), (A2, 2025, "ht_estimasi", 20.0),
    ],
    columns=["kode_desa", "tahun", "sasaran", "jumlah"],
)

TARGET = pd.DataFrame(
    [("k6", 2025, "", 90.0), ("k6", 2025, "99.01", 85.0), ("k6", 2025, "P01", 80.0)],
    columns=["indikator", "tahun", "kode_wilayah", "target_persen"],
)


def load(engine) -> None:
    """The wilayah of tests/sample.py with these registers, sasaran and targets, written
    directly (the importer's path is tested on the same numbers in test_pws_queries)."""
    with engine.begin() as conn:
        write_wilayah(conn, WILAYAH)
        conn.execute(insert(schema.layanan), LAYANAN.to_dict("records"))
        conn.execute(insert(schema.sasaran), SASARAN.to_dict("records"))
        conn.execute(insert(schema.target), TARGET.to_dict("records"))
        refresh_program_summary(conn)


def summary_months(conn, tingkat: str | None = None) -> pd.DataFrame:
    """The register summary (schema.layanan_bulanan, twelve months a row) as one row per
    month that was reported: tingkat, kode, tahun, indikator, bulan, nilai, desa_lapor."""
    w = schema.layanan_bulanan
    stmt = select(w)
    if tingkat is not None:
        stmt = stmt.where(w.c.tingkat == tingkat)
    rows = []
    for r in conn.execute(stmt).mappings():
        for m, (n, lapor) in enumerate(zip(schema.NILAI_BULAN, schema.LAPOR_BULAN), 1):
            if r[n] is not None:
                rows.append((r["tingkat"], r["kode"], r["tahun"], r["indikator"], m, r[n], r[lapor]))
    return pd.DataFrame(rows, columns=["tingkat", "kode", "tahun", "indikator", "bulan", "nilai", "desa_lapor"])
