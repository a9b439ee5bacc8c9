"""Synthetic morbidity for the demo province: new cases per desa, month, diagnosis (ICD-10, with
the name a Puskesmas writes), age group and sex, 2024–2025, drawn from a declarative table of
the diagnoses common in Indonesian Puskesmas (DIAGNOSES): a yearly incidence per 1.000
penduduk, an age pattern, the share of women, a season (diare, ISPA, influenza, pneumonia
rise in the rainy season November–March; DBD peaks January–March) and a few Puskesmas areas
where a diagnosis is more frequent (so that the map shows something).

Bounded: only non-zero cells are rows, and each desa-month-diagnosis count is spread over at
most `max_cells` age-sex cells (drawn in proportion to the pattern, so the sums over many desa
keep the pattern). The province scale (6.000 desa) keeps 1 cell and the 16 most common
diagnoses: about 2 million rows. Each diagnosis draws from its own random stream (seed, its
code): the same seed gives the same rows.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo.program import _idulfitri_month
from domain.kategori import KELOMPOK_UMUR

MORBIDITAS_COLUMNS = ["kode_desa", "tahun", "bulan", "kode_icd", "kelompok_umur", "jenis_kelamin", "jumlah"]
UMUR = tuple(KELOMPOK_UMUR)  # the 12 age groups, youngest first
# share of the population in each age group (close to Indonesia's age structure)
PENDUDUK_UMUR = np.array([0.0004, 0.0012, 0.0160, 0.0700, 0.0850, 0.0850, 0.0830, 0.3800,
                          0.1200, 0.0500, 0.0750, 0.0344])

# relative risk per age group (UMUR order) of a pattern
POLA_UMUR: dict[str, tuple[float, ...]] = {
    "balita": (1.0, 2.0, 6.0, 7.0, 3.0, 1.5, 0.8, 0.6, 0.6, 0.7, 0.9, 1.1),  # ISPA, diare
    "balita_lansia": (0.2, 1.0, 4.0, 3.0, 1.0, 0.5, 0.3, 0.3, 0.5, 0.8, 1.5, 2.5),  # pneumonia
    "dewasa": (0, 0, 0.05, 0.1, 0.3, 0.6, 1.0, 1.2, 1.2, 1.1, 1.0, 0.9),  # dispepsia, cephalgia
    "tua": (0, 0, 0, 0, 0, 0.01, 0.05, 0.4, 1.5, 2.5, 3.5, 4.0),  # hipertensi, DM, gout
    "semua": (0.2, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "sekolah": (0, 0, 0.2, 0.7, 1.8, 2.0, 1.5, 0.8, 0.5, 0.5, 0.4, 0.3),  # DBD, skabies, tifoid
    "gigi": (0, 0, 0, 0.3, 1.5, 1.3, 1.0, 1.0, 0.8, 0.6, 0.4, 0.3),
    "tb": (0, 0, 0.05, 0.1, 0.1, 0.2, 0.6, 1.2, 1.5, 1.5, 1.6, 1.5),
}

# monthly multiplier (January first) of a season; each is scaled to a yearly mean of 1
MUSIM: dict[str, tuple[float, ...]] = {
    "rata": (1,) * 12,
    "hujan": (1.35, 1.30, 1.20, 1.00, 0.90, 0.80, 0.75, 0.75, 0.80, 0.95, 1.15, 1.30),
    "hujan_ringan": (1.15, 1.12, 1.08, 1.0, 0.95, 0.9, 0.88, 0.88, 0.9, 0.98, 1.05, 1.12),
    "dbd": (2.6, 3.0, 2.6, 1.6, 0.9, 0.5, 0.35, 0.3, 0.3, 0.4, 0.7, 1.3),
}


@dataclass(frozen=True)
class Diagnosis:
    """One row of DIAGNOSES: new cases a year per 1.000 penduduk, the age pattern, the share of
    women, the season, the share of Puskesmas areas where it is `hotspot`× as frequent, and
    whether the province scale keeps it."""

    kode: str
    nama: str
    per_1000: float
    umur: str
    perempuan: float = 0.52
    musim: str = "rata"
    hotspot: float = 1.0
    hotspot_share: float = 0.0
    provinsi: bool = True


DIAGNOSES: tuple[Diagnosis, ...] = (
    Diagnosis("J06.9", "Infeksi saluran pernapasan atas (ISPA) akut", 110, "balita", musim="hujan",
              hotspot=1.8, hotspot_share=0.06),
    Diagnosis("J00", "Nasofaringitis akut (common cold)", 40, "semua", musim="hujan"),
    Diagnosis("I10", "Hipertensi esensial (primer)", 38, "tua", perempuan=0.58, hotspot=1.5, hotspot_share=0.08),
    Diagnosis("A09", "Diare dan gastroenteritis", 36, "balita", musim="hujan", hotspot=2.5, hotspot_share=0.05),
    Diagnosis("K30", "Dispepsia", 32, "dewasa", perempuan=0.58),
    Diagnosis("M79.1", "Mialgia", 28, "tua", perempuan=0.55),
    Diagnosis("R51", "Sakit kepala (cephalgia)", 24, "dewasa", perempuan=0.6),
    Diagnosis("K29.7", "Gastritis", 22, "dewasa", perempuan=0.57),
    Diagnosis("L30.9", "Dermatitis", 18, "semua"),
    Diagnosis("J02.9", "Faringitis akut", 18, "sekolah", musim="hujan_ringan"),
    Diagnosis("R50.9", "Demam yang tidak diketahui sebabnya", 16, "balita", musim="hujan_ringan"),
    Diagnosis("K02.9", "Karies gigi", 14, "gigi", provinsi=False),
    Diagnosis("K04.0", "Pulpitis", 11, "gigi"),
    Diagnosis("E11.9", "Diabetes melitus tipe 2", 10, "tua", perempuan=0.56, hotspot=1.6, hotspot_share=0.06),
    Diagnosis("J11.1", "Influenza", 9, "semua", musim="hujan", provinsi=False),
    Diagnosis("H10.9", "Konjungtivitis", 8, "semua", provinsi=False),
    Diagnosis("N39.0", "Infeksi saluran kemih", 8, "dewasa", perempuan=0.8, provinsi=False),
    Diagnosis("M10.9", "Gout (penyakit asam urat)", 8, "tua", perempuan=0.3, provinsi=False),
    Diagnosis("R42", "Vertigo (pusing berputar)", 7, "dewasa", perempuan=0.65, provinsi=False),
    Diagnosis("J18.9", "Pneumonia", 6, "balita_lansia", musim="hujan", perempuan=0.47),
    Diagnosis("B86", "Skabies", 5, "sekolah", perempuan=0.45, hotspot=5.0, hotspot_share=0.05),
    Diagnosis("J45.9", "Asma", 5, "semua", provinsi=False),
    Diagnosis("A01.0", "Demam tifoid", 4, "sekolah", musim="hujan_ringan", provinsi=False),
    Diagnosis("H66.9", "Otitis media", 4, "balita", provinsi=False),
    Diagnosis("A91", "Demam berdarah dengue (DBD)", 1.5, "sekolah", musim="dbd", perempuan=0.5, hotspot=4.0,
              hotspot_share=0.07),
    Diagnosis("A15.0", "TB paru terkonfirmasi bakteriologis", 1.2, "tb", perempuan=0.4, hotspot=2.5,
              hotspot_share=0.05),
)
MAX_CELLS = {"kabupaten": 4, "provinsi": 1}
DESA_NOISE = 0.25  # a desa's own spread around its area's rate (log-normal sigma)


@dataclass(frozen=True)
class MorbiditasData:
    rows: pd.DataFrame  # MORBIDITAS_COLUMNS, in key order
    names: dict[str, str]  # kode_icd → nama
    hotspots: dict[str, tuple[str, ...]]  # kode_icd → the Puskesmas where it is more frequent


def diagnoses_of(skala: str) -> tuple[Diagnosis, ...]:
    return DIAGNOSES if skala != "provinsi" else tuple(d for d in DIAGNOSES if d.provinsi)


def _stream(seed: int, code: str) -> np.random.Generator:
    return np.random.default_rng([seed, 30, zlib.crc32(code.encode())])


def _season(name: str, years: tuple[int, ...]) -> np.ndarray:
    """(n_years, 12) multipliers, yearly mean 1, with the month of Idulfitri a little lower
    (people travel home and the Puskesmas is half closed) and the month after a little higher."""
    base = np.array(MUSIM[name], dtype=float)
    out = np.tile(base / base.mean(), (len(years), 1))
    for y, year in enumerate(years):
        lebaran = _idulfitri_month(year)
        out[y, lebaran - 1] *= 0.85
        out[y, lebaran % 12] *= 1.08
    return out


def cell_weights(d: Diagnosis) -> np.ndarray:
    """(24,) shares of the cases in each (age group, sex) cell: age groups in UMUR order, men
    first then women."""
    age = PENDUDUK_UMUR * np.array(POLA_UMUR[d.umur])
    age = age / age.sum()
    return np.concatenate([age * (1 - d.perempuan), age * d.perempuan])


def generate_morbiditas(wilayah: pd.DataFrame, seed: int, skala: str = "kabupaten",
                        years=(2024, 2025)) -> MorbiditasData:
    """Morbidity of every desa of `wilayah` (kode_desa, kode_puskesmas, jumlah_penduduk)."""
    years = tuple(int(y) for y in years)
    w = wilayah.reset_index(drop=True)
    kode = w["kode_desa"].to_numpy(dtype=object)
    pkm_codes, pkm = np.unique(w["kode_puskesmas"].to_numpy(dtype=object), return_inverse=True)
    penduduk = pd.to_numeric(w["jumlah_penduduk"], errors="coerce").fillna(0).to_numpy(dtype=float)
    growth = 1 + 0.01 * np.arange(len(years))  # a slowly growing population
    max_cells = MAX_CELLS.get(skala, 3)
    cells_umur = np.array(UMUR * 2, dtype=object)
    cells_jk = np.array(["L"] * len(UMUR) + ["P"] * len(UMUR), dtype=object)
    parts, hotspots = [], {}
    for d in diagnoses_of(skala):
        rng = _stream(seed, d.kode)
        # the area: a Puskesmas effect, a few hotspot Puskesmas, and the desa's own spread
        area = np.exp(rng.normal(0, 0.15, len(pkm_codes)))
        hot = np.zeros(len(pkm_codes), dtype=bool)
        if d.hotspot_share:  # at least one Puskesmas area, however small the province
            hot[rng.choice(len(pkm_codes), max(1, round(d.hotspot_share * len(pkm_codes))), replace=False)] = True
        area[hot] *= d.hotspot
        hotspots[d.kode] = tuple(pkm_codes[hot])
        factor = area[pkm] * np.exp(rng.normal(0, DESA_NOISE, len(kode)) - DESA_NOISE ** 2 / 2)
        trend = np.exp(rng.normal(0, 0.05, len(years)))  # this diagnosis a little more or less each year
        lam = (penduduk[:, None, None] * growth[None, :, None] * d.per_1000 / 1000 / 12
               * factor[:, None, None] * trend[None, :, None] * _season(d.musim, years)[None, :, :])
        counts = rng.poisson(lam)  # (n_desa, n_years, 12)
        i, y, m = np.nonzero(counts)
        n = counts[i, y, m]
        weights = cell_weights(d)
        cell, amount = _spread(rng, n, weights, max_cells)
        row = np.repeat(np.arange(len(n)), amount.shape[1])
        keep = amount.reshape(-1) > 0
        row, cell, amount = row[keep], cell.reshape(-1)[keep], amount.reshape(-1)[keep]
        parts.append(pd.DataFrame({
            "kode_desa": kode[i[row]], "tahun": np.asarray(years, dtype=np.int64)[y[row]],
            "bulan": (m[row] + 1).astype(np.int64), "kode_icd": d.kode,
            "kelompok_umur": cells_umur[cell], "jenis_kelamin": cells_jk[cell], "jumlah": amount.astype(np.int64),
        }))
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=MORBIDITAS_COLUMNS)
    # several cells drawn for one count may be the same cell: one row per key
    rows = (rows.groupby(MORBIDITAS_COLUMNS[:-1], sort=True, as_index=False)["jumlah"].sum())
    return MorbiditasData(rows[MORBIDITAS_COLUMNS], {d.kode: d.nama for d in diagnoses_of(skala)}, hotspots)


def _spread(rng: np.random.Generator, n: np.ndarray, weights: np.ndarray, k: int):
    """Each count in `n` spread over k cells drawn with probability `weights` (with
    replacement, so a cell may come twice and the expected share of each cell is its
    weight): (cells, amounts), both (len(n), k)."""
    cum = np.cumsum(weights)
    cum /= cum[-1]
    cells = np.minimum(np.searchsorted(cum, rng.random((len(n), k)), side="right"), len(weights) - 1)
    if k == 1:
        return cells, n[:, None]
    # the count split evenly at random among the k draws (multinomial with equal shares)
    amounts = rng.multinomial(n, np.full(k, 1 / k))
    return cells, amounts
