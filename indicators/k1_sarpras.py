"""Klaster 1 equipment and infrastructure (sarpras): the standard list of a Puskesmas, as data,
and the pure formulas read by the section, its summary table and its export.

The list is a plausible reading of the annexes of Permenkes 43/2019 (the equipment, the
buildings and the utilities a Puskesmas should have); a deployment may replace it. An item
whose code is not in it is imported and shown as "non-standar", never refused.

Rules (said on screen, see RULE):
- an item is *ada* (present) when the Puskesmas holds at least one unit of it, in any
  condition and at any lokasi (the building or a Pustu);
- an item *berfungsi* (working) when at least one unit is in a condition of BERFUNGSI: "baik"
  only. A unit "rusak ringan" is not counted as working: it waits for a repair, and a
  Puskesmas whose only tensimeter is rusak ringan lacks a reliable one;
- for a Dinkes the shares are summed over its Puskesmas (items working at every Puskesmas ÷
  standard items × Puskesmas with an inventory), never an average of percentages; a
  Puskesmas without an inventory that year is left out and listed.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

# kondisi codes in the order a list of broken items shows them (worst first), with labels
KONDISI = MappingProxyType({"rusak_berat": "Rusak berat", "rusak_ringan": "Rusak ringan", "baik": "Baik"})
BERFUNGSI = ("baik",)  # the conditions that count as working
KATEGORI = MappingProxyType({"alat_kesehatan": "Alat kesehatan", "sarana": "Sarana", "prasarana": "Prasarana",
                             "lainnya": "Lainnya"})
NON_STANDAR = "non-standar"

RULE = ("Ada = minimal satu unit, kondisi apa pun, di gedung Puskesmas atau Pustu. Berfungsi = minimal "
        "satu unit berkondisi baik; alat yang hanya rusak ringan belum dihitung berfungsi.")
RULE_DINKES = ("Persentase wilayah = jumlah item standar yang ada (berfungsi) di semua Puskesmas ÷ (item "
               "standar × Puskesmas yang melapor), bukan rata-rata persentase.")


@dataclass(frozen=True)
class Item:
    kode: str
    nama: str
    kategori: str  # a key of KATEGORI


def _items(kategori: str, rows: tuple[tuple[str, str], ...]) -> tuple[Item, ...]:
    return tuple(Item(k, n, kategori) for k, n in rows)


STANDAR: tuple[Item, ...] = (
    *_items("alat_kesehatan", (
        ("ALK-01", "Set pemeriksaan umum"),
        ("ALK-02", "Tensimeter"),
        ("ALK-03", "Stetoskop"),
        ("ALK-04", "Termometer"),
        ("ALK-05", "Timbangan dewasa"),
        ("ALK-06", "Timbangan bayi"),
        ("ALK-07", "Pengukur panjang badan bayi"),
        ("ALK-08", "Pengukur tinggi badan (mikrotoa)"),
        ("ALK-09", "Set KIA/ANC"),
        ("ALK-10", "Doppler janin"),
        ("ALK-11", "Set persalinan"),
        ("ALK-12", "Set resusitasi bayi"),
        ("ALK-13", "Set imunisasi"),
        ("ALK-14", "Lemari es vaksin"),
        ("ALK-15", "Cold box vaksin"),
        ("ALK-16", "Vaccine carrier"),
        ("ALK-17", "Set laboratorium sederhana"),
        ("ALK-18", "Mikroskop"),
        ("ALK-19", "Hemoglobinometer"),
        ("ALK-20", "Glukometer"),
        ("ALK-21", "Dental unit (set kesehatan gigi)"),
        ("ALK-22", "Set tindakan medis/gawat darurat"),
        ("ALK-23", "Tabung oksigen dan regulator"),
        ("ALK-24", "Sterilisator (autoklaf)"),
        ("ALK-25", "EKG"),
        ("ALK-26", "Set pemeriksaan mata (Snellen)"),
    )),
    *_items("sarana", (
        ("SAR-01", "Ambulans"),
        ("SAR-02", "Puskesmas keliling (pusling)"),
        ("SAR-03", "Komputer SIMPUS"),
        ("SAR-04", "Lemari obat"),
    )),
    *_items("prasarana", (
        ("PRA-01", "Genset"),
        ("PRA-02", "Sumber air bersih"),
        ("PRA-03", "Instalasi pengolahan air limbah (IPAL)"),
        ("PRA-04", "Tempat penyimpanan sementara limbah B3"),
        ("PRA-05", "Alat pemadam api ringan (APAR)"),
        ("PRA-06", "Jaringan listrik"),
        ("PRA-07", "Jaringan internet"),
    )),
)
STANDAR_BY_KODE = MappingProxyType({i.kode: i for i in STANDAR})
N_STANDAR = len(STANDAR)


@dataclass(frozen=True)
class Tally:
    """One Puskesmas' inventory of one year against the list."""

    standar: int
    ada: int
    berfungsi: int
    unit_rusak_berat: int
    unit_rusak_ringan: int
    non_standar: int


def records(rows) -> list[dict]:
    """A Puskesmas' rows as dicts: its few dozen rows are counted in plain Python (pandas
    spends more on each call than the counting costs)."""
    return rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)


def _present(rows: list[dict], conditions=None) -> set[str]:
    return {r["kode_item"] for r in rows if r["jumlah"] > 0 and r["kode_item"] in STANDAR_BY_KODE
            and (conditions is None or r["kondisi"] in conditions)}


def tally(rows) -> Tally:
    """rows: one Puskesmas-year's inventory (kode_item, kondisi, jumlah), a DataFrame or dicts."""
    rows = records(rows)
    units = {k: sum(r["jumlah"] for r in rows if r["kondisi"] == k) for k in ("rusak_berat", "rusak_ringan")}
    outside = {r["kode_item"] for r in rows} - set(STANDAR_BY_KODE)
    return Tally(N_STANDAR, len(_present(rows)), len(_present(rows, BERFUNGSI)), int(units["rusak_berat"]),
                 int(units["rusak_ringan"]), len(outside))


def tallies(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (kode_puskesmas, tahun) of the inventory rows: the Tally's fields."""
    if frame.empty:
        return pd.DataFrame(columns=["kode_puskesmas", "tahun", *Tally.__dataclass_fields__])
    standard = frame["kode_item"].isin(list(STANDAR_BY_KODE))
    positive = frame["jumlah"] > 0
    key = ["kode_puskesmas", "tahun"]
    ada = frame[standard & positive].groupby(key)["kode_item"].nunique()
    berfungsi = frame[standard & positive & frame["kondisi"].isin(BERFUNGSI)].groupby(key)["kode_item"].nunique()
    berat = frame[frame["kondisi"] == "rusak_berat"].groupby(key)["jumlah"].sum()
    ringan = frame[frame["kondisi"] == "rusak_ringan"].groupby(key)["jumlah"].sum()
    non = frame[~standard].groupby(key)["kode_item"].nunique()
    out = frame[key].drop_duplicates().set_index(key)
    out["standar"] = N_STANDAR
    for name, series in (("ada", ada), ("berfungsi", berfungsi), ("unit_rusak_berat", berat),
                         ("unit_rusak_ringan", ringan), ("non_standar", non)):
        out[name] = series.reindex(out.index).fillna(0).astype(int)
    return out.reset_index()


def shares(ada: int, berfungsi: int, standar: int) -> tuple[float | None, float | None]:
    """(share present, share working); None when nothing was expected."""
    if not standar:
        return None, None
    return ada / standar, berfungsi / standar


def summed(rows: pd.DataFrame) -> tuple[float | None, float | None]:
    """The shares over several Puskesmas' tallies: sums, then one division."""
    return shares(int(rows["ada"].sum()), int(rows["berfungsi"].sum()), int(rows["standar"].sum()))


def standard_gaps(rows) -> list[dict]:
    """The standard items a Puskesmas lacks or has without a working unit, in the list's
    order: kode_item, nama_item, kategori, keadaan ('tidak ada' | 'ada, tidak berfungsi'),
    and the units it holds rusak ringan and rusak berat."""
    rows = records(rows)
    present, working = _present(rows), _present(rows, BERFUNGSI)
    out = []
    for item in STANDAR:
        if item.kode in working:
            continue
        mine = [r for r in rows if r["kode_item"] == item.kode]
        out.append({"kode_item": item.kode, "nama_item": item.nama, "kategori": KATEGORI[item.kategori],
                    "keadaan": "ada, tidak berfungsi" if item.kode in present else "tidak ada",
                    "rusak_ringan": sum(r["jumlah"] for r in mine if r["kondisi"] == "rusak_ringan"),
                    "rusak_berat": sum(r["jumlah"] for r in mine if r["kondisi"] == "rusak_berat")})
    return out


def lokasi_label(lokasi: str) -> str:
    return lokasi or "Gedung Puskesmas"


def _labelled(row: dict) -> dict:
    return {**row, "kondisi_label": KONDISI.get(row["kondisi"], row["kondisi"]),
            "lokasi_label": lokasi_label(row["lokasi"]),
            "kategori_label": KATEGORI.get(row["kategori"], row["kategori"]),
            "standar": "standar" if row["kode_item"] in STANDAR_BY_KODE else NON_STANDAR}


def broken(rows) -> list[dict]:
    """Units rusak berat first, then rusak ringan; within each by item code and lokasi."""
    order = {"rusak_berat": 0, "rusak_ringan": 1}
    found = [r for r in records(rows) if r["kondisi"] in order and r["jumlah"] > 0]
    return [_labelled(r) for r in sorted(found, key=lambda r: (order[r["kondisi"]], r["kode_item"], r["lokasi"]))]


def non_standard(rows) -> list[dict]:
    """Rows of item codes outside the list, by code, lokasi and condition."""
    found = [r for r in records(rows) if r["kode_item"] not in STANDAR_BY_KODE]
    return [_labelled(r) for r in sorted(found, key=lambda r: (r["kode_item"], r["lokasi"], r["kondisi"]))]
