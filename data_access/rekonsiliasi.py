"""PIS-PK against the program registers: the two coverages of a declared pair
(indicators.rekonsiliasi) per area, read from the IKS summary (data_access.iks) and the PWS
engine (data_access.pws), scoped to the viewer like both."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_access.cache import cached_by_version
from data_access.iks import iks_by_level
from data_access.pws import default_month, pws_by_level
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators import format as fmt
from indicators.klaster1 import Ringkasan
from indicators.rekonsiliasi import (
    BERBEDA,
    PASANGAN,
    PASANGAN_BY_CODE,
    TIDAK_DAPAT,
    Pasangan,
    compare,
    counts_of,
    period_text,
)

COLUMNS = ["kode", "nama", "keluarga_dikunjungi", "y", "t", "cakupan_pispk", "pembilang", "penyebut",
           "penyebut_periode", "cakupan_register", "selisih", "status", "alasan", "kemungkinan"]


@dataclass(frozen=True)
class RekonsiliasiView:
    """A pair compared for the areas one level below `area.map_area` (a desa is shown among
    its Puskesmas' desa, `sorot` = its code)."""

    pasangan: Pasangan
    tahun: int
    bulan: int | None  # the register's period is January..bulan; None: no report that year
    level: Level  # the level of the rows
    rows: pd.DataFrame  # COLUMNS, one row per area, by name
    sorot: str | None = None

    @property
    def periode(self) -> str:
        return period_text(self.bulan, self.tahun)


def register_month(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None,
                   p: Pasangan) -> int | None:
    """The last month of the register's period: the chosen month, but no later than the
    latest month any of the pair's registers was reported inside the area (a register read
    up to June with reports up to April would look half as high as it is). None: no report."""
    if p.indicator is None:
        return None
    latest = default_month(conn, scope, area, tahun, p.indicator.registers)
    if latest is None:
        return None
    return latest if bulan is None else min(bulan, latest)


def compare_at_level(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int,
                     bulan: int | None, p: Pasangan) -> tuple[pd.DataFrame, int | None]:
    """(rows, month): the pair compared for the areas of `level` inside `area` (the same level:
    `area` itself), and the register period's last month it used."""
    require_in_scope(scope, area)
    iks = iks_by_level(conn, scope, area, level, tahun)
    counts = pd.DataFrame({"kode": iks["kode"], "nama": iks["nama"],
                           "keluarga_dikunjungi": iks["keluarga_dikunjungi"],
                           "y": iks[f"y_{p.iks}"], "t": iks[f"t_{p.iks}"]})
    month = register_month(conn, scope, area, tahun, bulan, p)
    if month is not None:
        pws = pws_by_level(conn, scope, area, level, tahun, month, p.register)
        register = pd.DataFrame({"kode": pws["kode"], "nama_register": pws["nama"],
                                 "pembilang": pd.to_numeric(pws["capaian_kumulatif"], errors="coerce"),
                                 "penyebut": pd.to_numeric(pws["sasaran"], errors="coerce")})
        counts = counts.merge(register, on="kode", how="outer")
        counts["nama"] = counts["nama"].fillna(counts.pop("nama_register"))
        for col in ("keluarga_dikunjungi", "y", "t"):
            counts[col] = counts[col].fillna(0)
    else:
        counts["pembilang"] = np.nan
        counts["penyebut"] = np.nan
    rows = compare(p, counts.sort_values(["nama", "kode"]), tahun, month)
    return rows[COLUMNS], month


@cached_by_version()
def rekonsiliasi_view(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None,
                      kode: str) -> RekonsiliasiView:
    """The page's view of pair `kode` (validated by the caller against PASANGAN_BY_CODE)."""
    p = PASANGAN_BY_CODE[kode]
    shown = area.map_area
    level = shown.level.child
    rows, month = compare_at_level(conn, scope, shown, level, tahun, bulan, p)
    return RekonsiliasiView(p, tahun, month, level, rows, area.kode if area is not shown else None)


def area_word(level: Level) -> str:
    """'desa', 'Puskesmas', 'kabupaten/kota', 'provinsi': what a row of `level` is called."""
    return {Level.DESA: "desa", Level.PUSKESMAS: "Puskesmas", Level.KABUPATEN: "kabupaten/kota",
            Level.PROVINSI: "provinsi"}.get(level, level.label.lower())


def ringkasan(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int | None) -> list[Ringkasan]:
    """The Kualitas Data summary card: how many areas differ beyond a pair's tolerance on at
    least one pair ('3 desa': PIS-PK and register differ by more than 20 points)."""
    views = [rekonsiliasi_view(conn, scope, area, tahun, bulan, p.code) for p in PASANGAN if p.register]
    if not views:
        return []
    if area.level == Level.DESA:
        return [_desa_card(views, area, tahun)]
    level = views[0].level
    flagged: dict[str, int] = {}
    compared = 0
    for v in views:
        status = list(v.rows["status"])
        compared += sum(s != TIDAK_DAPAT for s in status)
        for kode, s in zip(v.rows["kode"], status):
            if s == BERBEDA:
                flagged[kode] = flagged.get(kode, 0) + 1
    judul = "PIS-PK berbeda dari register"
    if not compared:
        return [Ringkasan(judul, fmt.NO_DATA, f"belum ada {area_word(level)} yang dapat dibandingkan tahun {tahun}")]
    per_pair = ", ".join(f"{v.pasangan.label} {counts_of(v.rows['status'])[BERBEDA]}" for v in views
                         if counts_of(v.rows["status"])[BERBEDA])
    batas = {p.toleransi for p in PASANGAN if p.register}
    poin = fmt.angka(batas.pop()) if len(batas) == 1 else "batas"
    note = (f"berbeda > {poin} poin: {per_pair}" if flagged
            else f"semua pasangan dalam batas {poin} poin")
    return [Ringkasan(judul, f"{len(flagged)} {area_word(level)}", note, "cukup" if flagged else "baik")]


def _desa_card(views: list[RekonsiliasiView], area: Area, tahun: int) -> Ringkasan:
    """A desa's own card (its view shows its Puskesmas' desa): on how many pairs it differs."""
    own = [(v.pasangan, v.rows.loc[v.rows["kode"] == area.kode, "status"]) for v in views]
    own = [(p, s.iloc[0]) for p, s in own if len(s)]
    compared = [(p, s) for p, s in own if s != TIDAK_DAPAT]
    judul = "PIS-PK berbeda dari register"
    if not compared:
        return Ringkasan(judul, fmt.NO_DATA, f"belum ada pasangan yang dapat dibandingkan di {area.nama} tahun {tahun}")
    differ = [p.label for p, s in compared if s == BERBEDA]
    note = f"berbeda: {', '.join(differ)}" if differ else "semua pasangan dalam batas"
    return Ringkasan(judul, f"{len(differ)} dari {len(compared)} pasangan", note, "cukup" if differ else "baik")
