"""Synthetic program data for the demo province: monthly registers (`layanan`), sasaran and
targets, drawn from a declarative table of rates per register (RATES), with the flaws a real
province's data has (a lagging Puskesmas area, late registration, missing reports, a missing
sasaran) so that the dashboard has something to show.

The months follow a real province's year (outreach building up as the year's funds are
spent, Lebaran, the June holidays, immunisation campaigns, the year-end push to reach the
annual targets), with less month-to-month noise than independent draws would give, so the
PWS status of the latest month shows most areas baik or cukup and a few standing out.

Everything is vectorised over (desa, year, month): the province scale (6,000 desa × 24
months × ~25 registers ≈ 3.6M rows) takes a few seconds. Each register draws from its own
random stream (seed, its code), so adding a register to RATES changes no other register's
numbers.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from indicators.program import INDICATORS, KASKADES, REGISTER_BY_CODE, SASARAN_CODES

CBR = 16.5 / 1000  # crude birth rate of the (fictional) province

# Sasaran as shares of the desa population: the way a Dinkes estimates them when no registry
# exists (domain.md §3; the age shares are close to Indonesia's projected age structure, the
# hypertension estimate is Riskesdas-like, 30% of adults).
SASARAN_SHARE: dict[str, float] = {
    "bumil": 1.1 * CBR,
    "bulin": 1.05 * CBR,
    "bayi": CBR,
    "baduta": 0.98 * CBR,  # last year's infants who survived
    "balita": 0.085,
    "remaja": 0.15,  # 10–18 years
    "remaja_putri": 0.055,  # girls 12–18 years
    "usia_15_plus": 0.72,
    # by age and sex (they add up to usia_15_plus: 0.605 + 0.115)
    "l_15_59": 0.305,
    "p_15_59": 0.300,
    "l_60_plus": 0.054,
    "p_60_plus": 0.061,
    "ht_estimasi": 0.30 * 0.72,
    "dm_estimasi": 0.10 * 0.72,  # ≈ 10% of adults (Riskesdas 2018 by blood glucose: 10.9%)
    "lansia": 0.115,  # ≥60 years, about Indonesia's share in the early 2020s
    # ODGJ berat: ≈ 7 per 1,000 households (Riskesdas 2018), ≈ 3.9 people per household
    "odgj_berat_estimasi": 0.007 / 3.9,
    "penduduk": 1.0,  # the desa population itself
    "tb_estimasi": 385 / 100_000,  # WHO's estimated TB incidence for Indonesia, ≈ 385 per 100,000
}
PENDUDUK = "penduduk"  # a base meaning the desa population itself
GROWTH = (0.004, 0.016)  # yearly population growth of a desa, drawn in this range


@dataclass(frozen=True)
class Rate:
    """How the demo draws one register (one row of RATES).

    base: a sasaran code, PENDUDUK, or another register code.
    low, high: the range of a desa's rate (desa in a good Puskesmas area draw higher):
      - per="tahun", base a sasaran/PENDUDUK: the share of the base served in a year, spread
        over the months in proportion to the `musim` profile (and KEJAR), Poisson noise
        narrowed by SEBARAN;
      - per="bulan", base a sasaran: the share of the base counted each month (a stock, like
        the balita weighed), multiplied by `musim`, binomial noise narrowed by SEBARAN;
      - base a register: the share of that register's count in the same month, multiplied
        by `musim`, binomial noise narrowed by SEBARAN (so never above it).
    musim: a seasonal profile of MUSIM; by default "rata" for a register drawn from a
        sasaran and "tetap" (no season) for one drawn from another register: the season acts
        once, on the first step of a chain. A share of the step before (diagnosed among the
        screened, controlled among the treated) does not follow the calendar; multiplying
        every step by the season compounded December's dip down a four-step chain.
    kejar: whether the year-end push (KEJAR, per="tahun" only) lifts the register in
        November–December in the desa that make it.
    tren: the rate's steady change per month (0.01: 1% more each month, relative), over
        all the years without a break: a programme that grows or works month by month (a
        share, a participation or a prevalence does not jump back each January).
    telat: the share of desa-months where late registration lifts the count above the step
        before it in its cascade (KASKADES): shown and flagged by the dashboard, never clipped.
    """

    base: str
    low: float
    high: float
    per: str = "tahun"
    musim: str | None = None
    kejar: bool = True
    tren: float = 0.0
    telat: float = 0.0

    def profile(self) -> str:
        """The MUSIM profile the register is drawn with."""
        if self.musim is not None:
            return self.musim
        return "tetap" if self.base in RATES else "rata"


# One row per register code; a register of indicators.program without a row gets no demo data.
RATES: dict[str, Rate] = {
    # Klaster 2: continuum of care. A later step is drawn from the step it follows, so that
    # it stays below it (but for late registration); PF is not drawn from K6: real K6
    # coverage is lower than deliveries at a facility.
    "k1": Rate("bumil", 0.95, 1.05, musim="kia"),
    "k6": Rate("k1", 0.84, 0.95, telat=0.004),  # ≈ 80–100% of bumil: some desa reach 95%
    # drawn from K6 so that the continuum narrows step by step and the few inversions the
    # cascade flags are the deliberate late registrations, not every area
    "pf": Rate("k6", 0.92, 0.99, telat=0.004),
    "kf_lengkap": Rate("pf", 0.88, 0.93, telat=0.004),  # ≈ 75–88% of bulin
    "kn_lengkap": Rate("kf_lengkap", 0.95, 1.0),  # mother and newborn seen on the same visits
    # Klaster 2: immunisation
    "idl": Rate("bayi", 0.80, 0.95, musim="imunisasi"),
    "ibl": Rate("baduta", 0.65, 0.85, musim="imunisasi"),
    # Klaster 2: growth monitoring, counted each month
    # trends: posyandu turning into ILP posyandu (2024–2025) bring more balita each month;
    # counselling and supplementary feeding (PMT lokal) for the children found not gaining
    # weight or underweight lower those shares month by month; stunting falls more slowly
    # (≈ 8% a year, relative: about Indonesia's fall from 21.6% in 2022 to 19.8% in 2024)
    "balita_d": Rate("balita", 0.70, 0.90, per="bulan", musim="penimbangan", tren=0.004),
    "balita_t": Rate("balita_d", 0.10, 0.20, tren=-0.01),
    "balita_o": Rate("balita_d", 0.05, 0.10),
    # underweight among the weighed, and stunting among the measured, as posyandu records
    # (e-PPGBM) show them: below the survey estimates (SSGI), around the targets
    "balita_bb_kurang": Rate("balita_d", 0.04, 0.10, tren=-0.01),
    "balita_diukur": Rate("balita_d", 0.05, 0.10, musim="pengukuran"),
    "balita_stunting": Rate("balita_diukur", 0.08, 0.20, tren=-0.007),
    # Klaster 2: adolescents (first service of the year)
    # most of them at school: no year-end push, the holidays start in December
    "remaja_dilayani": Rate("remaja", 0.60, 0.80, musim="sekolah", kejar=False),
    "rematri_ttd": Rate("remaja_putri", 0.45, 0.65, musim="ttd"),
    # Klaster 4: TB. Symptom screening of ~1 in 5 people a year, ~10% presumptive, ~12% of
    # those diagnosed: ≈ 250 cases per 100,000 a year, two thirds of the estimated incidence
    # (385 per 100,000), about the treatment coverage Indonesia reports.
    "tb_skrining": Rate(PENDUDUK, 0.15, 0.30),
    "tb_terduga": Rate("tb_skrining", 0.08, 0.12),
    "tb_diagnosis": Rate("tb_terduga", 0.10, 0.15),
    "tb_diobati": Rate("tb_diagnosis", 0.85, 0.95, telat=0.004),
    # the cohort evaluated this month started treatment ~6–9 months before: about as many
    "tb_kohort": Rate("tb_diobati", 0.85, 1.0),
    "tb_berhasil": Rate("tb_kohort", 0.80, 0.95),  # national success ≈ 85–88%
    # Klaster 3: hypertension
    "ht_skrining": Rate("usia_15_plus", 0.40, 0.60),
    "ht_diagnosis": Rate("ht_skrining", 0.25, 0.35),
    "ht_diobati": Rate("ht_diagnosis", 0.40, 0.60, telat=0.002),
    # more of those treated are controlled as they stay on treatment (prolanis, home visits)
    "ht_terkendali": Rate("ht_diobati", 0.20, 0.40, tren=0.01),
    # Klaster 3: diabetes. Treated ≈ 15–25% of the estimate, a minority of them controlled.
    "dm_skrining": Rate("usia_15_plus", 0.30, 0.50),
    "dm_diagnosis": Rate("dm_skrining", 0.06, 0.10),
    "dm_diobati": Rate("dm_diagnosis", 0.50, 0.70),
    "dm_terkendali": Rate("dm_diobati", 0.15, 0.35, tren=0.01),
    # Klaster 3: risk factors found among those screened (Riskesdas-like: a quarter smoke,
    # a fifth obese)
    "ptm_merokok": Rate("ht_skrining", 0.20, 0.30),
    "ptm_obesitas": Rate("ht_skrining", 0.15, 0.25),
    "ptm_td_tinggi": Rate("ht_skrining", 0.25, 0.35),  # the hypertension found at screening
    "ptm_gula_tinggi": Rate("ht_skrining", 0.05, 0.12),
    # screening by age and sex: men come less often than women, the elderly more
    "ptm_skrining_l_15_59": Rate("l_15_59", 0.30, 0.45),
    "ptm_skrining_p_15_59": Rate("p_15_59", 0.45, 0.65),
    "ptm_skrining_l_60_plus": Rate("l_60_plus", 0.50, 0.70),
    "ptm_skrining_p_60_plus": Rate("p_60_plus", 0.60, 0.80),
    # Klaster 3: mental health
    "jiwa_skrining": Rate("usia_15_plus", 0.05, 0.15),
    "jiwa_diagnosis": Rate("jiwa_skrining", 0.05, 0.10),
    "jiwa_diobati": Rate("jiwa_diagnosis", 0.50, 0.75),
    "jiwa_dirujuk": Rate("jiwa_diagnosis", 0.10, 0.20),
    "odgj_berat_dilayani": Rate("odgj_berat_estimasi", 0.60, 0.90),
    "pasung_ditemukan": Rate("odgj_berat_estimasi", 0.01, 0.03),
    "pasung_dibebaskan": Rate("pasung_ditemukan", 0.40, 0.70),
    # Klaster 3: elderly (first ICOPE screening of the year)
    "icope_skrining": Rate("lansia", 0.40, 0.70),
    # Klaster 4: contact investigation. Index cases are the pulmonary share of the diagnosed.
    "tb_ik_indeks": Rate("tb_diagnosis", 0.80, 0.90),
    # contact investigation is being scaled up: more index cases' contacts visited each month
    "tb_ik_diinvestigasi": Rate("tb_ik_indeks", 0.55, 0.85, tren=0.01),
    # 3–4 contacts per investigated index case: a rate cannot exceed the register it is
    # drawn from, so contacts are drawn against the population (investigated index cases
    # ≈ 0.002 per person a year, × 3.5)
    "tb_kontak_serumah": Rate(PENDUDUK, 0.005, 0.009),
    "tb_kontak_tpt": Rate("tb_kontak_serumah", 0.30, 0.55),  # TPT: about half of the eligible
    "tb_kontak_oat": Rate("tb_kontak_serumah", 0.01, 0.04),  # TB found among contacts
}

# Seasonal profiles: a multiplier per month (1 = January). "Lebaran" is the month of
# Idulfitri (services dip; the next month catches up); months not named are 1. A register
# is spread over the year in proportion to its profile (per="tahun": the annual total stays
# the rate), so a profile moves services between months, and the PWS status, which compares
# this month's coverage with last month's, reads its month-to-month steps.
_LEBARAN, _SESUDAH = "lebaran", "sesudah_lebaran"


def _ramp(january: float, december: float) -> dict[int | str, float]:
    """A profile moving in equal steps from January to December."""
    return {m: january + (december - january) * (m - 1) / 11 for m in range(1, 13)}


def _times(*profiles: dict[int | str, float]) -> dict[int | str, float]:
    """Profiles multiplied month by month (and Lebaran by Lebaran)."""
    out: dict[int | str, float] = {}
    for profile in profiles:
        for month, factor in profile.items():
            out[month] = out.get(month, 1.0) * factor
    return out


# Outreach builds up through the year: the Puskesmas' operational funds (BOK) arrive in the
# first quarter and are spent mostly in the second half, so posyandu outreach, home visits
# and screening grow month by month. A smooth ramp: most months a little above the one
# before (the PWS reads "naik"), a few standing out: Lebaran and the month after, June
# (Iduladha and the start of the school holidays), the drop from a December push to January.
_OUTREACH = _times(_ramp(0.90, 1.08), {6: 0.95})
MUSIM: dict[str, dict[int | str, float]] = {
    "tetap": {},  # no season: a share of the step before
    "rata": _times(_OUTREACH, {_LEBARAN: 0.82, _SESUDAH: 1.06}),
    # new pregnancies come all year; registration follows the outreach of the midwives
    "kia": _times(_ramp(0.95, 1.06), {_LEBARAN: 0.90, _SESUDAH: 1.04}),
    # Pekan Imunisasi Dunia (late April) and a BIAN-like catch-up campaign in August: the
    # months after a campaign fall back
    "imunisasi": _times(_OUTREACH, {4: 1.25, 5: 1.10, 8: 1.25, 9: 1.05},
                        {_LEBARAN: 0.80, _SESUDAH: 1.05}),
    # bulan penimbangan (February and August): everyone is weighed
    "penimbangan": {2: 1.12, 8: 1.12, _LEBARAN: 0.92},
    # height measured mostly in bulan penimbangan (share of D ≈ 1 then, small otherwise)
    "pengukuran": {2: 12.0, 8: 12.0},
    # first service of the year: term starts (January, July–September), school holidays
    # (late June; end-of-semester exams in late November and early December, then the
    # holidays from the third week of December)
    "sekolah": {1: 1.35, 2: 1.25, 3: 1.1, _LEBARAN: 0.7, 6: 0.6, 7: 1.15, 8: 1.3, 9: 1.15,
                11: 0.9, 12: 0.75},
    # iron tablets: the first of the year mostly when a term starts (pupils take them weekly
    # at school), the girls not reached at school found later at posyandu remaja
    "ttd": {1: 1.3, 2: 1.15, _LEBARAN: 0.7, 6: 0.6, 7: 1.15, 8: 1.2},
}
# Kejar target akhir tahun: in November and December most Puskesmas sweep for the pregnant
# women, infants and adults not yet served (sweeping, door-to-door screening) to reach the
# annual target, and spend what is left of the year's funds: services rise rather than dip.
# Multiplies the profile of every per="tahun" register with kejar=True, except in a lagging
# Puskesmas area (short of staff, it cannot sweep). The annual total stays the rate: the
# push moves services to the end of the year, where an area behind its linear target
# catches up (cukup: below the target, rising).
KEJAR = {11: 1.08, 12: 1.25}
# Months vary less than independent draws would make them: services come on a schedule (a
# posyandu day a month, a planned monthly share of the annual target, prolanis club
# meetings) and reach the same people month after month (the same children weighed, the
# same patients treated), so a desa's count stays nearer its expected value: its spread
# around it is SEBARAN times that of a Poisson or binomial draw. With independent draws a
# Puskesmas of 35 K1 a month went up or down at random in half its months, whatever the
# season, and the PWS showed noise rather than the year's course.
SEBARAN = 0.45

# the flaws
LAGGARD_SHARE = 0.05  # desa in Puskesmas areas falling behind in the last year
LAGGARD_FACTOR = (0.40, 0.60)  # their rates there over the year, relative to normal
# falling behind is a slide, not a step: services there fall month after month through
# the last year (staff leaving, a post left empty), from LAGGARD_SLIDE times the year's
# factor in January down to 2 − LAGGARD_SLIDE times it in December
LAGGARD_SLIDE = 1.4
MISSING_MONTH_SHARE = 0.02  # desa-months without any report
MISSING_SASARAN = "bumil"  # left out for the last year in MISSING_SASARAN_DESA desa
MISSING_SASARAN_DESA = 2
# target overrides that show resolution: a kota (or the first kabupaten) sets its own target
# for some indicators, one of its Puskesmas a stricter one still
TARGET_KABUPATEN = {"k6": 98.0, "kf_lengkap": 92.0}
TARGET_PUSKESMAS = {"k6": 100.0}
# PIS-PK against the register (issue 16, Kualitas Data): in the first desa of the demo account's
# Puskesmas the births at a private midwife's practice never reach the Puskesmas register, so
# its `pf` is about 40% of bulin, while its families say ~90% gave birth at a facility
# (demo/generate.py sets that side, REKON_PISPK). The register is thinned in every year: a
# steady gap, not a sudden drop (no outlier of its own).
REKON_PUSKESMAS = "P9901010101"
REKON_REGISTER = "pf"
REKON_FACTOR = 0.45  # of the births drawn, the share that reaches the register
REKON_PISPK = ("persalinan_faskes", 0.93)  # the PIS-PK indicator and its chance of Y in that desa

LAYANAN_COLUMNS = ["kode_desa", "tahun", "bulan", "indikator", "nilai"]
SASARAN_COLUMNS = ["kode_desa", "tahun", "sasaran", "jumlah"]
TARGET_COLUMNS = ["indikator", "tahun", "kode_wilayah", "target_persen"]


@dataclass(frozen=True)
class ProgramData:
    """The demo's program data in the shapes of the layanan, sasaran and target tables, and
    where the flaws were put (for the tests and the loader's messages)."""

    layanan: pd.DataFrame  # LAYANAN_COLUMNS
    sasaran: pd.DataFrame  # SASARAN_COLUMNS
    target: pd.DataFrame  # TARGET_COLUMNS
    puskesmas_tertinggal: tuple[str, ...] = ()  # lagging in the last year
    desa_tertinggal: tuple[str, ...] = ()
    sasaran_kosong: tuple[tuple[str, int, str], ...] = ()  # (kode_desa, tahun, sasaran) left out
    target_khusus: tuple[tuple[str, int, str], ...] = ()  # (indikator, tahun, kode_wilayah)
    # (kode_desa, indikator, tahun, bulan): one month set to PENCILAN_KALI × the desa's usual count
    pencilan: tuple[str, str, int, int] | None = None


def generate_program(wilayah: pd.DataFrame, seed: int, years=(2024, 2025)) -> ProgramData:
    """Registers, sasaran and targets for every desa of `wilayah` (kode_desa,
    kode_puskesmas, kode_kabupaten, jumlah_penduduk) for these years. Same input, same seed:
    same output."""
    years = tuple(int(y) for y in years)
    w = wilayah.reset_index(drop=True)
    n, n_years = len(w), len(years)
    kode = w["kode_desa"].to_numpy(dtype=object)
    pkm_codes, pkm = np.unique(w["kode_puskesmas"].to_numpy(dtype=object), return_inverse=True)
    rng = np.random.default_rng([seed, 20])

    penduduk0 = w["jumlah_penduduk"].to_numpy(dtype=float)
    growth = rng.uniform(*GROWTH, n)
    penduduk = penduduk0[:, None] * (1 + growth[:, None]) ** np.arange(n_years)[None, :]
    sasaran = {code: share * penduduk for code, share in SASARAN_SHARE.items()}

    # desa quality: a Puskesmas-area effect shared by every register plus the desa's own
    z_pkm = rng.normal(0, 1, len(pkm_codes))[pkm]
    z_desa = rng.normal(0, 1, n)
    lagging_pkm = _laggards(w, pkm_codes, pkm, rng)
    lagging = np.isin(pkm, lagging_pkm)
    lag_factor = np.ones((n, n_years, 12))  # per desa, year and month
    slide = np.linspace(LAGGARD_SLIDE, 2 - LAGGARD_SLIDE, 12)  # averages 1 over the year
    lag_factor[lagging, -1] = rng.uniform(*LAGGARD_FACTOR, lagging.sum())[:, None] * slide
    # the year-end push, everywhere but in the lagging area in its last year
    push = np.ones((n, n_years, 12))
    for month, factor in KEJAR.items():
        push[:, :, month - 1] = factor
    push[lagging, -1] = 1.0
    # desa-months without a report: some desa are habitual late reporters
    late_reporter = rng.beta(0.4, 0.4 / MISSING_MONTH_SHARE - 0.4, n)
    missing = rng.random((n, n_years, 12)) < late_reporter[:, None, None]

    counts: dict[str, np.ndarray] = {}
    for code in _draw_order():
        counts[code] = _draw(code, RATES[code], seed, years, sasaran, penduduk, counts,
                             z_pkm, z_desa, lag_factor, push)
        if code == REKON_REGISTER:  # before the steps drawn from it: they miss those births too
            counts[code] = _under_report(counts[code], kode == rekon_desa(w))

    layanan = _layanan_frame(kode, years, counts, missing)
    layanan, pencilan = _outlier(layanan, w, years[-1])
    sasaran_rows, kosong = _sasaran_frame(kode, years, sasaran, lagging, rng)
    target, khusus = _target_frame(w, years, pkm_codes[lagging_pkm])
    return ProgramData(
        layanan=layanan, sasaran=sasaran_rows, target=target,
        puskesmas_tertinggal=tuple(pkm_codes[lagging_pkm]),
        desa_tertinggal=tuple(kode[lagging]), sasaran_kosong=kosong, target_khusus=khusus, pencilan=pencilan,
    )


def rekon_desa(wilayah: pd.DataFrame) -> str | None:
    """The desa whose register and PIS-PK disagree by construction: the first (by code) of
    REKON_PUSKESMAS; None when the wilayah has no such Puskesmas."""
    codes = wilayah.loc[wilayah["kode_puskesmas"] == REKON_PUSKESMAS, "kode_desa"]
    return min(codes) if len(codes) else None


def _under_report(counts: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """`counts` (n_desa, n_years, 12) with the chosen desa's months cut to REKON_FACTOR of
    themselves, rounded (no random draw: the gap is what the demo promises, and no other
    register's draws move)."""
    out = counts.copy()
    out[chosen] = np.rint(out[chosen] * REKON_FACTOR).astype(out.dtype)
    return out


# The outlier the Kualitas Data page must find (issue 16): in the first desa of the demo account's
# Puskesmas, one month of the last year entered as ten times its usual count (a typing slip: a 0
# too many), a month with a report.
PENCILAN_PUSKESMAS = "P9901010101"
PENCILAN_REGISTER, PENCILAN_BULAN, PENCILAN_KALI = "ht_skrining", 6, 10


def _outlier(layanan: pd.DataFrame, w: pd.DataFrame, tahun: int) -> tuple[pd.DataFrame, tuple | None]:
    own = w.loc[w["kode_puskesmas"] == PENCILAN_PUSKESMAS, "kode_desa"]
    desa = sorted(own if len(own) else w["kode_desa"])[:1]
    if not desa:
        return layanan, None
    mine = (layanan["kode_desa"] == desa[0]) & (layanan["indikator"] == PENCILAN_REGISTER)
    before = mine & ((layanan["tahun"] * 12 + layanan["bulan"]).between(tahun * 12 + PENCILAN_BULAN - 12,
                                                                         tahun * 12 + PENCILAN_BULAN - 1))
    usual = max(int(np.median(layanan.loc[before, "nilai"])) if before.any() else 1, 1)
    month = mine & (layanan["tahun"] == tahun) & (layanan["bulan"] == PENCILAN_BULAN)
    value = PENCILAN_KALI * usual
    if month.any():
        layanan = layanan.copy()
        layanan.loc[month, "nilai"] = value
    else:  # the desa missed that month: the slip is its report
        row = pd.DataFrame({"kode_desa": [desa[0]], "tahun": [tahun], "bulan": [PENCILAN_BULAN],
                            "indikator": [PENCILAN_REGISTER], "nilai": [value]})
        layanan = (pd.concat([layanan, row.astype(layanan.dtypes.to_dict())], ignore_index=True)
                   .sort_values(["kode_desa", "tahun", "bulan", "indikator"], kind="stable").reset_index(drop=True))
    return layanan, (desa[0], PENCILAN_REGISTER, tahun, PENCILAN_BULAN)


def registers_without_rate() -> tuple[str, ...]:
    """Desa registers declared in indicators.program that the demo has no rate for (no data);
    the Puskesmas-level ones (Klaster 1) come from their own demo modules."""
    return tuple(c for c, r in REGISTER_BY_CODE.items() if c not in RATES and not r.level == "puskesmas")


# --- drawing ---------------------------------------------------------------------------------

def _previous_step(code: str) -> str | None:
    for k in KASKADES:
        if code in k.steps[1:]:
            return k.steps[k.steps.index(code) - 1]
    return None


def _draw_order() -> list[str]:
    """RATES codes of declared registers, each after the register it is drawn from and the
    cascade step it may be lifted above."""
    todo = [c for c in RATES if c in REGISTER_BY_CODE]
    order: list[str] = []
    while todo:
        ready = [c for c in todo
                 if all(d is None or d not in RATES or d in order
                        for d in (RATES[c].base if RATES[c].base in RATES else None,
                                  _previous_step(c) if RATES[c].telat else None))]
        if not ready:
            raise ValueError(f"RATES refer to each other in a circle: {todo}")
        order += ready
        todo = [c for c in todo if c not in ready]
    return order


def _idulfitri_month(year: int) -> int:
    """Month of Idulfitri: 10 April 2024, then one lunar year (354.37 days) earlier each year."""
    return (date(2024, 4, 10) + timedelta(days=round(354.367 * (year - 2024)))).month


def _musim(name: str, years: tuple[int, ...]) -> np.ndarray:
    """(n_years, 12) monthly multipliers of a profile."""
    profile = MUSIM[name]
    out = np.ones((len(years), 12))
    for y, year in enumerate(years):
        lebaran = _idulfitri_month(year)
        for month, factor in profile.items():
            if month == _LEBARAN:
                out[y, lebaran - 1] *= factor
            elif month == _SESUDAH:
                out[y, lebaran % 12] *= factor
            else:
                out[y, int(month) - 1] *= factor
    return out


def _stream(seed: int, code: str) -> np.random.Generator:
    return np.random.default_rng([seed, 21, zlib.crc32(code.encode())])


def _draw(code: str, rate: Rate, seed: int, years, sasaran, penduduk, counts, z_pkm, z_desa,
          lag_factor, push) -> np.ndarray:
    """(n_desa, n_years, 12) counts of one register. lag_factor: (n_desa, n_years, 12)
    multipliers of the lagging area (1 elsewhere); push: the year-end push, the same shape."""
    rng = _stream(seed, code)
    n, n_years = penduduk.shape
    # a desa's position in the range: uniform overall, higher in a good Puskesmas area
    s = 0.5 * z_pkm + 0.4 * z_desa + 0.55 * rng.normal(0, 1, n)
    u = 1 / (1 + np.exp(-1.702 * s / np.sqrt(0.25 + 0.16 + 0.3025)))
    r = rate.low + (rate.high - rate.low) * u
    drift = np.cumsum(np.c_[np.zeros(n), rng.normal(0.01, 0.015, (n, n_years - 1))], axis=1)
    r = r[:, None] * (1 + drift)  # (n, n_years): a little better each year
    musim = _musim(rate.profile(), years)[None, :, :]
    if rate.tren:
        musim = musim * (1 + rate.tren) ** np.arange(n_years * 12).reshape(1, n_years, 12)

    if rate.base in RATES:
        p = np.clip(r[:, :, None] * musim, 0, 1)
        n_base = counts[rate.base]
        out = _steady(rng, rng.binomial(n_base, p), n_base * p)
    else:
        base = penduduk if rate.base == PENDUDUK else sasaran[rate.base]
        if rate.per == "tahun":
            season = musim * push if rate.kejar else musim
            weights = season / season.sum(axis=2, keepdims=True)
            expected = r[:, :, None] * base[:, :, None] * weights * lag_factor
            out = _steady(rng, rng.poisson(expected), expected)
        elif rate.per == "bulan":
            p = np.clip(r[:, :, None] * musim * lag_factor, 0, 0.98)
            n_base = np.round(base).astype(np.int64)[:, :, None]
            out = _steady(rng, rng.binomial(n_base, p), n_base * p)
        else:
            raise ValueError(f"{code}: per must be 'tahun' or 'bulan', not {rate.per!r}")

    if rate.telat:
        before = counts[_previous_step(code)]
        late = rng.random(out.shape) < rate.telat
        out = np.where(late, before + rng.integers(1, 4, out.shape), out)
    return out.astype(np.int64)


def _steady(rng: np.random.Generator, drawn: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Counts drawn around `expected` (Poisson, or binomial of n) moved towards it: expected +
    SEBARAN × (drawn − expected), rounded up or down at random so that the mean stays
    exact. The value lies between the draw and its mean, so it is never below 0 nor above
    the n of a binomial draw (a step stays below the step it is drawn from)."""
    value = expected + SEBARAN * (drawn - expected)
    whole = np.floor(value)
    return (whole + (rng.random(value.shape) < value - whole)).astype(np.int64)


def _laggards(w: pd.DataFrame, pkm_codes: np.ndarray, pkm: np.ndarray,
              rng: np.random.Generator) -> np.ndarray:
    """Indexes (into pkm_codes) of neighbouring Puskesmas (consecutive codes: the codes
    follow position within a kabupaten) holding about LAGGARD_SHARE of the desa, outside the
    kota when there is a kabupaten."""
    size = np.bincount(pkm, minlength=len(pkm_codes))
    kab = (w.groupby("kode_puskesmas")["kode_kabupaten"].first()
           .reindex(pkm_codes).to_numpy(dtype=object))
    rural = np.array([k.split(".")[-1] < "71" for k in kab])
    candidates = np.flatnonzero(rural) if rural.any() else np.arange(len(pkm_codes))
    start = int(rng.choice(candidates))
    chosen = [start]
    wanted = LAGGARD_SHARE * len(w)
    # grow to the neighbouring codes in the same kabupaten while that brings the share closer
    for step in (1, -1):
        i = start + step
        while (0 <= i < len(pkm_codes) and kab[i] == kab[start]
               and abs(size[chosen].sum() + size[i] - wanted) < abs(size[chosen].sum() - wanted)):
            chosen.append(i)
            i += step
    return np.array(sorted(chosen))


# --- frames ----------------------------------------------------------------------------------

def _layanan_frame(kode: np.ndarray, years, counts: dict[str, np.ndarray],
                   missing: np.ndarray) -> pd.DataFrame:
    """Rows in key order (kode_desa, tahun, bulan, indikator), none for a missing month."""
    codes = sorted(counts)
    if not codes:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in LAYANAN_COLUMNS})
    values = np.stack([counts[c] for c in codes], axis=-1)  # (n, n_years, 12, R)
    keep = np.repeat(~missing.reshape(-1), len(codes))
    desa_i, year_i, month_i, code_i = (
        a.reshape(-1)[keep] for a in np.indices(values.shape, dtype=np.int32))
    return pd.DataFrame({
        "kode_desa": kode[desa_i],
        "tahun": np.asarray(years, dtype=np.int64)[year_i],
        "bulan": (month_i + 1).astype(np.int64),
        "indikator": np.array(codes, dtype=object)[code_i],
        "nilai": values.reshape(-1)[keep],
    })


def _sasaran_frame(kode: np.ndarray, years, sasaran: dict[str, np.ndarray], lagging: np.ndarray,
                   rng: np.random.Generator):
    codes = [c for c in SASARAN_CODES if c in sasaran]
    n = len(kode)
    values = np.stack([np.round(sasaran[c], 1) for c in codes], axis=-1)  # (n, n_years, S)
    keep = np.ones(values.shape, bool)
    kosong = []
    if MISSING_SASARAN in codes and n > MISSING_SASARAN_DESA:
        for i in sorted(rng.choice(np.flatnonzero(~lagging), MISSING_SASARAN_DESA, replace=False)):
            keep[i, -1, codes.index(MISSING_SASARAN)] = False
            kosong.append((str(kode[i]), int(years[-1]), MISSING_SASARAN))
    keep = keep.reshape(-1)
    desa_i, year_i, code_i = (a.reshape(-1)[keep] for a in np.indices(values.shape))
    frame = pd.DataFrame({
        "kode_desa": kode[desa_i],
        "tahun": np.asarray(years, dtype=np.int64)[year_i],
        "sasaran": np.array(codes, dtype=object)[code_i],
        "jumlah": values.reshape(-1)[keep],
    })
    return frame, tuple(kosong)


def _target_frame(w: pd.DataFrame, years, lagging_pkm: np.ndarray):
    rows = [(i.code, y, "", float(i.target)) for y in years for i in INDICATORS
            if i.target is not None]
    kabupaten = sorted(w["kode_kabupaten"].unique())
    kota = [k for k in kabupaten if k.split(".")[-1] >= "71"]
    kab = (kota or kabupaten)[0]
    pkm = sorted(set(w.loc[w["kode_kabupaten"] == kab, "kode_puskesmas"]) - set(lagging_pkm))
    khusus = [(code, y, kab, value) for y in years for code, value in TARGET_KABUPATEN.items()]
    if pkm:
        khusus += [(code, years[-1], pkm[0], value) for code, value in TARGET_PUSKESMAS.items()]
    frame = pd.DataFrame(rows + khusus, columns=TARGET_COLUMNS)
    return frame, tuple((c, y, k) for c, y, k, _ in khusus)
