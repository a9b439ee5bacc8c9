"""Outliers and validation rules of the Kualitas Data page (issue 16), declared as data like the
indicators: each rule has a code, a short label, the sentence shown on screen and its
parameters; the pure functions below find its hits in a desa × register × month cube.

A hit is one (area, month, what) whose value breaks a rule, with the range the rule expected:
- z_robust: a month far from the area's own history: modified z-score
  z = 0,6745 · (x − median) / MAD on the reported months among the 12 before it (at least
  `min_bulan` of them); a hit when |z| > 3,5, i.e. outside median ± 3,5 · MAD / 0,6745. A MAD
  below 1 (more than half the months nearly equal: counts are whole numbers) counts as 1, so
  one extra service in a desa that always reports the same number is not a hit; and the value
  must also be at least twice the median (or at most half of it) and at least 5 away from it,
  so a smooth register's December push is not a hit either.
- nol_mendadak: a month reported as 0 after `berturut` consecutive reported months above 0.
- di_atas_sasaran: the cumulative numerator Jan..m of an indicator divided by an annual sasaran
  above that sasaran (listed at the first month it goes above).
- kaskade_terbalik: a later step of a cascade above the step before it, both summed Jan..m
  (listed at each month it goes above after not being above).
- d_di_atas_s: balita weighed in the month (D) above the sasaran balita (S).
- stok_tidak_seimbang: LPLPO rows whose sisa stok ≠ stok awal + penerimaan − pemakaian
  (indicators.k1_obat's own check, read from obat_ringkas), per Puskesmas and month.

Values never change: a hit is listed as reported, the range beside it. A leaf module: it reads
indicators.program and indicators.format only.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from domain.codes import Level
from indicators import format as fmt
from indicators.program import (
    INDICATOR_BY_CODE,
    INDICATORS,
    KASKADE_BY_CODE,
    KASKADES,
    REGISTER_BY_CODE,
    SASARAN_BY_CODE,
    Accumulation,
)

HIT_COLUMNS = ["kode_desa", "tahun", "bulan", "aturan", "kode", "nilai", "batas_bawah", "batas_atas"]


def _angka(value: float, decimals: int = 0) -> str:
    return fmt.angka(value, decimals)


@dataclass(frozen=True, kw_only=True)
class ZSkor:
    """A month far from the area's own history (Iglewicz & Hoaglin's modified z-score)."""

    code: str = "z_robust"
    label: str = "Jauh dari riwayatnya"
    jendela: int = 12  # months before the one judged
    min_bulan: int = 6  # reported months among them, at least
    batas: float = 3.5  # |z| above this is a hit
    konstanta: float = 0.6745  # makes the MAD comparable to a standard deviation
    mad_min: float = 1.0  # a smaller MAD counts as this (counts are whole numbers)
    # and the gap must matter: at least `faktor` times the median (or below it divided by
    # `faktor`) and at least `selisih_min` services: on a smooth register the z-score alone flags
    # a December push of a third, which is real work done, not a reporting error
    faktor: float = 2.0
    selisih_min: float = 5.0
    # months a register is expected to jump (a campaign): not judged then. Growth monitoring's
    # bulan penimbangan serentak (February and August, with vitamin A) weighs and measures
    # every balita, several times an ordinary month
    kampanye: tuple[tuple[str, tuple[int, ...]], ...] = tuple(
        (c, (2, 8)) for c in ("balita_d", "balita_t", "balita_o", "balita_bb_kurang", "balita_diukur",
                              "balita_stunting"))
    tingkat: Level = Level.DESA

    @property
    def kalimat(self) -> str:
        return (f"Nilai bulan itu jauh dari riwayat desa itu sendiri: skor-z termodifikasi "
                f"|{_angka(self.konstanta, 4)} × (nilai − median) ÷ MAD| lebih dari {_angka(self.batas, 1)}, "
                f"dengan median dan MAD (median simpangan mutlak) dari bulan yang dilaporkan di antara "
                f"{self.jendela} bulan sebelumnya (paling sedikit {self.min_bulan} bulan). Rentang wajar = "
                f"median ± {_angka(self.batas, 1)} × MAD ÷ {_angka(self.konstanta, 4)}. MAD di bawah "
                f"{_angka(self.mad_min)} dihitung {_angka(self.mad_min)} (lebih dari separuh bulan bernilai "
                f"hampir sama). Nilai itu juga harus paling sedikit {_angka(self.faktor)} kali median atau paling "
                f"banyak median ÷ {_angka(self.faktor)}, dengan selisih paling sedikit {_angka(self.selisih_min)}: "
                "naik-turun biasa (misalnya kejar target Desember) tidak perlu diperiksa. Register pertumbuhan "
                "balita tidak dinilai pada bulan penimbangan serentak (Februari dan Agustus).")


@dataclass(frozen=True, kw_only=True)
class NolMendadak:
    """A reported 0 after months of reports above 0."""

    code: str = "nol_mendadak"
    label: str = "Nol mendadak"
    berturut: int = 3
    # each of those months at least this (a register of one or two a month is often 0 by chance)
    min_sebelumnya: int = 5
    tingkat: Level = Level.DESA

    @property
    def kalimat(self) -> str:
        return (f"Dilaporkan 0 setelah {self.berturut} bulan berturut-turut dilaporkan paling sedikit "
                f"{self.min_sebelumnya}: mungkin laporan yang belum diisi, bukan layanan yang berhenti. "
                f"Rentang wajar = nilai terkecil s.d. terbesar {self.berturut} bulan sebelumnya.")


@dataclass(frozen=True, kw_only=True)
class DiAtasSasaran:
    """The cumulative numerator of an indicator by sasaran above the annual sasaran."""

    code: str = "di_atas_sasaran"
    label: str = "Melebihi sasaran setahun"
    indikator: tuple[str, ...]
    tingkat: Level = Level.DESA

    @property
    def kalimat(self) -> str:
        return ("Jumlah pembilang Januari s.d. bulan itu melebihi sasaran setahun desa itu (indikator "
                "kumulatif yang dibagi sasaran): sasaran terlalu kecil, atau layanan dari desa lain "
                "dicatat di sini. Dicatat pada bulan pertama jumlahnya melewati sasaran. Rentang wajar = "
                "0 s.d. sasaran.")


@dataclass(frozen=True, kw_only=True)
class KaskadeTerbalik:
    """A later cascade step above the step before it (both summed Jan..m)."""

    code: str = "kaskade_terbalik"
    label: str = "Langkah kaskade terbalik"
    kaskade: tuple[str, ...]
    tingkat: Level = Level.DESA

    @property
    def kalimat(self) -> str:
        return ("Langkah kaskade yang lebih akhir melebihi langkah sebelumnya (jumlah Januari s.d. bulan "
                "itu), mis. diobati lebih banyak daripada terdiagnosis: pencatatan terlambat atau salah "
                "kolom. Dicatat pada bulan ia mulai melebihi. Rentang wajar = 0 s.d. langkah sebelumnya.")


@dataclass(frozen=True, kw_only=True)
class DLebihS:
    """Balita weighed (D) in a month above the sasaran balita (S)."""

    code: str = "d_di_atas_s"
    label: str = "D melebihi S"
    register: str = "balita_d"
    sasaran: str = "balita"
    tingkat: Level = Level.DESA

    @property
    def kalimat(self) -> str:
        return (f"{REGISTER_BY_CODE[self.register].label} bulan itu melebihi sasaran "
                f"{SASARAN_BY_CODE[self.sasaran].label.lower()}: lebih banyak balita ditimbang daripada balita "
                "yang ada. Rentang wajar = 0 s.d. S.")


@dataclass(frozen=True, kw_only=True)
class StokTidakSeimbang:
    """LPLPO rows that do not balance (indicators.k1_obat's check, per Puskesmas and month)."""

    code: str = "stok_tidak_seimbang"
    label: str = "Stok obat tidak seimbang"
    tingkat: Level = Level.PUSKESMAS

    @property
    def kalimat(self) -> str:
        return ("Baris LPLPO yang sisa stoknya tidak sama dengan stok awal + penerimaan − pemakaian "
                "(pemeriksaan yang sama dengan bagian Obat di Klaster 1). Nilai = jumlah baris yang tidak "
                "seimbang; rentang wajar = 0.")


ZSKOR = ZSkor()
NOL = NolMendadak()
SASARAN = DiAtasSasaran(indikator=tuple(
    i.code for i in INDICATORS
    if i.by_sasaran and i.accumulation is Accumulation.KUMULATIF and i.level == Level.DESA))
KASKADE = KaskadeTerbalik(kaskade=tuple(k.code for k in KASKADES))
D_S = DLebihS()
STOK = StokTidakSeimbang()
STOK_KODE = "obat"  # the `kode` of a stock hit (the whole LPLPO of the month)

ATURAN = (ZSKOR, NOL, SASARAN, KASKADE, D_S, STOK)
ATURAN_BY_CODE = MappingProxyType({a.code: a for a in ATURAN})
# the desa-level registers the history rules judge (Puskesmas-level ones, rupiah and the like, not)
DESA_REGISTERS = tuple(r.code for r in REGISTER_BY_CODE.values() if r.level == Level.DESA)


def _check() -> None:
    assert len(ATURAN_BY_CODE) == len(ATURAN)
    assert all(len(a.code) <= 20 for a in ATURAN)
    assert all(INDICATOR_BY_CODE[c].by_sasaran for c in SASARAN.indikator)
    assert all(c in KASKADE_BY_CODE for c in KASKADE.kaskade)
    assert D_S.register in REGISTER_BY_CODE and D_S.sasaran in SASARAN_BY_CODE
    assert 0 < ZSKOR.min_bulan <= ZSKOR.jendela


_check()


def what_label(aturan: str, kode: str) -> str:
    """What a hit is about, in words: the register, the indicator, or the cascade's two steps."""
    if aturan == KASKADE.code:
        k, _, step = kode.partition(".")
        cascade = KASKADE_BY_CODE.get(k)
        if cascade is not None and step in cascade.steps[1:]:
            before = cascade.steps[cascade.steps.index(step) - 1]
            return f"{REGISTER_BY_CODE[step].label} > {REGISTER_BY_CODE[before].label}"
        return kode
    if aturan == SASARAN.code and kode in INDICATOR_BY_CODE:
        ind = INDICATOR_BY_CODE[kode]
        below, top = SASARAN_BY_CODE[ind.denominator].label, REGISTER_BY_CODE[ind.numerator[0]].label
        return f"{top} > {below}" if top == ind.short_label else f"{ind.short_label}: {top} > {below}"
    if aturan == D_S.code:
        return "D > S (balita ditimbang > sasaran balita)"
    if aturan == STOK.code:
        return "LPLPO obat"
    reg = REGISTER_BY_CODE.get(kode)
    return reg.label if reg is not None else kode


def keparahan(nilai, bawah, atas) -> np.ndarray:
    """How far each value lies outside its range, relative to the bound it passed ((nilai − atas)
    ÷ atas above, (bawah − nilai) ÷ bawah below, a bound under 1 counting as 1; 0 inside): the
    order the page lists hits in, the farthest first (790 against ≤ 102,9 is 6,7; 11 against
    ≤ 10,2 is 0,08)."""
    x, lo, hi = (np.asarray(v, dtype=float) for v in (nilai, bawah, atas))
    with np.errstate(invalid="ignore"):
        above = np.where(x > hi, (x - hi) / np.maximum(hi, 1), 0)
        below = np.where(x < lo, (lo - x) / np.maximum(lo, 1), 0)
    return np.nan_to_num(np.maximum(above, below))


def range_text(bawah, atas) -> str:
    """'12–30', '≤ 30', '0' the Indonesian way (one decimal when not whole)."""
    def num(v) -> str:
        v = float(v)
        return _angka(v, 0 if v == round(v) else 1)
    if fmt.is_missing(bawah) and fmt.is_missing(atas):
        return fmt.NO_DATA
    if fmt.is_missing(bawah):
        return f"≤ {num(atas)}"
    if fmt.is_missing(atas):
        return f"≥ {num(bawah)}"
    return num(bawah) if float(bawah) == float(atas) else f"{num(bawah)}–{num(atas)}"


# --- the cube the rules read --------------------------------------------------------------------

@dataclass(frozen=True)
class Kubus:
    """Reported values per desa, register and month: nilai[d, r, t] with t = 0 the January of
    `tahun0` (NaN: not reported); sasaran[s][d, y] with y = 0 the year `tahun0` (NaN: none)."""

    desa: np.ndarray  # desa codes, (D,)
    registers: tuple[str, ...]  # (R,)
    tahun0: int
    nilai: np.ndarray  # (D, R, 12 × years), float
    sasaran: dict[str, np.ndarray]

    @property
    def years(self) -> int:
        return self.nilai.shape[2] // 12

    def reg(self, code: str) -> np.ndarray:
        """(D, T) of one register; all NaN when the cube does not hold it."""
        if code in self.registers:
            return self.nilai[:, self.registers.index(code), :]
        return np.full((len(self.desa), self.nilai.shape[2]), np.nan)


def cube(layanan: pd.DataFrame, sasaran: pd.DataFrame, tahun0: int, tahun1: int,
         registers: tuple[str, ...] = DESA_REGISTERS) -> Kubus:
    """The cube of the years tahun0..tahun1 from rows of `layanan` (kode_desa, tahun, bulan,
    indikator, nilai) and `sasaran` (kode_desa, tahun, sasaran, jumlah)."""
    codes = np.concatenate([layanan["kode_desa"].to_numpy(dtype=object), sasaran["kode_desa"].to_numpy(dtype=object)])
    desa = np.sort(pd.unique(codes)).astype(object)
    where = pd.Index(desa)
    years = tahun1 - tahun0 + 1
    nilai = np.full((len(desa), len(registers), 12 * years), np.nan)
    r = pd.Index(list(registers)).get_indexer(layanan["indikator"].to_numpy(dtype=object))
    tahun = layanan["tahun"].to_numpy(dtype=np.int64)
    keep = (r >= 0) & (tahun >= tahun0) & (tahun <= tahun1)
    if keep.any():
        d = where.get_indexer(layanan["kode_desa"].to_numpy(dtype=object)[keep])
        t = (tahun[keep] - tahun0) * 12 + layanan["bulan"].to_numpy(dtype=np.int64)[keep] - 1
        nilai[d, r[keep], t] = layanan["nilai"].to_numpy(dtype=float)[keep]
    out: dict[str, np.ndarray] = {}
    s_tahun = sasaran["tahun"].to_numpy(dtype=np.int64)
    s_code = sasaran["sasaran"].to_numpy(dtype=object)
    s_desa = where.get_indexer(sasaran["kode_desa"].to_numpy(dtype=object))
    s_value = sasaran["jumlah"].to_numpy(dtype=float)
    inside = (s_tahun >= tahun0) & (s_tahun <= tahun1)
    for code in pd.unique(s_code[inside]):
        mine = inside & (s_code == code)
        grid = np.full((len(desa), years), np.nan)
        grid[s_desa[mine], s_tahun[mine] - tahun0] = s_value[mine]
        out[str(code)] = grid
    return Kubus(desa, tuple(registers), tahun0, nilai, out)


def _frame(k: Kubus, aturan: str, kode, d, t, nilai, bawah, atas) -> pd.DataFrame:
    t = np.asarray(t, dtype=np.int64)
    return pd.DataFrame({
        "kode_desa": k.desa[np.asarray(d, dtype=np.int64)] if len(t) else np.array([], dtype=object),
        "tahun": k.tahun0 + t // 12, "bulan": t % 12 + 1, "aturan": aturan,
        "kode": kode if isinstance(kode, str) else np.asarray(kode, dtype=object),
        "nilai": np.asarray(nilai, dtype=float), "batas_bawah": np.asarray(bawah, dtype=float),
        "batas_atas": np.asarray(atas, dtype=float),
    }, columns=HIT_COLUMNS)


def _judged(k: Kubus, years: tuple[int, ...]) -> np.ndarray:
    """(T,) True for the months of the years judged."""
    t = np.arange(k.nilai.shape[2])
    return np.isin(k.tahun0 + t // 12, years)


def _median_sorted(s: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The median of each row of `s`, sorted with NaN last, of its first n values (NaN when 0)."""
    lo = np.clip((n - 1) // 2, 0, None)[..., None]
    hi = np.clip(n // 2, 0, None)[..., None]
    out = (np.take_along_axis(s, lo, -1) + np.take_along_axis(s, hi, -1))[..., 0] / 2
    return np.where(n > 0, out, np.nan)


def robust_bounds(history: np.ndarray, rule: ZSkor = ZSKOR) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(median, lower, upper) of each row of `history` (…, jendela; NaN = not reported): the
    range median ± max(batas × max(MAD, mad_min) ÷ konstanta, selisih_min), widened to median ×
    faktor above and median ÷ faktor below; NaN where fewer than min_bulan months."""
    s = np.sort(history, axis=-1)
    n = np.sum(~np.isnan(history), axis=-1)
    med = _median_sorted(s, n)
    dev = np.sort(np.abs(history - med[..., None]), axis=-1)
    mad = np.maximum(_median_sorted(dev, n), rule.mad_min)
    half = np.maximum(rule.batas * mad / rule.konstanta, rule.selisih_min)
    lower = np.minimum(med - half, med / rule.faktor)
    upper = np.maximum(med + half, med * rule.faktor)
    enough = n >= rule.min_bulan
    return np.where(enough, med, np.nan), np.where(enough, lower, np.nan), np.where(enough, upper, np.nan)


def z_score(x, median, mad, rule: ZSkor = ZSKOR):
    """The modified z-score as the page states it (MAD below mad_min counts as mad_min)."""
    return rule.konstanta * (np.asarray(x, dtype=float) - median) / np.maximum(mad, rule.mad_min)


def z_hits(k: Kubus, years: tuple[int, ...], rule: ZSkor = ZSKOR) -> pd.DataFrame:
    """Months outside median ± batas × MAD ÷ konstanta of the `jendela` months before them."""
    w = rule.jendela
    T = k.nilai.shape[2]
    targets = np.flatnonzero(_judged(k, years) & (np.arange(T) >= w))
    if not len(targets) or not len(k.desa):
        return _frame(k, rule.code, [], [], [], [], [], [])
    windows = np.lib.stride_tricks.sliding_window_view(k.nilai, w, axis=2)[:, :, targets - w, :]
    _med, lower, upper = robust_bounds(windows, rule)
    x = k.nilai[:, :, targets]
    with np.errstate(invalid="ignore"):
        hit = ~np.isnan(x) & ~np.isnan(upper) & ((x > upper) | (x < lower))
    month = (targets % 12) + 1
    for code, months in rule.kampanye:
        if code in k.registers:
            hit[:, k.registers.index(code), np.isin(month, months)] = False
    d, r, ti = np.nonzero(hit)
    codes = np.array(k.registers, dtype=object)[r]
    return _frame(k, rule.code, codes, d, targets[ti], x[d, r, ti], np.maximum(lower[d, r, ti], 0),
                  upper[d, r, ti])


def zero_hits(k: Kubus, years: tuple[int, ...], rule: NolMendadak = NOL) -> pd.DataFrame:
    """A reported 0 after `berturut` consecutive reported months above 0."""
    b = rule.berturut
    T = k.nilai.shape[2]
    targets = np.flatnonzero(_judged(k, years) & (np.arange(T) >= b))
    if not len(targets) or not len(k.desa):
        return _frame(k, rule.code, [], [], [], [], [], [])
    before = np.lib.stride_tricks.sliding_window_view(k.nilai, b, axis=2)[:, :, targets - b, :]
    x = k.nilai[:, :, targets]
    with np.errstate(invalid="ignore"):
        hit = (x == 0) & np.all(before >= max(rule.min_sebelumnya, 1), axis=-1)
    d, r, ti = np.nonzero(hit)
    codes = np.array(k.registers, dtype=object)[r]
    prev = before[d, r, ti, :]
    return _frame(k, rule.code, codes, d, targets[ti], x[d, r, ti], prev.min(axis=-1) if len(d) else [],
                  prev.max(axis=-1) if len(d) else [])


def _cumulative(k: Kubus, plus: tuple[str, ...], minus: tuple[str, ...] = ()) -> tuple[np.ndarray, np.ndarray]:
    """(cumulative Jan..m per year of Σ plus − Σ minus, reported: any of them reported that month), (D, T)."""
    parts = [k.reg(c) for c in plus]
    reported = np.any([~np.isnan(p) for p in parts], axis=0)
    month = np.nansum(parts, axis=0) - (np.nansum([k.reg(c) for c in minus], axis=0) if minus else 0)
    by_year = month.reshape(len(k.desa), k.years, 12)
    return np.cumsum(by_year, axis=2).reshape(len(k.desa), -1), reported


def _onset(above: np.ndarray, judged: np.ndarray) -> np.ndarray:
    """(D, T) True where `above` holds and did not the month before (January: a new year)."""
    previous = np.zeros_like(above)
    previous[:, 1:] = above[:, :-1]
    previous[:, ::12] = False
    return above & ~previous & judged[None, :]


def sasaran_hits(k: Kubus, years: tuple[int, ...], rule: DiAtasSasaran = SASARAN,
                 indicators=INDICATOR_BY_CODE) -> pd.DataFrame:
    """The first month of a year the cumulative numerator goes above the annual sasaran."""
    judged = _judged(k, years)
    frames = []
    for code in rule.indikator:
        ind = indicators[code]
        sas = k.sasaran.get(ind.denominator)
        if sas is None:
            continue
        cum, _reported = _cumulative(k, ind.numerator, ind.minus)
        s = np.repeat(sas, 12, axis=1)  # (D, T)
        with np.errstate(invalid="ignore"):
            above = ~np.isnan(s) & (cum > s)
        d, t = np.nonzero(_onset(above, judged))
        frames.append(_frame(k, rule.code, code, d, t, cum[d, t], np.zeros(len(d)), s[d, t]))
    return _concat(frames)


def kaskade_hits(k: Kubus, years: tuple[int, ...], rule: KaskadeTerbalik = KASKADE) -> pd.DataFrame:
    """The months a cascade step (summed Jan..m) goes above the step before it."""
    judged = _judged(k, years)
    frames = []
    for code in rule.kaskade:
        steps = KASKADE_BY_CODE[code].steps
        for before, step in zip(steps, steps[1:]):
            if before not in k.registers or step not in k.registers:
                continue
            a, _ = _cumulative(k, (before,))
            b, _ = _cumulative(k, (step,))
            d, t = np.nonzero(_onset(b > a, judged))
            frames.append(_frame(k, rule.code, f"{code}.{step}", d, t, b[d, t], np.zeros(len(d)), a[d, t]))
    return _concat(frames)


def d_s_hits(k: Kubus, years: tuple[int, ...], rule: DLebihS = D_S) -> pd.DataFrame:
    """Months whose D is above the year's S."""
    sas = k.sasaran.get(rule.sasaran)
    if sas is None:
        return _frame(k, rule.code, [], [], [], [], [], [])
    x = k.reg(rule.register)
    s = np.repeat(sas, 12, axis=1)
    with np.errstate(invalid="ignore"):
        hit = ~np.isnan(x) & ~np.isnan(s) & (x > s) & _judged(k, years)[None, :]
    d, t = np.nonzero(hit)
    return _frame(k, rule.code, rule.register, d, t, x[d, t], np.zeros(len(d)), s[d, t])


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=HIT_COLUMNS)


def desa_hits(k: Kubus, years: tuple[int, ...]) -> pd.DataFrame:
    """Every desa-level rule's hits for the months of `years` (the cube holds the year before
    them as history). A month both 0 after reports and far from its history is listed once,
    as a sudden 0."""
    years = tuple(int(y) for y in years)
    zero = zero_hits(k, years)
    z = z_hits(k, years)
    if len(zero) and len(z):
        key = ["kode_desa", "tahun", "bulan", "kode"]
        both = z[key].merge(zero[key].assign(_nol=True), on=key, how="left")["_nol"].fillna(False).to_numpy(bool)
        z = z[~both]
    return _concat([z, zero, sasaran_hits(k, years), kaskade_hits(k, years), d_s_hits(k, years)])


# --- the identity of a hit (what a mark names) ----------------------------------------------------

@dataclass(frozen=True)
class HitKey:
    """One hit: where (tingkat desa | puskesmas, the area's code), when, which rule, about what."""

    tingkat: str
    kode_wilayah: str
    tahun: int
    bulan: int
    aturan: str
    kode: str

    @property
    def text(self) -> str:
        return "|".join((self.tingkat, self.kode_wilayah, str(self.tahun), str(self.bulan), self.aturan, self.kode))

    @classmethod
    def parse(cls, text: object) -> HitKey | None:
        """The key from its text (as the page sends it back), or None for anything malformed:
        it comes from the browser."""
        if not isinstance(text, str) or len(text) > 160 or "\x00" in text:
            return None
        parts = text.split("|")
        if len(parts) != 6:
            return None
        tingkat, kode_wilayah, tahun, bulan, aturan, kode = parts
        rule = ATURAN_BY_CODE.get(aturan)
        if rule is None or tingkat != rule.tingkat.value:
            return None
        if not (tahun.isascii() and tahun.isdigit() and bulan.isascii() and bulan.isdigit()):
            return None
        tahun_i, bulan_i = int(tahun), int(bulan)
        if not (1900 <= tahun_i <= 2200 and 1 <= bulan_i <= 12):
            return None
        if not kode_wilayah or len(kode_wilayah) > 20 or not kode or len(kode) > 40:
            return None
        if not all(c.isascii() and (c.isalnum() or c in "._-") for c in kode_wilayah + kode):
            return None
        return cls(tingkat, kode_wilayah, tahun_i, bulan_i, aturan, kode)
