"""Synthetic LPLPO for the demo province (issue 15): per Puskesmas, month (2024–2025) and item, stok
awal, penerimaan, pemakaian, sisa, permintaan and the nearest expiry. Each item has a monthly use
per Puskesmas (the Puskesmas' size × the item's own scale) with a season (oralit, zinc,
paracetamol and antibiotics rise in the rainy season; vitamin A is given in February and
August); the Puskesmas restocks when it falls below 2 months of use, but a delivery fails now and
then, which makes stock-outs, and a fifth of the Puskesmas go through months of failed supply in
2025 (they fall below the 80 % rule: the kabupaten's trend dips). Some batches expire soon, a few
items are overstocked, and a few rows do not balance (as real reports do). The demo account's
Puskesmas has, in December 2025, a stock-out of indicator medicines, items expiring soon and two
rows that do not balance.

Fictional throughout. The 40 indicator items are the declared list (indicators.k1_obat); the rest
are common Puskesmas medicines and BMHP. ~120 items at the kabupaten scale, 300 at the province
scale (1,078 Puskesmas × 300 × 24 ≈ 7,8 million rows), written in batches of Puskesmas."""
from __future__ import annotations

import calendar
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.k1_obat import OBAT_INDIKATOR

YEARS = (2024, 2025)
ITEMS = {"kabupaten": 120, "provinsi": 300}
DEMO_PUSKESMAS = "P9901010101"  # the demo account's Puskesmas (demo.load.add_demo_accounts: the first)
_BATCH = 100  # Puskesmas per batch

_HUJAN = np.array([1.35, 1.30, 1.20, 1.00, 0.90, 0.80, 0.75, 0.75, 0.80, 0.95, 1.15, 1.30])
_VITAMIN_A = np.array([0.1, 5.0, 0.2, 0.1, 0.1, 0.1, 0.1, 5.0, 0.2, 0.1, 0.1, 0.1])
_RAINY = {"OI-02", "OI-03", "OI-09", "OI-18", "OI-19", "OI-25", "OI-29", "OI-30", "OI-31", "OI-34"}
# monthly use of an indicator item at a middle-sized Puskesmas
_INDIKATOR_USE = {"OI-02": 900, "OI-03": 60, "OI-09": 150, "OI-18": 2500, "OI-19": 90, "OI-22": 1800,
                  "OI-23": 40, "OI-24": 15, "OI-11": 1500, "OI-12": 600, "OI-13": 1200, "OI-10": 400,
                  "OI-16": 4, "OI-05": 2, "OI-06": 2, "OI-14": 3, "OI-15": 3, "OI-17": 8, "OI-26": 20,
                  "OI-27": 15, "OI-28": 15}

_OTHER = (
    ("Asam mefenamat kapsul 500 mg", "kapsul", 700), ("Antalgin tablet 500 mg", "tablet", 300),
    ("Vitamin B kompleks tablet", "tablet", 900), ("Vitamin B6 tablet 10 mg", "tablet", 300),
    ("Kalsium laktat tablet 500 mg", "tablet", 400), ("Gliseril guaiakolat tablet 100 mg", "tablet", 800),
    ("Ambroksol tablet 30 mg", "tablet", 500), ("Deksametason injeksi 5 mg/ml", "ampul", 10),
    ("Ranitidin tablet 150 mg", "tablet", 300), ("Omeprazol kapsul 20 mg", "kapsul", 400),
    ("Domperidon tablet 10 mg", "tablet", 200), ("Loperamid tablet 2 mg", "tablet", 60),
    ("Simvastatin tablet 10 mg", "tablet", 500), ("Alopurinol tablet 100 mg", "tablet", 300),
    ("Hidroklorotiazid tablet 25 mg", "tablet", 200), ("Bisoprolol tablet 5 mg", "tablet", 150),
    ("Cetirizin tablet 10 mg", "tablet", 300), ("Loratadin tablet 10 mg", "tablet", 150),
    ("Prednison tablet 5 mg (program lain)", "tablet", 100), ("Eritromisin kapsul 250 mg", "kapsul", 100),
    ("Sefadroksil kapsul 500 mg", "kapsul", 200), ("Doksisiklin kapsul 100 mg", "kapsul", 60),
    ("Griseofulvin tablet 125 mg", "tablet", 40), ("Mikonazol krim 2%", "tube", 30),
    ("Hidrokortison krim 2,5%", "tube", 40), ("Salep 2-4", "pot", 30), ("Betametason krim 0,1%", "tube", 30),
    ("Asiklovir tablet 400 mg", "tablet", 60), ("Nistatin tablet vaginal", "tablet", 20),
    ("Metil prednisolon tablet 4 mg", "tablet", 200), ("Karbamazepin tablet 200 mg", "tablet", 60),
    ("Fenitoin kapsul 100 mg", "kapsul", 40), ("Haloperidol tablet 5 mg", "tablet", 40),
    ("Klorpromazin tablet 100 mg", "tablet", 30), ("Fenobarbital tablet 30 mg", "tablet", 40),
    ("Isosorbid dinitrat tablet 5 mg", "tablet", 30), ("Digoksin tablet 0,25 mg", "tablet", 10),
    ("Aminofilin tablet 200 mg", "tablet", 50), ("Ketokonazol tablet 200 mg", "tablet", 30),
    ("Primakuin tablet 15 mg", "tablet", 5), ("Artesunat-amodiakuin tablet", "tablet", 5),
    ("Asam folat tablet 1 mg", "tablet", 300), ("Vitamin K tablet 10 mg", "tablet", 20),
    ("Obat batuk hitam (OBH) sirup", "botol", 80), ("Tiamin tablet 50 mg", "tablet", 100),
    ("Ferro sulfat sirup", "botol", 30), ("Kaptopril tablet 12,5 mg", "tablet", 200),
    ("Nifedipin tablet 10 mg", "tablet", 80), ("Propranolol tablet 10 mg", "tablet", 40),
    ("Tetrasiklin kapsul 250 mg", "kapsul", 60), ("Dekstrosa larutan infus 5%", "botol", 10),
    ("Ondansetron injeksi 4 mg/2 ml", "ampul", 10), ("Ketorolak injeksi 30 mg/ml", "ampul", 10),
    ("Ranitidin injeksi 25 mg/ml", "ampul", 10), ("Difenhidramin injeksi 10 mg/ml", "ampul", 8),
    ("Kasa steril 16 x 16 cm", "lembar", 300), ("Kapas pembalut 250 g", "gulung", 20),
    ("Plester 5 cm x 4,5 m", "gulung", 20), ("Spuit sekali pakai 3 ml", "pcs", 400),
    ("Spuit sekali pakai 5 ml", "pcs", 200), ("Sarung tangan periksa", "pasang", 1500),
    ("Masker bedah", "pcs", 1200), ("Alkohol 70% 1 liter", "botol", 10), ("Kateter intravena 22G", "pcs", 40),
    ("Infus set dewasa", "pcs", 30), ("Benang bedah silk 3/0", "sachet", 20),
    ("Jarum suntik 23G", "pcs", 300), ("Kantong urin", "pcs", 5), ("Strip uji glukosa darah", "strip", 300),
    ("Strip uji hemoglobin", "strip", 200), ("Tes cepat HIV", "tes", 40), ("Tes cepat sifilis", "tes", 40),
    ("Tes kehamilan (HCG)", "tes", 60), ("Pot dahak", "pcs", 40), ("Kaca objek", "pcs", 100),
    ("Lidi kapas steril", "pcs", 200), ("Verban elastis 10 cm", "gulung", 10),
    ("Tongue spatel kayu", "pcs", 300), ("Cairan hand rub 500 ml", "botol", 20),
)


@dataclass(frozen=True)
class Item:
    kode: str
    nama: str
    satuan: str
    use: float  # monthly use at a middle-sized Puskesmas
    season: np.ndarray  # 12 multipliers, January first


def items(n: int) -> list[Item]:
    """The demo's item list: the 40 indicator items, then the others, then numbered package
    variants of them up to `n` items."""
    flat = np.ones(12)
    out = [Item(o.kode, o.nama, o.satuan, float(_INDIKATOR_USE.get(o.kode, 120)),
                _VITAMIN_A if o.kode in ("OI-23", "OI-24") else _HUJAN if o.kode in _RAINY else flat)
           for o in OBAT_INDIKATOR]
    i = 0
    while len(out) < n:
        nama, satuan, use = _OTHER[i % len(_OTHER)]
        round_ = i // len(_OTHER)
        label = nama if round_ == 0 else f"{nama} (kemasan {round_ + 1})"
        out.append(Item(f"OB-{len(out) - len(OBAT_INDIKATOR) + 1:03d}", label, satuan,
                        float(use) / (1 + round_), flat))
        i += 1
    return out[:n]


_COLUMNS = ["kode_puskesmas", "tahun", "bulan", "kode_obat", "stok_awal", "penerimaan", "pemakaian", "sisa_stok",
            "permintaan", "kedaluwarsa_terdekat", "obat_indikator"]


def _month_ends() -> list[pd.Timestamp]:
    return [pd.Timestamp(y, m, calendar.monthrange(y, m)[1]) for y in YEARS for m in range(1, 13)]


def _batch(codes: list[str], catalogue: list[Item], seed: int) -> pd.DataFrame:
    """Every row of these Puskesmas, all months, all items (vectorised over Puskesmas × items)."""
    rng = np.random.default_rng([seed, zlib.crc32(codes[0].encode())])
    n_p, n_i, n_m = len(codes), len(catalogue), 12 * len(YEARS)
    size = rng.lognormal(0, 0.35, n_p)[:, None]
    use = np.array([it.use for it in catalogue])[None, :] * size * rng.lognormal(0, 0.3, (n_p, n_i))
    season = np.stack([it.season for it in catalogue], axis=1)  # 12 × items
    sisa = np.round(use * rng.uniform(1.5, 4.0, (n_p, n_i)))
    weak = rng.uniform(0.03, 0.3, n_p)  # a Puskesmas' chance of a failed delivery
    weak[np.array(codes) == DEMO_PUSKESMAS] = 0.1
    # a few Puskesmas go through months of failed supply (from some month of 2025 to the end of
    # the year or a while): their stock runs out and they fall below the 80 % rule
    crisis = rng.random(n_p) < 0.2
    crisis[np.array(codes) == DEMO_PUSKESMAS] = False
    first = rng.integers(8, 22, n_p)
    last = first + rng.integers(4, 12, n_p)
    over = rng.random((n_p, n_i)) < 0.03  # items the Dinkes over-supplies
    shape = (n_m, n_p, n_i)
    out = {k: np.zeros(shape) for k in ("stok_awal", "penerimaan", "pemakaian", "sisa_stok", "permintaan")}
    for t in range(n_m):
        mean = use * season[t % 12][None, :]
        demand = rng.poisson(mean)
        due = sisa < use * 2
        chance = np.where(crisis & (first <= t) & (t <= last), 0.85, weak)
        fails = rng.random((n_p, n_i)) < chance[:, None]
        order = np.maximum(np.round(use * 3.5 - sisa + rng.normal(0, 0.2, use.shape) * use), 0)
        received = np.where(due & ~fails, order, 0)
        received = np.where(over & (t % 6 == 0), np.round(use * 20), received)
        stock = sisa + received
        used = np.minimum(demand, stock)
        out["stok_awal"][t], out["penerimaan"][t], out["pemakaian"][t] = sisa, received, used
        sisa = stock - used
        out["sisa_stok"][t] = sisa
        out["permintaan"][t] = np.maximum(np.round(use * 3 - sisa), 0)
    ends = np.array(_month_ends(), dtype="datetime64[D]")
    ahead = np.where(rng.random(shape) < 0.04, rng.integers(0, 4, shape), rng.integers(4, 37, shape))
    # the nearest expiry: the last day of month t + ahead (an approximation: ~30,4 days a month)
    expiry = ends[:, None, None] + (ahead * 30.4).astype("timedelta64[D]")
    frame = pd.DataFrame({
        "kode_puskesmas": np.tile(np.repeat(np.array(codes, dtype=object), n_i), n_m),
        "tahun": np.repeat([y for y in YEARS for _ in range(12)], n_p * n_i),
        "bulan": np.repeat(list(range(1, 13)) * len(YEARS), n_p * n_i),
        "kode_obat": np.tile(np.array([it.kode for it in catalogue], dtype=object), n_m * n_p),
        **{k: v.reshape(-1) for k, v in out.items()},
        "kedaluwarsa_terdekat": expiry.reshape(-1).astype(str).astype(object),
        "obat_indikator": None,
    })
    frame.loc[frame["sisa_stok"] <= 0, "kedaluwarsa_terdekat"] = None
    # a few reports that do not balance (a typing slip in sisa)
    slip = np.flatnonzero(rng.random(len(frame)) < 0.0003)
    frame.loc[slip, "sisa_stok"] = frame.loc[slip, "sisa_stok"] + 10
    return frame[_COLUMNS]


def _demo_puskesmas_month(frame: pd.DataFrame) -> None:
    """December 2025 at the demo account's Puskesmas: stock-outs of amoxicillin syrup and oralit
    (indicator items, still demanded), parasetamol expiring in February 2026, two rows that do not
    balance (the sum written out on the page)."""
    here = (frame["kode_puskesmas"] == DEMO_PUSKESMAS) & (frame["tahun"] == 2025) & (frame["bulan"] == 12)
    if not here.any():
        return
    for kode in ("OI-03", "OI-09"):
        row = here & (frame["kode_obat"] == kode)
        stock = frame.loc[row, "stok_awal"] + frame.loc[row, "penerimaan"]
        frame.loc[row, "pemakaian"] = stock
        frame.loc[row, "sisa_stok"] = 0.0
        frame.loc[row, "permintaan"] = frame.loc[row, "permintaan"].clip(lower=50)
        frame.loc[row, "kedaluwarsa_terdekat"] = None
    row = here & (frame["kode_obat"] == "OI-18")
    empty = row & (frame["sisa_stok"] <= 0)
    frame.loc[empty, ["stok_awal", "sisa_stok"]] += 50.0  # still balanced
    frame.loc[row, "kedaluwarsa_terdekat"] = "2026-02-28"
    for kode, off in (("OI-22", 20.0), ("OB-001", -5.0)):
        row = here & (frame["kode_obat"] == kode)
        frame.loc[row, "sisa_stok"] = (frame.loc[row, "sisa_stok"] + off).clip(lower=0)
        frame.loc[row & (frame["sisa_stok"] == frame["stok_awal"] + frame["penerimaan"] - frame["pemakaian"]),
                  "sisa_stok"] += 7


def generate_obat(wilayah: pd.DataFrame, seed: int, skala: str = "kabupaten",
                  n_items: int | None = None) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """(rows, names) per batch of Puskesmas of the demo's wilayah table."""
    catalogue = items(n_items or ITEMS.get(skala, ITEMS["kabupaten"]))
    codes = sorted(pd.unique(wilayah["kode_puskesmas"]))
    for start in range(0, len(codes), _BATCH):
        part = codes[start:start + _BATCH]
        rows = _batch(part, catalogue, seed)
        _demo_puskesmas_month(rows)
        names = pd.DataFrame({
            "kode_puskesmas": np.repeat(np.array(part, dtype=object), len(catalogue)),
            "kode_obat": [it.kode for it in catalogue] * len(part),
            "nama_obat": [it.nama for it in catalogue] * len(part),
            "satuan": [it.satuan for it in catalogue] * len(part),
        })
        yield rows, names
