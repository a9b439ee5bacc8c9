"""Klaster 1, medicines and BMHP (the monthly LPLPO, domain.md §6): the declared list of the 40
indicator medicines, the thresholds, and the pure formulas every layer reads (the import's
summary refresh, the page, the export, the PWS registers).

Per item and month (one row of the dataset `obat`):
- persediaan = stok_awal + penerimaan; the expected sisa = persediaan − pemakaian. A row whose
  reported sisa_stok differs is kept as reported and flagged ("tidak seimbang"), never corrected.
- kekosongan (stock-out): sisa_stok 0 at the end of the month, or an item with demand
  (pemakaian or permintaan > 0) and no stock at all in the month (persediaan 0).
- tersedia (in stock): not a stock-out (for a balanced row: sisa_stok > 0).
- months of stock = sisa_stok ÷ the mean pemakaian of months m−2..m (the months reported of the
  three; January reaches back to November and December of the year before). A mean of 0 is
  "tidak terpakai" (no months figure, never infinity).
- kedaluwarsa segera: kedaluwarsa_terdekat on or before the last day of month m+3, with stock
  left (an already expired batch in stock counts too).
- indicator share per Puskesmas = indicator items tersedia ÷ indicator items reported;
  the Puskesmas is "tersedia" when the share ≥ 80 %; a Dinkes reports the share of its
  Puskesmas that are (a count of Puskesmas, never an average of percentages).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

# --- declarations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObatIndikator:
    kode: str
    nama: str
    satuan: str


# Kemenkes' "40 item obat indikator" for Puskesmas, as a plausible default list. The codes are
# this project's own; a Dinkes with other codes sends its own flag per row (column obat_indikator
# Y/T), which wins over this list.
OBAT_INDIKATOR: tuple[ObatIndikator, ...] = tuple(ObatIndikator(*row) for row in (
    ("OI-01", "Albendazol tablet 400 mg", "tablet"),
    ("OI-02", "Amoksisilin kaplet 500 mg", "kaplet"),
    ("OI-03", "Amoksisilin sirup kering 125 mg/5 ml", "botol"),
    ("OI-04", "Deksametason tablet 0,5 mg", "tablet"),
    ("OI-05", "Diazepam injeksi 5 mg/ml", "ampul"),
    ("OI-06", "Epinefrin (adrenalin) injeksi 0,1%", "ampul"),
    ("OI-07", "Fitomenadion (vitamin K1) injeksi 10 mg/ml", "ampul"),
    ("OI-08", "Furosemid tablet 40 mg", "tablet"),
    ("OI-09", "Garam oralit 200 ml", "sachet"),
    ("OI-10", "Glibenklamid tablet 5 mg", "tablet"),
    ("OI-11", "Metformin tablet 500 mg", "tablet"),
    ("OI-12", "Kaptopril tablet 25 mg", "tablet"),
    ("OI-13", "Amlodipin tablet 5 mg", "tablet"),
    ("OI-14", "Magnesium sulfat injeksi 20%", "vial"),
    ("OI-15", "Metilergometrin maleat injeksi 0,2 mg/ml", "ampul"),
    ("OI-16", "OAT dewasa kategori 1 (KDT)", "paket"),
    ("OI-17", "Oksitosin injeksi 10 IU/ml", "ampul"),
    ("OI-18", "Parasetamol tablet 500 mg", "tablet"),
    ("OI-19", "Parasetamol sirup 120 mg/5 ml", "botol"),
    ("OI-20", "Kloramfenikol salep mata 1%", "tube"),
    ("OI-21", "Gentamisin tetes mata 0,3%", "botol"),
    ("OI-22", "Tablet tambah darah", "tablet"),
    ("OI-23", "Vitamin A 200.000 IU", "kapsul"),
    ("OI-24", "Vitamin A 100.000 IU", "kapsul"),
    ("OI-25", "Zinc tablet dispersibel 20 mg", "tablet"),
    ("OI-26", "Lidokain injeksi 2%", "ampul"),
    ("OI-27", "Ringer laktat larutan infus 500 ml", "botol"),
    ("OI-28", "Natrium klorida larutan infus 0,9% 500 ml", "botol"),
    ("OI-29", "Kotrimoksazol tablet dewasa 480 mg", "tablet"),
    ("OI-30", "Kotrimoksazol suspensi 240 mg/5 ml", "botol"),
    ("OI-31", "Klorfeniramin maleat tablet 4 mg", "tablet"),
    ("OI-32", "Antasida DOEN tablet kunyah", "tablet"),
    ("OI-33", "Ibuprofen tablet 400 mg", "tablet"),
    ("OI-34", "Salbutamol tablet 2 mg", "tablet"),
    ("OI-35", "Metronidazol tablet 500 mg", "tablet"),
    ("OI-36", "Siprofloksasin tablet 500 mg", "tablet"),
    ("OI-37", "Asam askorbat (vitamin C) tablet 50 mg", "tablet"),
    ("OI-38", "Prednison tablet 5 mg", "tablet"),
    ("OI-39", "Povidon iodida larutan 10%", "botol"),
    ("OI-40", "Vaksin tetanus difteri (Td)", "vial"),
))
OBAT_INDIKATOR_KODE = frozenset(o.kode for o in OBAT_INDIKATOR)
JUMLAH_OBAT_INDIKATOR = len(OBAT_INDIKATOR)

KETERSEDIAAN_MIN = 0.80  # national rule: a Puskesmas has its essential medicines at ≥ 80 %
MASA_KEDALUWARSA = 3  # months after the end of the reported month: "kedaluwarsa segera"
JENDELA_PEMAKAIAN = 3  # months m−2..m averaged for the months of stock
STOK_KRITIS = 1.0  # months of stock below this: kritis
STOK_BERLEBIH = 18.0  # months of stock above this: berlebih

# months-of-stock bands, in order; "kosong" and "tidak terpakai" have no months figure
KOSONG, KRITIS, AMAN, BERLEBIH, TIDAK_TERPAKAI = "kosong", "kritis", "aman", "berlebih", "tidak terpakai"
KATEGORI_STOK = {
    KOSONG: "kekosongan: sisa 0, atau ada kebutuhan tanpa stok",
    KRITIS: f"stok < {STOK_KRITIS:g} bulan pemakaian",
    AMAN: f"stok {STOK_KRITIS:g}–{STOK_BERLEBIH:g} bulan pemakaian",
    BERLEBIH: f"stok > {STOK_BERLEBIH:g} bulan pemakaian",
    TIDAK_TERPAKAI: f"tidak ada pemakaian dalam {JENDELA_PEMAKAIAN} bulan terakhir",
}

_TOLERANSI = 1e-6  # a balance differing by less is equal (numbers read from text)


# --- formulas ------------------------------------------------------------------------------------

def month_index(tahun, bulan):
    """Months since year 0: January of a year follows December of the year before."""
    return tahun * 12 + (bulan - 1)


def end_of_month(tahun: int, bulan: int, later: int = 0) -> date:
    """The last day of the month `later` months after (tahun, bulan)."""
    i = month_index(tahun, bulan) + later
    y, m = divmod(i, 12)
    return date(y, m + 1, calendar.monthrange(y, m + 1)[1])


def ketersediaan(tersedia, dilaporkan) -> float | None:
    """Share of indicator items available; None without any indicator item reported."""
    if dilaporkan is None or dilaporkan == 0 or pd.isna(dilaporkan):
        return None
    return float(tersedia) / float(dilaporkan)


def memenuhi(share) -> bool | None:
    """Whether a share meets the national rule (≥ 80 %); None for no share."""
    if share is None or pd.isna(share):
        return None
    return bool(share >= KETERSEDIAAN_MIN - 1e-12)


def memenuhi_each(shares) -> np.ndarray:
    """memenuhi for an array of shares: an object array of True, False, or None (no share)."""
    share = np.asarray(shares, dtype=float)
    out = np.empty(len(share), dtype=object)
    out[:] = None
    given = ~np.isnan(share)
    out[given] = [bool(v) for v in share[given] >= KETERSEDIAAN_MIN - 1e-12]
    return out


def is_indikator(frame: pd.DataFrame) -> pd.Series:
    """Per row: the row's own obat_indikator (Y/T) when given, else the declared list."""
    listed = frame["kode_obat"].isin(OBAT_INDIKATOR_KODE)
    if "obat_indikator" not in frame:
        return listed
    flag = frame["obat_indikator"]
    return flag.eq("Y") | (flag.isna() & listed)


def item_status(frame: pd.DataFrame, month: tuple[int, int] | None = None) -> pd.DataFrame:
    """Every row of `frame` (kode_puskesmas, tahun, bulan, kode_obat, stok_awal, penerimaan,
    pemakaian, sisa_stok [, permintaan, kedaluwarsa_terdekat, obat_indikator]) with the
    formulas' columns: persediaan, sisa_hitung, seimbang, kosong, tersedia, indikator,
    rata_pemakaian, bulan_stok (NaN when tidak terpakai or kosong), kategori, kedaluwarsa_segera.
    The mean pemakaian reads the other rows of `frame` (give it months m−2..m). With `month`
    (tahun, bulan) only that month's rows are returned, the others read for their mean only
    (a Puskesmas' page: its 300 items, not the 900 rows of the window)."""
    if month is not None and not frame.empty:
        mean = _mean_use(frame).to_numpy()
        keep = (frame["tahun"].to_numpy() == month[0]) & (frame["bulan"].to_numpy() == month[1])
        return _status(frame[keep], mean[keep])
    return _status(frame, None)


def _status(frame: pd.DataFrame, mean: np.ndarray | None) -> pd.DataFrame:
    """item_status of `frame`'s rows, their mean pemakaian given (or read from `frame` itself)."""
    out = frame
    if out.empty:
        out = frame.copy()
        for c in ("persediaan", "sisa_hitung", "rata_pemakaian", "bulan_stok"):
            out[c] = pd.Series(dtype=float)
        for c in ("seimbang", "kosong", "tersedia", "indikator", "kedaluwarsa_segera"):
            out[c] = pd.Series(dtype=bool)
        out["kategori"] = pd.Series(dtype=object)
        return out
    awal, terima, pakai, sisa = (frame[c].to_numpy(dtype=float)
                                 for c in ("stok_awal", "penerimaan", "pemakaian", "sisa_stok"))
    permintaan = (np.nan_to_num(frame["permintaan"].to_numpy(dtype=float)) if "permintaan" in frame
                  else np.zeros(len(frame)))
    persediaan = awal + terima
    hitung = persediaan - pakai
    kosong = (sisa <= 0) | ((persediaan <= 0) & ((pakai > 0) | (permintaan > 0)))
    if mean is None:
        mean = _mean_use(frame).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        months = np.where(mean > 0, sisa / mean, np.nan)
    kategori = np.select([kosong, mean <= 0, months < STOK_KRITIS, months > STOK_BERLEBIH],
                         [KOSONG, TIDAK_TERPAKAI, KRITIS, BERLEBIH], AMAN).astype(object)
    return out.assign(
        persediaan=persediaan, sisa_hitung=hitung, seimbang=np.abs(hitung - sisa) <= _TOLERANSI, kosong=kosong,
        tersedia=~kosong, indikator=is_indikator(frame).to_numpy(dtype=bool), rata_pemakaian=mean,
        bulan_stok=np.where(kosong, np.nan, months), kategori=kategori,
        kedaluwarsa_segera=_expiring(frame).to_numpy(dtype=bool) & (sisa > 0))


def _mean_use(frame: pd.DataFrame) -> pd.Series:
    """Mean pemakaian of the same Puskesmas and item over months m−2..m, over the months reported.
    Rows sorted by (Puskesmas, item, month): a row's window is among the two rows before it."""
    # one number per (Puskesmas, item): each column factorised apart (a MultiIndex costs more)
    puskesmas, _ = pd.factorize(frame["kode_puskesmas"])
    item, items = pd.factorize(frame["kode_obat"])
    group = puskesmas.astype(np.int64) * max(len(items), 1) + item
    month = month_index(frame["tahun"].to_numpy(dtype=np.int64), frame["bulan"].to_numpy(dtype=np.int64))
    use = frame["pemakaian"].to_numpy(dtype=float)
    order = np.lexsort((month, group))
    g, m, p = group[order], month[order], use[order]
    total, count = p.copy(), np.ones(len(p))
    for back in range(1, JENDELA_PEMAKAIAN):
        same = np.zeros(len(p), dtype=bool)
        same[back:] = (g[back:] == g[:-back]) & (m[back:] - m[:-back] < JENDELA_PEMAKAIAN)
        total[back:] += np.where(same[back:], p[:-back], 0)
        count += same
    mean = np.empty(len(p))
    mean[order] = total / count
    return pd.Series(mean, index=frame.index)


def _expiring(frame: pd.DataFrame) -> pd.Series:
    """kedaluwarsa_terdekat (ISO text) before the first day of month m+4: on or before the last
    day of month m+3. Compared as text (ISO dates sort as dates)."""
    if "kedaluwarsa_terdekat" not in frame:
        return pd.Series(False, index=frame.index)
    expiry = frame["kedaluwarsa_terdekat"]
    given = expiry.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    idx = month_index(frame["tahun"].to_numpy(dtype=np.int64), frame["bulan"].to_numpy(dtype=np.int64))
    idx = idx + MASA_KEDALUWARSA + 1
    limits = {i: f"{i // 12:04d}-{i % 12 + 1:02d}-01" for i in np.unique(idx)}
    limit = np.array([limits[i] for i in idx], dtype=object)
    text = np.where(given, expiry.to_numpy(dtype=object), "9999-12-31")
    return pd.Series(given & (text < limit), index=frame.index)


RINGKAS_KOLOM = ("item", "kosong", "kosong_indikator", "indikator", "indikator_tersedia", "kritis",
                 "kedaluwarsa", "tidak_seimbang")


def monthly_summary(status: pd.DataFrame) -> pd.DataFrame:
    """One row per Puskesmas and month from item_status rows: items reported, stock-outs (of
    which indicator items), indicator items reported and tersedia, items with < 1 month of stock,
    items expiring soon, rows that do not balance."""
    keys = ["kode_puskesmas", "tahun", "bulan"]
    if status.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c == "kode_puskesmas" else "int64")
                             for c in (*keys, *RINGKAS_KOLOM)})
    flags = pd.DataFrame({
        **{k: status[k] for k in keys},
        "item": 1,
        "kosong": status["kosong"].astype(int),
        "kosong_indikator": (status["kosong"] & status["indikator"]).astype(int),
        "indikator": status["indikator"].astype(int),
        "indikator_tersedia": (status["tersedia"] & status["indikator"]).astype(int),
        "kritis": (status["kategori"] == KRITIS).astype(int),
        "kedaluwarsa": status["kedaluwarsa_segera"].astype(int),
        "tidak_seimbang": (~status["seimbang"]).astype(int),
    })
    out = flags.groupby(keys, as_index=False, sort=True).sum()
    out["tahun"] = out["tahun"].astype(int)
    out["bulan"] = out["bulan"].astype(int)
    return out


def with_share(summary: pd.DataFrame) -> pd.DataFrame:
    """Summary rows with `persen` (indicator share, NaN without indicator items) and `memenuhi`."""
    out = summary.copy()
    ind = out["indikator"].astype(float)
    out["persen"] = (out["indikator_tersedia"].astype(float) / ind.where(ind > 0))
    out["memenuhi"] = memenuhi_each(out["persen"])
    return out


@dataclass(frozen=True)
class Bagian:
    """The share of Puskesmas meeting the rule: `memenuhi` of `dinilai` (those with indicator items)."""

    memenuhi: int
    dinilai: int

    @property
    def persen(self) -> float | None:
        return None if self.dinilai == 0 else self.memenuhi / self.dinilai


def puskesmas_share(summary: pd.DataFrame) -> Bagian:
    """Among Puskesmas with indicator items reported, how many have ≥ 80 % available: a count
    of Puskesmas, not an average of their percentages."""
    shares = with_share(summary)
    judged = shares["persen"].notna()
    return Bagian(int(shares.loc[judged, "memenuhi"].astype(bool).sum()), int(judged.sum()))


REGISTER_TERSEDIA, REGISTER_DILAPORKAN = "obat_indikator_tersedia", "obat_indikator_dilaporkan"
REGISTER_COLUMNS = ["kode_puskesmas", "tahun", "bulan", "indikator", "nilai"]


def obat_registers(frame: pd.DataFrame) -> pd.DataFrame:
    """Monthly registers for the PWS engine from LPLPO rows: per Puskesmas and month,
    obat_indikator_tersedia (indicator items in stock: not a stock-out, sisa > 0) and
    obat_indikator_dilaporkan (indicator items reported). Long form, sorted."""
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("kode_puskesmas", "indikator") else "int64")
                             for c in REGISTER_COLUMNS})
    status = item_status(frame)
    summary = monthly_summary(status)
    parts = [summary[["kode_puskesmas", "tahun", "bulan"]].assign(indikator=code, nilai=summary[col].astype("int64"))
             for code, col in ((REGISTER_TERSEDIA, "indikator_tersedia"), (REGISTER_DILAPORKAN, "indikator"))]
    return pd.concat(parts, ignore_index=True).sort_values(
        ["kode_puskesmas", "tahun", "bulan", "indikator"], ignore_index=True)[REGISTER_COLUMNS]
