"""A small hand-made province for database tests: 2 kabupaten, 3 Puskesmas, 4 desa, 7 visits
whose IKS counts are worked out by hand in the comments."""
from datetime import date

import pandas as pd

from data_access.store import refresh_iks_summary, write_kunjungan, write_wilayah
from indicators.registry import IKS_CODES

WILAYAH = pd.DataFrame(
    [
        ("99", "Prov Uji", "99.01", "Kab Satu", "P01", "Pkm A", "99.01.01.2001", "Desa A1", 10),
        ("99", "Prov Uji", "99.01", "Kab Satu", "P01", "Pkm A", "99.01.01.2002", "Desa A2", 4),
        ("99", "Prov Uji", "99.01", "Kab Satu", "P02", "Pkm B", "99.01.02.2001", "Desa B1", None),
        ("99", "Prov Uji", "99.02", "Kab Dua", "P03", "Pkm C", "99.02.01.2001", "Desa C1", 5),
    ],
    columns=["kode_provinsi", "nama_provinsi", "kode_kabupaten", "nama_kabupaten",
             "kode_puskesmas", "nama_puskesmas", "kode_desa", "nama_desa", "jumlah_keluarga"],
)


def visit(idk, tanggal, desa, y, t, n=0):
    values = ["Y"] * y + ["T"] * t + ["N"] * n
    return {"id_keluarga": idk, "tanggal_kunjungan": tanggal, "kode_desa": desa,
            **dict(zip(IKS_CODES, values))}


VISITS = pd.DataFrame([
    visit("a1", date(2024, 3, 1), "99.01.01.2001", 11, 1),   # sehat
    visit("a1", date(2025, 3, 1), "99.01.01.2001", 12, 0),   # sehat
    visit("a2", date(2024, 3, 1), "99.01.01.2001", 2, 10),   # tidak
    visit("a2", date(2025, 4, 1), "99.01.01.2001", 10, 0, 2),  # sehat (10/10)
    visit("a3", date(2024, 5, 1), "99.01.01.2001", 0, 0, 12),  # all N
    visit("b1", date(2024, 5, 1), "99.01.01.2002", 6, 6),    # pra (0.5)
    visit("c1", date(2025, 6, 1), "99.02.01.2001", 12, 0),   # first visited 2025
])




def load(engine) -> None:
    with engine.begin() as conn:
        write_wilayah(conn, WILAYAH)
        write_kunjungan(conn, VISITS)
        refresh_iks_summary(conn, VISITS["kode_desa"])


def correct_b1(engine) -> None:
    """Re-import family b1's visit (desa A2, pra-sehat) with Y on all 12: now sehat."""
    fixed = VISITS.iloc[[5]].copy()
    for code in IKS_CODES:
        fixed[code] = "Y"
    with engine.begin() as conn:
        write_kunjungan(conn, fixed)
        refresh_iks_summary(conn, fixed["kode_desa"])
