"""When the demo's layanan reports arrived (laporan_masuk), and the two flaws the Kualitas Data page
must find by construction (issue 16): a silent desa in the demo Puskesmas (no register at all
for its last three months) and a late Puskesmas in the same kabupaten (every report of its last
year arrived after the cut-off day). Deterministic: same input, same seed, same output."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

DEMO_PUSKESMAS = "P9901010101"  # the `puskesmas` demo account's (demo.load.add_demo_accounts: the first)
SILENT_MONTHS = (10, 11, 12)  # of the last year: 'tanpa laporan Oktober–Desember'
# most desa send the month's reports between the 3rd and the 10th of the next month; a few
# (ON_TIME_SHARE of the rest) a little after; the late Puskesmas between the 13th and the 25th
ON_TIME_DAYS = (3, 10)
LATE_DAYS = (11, 16)
LATE_SHARE = 0.06
LATE_PUSKESMAS_DAYS = (13, 25)
WIB = 7  # the local office hours below are WIB; stored times are UTC
# a few reports corrected after they arrived (a register row sent again with another value):
# their last change is CORRECTED_DAYS after the first arrival, so the page has both to show
CORRECTED_SHARE = 0.002  # of the register rows: about one desa-month in ten has one
CORRECTED_DAYS = (2, 30)


@dataclass(frozen=True)
class Arrivals:
    layanan: pd.DataFrame  # the registers without the silent desa's last months
    masuk: pd.DataFrame  # kode_desa, tahun, bulan, indikator, pertama_masuk, terakhir_berubah (UTC)
    desa_diam: str  # the silent desa
    bulan_diam: tuple[tuple[int, int], ...]  # its silent (tahun, bulan)
    puskesmas_terlambat: str  # the late Puskesmas


def silent_desa(wilayah: pd.DataFrame) -> str:
    """The demo Puskesmas' last desa (its first ones carry the demo RTL)."""
    return sorted(wilayah.loc[wilayah["kode_puskesmas"] == DEMO_PUSKESMAS, "kode_desa"])[-1]


def late_puskesmas(wilayah: pd.DataFrame) -> str:
    """The next Puskesmas of the demo Puskesmas' kabupaten: a Dinkes Kabupaten sees both."""
    kab = wilayah.loc[wilayah["kode_puskesmas"] == DEMO_PUSKESMAS, "kode_kabupaten"].iloc[0]
    codes = sorted(wilayah.loc[wilayah["kode_kabupaten"] == kab, "kode_puskesmas"].unique())
    return codes[codes.index(DEMO_PUSKESMAS) + 1]


def with_arrivals(layanan: pd.DataFrame, wilayah: pd.DataFrame, seed: int) -> Arrivals:
    """The registers with the silent desa's last months taken out, and the arrival of every
    remaining (desa, month): all of a desa's registers for a month arrive together, in office
    hours, by the 10th mostly; the late Puskesmas' last year after the 10th."""
    last = int(layanan["tahun"].max())
    quiet = silent_desa(wilayah)
    late = late_puskesmas(wilayah)
    gone = (layanan["kode_desa"] == quiet) & (layanan["tahun"] == last) & layanan["bulan"].isin(SILENT_MONTHS)
    kept = layanan[~gone].reset_index(drop=True)

    months = kept[["kode_desa", "tahun", "bulan"]].drop_duplicates().reset_index(drop=True)
    rng = np.random.default_rng([seed, 16])
    n = len(months)
    day = rng.integers(ON_TIME_DAYS[0], ON_TIME_DAYS[1] + 1, n)
    slow = rng.random(n) < LATE_SHARE
    day[slow] = rng.integers(LATE_DAYS[0], LATE_DAYS[1] + 1, slow.sum())
    pkm = months["kode_desa"].map(dict(zip(wilayah["kode_desa"], wilayah["kode_puskesmas"])))
    tardy = ((pkm == late) & (months["tahun"] == last)).to_numpy()
    day[tardy] = rng.integers(LATE_PUSKESMAS_DAYS[0], LATE_PUSKESMAS_DAYS[1] + 1, tardy.sum())
    hour = rng.integers(8, 16, n)
    minute = rng.integers(0, 60, n)
    tahun, bulan = months["tahun"].to_numpy(), months["bulan"].to_numpy()
    next_y, next_m = np.where(bulan == 12, tahun + 1, tahun), np.where(bulan == 12, 1, bulan + 1)
    local = pd.to_datetime(pd.DataFrame({"year": next_y, "month": next_m, "day": day, "hour": hour,
                                         "minute": minute}))
    months["pertama_masuk"] = local - pd.Timedelta(hours=WIB)
    masuk = kept[["kode_desa", "tahun", "bulan", "indikator"]].merge(months, on=["kode_desa", "tahun", "bulan"])
    masuk["terakhir_berubah"] = masuk["pertama_masuk"]
    # drawn after every other draw: the arrivals above stay as they were
    fixed = rng.random(len(masuk)) < CORRECTED_SHARE
    later = rng.integers(CORRECTED_DAYS[0], CORRECTED_DAYS[1] + 1, fixed.sum())
    masuk.loc[fixed, "terakhir_berubah"] = masuk.loc[fixed, "pertama_masuk"] + pd.to_timedelta(later, unit="D")
    return Arrivals(kept, masuk, quiet, tuple((last, m) for m in SILENT_MONTHS), late)


def arrival_of(masuk: pd.DataFrame, kode_desa: str, tahun: int, bulan: int) -> datetime | None:
    """The arrival of one desa's month (for the tests)."""
    rows = masuk[(masuk["kode_desa"] == kode_desa) & (masuk["tahun"] == tahun) & (masuk["bulan"] == bulan)]
    return None if rows.empty else rows["pertama_masuk"].iloc[0].to_pydatetime()
