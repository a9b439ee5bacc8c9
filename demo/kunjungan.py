"""Synthetic monthly service visits (`kunjungan`) for the demo province: every Puskesmas
building, Pustu, Posyandu and home-visit round of every desa, 24 months, by klaster, age group,
sex and disability, with what real data shows: volumes that follow the population (3–4
visits per person a year), a rainy season (November–March) with more Klaster 4 and more
children, the Lebaran dip, most visits inside the building, disability in a small share,
and ONE Pustu that stops reporting in the last months of the last year.

Where a visit is counted: a desa's residents visit the Puskesmas building (no residence
recorded: kode_desa ''), the Pustu of their desa if it has one, their desa's Posyandu, and
are visited at home; those three carry the desa as residence. Only nonzero cells are rows:
the kabupaten-scale demo is ~0.3 million rows, the province scale ~4 million.

Everything is drawn from one random stream (seed, 30); same wilayah and seed, same rows.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo.program import _idulfitri_month
from domain.kategori import KELOMPOK_UMUR, TEMPAT

YEARS = (2024, 2025)
RATE = (3.0, 4.0)  # visits per person a year over every place, drawn per Puskesmas
GROWTH = 1.04  # each year a little more than the year before (ILP brings services closer)
PUSTU_SHARE = 0.30  # desa (other than the Puskesmas' own) with a Pustu
# a desa's visits by place, with and without a Pustu: ~70% inside the building overall
PLACE_SHARE = {
    True: {"puskesmas": 0.40, "pustu": 0.28, "posyandu": 0.28, "rumah": 0.04},
    False: {"puskesmas": 0.66, "pustu": 0.0, "posyandu": 0.31, "rumah": 0.03},
}
HOME_ROUND = 0.4  # share of desa-months with a home-visit round
STOP_AFTER = (2025, 9)  # the last month the stopping Pustu reports

# the klaster mix of each place
KLASTER_MIX = {
    "puskesmas": {2: 0.24, 3: 0.34, 4: 0.10, 5: 0.32},
    "pustu": {2: 0.36, 3: 0.48, 4: 0.08, 5: 0.08},
    "posyandu": {2: 0.68, 3: 0.32},
    "rumah": {2: 0.30, 3: 0.55, 4: 0.15},
}
# who comes, by (place, klaster) or klaster: {age group: (men, women)} weights. Klaster 2 is
# mothers and children (and adolescents), Klaster 3 adults and the elderly (more women), Klaster
# 4 every age (more men), lintas klaster (pharmacy, laboratory, emergency) every age. The age
# groups are the ones each place sees most (a sparse set keeps the province to ~4M rows; the
# page groups them into five life-cycle bands anyway).
WHO = {
    2: {"1-11b": (9, 9), "1-4": (12, 12), "5-9": (5, 5), "10-14": (3, 3.5), "15-19": (2, 5), "20-44": (0, 22)},
    3: {"20-44": (7, 14), "45-54": (8, 12), "55-59": (6, 8), "60-69": (9, 12), "70+": (5, 7)},
    4: {"1-4": (5, 5), "5-9": (4, 4), "15-19": (3, 3), "20-44": (14, 11), "45-54": (7, 5), "60-69": (5, 4)},
    5: {"1-4": (4, 4), "5-9": (3, 3), "20-44": (12, 16), "45-54": (6, 8), "60-69": (5, 6), "70+": (3, 4)},
    ("pustu", 2): {"1-11b": (8, 8), "1-4": (12, 12), "20-44": (0, 20)},
    ("pustu", 3): {"20-44": (7, 14), "45-54": (8, 12), "60-69": (9, 12), "70+": (5, 7)},
    ("pustu", 4): {"20-44": (3, 2)},
    ("pustu", 5): {"20-44": (4, 6)},
    ("posyandu", 2): {"1-11b": (10, 10), "1-4": (16, 16), "20-44": (0, 8)},
    ("posyandu", 3): {"60-69": (8, 11), "70+": (5, 7)},
    ("rumah", 2): {"0-7h": (5, 5), "20-44": (0, 6)},
    ("rumah", 3): {"70+": (6, 8)},
    ("rumah", 4): {"20-44": (3, 0)},
}
# the share of visits by people with a disability, by age group (the groups not named are
# counted without one: a sparse set again); the Posyandu, Pustu and home visits record it
# for their oldest visitors only
DISABILITAS = {"1-4": 0.025, "20-44": 0.025, "60-69": 0.06, "70+": 0.11}
DISABILITAS_DI = {"puskesmas": tuple(DISABILITAS), "pustu": ("70+",), "posyandu": ("70+",), "rumah": ("70+",)}
DISABILITAS_RUMAH = 2.5
CHILD = ("0-7h", "8-28h", "1-11b", "1-4", "5-9")
RAINY = (11, 12, 1, 2, 3)
COLUMNS = ["kode_puskesmas", "tahun", "bulan", "tempat", "nama_tempat", "klaster", "kelompok_umur",
           "jenis_kelamin", "disabilitas", "kode_desa", "jumlah"]


@dataclass(frozen=True)
class KunjunganDemo:
    """The demo's visit rows (COLUMNS, in key order) and where the flaw was put."""

    rows: pd.DataFrame
    pustu_berhenti: tuple[str, str, str]  # (kode_puskesmas, nama_tempat, kode_desa)
    berhenti_setelah: tuple[int, int] = STOP_AFTER


@dataclass(frozen=True)
class _Cells:
    """The cells a place may fill: klaster, age group, sex, disability, and each cell's share."""

    klaster: np.ndarray
    umur: np.ndarray
    jk: np.ndarray
    dis: np.ndarray
    p: np.ndarray


def _cells(tempat: str) -> _Cells:
    rows = []
    for klaster, k_share in KLASTER_MIX[tempat].items():
        who = WHO.get((tempat, klaster), WHO[klaster])
        total = sum(m + w for m, w in who.values())
        for umur, (men, women) in who.items():
            dis = (DISABILITAS[umur] * (DISABILITAS_RUMAH if tempat == "rumah" else 1)
                   if umur in DISABILITAS_DI[tempat] else 0.0)
            for jk, weight in (("L", men), ("P", women)):
                if weight:
                    share = k_share * weight / total
                    rows += [(klaster, umur, jk, "T", share * (1 - dis))]
                    if dis:
                        rows += [(klaster, umur, jk, "Y", share * dis)]
    k, u, j, d, p = zip(*rows)
    return _Cells(np.array(k), np.array(u, dtype=object), np.array(j, dtype=object), np.array(d, dtype=object),
                  np.array(p) / sum(p))


def _season(tempat: str, cells: _Cells, years=YEARS) -> np.ndarray:
    """(months, cells) multipliers: the Lebaran dip and catch-up, December holidays, the rainy
    season's Klaster 4 and children, bulan penimbangan at the Posyandu, and yearly growth."""
    out = np.ones((12 * len(years), len(cells.p)))
    child = np.isin(cells.umur, CHILD)
    for y, year in enumerate(years):
        lebaran = _idulfitri_month(year)
        for m in range(1, 13):
            row = out[12 * y + m - 1]
            row *= GROWTH ** y
            if tempat == "posyandu":
                row *= 0.75 if m == lebaran else 1.12 if m in (2, 8) else 1.0
                continue
            row *= 0.82 if m == lebaran else 1.06 if m == lebaran % 12 + 1 else 0.92 if m == 12 else 1.0
            if m in RAINY:
                row[cells.klaster == 4] *= 1.30
                row[child] *= 1.15
    return out


def generate_kunjungan(wilayah: pd.DataFrame, seed: int, years=YEARS) -> KunjunganDemo:
    """Visit rows for every Puskesmas of `wilayah` (kode_desa, nama_desa, kode_puskesmas,
    kode_kabupaten, jumlah_penduduk) over `years`. Same input, same seed: same rows."""
    years = tuple(int(y) for y in years)
    rng = np.random.default_rng([seed, 30])
    w = wilayah.sort_values(["kode_kabupaten", "kode_puskesmas", "kode_desa"]).reset_index(drop=True)
    pkm_codes, pkm = np.unique(w["kode_puskesmas"].to_numpy(dtype=object), return_inverse=True)
    n_months = 12 * len(years)
    pop = w["jumlah_penduduk"].fillna(0).to_numpy(dtype=float)
    rate = rng.uniform(*RATE, len(pkm_codes))[pkm]
    per_month = pop * rate / 12  # a desa's visits a month, over every place

    # the Puskesmas building stands in its most populous desa; a Pustu in some of the others
    home = np.zeros(len(w), dtype=bool)
    home[w.groupby(pkm)["jumlah_penduduk"].idxmax().to_numpy()] = True
    pustu = ~home & (rng.random(len(w)) < PUSTU_SHARE)
    # the Pustu that stops: the demo's first Puskesmas (the `puskesmas` demo account's) gets
    # one in its first desa other than its own
    first = np.flatnonzero((pkm == pkm[0]) & ~home)
    stop = int(first[0]) if len(first) else int(np.flatnonzero(pustu)[0])
    pustu[stop] = True

    places = []  # (tempat, kode_puskesmas, nama_tempat, kode_desa, visits a month per desa)
    share = {t: np.where(pustu, PLACE_SHARE[True][t], PLACE_SHARE[False][t]) for t in TEMPAT}
    building = np.bincount(pkm, weights=per_month * share["puskesmas"], minlength=len(pkm_codes))
    places.append(("puskesmas", pkm_codes, np.full(len(pkm_codes), ""), np.full(len(pkm_codes), ""), building))
    names = w["nama_desa"].to_numpy(dtype=object)
    codes = w["kode_desa"].to_numpy(dtype=object)
    for tempat in ("pustu", "posyandu", "rumah"):
        keep = share[tempat] > 0
        nama = ("Pustu " + names[keep] if tempat == "pustu" else "Posyandu " + names[keep]
                if tempat == "posyandu" else np.full(keep.sum(), ""))
        places.append((tempat, pkm_codes[pkm[keep]], nama, codes[keep], (per_month * share[tempat])[keep]))

    parts = []
    for tempat, kode_pkm, nama, kode_desa, volume in places:
        cells = _cells(tempat)
        season = _season(tempat, cells, years)
        noise = rng.lognormal(0, 0.05, (len(volume), n_months))
        lam = volume[:, None, None] * noise[:, :, None] * season[None, :, :] * cells.p[None, None, :]
        if tempat == "rumah":  # a home-visit round some months, larger then
            lam *= (rng.random((len(volume), n_months)) < HOME_ROUND)[:, :, None] / HOME_ROUND
        counts = rng.poisson(lam)
        if tempat == "pustu":
            stopped = np.flatnonzero(kode_desa == codes[stop])
            after = (years.index(STOP_AFTER[0]) * 12 + STOP_AFTER[1]) if STOP_AFTER[0] in years else n_months
            counts[stopped, after:, :] = 0
        place_i, month_i, cell_i = np.nonzero(counts)
        parts.append(pd.DataFrame({
            "kode_puskesmas": kode_pkm[place_i],
            "tahun": np.asarray(years, dtype=np.int64)[month_i // 12],
            "bulan": (month_i % 12 + 1).astype(np.int64),
            "tempat": tempat,
            "nama_tempat": nama[place_i],
            "klaster": cells.klaster[cell_i].astype(np.int64),
            "kelompok_umur": cells.umur[cell_i],
            "jenis_kelamin": cells.jk[cell_i],
            "disabilitas": cells.dis[cell_i],
            "kode_desa": kode_desa[place_i],
            "jumlah": counts[place_i, month_i, cell_i].astype(np.int64),
        }))
    rows = pd.concat(parts, ignore_index=True)
    order = list(KELOMPOK_UMUR)
    rows = rows.sort_values(["kode_puskesmas", "tahun", "bulan", "tempat", "nama_tempat", "klaster"],
                            kind="stable", key=lambda c: c.map(order.index) if c.name == "kelompok_umur" else c)
    return KunjunganDemo(rows[COLUMNS].reset_index(drop=True),
                         (str(pkm_codes[pkm[stop]]), f"Pustu {names[stop]}", str(codes[stop])))
