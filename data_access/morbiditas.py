"""Morbidity queries: the most frequent diagnoses of an area, their trend, the cases of one
diagnosis per child area with the population (desa.jumlah_penduduk summed upward) and per
1.000, and the breakdown by age and sex. Read from the per-area sums (morbiditas_wilayah,
morbiditas_rincian), never a province's desa rows; every function takes the viewer's scope
and refuses an area outside it in the words of data_access.pws."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
from sqlalchemy import Connection, and_, bindparam, case, func, or_, select, true

from data_access import schema
from data_access.cache import cached_by_version
from data_access.db import driver_rows
from data_access.wilayah import DESA_KEY, NAME_TABLES, scope_key
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators.morbiditas import TOP, last_months, rate_of

mw, mr, mb, dx = schema.morbiditas_wilayah, schema.morbiditas_rincian, schema.morbiditas, schema.diagnosis

CASE_COLUMNS = ["kode", "nama", "penduduk", "desa_tanpa_penduduk", "kasus", "per_1000", "keterangan"]


def _own(table, area_level: Level, scope_level: Level) -> list:
    """WHERE clauses on a per-area table for the rows of the area itself (bound: area_kode,
    scope_kode); the whole country is the sum of its provinces inside the scope."""
    if area_level == Level.NASIONAL:
        inside = select(DESA_KEY[Level.PROVINSI]).where(_inside(Level.NASIONAL, scope_level))
        return [table.c.tingkat == Level.PROVINSI.value, table.c.kode.in_(inside)]
    return [table.c.tingkat == area_level.value, table.c.kode == bindparam("area_kode")]


def _period(table, kumulatif: bool) -> list:
    """The month, or January..bulan (bound: tahun, bulan)."""
    month = table.c.bulan <= bindparam("bulan") if kumulatif else table.c.bulan == bindparam("bulan")
    return [table.c.tahun == bindparam("tahun"), month]


def _params(scope: Scope, area: Area, **more) -> dict:
    return {"area_kode": area.kode, "scope_kode": scope.kode, **more}


# Each statement is built once per shape and run with bound parameters: composing a select
# costs more than running it on the summary's few hundred rows.

@lru_cache(maxsize=16)
def _years_statement(area_level: Level, scope_level: Level):
    return select(mw.c.tahun).distinct().where(*_own(mw, area_level, scope_level))


@lru_cache(maxsize=16)
def _latest_statement(area_level: Level, scope_level: Level):
    return select(func.max(mw.c.bulan)).where(*_own(mw, area_level, scope_level), mw.c.tahun == bindparam("tahun"))


@lru_cache(maxsize=16)
def _months_statement(area_level: Level, scope_level: Level):
    return (select(mw.c.tahun, mw.c.bulan, mw.c.kode_icd, func.sum(mw.c.jumlah))
            .where(*_own(mw, area_level, scope_level), mw.c.tahun.in_(bindparam("years", expanding=True)))
            .group_by(mw.c.tahun, mw.c.bulan, mw.c.kode_icd))


_NAMES = select(dx.c.kode_icd, dx.c.nama).order_by(dx.c.kode_icd)


@cached_by_version()
def morbiditas_years(conn: Connection, scope: Scope, area: Area) -> tuple[int, ...]:
    """Years with morbidity reported inside the area, oldest first."""
    require_in_scope(scope, area)
    rows = driver_rows(conn, _years_statement(area.level, scope.level), _params(scope, area))
    return tuple(sorted(int(r[0]) for r in rows))


@cached_by_version()
def latest_month(conn: Connection, scope: Scope, area: Area, tahun: int) -> int | None:
    """The latest month of `tahun` with morbidity reported inside the area (a page opens on it)."""
    require_in_scope(scope, area)
    rows = driver_rows(conn, _latest_statement(area.level, scope.level), _params(scope, area, tahun=tahun))
    return int(rows[0][0]) if rows and rows[0][0] is not None else None


@cached_by_version()
def diagnosis_names(conn: Connection) -> dict[str, str]:
    """Every stored diagnosis code → its latest imported name (the names of codes already
    found in scoped rows; what a viewer may be offered is diagnoses_in_scope)."""
    return dict(driver_rows(conn, _NAMES, {}))


@lru_cache(maxsize=8)
def _scope_codes_statement(scope_level: Level):
    """The codes with any row inside the scope (the country: inside any province)."""
    level = Level.PROVINSI if scope_level == Level.NASIONAL else scope_level
    where = [mw.c.tingkat == level.value]
    if scope_level != Level.NASIONAL:
        where.append(mw.c.kode == bindparam("scope_kode"))
    return select(mw.c.kode_icd).distinct().where(*where)


@cached_by_version()
def diagnoses_in_scope(conn: Connection, scope: Scope) -> dict[str, str]:
    """The diagnosis codes reported anywhere inside the viewer's wilayah (any year) → their
    names: what a menu may offer and a request may name. A code reported only outside it is
    unknown to this viewer, in the same words as a code never stored (that another
    Puskesmas reported it is not theirs to learn)."""
    codes = {r[0] for r in driver_rows(conn, _scope_codes_statement(scope.level), {"scope_kode": scope.kode})}
    return {k: v for k, v in diagnosis_names(conn).items() if k in codes}


@cached_by_version()
def _own_months(conn: Connection, scope: Scope, area: Area, tahun: int) -> list[tuple[int, int, str, int]]:
    """The area's own monthly sums of `tahun` and the year before (what its ranking and its
    24-month trend read): (tahun, bulan, kode_icd, jumlah) tuples. One range of the summary's key."""
    require_in_scope(scope, area)
    rows = driver_rows(conn, _months_statement(area.level, scope.level),
                       _params(scope, area, years=[tahun - 1, tahun]))
    return [(int(y), int(m), k, int(j)) for y, m, k, j in rows]


@cached_by_version()
def ranked_diagnoses(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int,
                     kumulatif: bool = False) -> pd.DataFrame:
    """Every diagnosis with cases inside the area in the month (kumulatif: January..bulan):
    kode_icd, nama, jumlah; most cases first, ties by code (the same order every time)."""
    summed: dict[str, int] = {}
    for y, m, kode, jumlah in _own_months(conn, scope, area, tahun):
        if y == tahun and (m <= bulan if kumulatif else m == bulan):
            summed[kode] = summed.get(kode, 0) + jumlah
    order = sorted(((k, j) for k, j in summed.items() if j > 0), key=lambda r: (-r[1], r[0]))
    names = diagnosis_names(conn)
    return pd.DataFrame({"kode_icd": [k for k, _ in order], "nama": [names.get(k, k) for k, _ in order],
                         "jumlah": pd.array([j for _, j in order], dtype="int64")})


def top_diagnoses(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int,
                  kumulatif: bool = False, n: int = TOP) -> pd.DataFrame:
    """The n most frequent diagnoses (ranked_diagnoses' first rows)."""
    return ranked_diagnoses(conn, scope, area, tahun, bulan, kumulatif).head(n).reset_index(drop=True)


@cached_by_version()
def trend(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int,
          codes: tuple[str, ...]) -> pd.DataFrame:
    """The monthly cases of each code over the 24 months ending with (tahun, bulan): kode_icd,
    tahun, bulan, jumlah. A month in which the area reported no morbidity at all has jumlah
    None (no report: a gap, not 0); a month with reports but none of this code has 0."""
    months = last_months(tahun, bulan)
    rows = list(_own_months(conn, scope, area, tahun))  # tahun - 1 and tahun
    if months[0][0] < tahun - 1:  # unless the window ends in December: the year before last too
        rows += [r for r in _own_months(conn, scope, area, tahun - 1) if r[0] == tahun - 2]
    reported = {(y, m) for y, m, _, _ in rows}
    wanted = set(codes)
    found = {(k, y, m): j for y, m, k, j in rows if k in wanted}
    out = [(k, y, m, found.get((k, y, m), 0) if (y, m) in reported else None)
           for k in codes for y, m in months]
    return pd.DataFrame(out, columns=["kode_icd", "tahun", "bulan", "jumlah"])


def _check_level(area: Area, level: Level) -> None:
    order = list(Level)
    if level == Level.NASIONAL or order.index(level) < order.index(area.level):
        raise ValueError(f"Tingkat {level.label} berada di atas {area.nama}.")


def _inside(area_level: Level, scope_level: Level):
    where = [true()]
    if area_level != Level.NASIONAL:
        where.append(DESA_KEY[area_level] == bindparam("area_kode"))
    if scope_level != Level.NASIONAL:
        where.append(scope_key(scope_level, area_level) == bindparam("scope_kode"))
    return and_(*where)


@lru_cache(maxsize=64)
def _population_statement(area_level: Level, scope_level: Level, level: Level):
    """The areas of `level` inside the area, by name, with their population and the number of
    their desa without one (empty or 0). Built once per shape."""
    desa, key, names = schema.desa, DESA_KEY[level], NAME_TABLES[level]
    missing = case((or_(desa.c.jumlah_penduduk.is_(None), desa.c.jumlah_penduduk <= 0), 1), else_=0)
    inner = (select(key.label("kode"), func.sum(desa.c.jumlah_penduduk).label("penduduk"),
                    func.sum(missing).label("tanpa"))
             .where(_inside(area_level, scope_level)).group_by(key).subquery())
    return (select(inner.c.kode, names.c.nama, inner.c.penduduk, inner.c.tanpa)
            .join(names, names.c.kode == inner.c.kode).order_by(names.c.nama, inner.c.kode))


@lru_cache(maxsize=64)
def _cases_statement(area_level: Level, scope_level: Level, level: Level, kumulatif: bool):
    inside = select(DESA_KEY[level]).where(_inside(area_level, scope_level))
    month = mw.c.bulan <= bindparam("bulan") if kumulatif else mw.c.bulan == bindparam("bulan")
    return (select(mw.c.kode, func.sum(mw.c.jumlah))
            .where(mw.c.tingkat == level.value, mw.c.kode_icd == bindparam("icd"),
                   mw.c.tahun == bindparam("tahun"), month, mw.c.kode.in_(inside))
            .group_by(mw.c.kode))


def cases_by_level(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int, bulan: int,
                   kode_icd: str, kumulatif: bool = False) -> pd.DataFrame:
    """The cases of one diagnosis in each area of `level` inside `area` (the level of `area`:
    the area itself), with the population and the rate: CASE_COLUMNS, by name. An area
    without cases has 0; per_1000 is empty (with the reason in keterangan) when the
    population of any of its desa is unknown."""
    require_in_scope(scope, area)
    _check_level(area, level)
    params = {"area_kode": area.kode, "scope_kode": scope.kode}
    areas = driver_rows(conn, _population_statement(area.level, scope.level, level), params)
    cases = dict(driver_rows(conn, _cases_statement(area.level, scope.level, level, kumulatif),
                             {**params, "icd": kode_icd, "tahun": tahun, "bulan": bulan}))
    penduduk = [int(r[2]) if r[2] is not None else None for r in areas]
    tanpa = [int(r[3] or 0) for r in areas]
    kasus = [int(cases.get(r[0]) or 0) for r in areas]
    found = [rate_of(k, p, t, level) for k, p, t in zip(kasus, penduduk, tanpa)]
    return pd.DataFrame({
        "kode": [r[0] for r in areas], "nama": [r[1] for r in areas],
        "penduduk": pd.array(penduduk, dtype="Int64"), "desa_tanpa_penduduk": pd.array(tanpa, dtype="int64"),
        "kasus": pd.array(kasus, dtype="int64"),
        "per_1000": [float("nan") if r is None else r for r, _ in found], "keterangan": [w for _, w in found],
    }, columns=CASE_COLUMNS)


@cached_by_version()
def cases_by_area(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int, kode_icd: str,
                  kumulatif: bool = False) -> tuple[pd.DataFrame, dict]:
    """What the map shows: cases_by_level for the areas one level below `area.map_area` (a
    desa is shown among its Puskesmas' desa), and the row of `area` itself (summed, then
    divided)."""
    require_in_scope(scope, area)
    shown = area.map_area
    rows = cases_by_level(conn, scope, shown, shown.level.child, tahun, bulan, kode_icd, kumulatif)
    if area is not shown:
        own = rows[rows["kode"] == area.kode]
        return rows, (own.iloc[0].to_dict() if len(own) else {})
    known = [p for p in rows["penduduk"].tolist() if p is not pd.NA and p is not None]
    penduduk = sum(known) if known else None
    tanpa, kasus = int(rows["desa_tanpa_penduduk"].sum()), int(rows["kasus"].sum())
    per_1000, why = rate_of(kasus, penduduk, tanpa, area.level)
    return rows, {"kode": area.kode or "", "nama": area.nama, "penduduk": penduduk, "desa_tanpa_penduduk": tanpa,
                  "kasus": kasus, "per_1000": per_1000, "keterangan": why}


@cached_by_version()
def breakdown(conn: Connection, scope: Scope, area: Area, tahun: int, bulan: int, kode_icd: str,
              kumulatif: bool = False) -> pd.DataFrame:
    """The cases of one diagnosis inside `area` by age group and sex: kelompok_umur,
    jenis_kelamin, jumlah. A kabupaten, a province or the country from morbiditas_rincian; a
    Puskesmas or a desa from its desa rows."""
    require_in_scope(scope, area)
    rows = driver_rows(conn, _breakdown_statement(area.level, scope.level, kumulatif),
                       _params(scope, area, icd=kode_icd, tahun=tahun, bulan=bulan))
    return pd.DataFrame([(k, j, int(n)) for k, j, n in rows], columns=["kelompok_umur", "jenis_kelamin", "jumlah"])


@lru_cache(maxsize=32)
def _breakdown_statement(area_level: Level, scope_level: Level, kumulatif: bool):
    if area_level in (Level.PUSKESMAS, Level.DESA):
        inside = select(schema.desa.c.kode).where(DESA_KEY[area_level] == bindparam("area_kode"))
        source, where = mb, [mb.c.kode_desa.in_(inside)]
    else:
        source, where = mr, _own(mr, area_level, scope_level)
    return (select(source.c.kelompok_umur, source.c.jenis_kelamin, func.sum(source.c.jumlah))
            .where(*where, source.c.kode_icd == bindparam("icd"), *_period(source, kumulatif))
            .group_by(source.c.kelompok_umur, source.c.jenis_kelamin))


def top_by_level(conn: Connection, scope: Scope, area: Area, level: Level, tahun: int, bulan: int | None,
                 n: int = TOP) -> pd.DataFrame:
    """Each area of `level` inside `area` with its n most frequent diagnoses of the month
    (bulan None: the whole year): kode, nama, peringkat, kode_icd, nama_diagnosis, kasus;
    by area code, then rank (ties by code)."""
    require_in_scope(scope, area)
    _check_level(area, level)
    params = {"area_kode": area.kode, "scope_kode": scope.kode}
    areas = driver_rows(conn, _population_statement(area.level, scope.level, level), params)
    names = {r[0]: r[1] for r in areas}
    inside = select(DESA_KEY[level]).where(_inside(area.level, scope.level))
    month = [] if bulan is None else [mw.c.bulan == bulan]
    stmt = (select(mw.c.kode, mw.c.kode_icd, func.sum(mw.c.jumlah).label("kasus"))
            .where(mw.c.tingkat == level.value, mw.c.tahun == tahun, *month, mw.c.kode.in_(inside))
            .group_by(mw.c.kode, mw.c.kode_icd))
    frame = pd.DataFrame(driver_rows(conn, stmt, params), columns=["kode", "kode_icd", "kasus"])
    frame["kasus"] = pd.to_numeric(frame["kasus"]).astype("int64")
    frame = frame[frame["kasus"] > 0].sort_values(["kode", "kasus", "kode_icd"], ascending=[True, False, True])
    frame["peringkat"] = frame.groupby("kode").cumcount() + 1
    frame = frame[frame["peringkat"] <= n]
    dxn = diagnosis_names(conn)
    frame["nama"] = frame["kode"].map(names)
    frame["nama_diagnosis"] = frame["kode_icd"].map(lambda k: dxn.get(k, k))
    return frame[["kode", "nama", "peringkat", "kode_icd", "nama_diagnosis", "kasus"]].reset_index(drop=True)
