"""Visit queries (`kunjungan`): an area's visits by month and place, the month's breakdowns,
the places that stopped reporting, and the export's table per area. Scoped like data_access.pws:
every function takes the viewer's scope and refuses an area outside it in the same words.

Where the numbers come from: a Puskesmas, kabupaten or provinsi reads its own rows of
kunjungan_wilayah (the whole country sums its provinsi); a desa reads kunjungan_bulanan: the
visits its own Puskesmas recorded with that desa as the visitors' residence (kode_desa). A
visit whose residence was not recorded (most visits inside the Puskesmas building) belongs to
no desa, so a desa shows part of its residents' visits, and the page says so."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from sqlalchemy import Connection, and_, bindparam, case, func, or_, select

from data_access import schema
from data_access.cache import cached_by_version
from data_access.db import driver_rows
from data_access.pws import area_row, areas_at
from data_access.wilayah import DESA_KEY
from domain.codes import Level
from domain.kategori import DALAM_GEDUNG, JENIS_KELAMIN, KLASTER_KUNJUNGAN, LUAR_GEDUNG, SIKLUS_HIDUP, TEMPAT
from domain.wilayah import Area, Scope, require_in_scope
from indicators.kunjungan import (
    ABSENT_MONTHS,
    TREND_MONTHS,
    Absent,
    Breakdowns,
    absent_places,
    breakdowns,
    month_index,
    month_of_index,
    shift,
)

kb, kw = schema.kunjungan_bulanan, schema.kunjungan_wilayah
_MONTH_KB = kb.c.tahun * 12 + kb.c.bulan - 1
_MONTH_KW = kw.c.tahun * 12 + kw.c.bulan - 1
_CELL = ("klaster", "kelompok_umur", "jenis_kelamin", "disabilitas")


# --- where an area's rows are -------------------------------------------------------------------

def _where(level: Level, scoped: bool):
    """(table, WHERE clauses with bound parameters) of the rows that make up an area of
    `level` (see _params); scoped: the whole country of a viewer with a smaller scope."""
    if level == Level.DESA:
        return kb, [kb.c.kode_puskesmas == bindparam("pkm"), kb.c.kode_desa == bindparam("kode")]
    if level == Level.NASIONAL:
        where = [kw.c.tingkat == Level.PROVINSI.value]
        if scoped:  # never reached (a scoped viewer has no country to open), kept for safety
            where.append(kw.c.kode.in_(select(DESA_KEY[Level.PROVINSI]).where(
                or_(*[DESA_KEY[lv] == bindparam("scope_kode") for lv in (Level.PROVINSI, Level.KABUPATEN,
                                                                         Level.PUSKESMAS)]))))
        return kw, where
    return kw, [kw.c.tingkat == level.value, kw.c.kode == bindparam("kode")]


def _params(scope: Scope, area: Area) -> dict:
    return {"kode": area.kode, "pkm": area.code_at(Level.PUSKESMAS), "scope_kode": scope.kode}


def _scoped(scope: Scope, area: Area) -> bool:
    return area.level == Level.NASIONAL and scope.level != Level.NASIONAL


def _month(table):
    return _MONTH_KB if table is kb else _MONTH_KW


@lru_cache(maxsize=32)
def _latest_statement(level: Level, scoped: bool, in_year: bool):
    table, where = _where(level, scoped)
    if in_year:
        where = [*where, table.c.tahun == bindparam("tahun")]
    return select(func.max(_month(table))).where(*where)


@cached_by_version()
def latest_month(conn: Connection, scope: Scope, area: Area, tahun: int | None = None) -> tuple[int, int] | None:
    """The latest (tahun, bulan) with any visit row in the area (within `tahun` when given)."""
    require_in_scope(scope, area)
    statement = _latest_statement(area.level, _scoped(scope, area), tahun is not None)
    value = conn.execute(statement, {**_params(scope, area), "tahun": tahun}).scalar()
    return None if value is None else month_of_index(int(value))


# --- the section's view -------------------------------------------------------------------------

@dataclass(frozen=True)
class Residence:
    """A desa's visits next to its Puskesmas' in the month: how much of the Puskesmas' count
    has a recorded residence at all."""

    puskesmas: str  # its name
    jumlah_puskesmas: int  # the Puskesmas' visits in the month
    dengan_alamat: int  # of which with a recorded desa of residence


@dataclass(frozen=True)
class KunjunganView:
    """What the visits section shows for an area and month."""

    area: Area
    tahun: int
    bulan: int
    bulan_ini: int | None  # None: no visit row this month
    bulan_lalu: int | None  # January: December of the year before
    tahun_lalu: int | None  # the same month a year before
    per_tempat: dict[str, int]  # this month, every place of TEMPAT (0 when none)
    trend: dict[str, tuple[int | None, ...]]  # per place and "total": TREND_MONTHS values, oldest first
    months: tuple[tuple[int, int], ...]  # the trend's months
    rincian: Breakdowns
    belum_melapor: tuple[Absent, ...]
    alamat: Residence | None  # for a desa


@lru_cache(maxsize=32)
def _monthly_statement(level: Level, scoped: bool):
    table, where = _where(level, scoped)
    month = _month(table)
    return (select(month, table.c.tempat, func.sum(table.c.jumlah))
            .where(*where, table.c.tahun.in_(bindparam("years", expanding=True)),
                   month.between(bindparam("first"), bindparam("last")))
            .group_by(month, table.c.tempat))


@lru_cache(maxsize=32)
def _cells_statement(level: Level, scoped: bool):
    table, where = _where(level, scoped)
    cells = [table.c[c] for c in _CELL]
    return (select(*cells, func.sum(table.c.jumlah))
            .where(*where, table.c.tahun == bindparam("tahun"), table.c.bulan == bindparam("bulan"))
            .group_by(*cells))


@lru_cache(maxsize=4)
def _last_report_statement(of_desa: bool):
    # named places only (a Pustu, a Posyandu): the unnamed rows are the building itself, or
    # home visits, which come in rounds and are not a place that reports
    where = [kb.c.kode_puskesmas == bindparam("pkm"), kb.c.tahun.in_(bindparam("years", expanding=True)),
             _MONTH_KB.between(bindparam("first"), bindparam("last")), kb.c.nama_tempat != ""]
    if of_desa:
        where.append(kb.c.kode_desa == bindparam("desa"))
    return (select(kb.c.tempat, kb.c.nama_tempat, func.max(_MONTH_KB)).where(*where)
            .group_by(kb.c.tempat, kb.c.nama_tempat))


@lru_cache(maxsize=4)
def _with_address_statement():
    return select(func.sum(kb.c.jumlah)).where(
        kb.c.kode_puskesmas == bindparam("pkm"), kb.c.tahun == bindparam("tahun"),
        kb.c.bulan == bindparam("bulan"), kb.c.kode_desa != "")


def _years(first: int, last: int) -> list[int]:
    return list(range(month_of_index(first)[0], month_of_index(last)[0] + 1))


def _monthly(conn, scope: Scope, area: Area, first: int, last: int) -> dict[int, dict[str, int]]:
    """month index → place → visits, for the months first..last that have rows."""
    rows = driver_rows(conn, _monthly_statement(area.level, _scoped(scope, area)),
                       {**_params(scope, area), "years": _years(first, last), "first": first, "last": last})
    out: dict[int, dict[str, int]] = {}
    for month, tempat, n in rows:
        out.setdefault(int(month), {})[tempat] = int(n or 0)
    return out


@cached_by_version()
def kunjungan_view(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int) -> KunjunganView:
    """The area's visits in (tahun, bulan), the month before, the same month a year before,
    the trend of the TREND_MONTHS months up to it by place, the month's breakdowns, and (for a
    Puskesmas or a desa) the places that stopped reporting."""
    require_in_scope(scope, area)
    now = month_index(tahun, bulan)
    first = now - TREND_MONTHS + 1
    monthly = _monthly(conn, scope, area, min(first, now - 12), now)

    def total(index: int) -> int | None:
        return sum(monthly[index].values()) if index in monthly else None

    months = tuple(month_of_index(i) for i in range(first, now + 1))
    trend = {t: tuple(monthly[i].get(t) if i in monthly else None for i in range(first, now + 1)) for t in TEMPAT}
    trend = {t: v for t, v in trend.items() if any(x is not None for x in v)}
    trend["total"] = tuple(total(i) for i in range(first, now + 1))
    this = monthly.get(now, {})

    cells = driver_rows(conn, _cells_statement(area.level, _scoped(scope, area)),
                        {**_params(scope, area), "tahun": tahun, "bulan": bulan})
    return KunjunganView(
        area=area, tahun=tahun, bulan=bulan, bulan_ini=total(now), bulan_lalu=total(now - 1),
        tahun_lalu=total(now - 12), per_tempat={t: this.get(t, 0) for t in TEMPAT}, trend=trend,
        months=months, rincian=breakdowns(cells), belum_melapor=_absent(conn, area, tahun, bulan),
        alamat=_residence(conn, area, tahun, bulan))


def _absent(conn, area: Area, tahun: int, bulan: int) -> tuple[Absent, ...]:
    """Named places of a Puskesmas (or with a desa's residents) that reported in the
    ABSENT_MONTHS months before (tahun, bulan) but not in it; nothing above the Puskesmas."""
    if area.level not in (Level.PUSKESMAS, Level.DESA):
        return ()
    now = month_index(tahun, bulan)
    first = now - ABSENT_MONTHS
    of_desa = area.level == Level.DESA
    rows = driver_rows(conn, _last_report_statement(of_desa), {
        "pkm": area.code_at(Level.PUSKESMAS), "desa": area.kode, "years": _years(first, now),
        "first": first, "last": now})
    return absent_places(rows, tahun, bulan)


def _residence(conn, area: Area, tahun: int, bulan: int) -> Residence | None:
    if area.level != Level.DESA:
        return None
    pkm = area.code_at(Level.PUSKESMAS)
    nama = next(n for lv, _, n in area.ancestors if lv == Level.PUSKESMAS)
    whole = conn.execute(select(func.sum(kw.c.jumlah)).where(
        kw.c.tingkat == Level.PUSKESMAS.value, kw.c.kode == pkm, kw.c.tahun == tahun, kw.c.bulan == bulan)).scalar()
    known = conn.execute(_with_address_statement(), {"pkm": pkm, "tahun": tahun, "bulan": bulan}).scalar()
    return Residence(nama, int(whole or 0), int(known or 0))


# --- the export ---------------------------------------------------------------------------------

UMUR_KOLOM = {  # export column → life-cycle band
    "umur_0_4": "Bayi dan balita (0–4)",
    "umur_5_9": "Anak (5–9)",
    "umur_10_19": "Remaja (10–19)",
    "umur_20_59": "Dewasa (20–59)",
    "umur_60_plus": "Lansia (60+)",
}
assert set(UMUR_KOLOM.values()) == set(SIKLUS_HIDUP)
JK_KOLOM = {"laki_laki": "L", "perempuan": "P"}
assert set(JK_KOLOM.values()) == set(JENIS_KELAMIN)


def export_columns(monthly: bool) -> list[str]:
    """The `kunjungan` view's columns: the period's count and its splits, then the periods it
    is compared with, then the months that reported."""
    return ["kode", "nama", "jumlah", *TEMPAT, "dalam_gedung", "luar_gedung", *JK_KOLOM, "disabilitas",
            *(f"klaster_{k}" for k in KLASTER_KUNJUNGAN), *UMUR_KOLOM,
            *(("bulan_lalu",) if monthly else ()), "sama_tahun_lalu", "bulan_lapor"]


def _sums(table, period, previous, last_year):
    """The aggregate columns of export_columns over `table` (raw or summary rows)."""
    n = table.c.jumlah

    def total(cond, extra=None):
        return func.sum(case((cond if extra is None else and_(cond, extra), n)))

    cols = [total(period).label("jumlah")]
    cols += [total(period, table.c.tempat == t).label(t) for t in TEMPAT]
    cols.append(total(period, table.c.tempat.in_(DALAM_GEDUNG)).label("dalam_gedung"))
    cols.append(total(period, table.c.tempat.in_(LUAR_GEDUNG)).label("luar_gedung"))
    cols += [total(period, table.c.jenis_kelamin == v).label(c) for c, v in JK_KOLOM.items()]
    cols.append(total(period, table.c.disabilitas == "Y").label("disabilitas"))
    cols += [total(period, table.c.klaster == k).label(f"klaster_{k}") for k in KLASTER_KUNJUNGAN]
    cols += [total(period, table.c.kelompok_umur.in_(SIKLUS_HIDUP[band])).label(c) for c, band in UMUR_KOLOM.items()]
    if previous is not None:
        cols.append(total(previous).label("bulan_lalu"))
    cols.append(total(last_year).label("sama_tahun_lalu"))
    cols.append(func.count(func.distinct(case((period, table.c.bulan)))).label("bulan_lapor"))
    return cols


def kunjungan_by_level(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int,
                       bulan: int | None) -> pd.DataFrame:
    """The `kunjungan` export: one row per area of `level` inside `area` (every area, empty
    where nothing was reported), for month `bulan` of `tahun`, or the whole year without it.
    A desa counts the visits its own Puskesmas recorded with it as residence, as the page does."""
    require_in_scope(scope, area)
    areas = area_row(area) if level == area.level else areas_at(conn, scope, area, level)
    codes = [str(k) for k in areas["kode"]]
    table = kb if level == Level.DESA else kw
    if bulan is None:
        period, previous = table.c.tahun == tahun, None
        last_year = table.c.tahun == tahun - 1
        years = [tahun - 1, tahun]
    else:
        before = shift(tahun, bulan, -1)
        period = and_(table.c.tahun == tahun, table.c.bulan == bulan)
        previous = and_(table.c.tahun == before[0], table.c.bulan == before[1])
        last_year = and_(table.c.tahun == tahun - 1, table.c.bulan == bulan)
        years = sorted({tahun - 1, before[0], tahun})
    columns = export_columns(bulan is not None)
    if level == Level.DESA:
        desa = schema.desa
        key = kb.c.kode_desa
        source = kb.join(desa, and_(desa.c.kode == kb.c.kode_desa, desa.c.kode_puskesmas == kb.c.kode_puskesmas))
        where = [kb.c.tahun.in_(years)]
    else:
        key = kw.c.kode
        source = kw
        where = [kw.c.tingkat == level.value, kw.c.tahun.in_(years)]
    found: dict[str, tuple] = {}
    for start in range(0, len(codes), 500):
        part = codes[start:start + 500]
        statement = (select(key, *_sums(table, period, previous, last_year)).select_from(source)
                     .where(*where, key.in_(part)).group_by(key))
        found.update((r[0], tuple(r[1:])) for r in conn.execute(statement).all())
    frame = pd.DataFrame({"kode": codes, "nama": [str(n) for n in areas["nama"]]})
    reported = [found.get(k, (None,) * len(columns))[-1] or 0 for k in codes]
    for i, column in enumerate(columns[2:-1]):
        compared = column in ("bulan_lalu", "sama_tahun_lalu")  # empty: that period was not reported
        frame[column] = pd.array([
            int(v[i]) if v is not None and v[i] is not None
            else (0 if not compared and r else None)  # a part the period has none of: 0
            for v, r in zip((found.get(k) for k in codes), reported)], dtype="Int64")
        if not compared:  # an area that did not report in the period: empty, not 0
            frame.loc[[r == 0 for r in reported], column] = pd.NA
    frame["bulan_lapor"] = pd.array([int(r) for r in reported], dtype="Int64")
    return frame[columns]




@cached_by_version()
def kunjungan_years(conn: Connection, scope: Scope, area: Area) -> tuple[int, ...]:
    """Years with any visit row in the area, oldest first."""
    require_in_scope(scope, area)
    table, where = _where(area.level, _scoped(scope, area))
    rows = conn.execute(select(table.c.tahun).distinct().where(*where), _params(scope, area)).scalars()
    return tuple(sorted(int(y) for y in rows))
