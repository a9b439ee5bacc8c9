"""PWS queries: monthly registers and sasaran summed per area (from the per-area summaries,
or the desa rows for desa), targets resolved per area, and the tables every PWS page and
export shows, computed by indicators.pws."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    Integer,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    true,
)

from data_access import schema
from data_access.cache import cached_by_version
from data_access.db import driver_rows
from data_access.users import area_inside
from data_access.wilayah import DESA_KEY, NAME_TABLES, resolve_area, scope_filter, scope_key
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators.program import (
    INDICATOR_BY_CODE,
    KASKADE_BY_CODE,
    RINCIAN_BY_CODE,
    Indicator,
    Kaskade,
    Rincian,
)
from indicators.pws import (
    Columns,
    Inputs,
    Matrix,
    kaskade_sums,
    last_reported_month,
    matrix,
    pws_columns,
    rincian_sums,
    series_columns,
    total_inputs,
)

lay, sas = schema.layanan, schema.sasaran
lw, sw, tg = schema.layanan_bulanan, schema.sasaran_wilayah, schema.target
NILAI_BULAN, LAPOR_BULAN = schema.NILAI_BULAN, schema.LAPOR_BULAN



def _check_level(area: Area, level: Level) -> None:
    order = list(Level)
    if order.index(level) < order.index(area.level) or level == Level.NASIONAL:
        raise ValueError(f"Tingkat {level.label} berada di atas {area.nama}.")


def _inside(area_level: Level, scope_level: Level) -> list:
    where = [] if area_level == Level.NASIONAL else [DESA_KEY[area_level] == bindparam("area_kode")]
    if scope_level != Level.NASIONAL:  # the area's own index finds the desa (wilayah.scope_key)
        where.append(scope_key(scope_level, area_level) == bindparam("scope_kode"))
    return where


@lru_cache(maxsize=256)
def _counts_statement(area_level: Level, scope_level: Level, level: Level, upto: int | None = None):
    """Registers of the areas of `level` inside the area, for a list of codes and years:
    desa rows (kode, tahun, bulan, indikator, nilai), or above the desa the summary's rows
    of twelve months (kode, tahun, indikator, n01..n12, l01..l12). upto=M: one row per area
    and code, the sum Jan..M of the year labelled month M, summed in SQL (a cascade needs
    no more; NULL when none of those months was reported). Built once per shape (composing
    a select costs more than running it)."""
    inside = and_(true(), *_inside(area_level, scope_level))
    if level == Level.DESA:
        where = [lay.c.kode_desa.in_(select(schema.desa.c.kode).where(inside)),
                 lay.c.tahun.in_(bindparam("years", expanding=True)),
                 lay.c.indikator.in_(bindparam("codes", expanding=True))]
        if upto is not None:
            return (select(lay.c.kode_desa, lay.c.tahun, literal(upto, Integer), lay.c.indikator,
                           func.sum(lay.c.nilai))
                    .where(*where, lay.c.bulan <= upto)
                    .group_by(lay.c.kode_desa, lay.c.tahun, lay.c.indikator))
        # every month named: the key (kode_desa, tahun, bulan, indikator) then finds each row
        # instead of reading the desa's every register of the year (0,7 vs 1,1 ms)
        where += [lay.c.bulan.in_(range(1, 13)), or_(lay.c.tahun == bindparam("tahun"), lay.c.bulan == 12)]
        return select(lay.c.kode_desa, lay.c.tahun, lay.c.bulan, lay.c.indikator, lay.c.nilai).where(*where)
    where = [lw.c.tingkat == level.value, lw.c.kode.in_(select(DESA_KEY[level]).where(inside)),
             lw.c.tahun.in_(bindparam("years", expanding=True)),
             lw.c.indikator.in_(bindparam("codes", expanding=True))]
    if upto is None:
        return select(lw.c.kode, lw.c.tahun, lw.c.indikator,
                      *[lw.c[c] for c in (*NILAI_BULAN, *LAPOR_BULAN)]).where(*where)
    months = [lw.c[c] for c in NILAI_BULAN[:upto]]
    total = case((and_(*[m.is_(None) for m in months]), None),
                 else_=sum((func.coalesce(m, 0) for m in months[1:]), func.coalesce(months[0], 0)))
    return select(lw.c.kode, lw.c.tahun, literal(upto, Integer), lw.c.indikator, total).where(*where)


@lru_cache(maxsize=64)
def _sasaran_statement(area_level: Level, scope_level: Level, level: Level):
    inside = and_(true(), *_inside(area_level, scope_level))
    if level == Level.DESA:
        return (
            select(sas.c.kode_desa, sas.c.tahun, sas.c.sasaran, sas.c.jumlah)
            .where(sas.c.tahun.in_(bindparam("years", expanding=True)),
                   sas.c.sasaran.in_(bindparam("codes", expanding=True)),
                   sas.c.kode_desa.in_(select(schema.desa.c.kode).where(inside)))
        )
    key = DESA_KEY[level]
    return (
        select(sw.c.kode, sw.c.tahun, sw.c.sasaran, sw.c.jumlah, sw.c.desa_ada)
        .where(sw.c.tingkat == level.value,
               sw.c.tahun.in_(bindparam("years", expanding=True)),
               sw.c.sasaran.in_(bindparam("codes", expanding=True)),
               sw.c.kode.in_(select(key).where(inside)))
    )


def _params(scope: Scope, area: Area, years, codes) -> dict:
    return {"area_kode": area.kode, "scope_kode": scope.kode, "years": list(years),
            "tahun": max(years), "codes": list(codes)}


def read_inputs(conn: Connection, scope: Scope, area: Area, level: Level, years: tuple[int, ...],
                registers: tuple[str, ...], sasaran: tuple[str, ...], upto: int | None = None) -> Inputs:
    """Register sums and sasaran for the areas of `level` inside `area`, as the numpy
    columns indicators.pws computes on: every month of the latest of `years` and December
    of the one before (desa rows count one desa each). upto=M: one row per area and
    register, the sum Jan..M of the latest year, labelled month M."""
    require_in_scope(scope, area)
    _check_level(area, level)
    if upto is not None and upto not in range(1, 13):
        raise ValueError("bulan harus 1–12")
    statement = _counts_statement(area.level, scope.level, level, upto)
    counts = driver_rows(conn, statement, _params(scope, area, years, registers)) if registers else []
    targets = driver_rows(conn, _sasaran_statement(area.level, scope.level, level),
                      _params(scope, area, years, sasaran)) if sasaran else []
    if level == Level.DESA or upto is not None:  # one row per month, or per period
        return Inputs.from_rows([r for r in counts if r[4] is not None], targets)
    return Inputs.from_months(counts, targets, max(years))


@cached_by_version()
def inputs_of_two_years(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int,
                        registers: tuple[str, ...], sasaran: tuple[str, ...]) -> tuple[Inputs, Inputs]:
    """(the inputs of `tahun`, the inputs of `tahun - 1`) for the areas of `level` (above the
    desa) inside `area`, as read_inputs gives each, from ONE read of their summary rows and
    sasaran of both years: what comparing a month with the month before needs when that is
    last December (whose status reads last year's November and sasaran)."""
    require_in_scope(scope, area)
    _check_level(area, level)
    if level == Level.DESA:
        raise ValueError("inputs_of_two_years membaca ringkasan di atas desa")
    years = (tahun - 1, tahun)
    counts = driver_rows(conn, _counts_statement(area.level, scope.level, level),
                         _params(scope, area, years, registers)) if registers else []
    targets = driver_rows(conn, _sasaran_statement(area.level, scope.level, level),
                          _params(scope, area, years, sasaran)) if sasaran else []
    # last year's Inputs need no row of this year (only its December would be kept, and unread)
    return (Inputs.from_months(counts, targets, tahun),
            Inputs.from_months([r for r in counts if r[1] == tahun - 1], targets, tahun - 1))


@cached_by_version()
def program_years(conn: Connection, scope: Scope, area: Area) -> tuple[int, ...]:
    """Years with any register inside the area, oldest first."""
    require_in_scope(scope, area)
    if area.level == Level.DESA:
        stmt = select(lay.c.tahun).distinct().where(lay.c.kode_desa == area.kode)
    elif area.level == Level.NASIONAL:
        stmt = select(lw.c.tahun).distinct().where(lw.c.tingkat == Level.PROVINSI.value)
        if scope.level != Level.NASIONAL:
            stmt = stmt.where(lw.c.kode.in_(select(DESA_KEY[Level.PROVINSI]).where(scope_filter(scope))))
    else:
        stmt = select(lw.c.tahun).distinct().where(lw.c.tingkat == area.level.value,
                                                   lw.c.kode == area.kode)
    return tuple(sorted(int(y) for y in conn.execute(stmt).scalars()))


@cached_by_version()
def areas_at(conn: Connection, scope: Scope, area: Area, level: Level) -> Columns:
    """The areas of `level` inside `area` the viewer may see, by name, with their
    ancestors' codes (for target resolution): kode, nama, kode_puskesmas, kode_kabupaten,
    kode_provinsi (None above the level)."""
    require_in_scope(scope, area)
    _check_level(area, level)
    statement, names = _areas_statement(area.level, scope.level, level)
    rows = driver_rows(conn, statement, {"area_kode": area.kode, "scope_kode": scope.kode})
    got = dict(zip(names, zip(*rows))) if rows else {}
    return Columns({name: np.array(got.get(name, (None,) * len(rows)), dtype=object)
                    for name in AREA_COLUMNS})


@lru_cache(maxsize=64)
def _areas_statement(area_level: Level, scope_level: Level, level: Level):
    """areas_at's query for one shape, and the names of its columns."""
    key = DESA_KEY[level]
    names = NAME_TABLES[level]
    desa = schema.desa
    up = [c for lv, c in ((Level.PUSKESMAS, desa.c.kode_puskesmas), (Level.KABUPATEN, desa.c.kode_kabupaten),
                          (Level.PROVINSI, desa.c.kode_provinsi)) if list(Level).index(lv) < list(Level).index(level)]
    inner = (select(key.label("kode"), *up).distinct()
             .where(and_(true(), *_inside(area_level, scope_level))).subquery())
    statement = (select(inner, names.c.nama).join(names, names.c.kode == inner.c.kode)
                 .order_by(names.c.nama, inner.c.kode))
    return statement, [c.name for c in inner.c] + ["nama"]


AREA_COLUMNS = ("kode", "nama", "kode_puskesmas", "kode_kabupaten", "kode_provinsi")


@cached_by_version()
def units_at(conn: Connection, scope: Scope, area: Area, level: Level) -> Columns:
    """How many desa and Puskesmas each area of `level` inside `area` holds, as far as the
    viewer sees (what could report: the "7 dari 9 desa melapor" of indicators.tanpa_laporan):
    kode, desa, puskesmas."""
    require_in_scope(scope, area)
    _check_level(area, level)
    rows = driver_rows(conn, _units_statement(area.level, scope.level, level),
                       {"area_kode": area.kode, "scope_kode": scope.kode})
    kode, desa, puskesmas = zip(*rows) if rows else ((), (), ())
    return Columns(kode=np.array(kode, dtype=object), desa=np.array(desa, dtype=float),
                   puskesmas=np.array(puskesmas, dtype=float))


@lru_cache(maxsize=64)
def _units_statement(area_level: Level, scope_level: Level, level: Level):
    d = schema.desa
    return (select(DESA_KEY[level], func.count(), func.count(func.distinct(d.c.kode_puskesmas)))
            .where(and_(true(), *_inside(area_level, scope_level))).group_by(DESA_KEY[level]))


def expected_reporters(units: Columns, ind: Indicator, kode, own: str | None = None,
                       level: Level | None = None) -> np.ndarray:
    """Per code of `kode`, the desa (Puskesmas, for an indicator recorded per Puskesmas) that
    could report, from units_at; `own`: the area holding the units of `level` (their sum; one
    Puskesmas when they are its desa), unless it is one of them itself."""
    column = "puskesmas" if ind.per_puskesmas else "desa"
    found = dict(zip(units["kode"].tolist(), units[column].tolist()))
    if own is None:
        return np.array([found.get(k, 0.0) for k in kode], dtype=float)
    if own in found:
        return np.array([found[own]])
    if column == "puskesmas" and level == Level.DESA:
        return np.array([1.0])
    return np.array([sum(found.values())], dtype=float)


def target_rows(conn: Connection, indikator: str, tahun: int) -> dict[str, float]:
    """kode_wilayah → target_persen for one indicator and year ('' = everywhere)."""
    return _targets_of_year(conn, tahun).get(indikator, {})


@cached_by_version()
def _targets_of_year(conn: Connection, tahun: int) -> dict[str, dict[str, float]]:
    """Every imported target of a year, indikator → kode_wilayah → percent: one query for a
    page's dozen indicators (the table holds a few rows per indicator and area)."""
    out: dict[str, dict[str, float]] = {}
    rows = conn.execute(select(tg.c.indikator, tg.c.kode_wilayah, tg.c.target_persen)
                        .where(tg.c.tahun == tahun)).all()
    for indikator, kode, value in rows:
        out.setdefault(indikator, {})[kode or ""] = float(value)
    return out


def resolve_targets(ind: Indicator, rows: dict[str, float], areas: Columns) -> dict[str, float | None]:
    """Each area's annual target: the most specific imported target containing it (its own
    code, then its Puskesmas, kabupaten, provinsi, then the general one), else the
    registry's default."""
    if not rows:  # nothing imported (the usual case): the default everywhere, without a walk per area
        return dict.fromkeys(list(areas["kode"]), ind.target)
    columns = [list(areas[c]) for c in ("kode", "kode_puskesmas", "kode_kabupaten", "kode_provinsi")]
    out = {}
    for kode, *up in zip(*columns):
        chain = (kode, *up, "")
        out[kode] = next((rows[c] for c in chain if c is not None and c in rows), ind.target)
    return out


def area_row(area: Area) -> Columns:
    """An area's own row (areas_at's columns), from its ancestry."""
    values = (area.kode or "", area.nama, area.code_at(Level.PUSKESMAS), area.code_at(Level.KABUPATEN),
              area.code_at(Level.PROVINSI))
    return Columns({name: np.array([v], dtype=object) for name, v in zip(AREA_COLUMNS, values)})


@dataclass(frozen=True)
class PwsView:
    """Everything a PWS panel shows for one indicator, area, year and month."""

    indicator: Indicator
    tahun: int
    bulan: int
    rows: Columns  # one row per child area: kode, nama, then indicators.pws.pws_table's columns
    total: dict  # the same for the area itself (children summed, then divided)
    target_tahunan: float | None  # the area's own annual target (percent)
    bulan_terakhir: int | None  # latest month with any report of the indicator
    m: Matrix = field(repr=False)  # the children's monthly inputs
    m_own: Matrix = field(repr=False)  # the area's own

    @cached_property
    def series(self) -> Columns:
        """kode, nama, bulan, capaian, cakupan, cakupan_kumulatif: drawn by the charts only,
        so built when they ask."""
        return _named(series_columns(None, None, self.indicator, self.tahun, self.m.kode, m=self.m),
                      np.repeat(self.rows["nama"], 12))

    @cached_property
    def total_series(self) -> Columns:
        return series_columns(None, None, self.indicator, self.tahun, self.m_own.kode, m=self.m_own)


@cached_by_version()
def default_month(conn: Connection, scope: Scope, area: Area, tahun: int,
                  registers: tuple[str, ...]) -> int | None:
    """The latest month of `tahun` with any of these registers reported inside the area
    (the period a page opens on): one MAX over the area's own summary rows."""
    require_in_scope(scope, area)
    if area.level == Level.NASIONAL:
        return last_reported_month(_own_inputs(conn, scope, area, (tahun,), registers, ()), tahun, registers)
    if area.level == Level.DESA:
        stmt = select(func.max(lay.c.bulan)).where(lay.c.kode_desa == area.kode, lay.c.tahun == tahun,
                                                   lay.c.indikator.in_(registers))
        value = conn.execute(stmt).scalar()
        return int(value) if value is not None else None
    stmt = select(*[lw.c[c] for c in NILAI_BULAN]).where(
        lw.c.tingkat == area.level.value, lw.c.kode == area.kode, lw.c.tahun == tahun,
        lw.c.indikator.in_(registers))
    return max((m for row in conn.execute(stmt) for m, v in enumerate(row, 1) if v is not None), default=None)


def _own_inputs(conn, scope, area: Area, years, registers, sasaran) -> Inputs:
    """The rows of `area` itself (its own summary row; the country sums its provinces)."""
    if area.level == Level.NASIONAL:
        return total_inputs(_inputs(conn, scope, area, Level.PROVINSI, years, registers, sasaran), None, "")
    return _inputs(conn, scope, area, area.level, years, registers, sasaran)


@cached_by_version()
def _inputs(conn, scope, area, level, years, registers, sasaran, upto=None) -> Inputs:
    return read_inputs(conn, scope, area, level, years, registers, sasaran, upto)


@dataclass(frozen=True)
class _Shown:
    """What every view of `area` reads: the areas one level below `area.map_area` (a desa
    is shown among its Puskesmas' desa), their inputs, and the inputs of `area` itself."""

    areas: Columns
    data: Inputs
    own: str
    own_data: Inputs
    shown: Area | None = None  # the area whose children the rows are
    level: Level | None = None  # the rows' level


def record_area(area: Area, ind: Indicator) -> Area:
    """The area an indicator's values are shown for: a desa's Puskesmas when the indicator is
    recorded per Puskesmas (no desa has a value of its own), else the area itself."""
    return area.map_area if ind.per_puskesmas and area.level == Level.DESA else area


def own_only(area: Area, ind: Indicator) -> bool:
    """True when the panel shows the area alone, not its children: a Puskesmas (or a desa,
    through its Puskesmas) for an indicator recorded per Puskesmas."""
    return ind.per_puskesmas and area.level in (Level.PUSKESMAS, Level.DESA)


def _shown(conn: Connection, scope: Scope, area: Area, years: tuple[int, ...],
           registers: tuple[str, ...], sasaran: tuple[str, ...], upto: int | None = None,
           per_puskesmas: bool = False) -> _Shown:
    if per_puskesmas and area.level == Level.PUSKESMAS:
        # recorded per Puskesmas: the Puskesmas itself is the one row (never its siblings)
        data = _inputs(conn, scope, area, Level.PUSKESMAS, years, registers, sasaran, upto)
        return _Shown(areas_at(conn, scope, area, Level.PUSKESMAS), data, area.kode, data.only(area.kode),
                      area, Level.PUSKESMAS)
    shown = area.map_area
    level = shown.level.child
    data = _inputs(conn, scope, shown, level, years, registers, sasaran, upto)
    own = area.kode or ""
    # the children partition their parent: its inputs are theirs, relabelled
    own_data = data.only(own) if area is not shown else total_inputs(data, None, own)
    return _Shown(areas_at(conn, scope, shown, level), data, own, own_data, shown, level)


def _named(rows: Columns, names) -> Columns:
    """`rows` with the areas' names as the second column."""
    kode, *rest = rows.items()
    return Columns([kode, ("nama", names), *rest])


def _row(table: Columns, nama: str) -> dict:
    """The only row of `table` as a dict, named."""
    return {"nama": nama, **{k: v[0] for k, v in table.items()}}


@cached_by_version()
def pws_view(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int,
             indikator: str) -> PwsView:
    """The PWS of one indicator for the areas one level below `area.map_area` (a desa is
    shown among its Puskesmas' desa) and for `area` itself."""
    ind = INDICATOR_BY_CODE[indikator]
    area = record_area(area, ind)
    sasaran = (ind.denominator,) if ind.by_sasaran else ()
    v = _shown(conn, scope, area, (tahun - 1, tahun), ind.registers, sasaran, per_puskesmas=ind.per_puskesmas)
    kode = list(v.areas["kode"])
    imported = target_rows(conn, ind.code, tahun)
    units = units_at(conn, scope, v.shown, v.level)
    m = matrix(v.data, None, ind, tahun, kode)
    rows = _named(pws_columns(v.data, None, ind, tahun, bulan, kode, resolve_targets(ind, imported, v.areas),
                              m=m, ada=expected_reporters(units, ind, kode)), v.areas["nama"])
    own_target = resolve_targets(ind, imported, area_row(area)).get(v.own)
    m_own = matrix(v.own_data, None, ind, tahun, [v.own])
    total = _row(pws_columns(v.own_data, None, ind, tahun, bulan, [v.own], {v.own: own_target}, m=m_own,
                             ada=expected_reporters(units, ind, kode, v.own, v.level)), area.nama)
    return PwsView(ind, tahun, bulan, rows, total, own_target,
                   last_reported_month(v.own_data, tahun, ind.numerator), m, m_own)


@dataclass(frozen=True)
class KaskadeView:
    kaskade: Kaskade
    tahun: int
    bulan: int
    rows: Columns  # kode, nama, one column per step, konversi_<step>, melebihi
    total: dict


@cached_by_version()
def kaskade_view(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int,
                 kode_kaskade: str) -> KaskadeView:
    """A cascade's steps (Jan..bulan) per area one level below `area.map_area`, and in total."""
    kaskade = KASKADE_BY_CODE[kode_kaskade]
    sasaran = (kaskade.sasaran,) if kaskade.sasaran else ()
    v = _shown(conn, scope, area, (tahun,), kaskade.registers, sasaran, bulan)
    rows = _named(kaskade_sums(v.data, None, kaskade, tahun, bulan, list(v.areas["kode"])), v.areas["nama"])
    total = _row(kaskade_sums(v.own_data, None, kaskade, tahun, bulan, [v.own]), area.nama)
    return KaskadeView(kaskade, tahun, bulan, rows, total)


@dataclass(frozen=True)
class RincianView:
    rincian: Rincian
    tahun: int
    bulan: int
    rows: Columns  # kode, nama, jumlah_i, penyebut_i, nilai_i
    total: dict


@cached_by_version()
def rincian_view(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int,
                 code: str) -> RincianView:
    """A breakdown (Jan..bulan) per area one level below `area.map_area`, and in total."""
    rincian = RINCIAN_BY_CODE[code]
    v = _shown(conn, scope, area, (tahun,), rincian.registers, rincian.sasaran, bulan)
    rows = _named(rincian_sums(v.data, None, rincian, tahun, bulan, list(v.areas["kode"])), v.areas["nama"])
    total = _row(rincian_sums(v.own_data, None, rincian, tahun, bulan, [v.own]), area.nama)
    return RincianView(rincian, tahun, bulan, rows, total)


def pws_by_level(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int, bulan: int,
                 indikator: str) -> pd.DataFrame:
    """The pws table for the areas of any `level` inside `area` (the export)."""
    ind = INDICATOR_BY_CODE[indikator]
    if ind.per_puskesmas and level == Level.DESA:
        raise ValueError(f"Indikator {ind.code} dicatat per Puskesmas; tidak ada nilai per desa.")
    sasaran = (ind.denominator,) if ind.by_sasaran else ()
    data = read_inputs(conn, scope, area, level, (tahun - 1, tahun), ind.registers, sasaran)
    areas = area_row(area) if level == area.level else areas_at(conn, scope, area, level)
    per_area = resolve_targets(ind, target_rows(conn, ind.code, tahun), areas)
    kode = list(areas["kode"])
    ada = expected_reporters(units_of(conn, scope, area, level), ind, kode)
    return _named(pws_columns(data, None, ind, tahun, bulan, kode, per_area, ada=ada),
                  areas["nama"]).frame()


def units_of(conn: Connection, scope: Scope, area: Area, level: Level) -> Columns:
    """units_at for the areas of `level` inside `area`, `area` itself included (the country:
    its provinces summed)."""
    if level == Level.NASIONAL:
        units = units_at(conn, scope, area, Level.PROVINSI)
        return Columns(kode=np.array([""], dtype=object), desa=np.array([units["desa"].sum()]),
                       puskesmas=np.array([units["puskesmas"].sum()]))
    return units_at(conn, scope, area, level)


def kaskade_by_level(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int, bulan: int,
                     kode_kaskade: str) -> pd.DataFrame:
    kaskade = KASKADE_BY_CODE[kode_kaskade]
    sasaran = (kaskade.sasaran,) if kaskade.sasaran else ()
    data = read_inputs(conn, scope, area, level, (tahun,), kaskade.registers, sasaran, bulan)
    areas = area_row(area) if level == area.level else areas_at(conn, scope, area, level)
    return _named(kaskade_sums(data, None, kaskade, tahun, bulan, list(areas["kode"])), areas["nama"]).frame()


@cached_by_version()
def pws_totals(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int,
               codes: tuple[str, ...]) -> list[dict]:
    """The PWS row of `area` itself for each indicator in `codes` (a page's summary): one
    read of every register and sasaran they need. Keys: indikator, label, kelompok (its
    code), then indicators.pws.pws_table's columns."""
    inds = [INDICATOR_BY_CODE[c] for c in codes]
    # a desa shows an indicator recorded per Puskesmas through its Puskesmas
    shown = {ind.code: record_area(area, ind) for ind in inds}
    read, units = {}, {}
    for where in dict.fromkeys(shown.values()):
        units[where] = units_of(conn, scope, where, where.level)
        mine = [i for i in inds if shown[i.code] == where]  # (map_area builds a new Area each time)
        registers = tuple(sorted({r for i in mine for r in i.registers}))
        sasaran = tuple(sorted({i.denominator for i in mine if i.by_sasaran}))
        read[where] = _own_inputs(conn, scope, where, (tahun - 1, tahun), registers, sasaran)
    rows = []
    for ind in inds:
        where = shown[ind.code]
        own = where.kode or ""
        target = resolve_targets(ind, target_rows(conn, ind.code, tahun), area_row(where)).get(own)
        ada = expected_reporters(units[where], ind, [own])
        row = {k: v[0] for k, v in pws_columns(read[where], None, ind, tahun, bulan, [own], {own: target},
                                               ada=ada).items()}
        if where != area:
            row["alasan"] = "; ".join(filter(None, [f"dicatat per Puskesmas: nilai {where.nama}", row["alasan"]]))
        rows.append({"indikator": ind.code, "label": ind.label, "kelompok": ind.group, **row})
    return rows


def last_import(conn: Connection, scope: Scope):
    """When the viewer's registers were last imported (an accepted layanan import), or None.
    Imports by a user whose wilayah lies inside the scope or holds it count (a kabupaten's or
    the operator's import updates its Puskesmas' registers); another Puskesmas' do not: when
    a sibling imported is not the viewer's to know."""
    above = () if scope.level == Level.NASIONAL else resolve_area(conn, scope, scope.level, scope.kode).ancestors
    params = {"scope_kode": scope.kode} if scope.level != Level.NASIONAL else {}
    params.update({f"kode_{lv.value}": kode for lv, kode, _ in above})
    statement = _last_import_statement(scope.level, tuple(lv for lv, _, _ in above))
    return conn.execute(statement, params).scalar()


@lru_cache(maxsize=16)
def _last_import_statement(scope_level: Level, above: tuple[Level, ...]):
    """last_import's query for a scope of `scope_level` under areas of the levels `above`,
    the codes bound when it runs (composing it cost more than running it: 1,3 ms a page)."""
    log = schema.impor_log
    holds = [log.c.tingkat_wilayah.is_(None), log.c.tingkat_wilayah == Level.NASIONAL.value,
             area_inside(Scope(scope_level, bindparam("scope_kode")), log.c.tingkat_wilayah, log.c.kode_wilayah)]
    holds += [and_(log.c.tingkat_wilayah == lv.value, log.c.kode_wilayah == bindparam(f"kode_{lv.value}"))
              for lv in above]
    return (select(log.c.waktu).where(log.c.dataset == "layanan", log.c.hasil == "berhasil", or_(*holds))
            .order_by(log.c.waktu.desc()).limit(1))
