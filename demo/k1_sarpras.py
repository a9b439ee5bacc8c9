"""Synthetic equipment and infrastructure inventory (sarpras) for the demo province, 2024–2025:
per Puskesmas most standard items (indicators.k1_sarpras.STANDAR) in one to a few units, most
in good condition, a few broken, a few missing, some at a Pustu, and a few items outside the
list. The demo account's Puskesmas (the first one) has its vaccine refrigerator rusak berat,
no EKG and two non-standard items. Vectorised over the Puskesmas, one random stream per seed:
the same seed gives the same rows; a province (1,078 Puskesmas) takes about a second."""
from __future__ import annotations

import numpy as np
import pandas as pd

from data_access.k1_sarpras import DETAIL
from indicators.k1_sarpras import STANDAR

YEARS = (2024, 2025)
# items fewer Puskesmas have (share that has it); the others: PUNYA
JARANG = {"ALK-25": 0.55, "ALK-21": 0.85, "ALK-18": 0.85, "PRA-03": 0.65, "SAR-02": 0.7, "ALK-10": 0.8,
          "PRA-07": 0.8}
PUNYA = 0.97
# units a Puskesmas holds of an item (low, high), when it has it
UNIT = {"ALK-02": (3, 8), "ALK-03": (3, 8), "ALK-04": (3, 6), "ALK-05": (2, 4), "ALK-06": (2, 4),
        "ALK-13": (2, 4), "ALK-16": (2, 5), "PRA-05": (3, 8), "SAR-03": (2, 6)}
KONDISI_P = (0.9, 0.07, 0.03)  # baik, rusak ringan, rusak berat (each unit)
AT_PUSTU = ("ALK-02", "ALK-03", "ALK-05", "ALK-06", "ALK-09")  # a Pustu holds one of each
NON_STANDAR = (("NS-USG", "USG portabel", "alat_kesehatan"), ("NS-NEBU", "Nebulizer", "alat_kesehatan"),
               ("NS-AC", "AC split ruang farmasi", "sarana"), ("NS-KURSIRODA", "Kursi roda", "sarana"),
               ("NS-CCTV", "Kamera CCTV", "prasarana"))


def generate_sarpras(wilayah: pd.DataFrame, seed: int, years=YEARS) -> pd.DataFrame:
    """Inventory rows (DETAIL columns) of every Puskesmas of `wilayah` (kode_puskesmas, nama_desa)."""
    rng = np.random.default_rng([seed, 43])
    w = wilayah.sort_values(["kode_puskesmas", "kode_desa"])
    codes = w["kode_puskesmas"].drop_duplicates().to_numpy(dtype=object)
    n = len(codes)
    # one Pustu for about half of the Puskesmas, named after the second desa of its area
    second = w.groupby("kode_puskesmas")["nama_desa"].nth(1)
    pustu_name = pd.Series(codes).map(dict(zip(w.loc[second.index, "kode_puskesmas"], second))).fillna("")
    has_pustu = (rng.random(n) < 0.5) & (pustu_name != "").to_numpy()
    has_pustu[0] = pustu_name.iloc[0] != ""
    pustu = np.where(has_pustu, "Pustu " + pustu_name.to_numpy(dtype=object), "")
    parts = []
    for tahun in years:
        wear = 1.0 if tahun == years[-1] else 0.7  # fewer broken units the year before
        p = np.array([KONDISI_P[0] + (1 - wear) * (KONDISI_P[1] + KONDISI_P[2]), KONDISI_P[1] * wear,
                      KONDISI_P[2] * wear])
        for item in STANDAR:
            has = rng.random(n) < JARANG.get(item.kode, PUNYA)
            low, high = UNIT.get(item.kode, (1, 2))
            units = rng.integers(low, high + 1, n)
            counts = rng.multinomial(1, p, size=(n, high))  # each unit slot's condition, one-hot
            slots = np.arange(high)[None, :] < units[:, None]
            by_kondisi = (counts * slots[:, :, None]).sum(axis=1)  # n × 3
            for k, kondisi in enumerate(("baik", "rusak_ringan", "rusak_berat")):
                keep = has & (by_kondisi[:, k] > 0)
                parts.append(_rows(codes[keep], tahun, "", item.kode, kondisi, item.nama, by_kondisi[keep, k],
                                   item.kategori))
            if item.kode in AT_PUSTU:
                keep = has_pustu & has
                parts.append(_rows(codes[keep], tahun, pustu[keep], item.kode, "baik", item.nama, 1, item.kategori))
        extra = rng.random(n) < 0.3
        pick = rng.integers(0, len(NON_STANDAR), n)
        for i, (kode, nama, kategori) in enumerate(NON_STANDAR):
            keep = extra & (pick == i)
            parts.append(_rows(codes[keep], tahun, "", kode, "baik", nama, rng.integers(1, 3, int(keep.sum())),
                               kategori))
    rows = pd.concat(parts, ignore_index=True)
    return _demo_puskesmas(rows, codes[0], pustu[0]).sort_values(DETAIL[:5], ignore_index=True)


def _rows(codes, tahun, lokasi, kode, kondisi, nama, jumlah, kategori) -> pd.DataFrame:
    return pd.DataFrame({"kode_puskesmas": codes, "tahun": tahun, "lokasi": lokasi, "kode_item": kode,
                         "kondisi": kondisi, "nama_item": nama, "jumlah": jumlah, "kategori": kategori},
                        columns=DETAIL, index=range(len(codes)))


def _demo_puskesmas(rows: pd.DataFrame, code: str, pustu: str) -> pd.DataFrame:
    """The demo account's Puskesmas in 2025: its vaccine refrigerator rusak berat (its only
    one), no EKG, a tensimeter rusak ringan at its Pustu, two non-standard items."""
    this = (rows["kode_puskesmas"] == code) & (rows["tahun"] == 2025)
    rows = rows[~(this & (rows["kode_item"].isin(["ALK-14", "ALK-25"]) | rows["kode_item"].str.startswith("NS-")))]
    fixed = [(code, 2025, "", "ALK-14", "rusak_berat", "Lemari es vaksin", 1, "alat_kesehatan"),
             (code, 2025, "", "NS-USG", "baik", "USG portabel", 1, "alat_kesehatan"),
             (code, 2025, "", "NS-NEBU", "rusak_ringan", "Nebulizer", 1, "alat_kesehatan")]
    if pustu:
        fixed.append((code, 2025, pustu, "ALK-02", "rusak_ringan", "Tensimeter", 1, "alat_kesehatan"))
    return pd.concat([rows, pd.DataFrame(fixed, columns=DETAIL)], ignore_index=True).drop_duplicates(
        DETAIL[:5], keep="last")
