"""A small hand-made set of registers and sasaran for the scorecard and league-table tests
(data_access.skor), over the wilayah of tests/sample.py: provinsi 99 → Kab Satu 99.01 (Pkm A
P01: desa A1, A2; Pkm B P02: desa B1) and Kab Dua 99.02 (Pkm C P03: desa C1). Three
indicators have registers (and N/D follows from D); the other 21 of Klaster 2–4 are empty,
each for its reason. Every
number the tests expect is worked out here by hand. Targets are the registry's defaults
(k1 100%, d_s 85%, tb_pengobatan 90%).

K1 (KUMULATIF ÷ bumil; target of month m = 100 × m/12: Jan 8,33%, Feb 16,67%, Dec 100%):
    bumil 2024: A1 100, B1 100, C1 100 (A2 none); 2025: A1 100, A2 50, B1 100, C1 100
    k1   Nov24 Dec24 Jan25 Feb25
    A1   5     10    10    8
    A2   -     -     5     10
    B1   9     5     10    5
    C1   8     8     5     10
  Pkm A Jan: 15/150 = 10% ≥ 8,33%; Dec 10/100 = 10% (last year's sasaran): equal counts as
    up → baik. Feb: cum 33/150 = 22% ≥ 16,67%; Feb 18/150 = 12% > 10% → baik.
  Pkm B Jan: 10% ≥; Dec 5% → up → baik. Feb: cum 15% < 16,67%; 5% < 10% → jelek.
  Pkm C Jan: 5% < 8,33%; Dec 8% → down → jelek. Feb: cum 15%; 10% > 5% → cukup.
  Dec 2024 (target 100%): A cum 15% below, 10% > 5% → cukup; B 14%, 5 < 9 → jelek;
    C 16%, 8 = 8 → cukup.
  Kab Satu Feb: cum (33 + 15)/250 = 19,2% ≥ 16,67% (not the mean of 22% and 15%);
    Feb 23/250 = 9,2% < Jan 25/250 = 10% → kurang.
  Provinsi Feb: cum 63/350 = 18%; 33/350 > 30/350 → baik.

D/S (BULANAN: balita_d ÷ balita of the month; target 85% every month):
    balita 2024 and 2025: A1 50, A2 50, B1 100, C1 100
    balita_d  Nov24 Dec24 Jan25 Feb25
    A1        40    45    45    40
    A2        40    45    40    40
    B1        90    80    90    95
    C1        50    60    70    90
  Pkm A: Jan 85% (= target: on it) vs Dec 90% → kurang; Feb 80% vs 85% → jelek;
    Dec 2024 90% vs Nov 80% → baik.
  Pkm B: Jan 90% vs 80% → baik; Feb 95% → baik; Dec 2024 80% vs 90% → jelek.
  Pkm C: Jan 70% vs 60% → cukup; Feb 90% vs 70% → baik; Dec 2024 60% vs 50% → cukup.
  Kab Satu Feb: 175/200 = 87,5% vs Jan 175/200 → equal, baik.

TB pengobatan (ALIRAN: Σ tb_diobati ÷ Σ tb_diagnosis Jan..m; target 90% every month):
    (diagnosis, diobati)  Nov24     Dec24     Jan25     Feb25
    A1                    (10, 9)   (10, 10)  (10, 9)   (10, 10)
    B1                    (10, 10)  (10, 10)  (10, 8)   (5, 5)
    C1: none (no report: empty, "Belum ada laporan …")
  Pkm A: Jan 9/10 = 90% (on) vs Dec 100% → kurang; Feb 19/20 = 95%, 100% vs 90% → baik;
    Dec 2024: 19/20 = 95%, 100% vs 90% → baik.
  Pkm B: Jan 80% vs 100% → jelek; Feb 13/15 = 86,7%, 100% vs 80% → cukup; Dec 2024: 20/20,
    100% = 100% → baik.
  Kab Satu Feb: 32/35 = 91,4%; Feb 15/15 vs Jan 17/20 → baik.

N/D (BULANAN: (balita_d − balita_t − balita_o) ÷ balita_d; target 80%): no T or O is
reported, and a subtracted register not reported counts 0 (indicators.pws), so N/D is 100%
every month everywhere there is a D: always on target and equal to the month before → baik.

The score (indicators.skor: baik 3, kurang 2, cukup 1, jelek 0; × 100/3 ÷ indicators rated):
    month      Pkm A (k1, d_s, tb, n_d)     Pkm B                        Pkm C (no tb)
    Feb 2025   baik, jelek, baik, baik      jelek, baik, cukup, baik     cukup, baik, baik
               9/12 → 75,0, rank 2          7/12 → 58,3, rank 3          7/9 → 77,8, rank 1
    Jan 2025   baik, kurang, kurang, baik   baik, baik, jelek, baik      jelek, cukup, baik
               10/12 → 83,3, rank 1         9/12 → 75,0, rank 2          4/9 → 44,4, rank 3
    Dec 2024   cukup, baik, baik, baik      jelek, jelek, baik, baik     cukup, cukup, baik
               10/12 → 83,3, rank 1         6/12 → 50,0, rank 3          5/9 → 55,6, rank 2
  Change of rank in February (against January): A −1 (▼1), B −1 (▼1), C +2 (▲2); in
  January (against December 2024): A 0 (=), B +1 (▲1), C −1 (▼1).
  Kab Satu Feb: kurang, baik, baik, baik → 11/12 → 91,7.

Empty cells: k6 (bumil is there, no k6 register) "Belum ada laporan Cakupan K6 tahun 2025
sampai Februari"; pf "Sasaran ibu bersalin/nifas tahun 2025 belum diunggah"; kn_lengkap in
Pkm C "Sasaran bayi tahun 2025 bernilai 0" (C1's sasaran bayi is 0; elsewhere none);
tb_pengobatan in Pkm C "Belum ada laporan Kasus TB terdiagnosis yang mulai diobati tahun 2025
sampai Februari".
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import insert

from data_access import schema
from data_access.store import refresh_program_summary, write_wilayah
from tests.sample import WILAYAH

A1, A2, B1, C1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001", "99.02.01.2001"
MONTHS = ((2024, 11), (2024, 12), (2025, 1), (2025, 2))


def _series(code: str, values: dict[str, tuple]) -> list[tuple]:
    return [(desa, t, b, code, v) for desa, row in values.items()
            for (t, b), v in zip(MONTHS, row) if v is not None]


LAYANAN = pd.DataFrame(
    _series("k1", {A1: (5, 10, 10, 8), A2: (None, None, 5, 10), B1: (9, 5, 10, 5), C1: (8, 8, 5, 10)})
    + _series("balita_d", {A1: (40, 45, 45, 40), A2: (40, 45, 40, 40), B1: (90, 80, 90, 95),
                           C1: (50, 60, 70, 90)})
    + _series("tb_diagnosis", {A1: (10, 10, 10, 10), B1: (10, 10, 10, 5)})
    + _series("tb_diobati", {A1: (9, 10, 9, 10), B1: (10, 10, 8, 5)}),
    columns=["kode_desa", "tahun", "bulan", "indikator", "nilai"],
)

SASARAN = pd.DataFrame(
    [(A1, 2024, "bumil", 100.0), (B1, 2024, "bumil", 100.0), (C1, 2024, "bumil", 100.0),
     (A1, 2025, "bumil", 100.0), (A2, 2025, "bumil", 50.0), (B1, 2025, "bumil", 100.0), (C1, 2025, "bumil", 100.0),
     *[(d, t, "balita", j) for t in (2024, 2025) for d, j in ((A1, 50.0), (A2, 50.0), (B1, 100.0), (C1, 100.0))],
     (C1, 2025, "bayi", 0.0)],
    columns=["kode_desa", "tahun", "sasaran", "jumlah"],
)


def load(engine, *, wilayah: bool = True) -> None:
    """These registers and sasaran (and, unless already there, the wilayah of tests/sample.py)."""
    with engine.begin() as conn:
        if wilayah:
            write_wilayah(conn, WILAYAH)
        conn.execute(insert(schema.layanan), LAYANAN.to_dict("records"))
        conn.execute(insert(schema.sasaran), SASARAN.to_dict("records"))
        refresh_program_summary(conn)
