"""Synthetic annual-plan activities (kegiatan, RUK/RPK) for the demo province, 2024–2025: per
Puskesmas about fifty activities over the five klaster and twelve months, each with a budget
(a few blank), most done in their month or one or two months late; 2025 is reported up to
November (December's activities are not done yet). Each Puskesmas lags in one klaster; the
demo account's Puskesmas (the first one) lags in Klaster 4. Vectorised, one random stream per
seed: the same seed gives the same rows."""
from __future__ import annotations

import numpy as np
import pandas as pd

from data_access.k1_kegiatan import DETAIL

YEARS = (2024, 2025)
LAST_MONTH = {2025: 11}  # the month the demo's 2025 report reaches
# per klaster: activity names (the plan repeats a name in several months)
NAMA = {
    1: ("Lokakarya mini bulanan", "Rapat evaluasi kinerja", "Pemeliharaan alat kesehatan",
        "Penyusunan laporan keuangan", "Validasi data SIMPUS", "Supervisi Pustu"),
    2: ("Kelas ibu hamil", "Kelas ibu balita", "Posyandu balita terintegrasi", "Sweeping imunisasi",
        "Pemantauan tumbuh kembang di PAUD", "Penjaringan kesehatan anak sekolah", "Kunjungan nifas rumah"),
    3: ("Skrining PTM di Posbindu", "Posyandu lansia", "Senam prolanis", "Skrining kesehatan jiwa",
        "Pemeriksaan kesehatan calon pengantin", "Skrining kanker leher rahim (IVA)"),
    4: ("Investigasi kontak TB", "Penemuan kasus TB aktif", "Pemberantasan sarang nyamuk",
        "Survei jentik berkala", "Penyuluhan HIV di sekolah", "Pemeriksaan malaria massal"),
    5: ("Pelatihan kader", "Pertemuan lintas sektor", "Penyuluhan perilaku hidup bersih dan sehat",
        "Pemicuan STBM di desa"),
}
PER_KLASTER = {1: 8, 2: 14, 3: 11, 4: 10, 5: 6}  # activities a year
DONE = 0.9  # chance an activity is done (in a lagging klaster: LAG)
LAG = 0.55
DELAY_P = (0.7, 0.2, 0.1)  # done in its month, one month late, two months late
SUMBER = ("BOK", "JKN kapitasi", "APBD", "BLUD")


def generate_kegiatan(wilayah: pd.DataFrame, seed: int, years=YEARS) -> pd.DataFrame:
    """Activity rows (DETAIL columns) of every Puskesmas of `wilayah` (kode_puskesmas)."""
    rng = np.random.default_rng([seed, 15])
    codes = np.sort(wilayah["kode_puskesmas"].drop_duplicates().to_numpy(dtype=object))
    n = len(codes)
    lagging = rng.integers(2, 6, n)  # each Puskesmas' slow klaster
    lagging[0] = 4
    parts = []
    for tahun in years:
        for klaster, count in PER_KLASTER.items():
            names = NAMA[klaster]
            seq = np.arange(count)
            pkm = np.repeat(np.arange(n), count)
            i = np.tile(seq, n)
            month = np.tile(np.sort(rng.integers(1, 13, count)), n)  # the same plan shape everywhere,
            month = np.clip(month + rng.integers(-1, 2, n * count), 1, 12)  # shifted a little per Puskesmas
            chance = np.where(lagging[pkm] == klaster, LAG, DONE)
            done = rng.random(n * count) < chance
            delay = rng.choice(3, n * count, p=DELAY_P)
            when = month + delay
            last = LAST_MONTH.get(tahun, 12)
            done &= when <= last
            budget = np.round(rng.uniform(0.5, 25, n * count), 1) * 1_000_000
            blank = rng.random(n * count) < 0.08
            given_month = done & (rng.random(n * count) < 0.95)  # a few done without their month
            parts.append(pd.DataFrame({
                "kode_puskesmas": codes[pkm], "tahun": tahun,
                "id_kegiatan": [f"K{klaster}-{j + 1:02d}" for j in i],
                "nama_kegiatan": np.asarray(names, dtype=object)[i % len(names)],
                "klaster": klaster, "bulan_rencana": month,
                "terlaksana": np.where(done, "Y", "T"),
                "anggaran": np.where(blank, np.nan, budget),
                "bulan_terlaksana": np.where(given_month, when, np.nan),
                "sumber_dana": np.asarray(SUMBER, dtype=object)[rng.integers(0, len(SUMBER), n * count)],
            }, columns=DETAIL))
    rows = pd.concat(parts, ignore_index=True)
    return rows.sort_values(["kode_puskesmas", "tahun", "id_kegiatan"], ignore_index=True)
