"""IKS queries: read the per-desa summary (never raw family rows) and sum it per area."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from sqlalchemy import Connection, and_, bindparam, case, func, select, true

from data_access import schema
from data_access.cache import cached_by_version
from data_access.db import driver_rows
from data_access.schema import SUMMARY_COUNT_COLUMNS
from data_access.wilayah import DESA_KEY, NAME_TABLES, scope_filter, scope_key
from domain.codes import Level
from domain.wilayah import Area, Scope, require_in_scope
from indicators.iks import area_indicators, total_indicators

ringkasan = schema.iks_ringkasan
ringkasan_wilayah = schema.iks_ringkasan_wilayah


@cached_by_version()
def iks_years(conn: Connection, scope: Scope, area: Area) -> tuple[int, ...]:
    """Years with family visits inside the area, oldest first: from the area's own summary
    rows (a province's are a handful; its desa rows are 12,000)."""
    require_in_scope(scope, area)
    if area.level == Level.DESA:
        stmt = select(ringkasan.c.tahun).distinct().where(ringkasan.c.kode_desa == area.kode)
    elif area.level == Level.NASIONAL:
        stmt = select(ringkasan_wilayah.c.tahun).distinct().where(
            ringkasan_wilayah.c.tingkat == Level.PROVINSI.value,
            ringkasan_wilayah.c.kode.in_(select(DESA_KEY[Level.PROVINSI]).where(scope_filter(scope))))
    else:
        stmt = select(ringkasan_wilayah.c.tahun).distinct().where(
            ringkasan_wilayah.c.tingkat == area.level.value, ringkasan_wilayah.c.kode == area.kode)
    return tuple(sorted(int(y) for y in conn.execute(stmt).scalars()))


def iks_by_area(
    conn: Connection, scope: Scope, area: Area, tahun: int, *, awal: bool = False
) -> pd.DataFrame:
    """Summed IKS counts for each area one level below `area`, as of 31 December of `tahun`
    (awal=True: each family's first visit), plus `awal_sehat` and `awal_keluarga_iks` for
    the initial IKS beside it. Every child area is listed, with zero counts when it has no
    visits. Columns: kode, nama, jumlah_desa, keluarga_terdaftar, desa_tanpa_terdaftar,
    the summary counts, awal_sehat, awal_keluarga_iks. One query, one row per area."""
    if area.level.child is None:
        raise ValueError("Desa tidak mempunyai wilayah di bawahnya.")
    return iks_by_level(conn, scope, area, area.level.child, tahun, awal=awal)


def iks_by_level(
    conn: Connection, scope: Scope, area: Area, level: Level, tahun: int, *, awal: bool = False
) -> pd.DataFrame:
    """As iks_by_area, for the areas of any `level` inside `area` (the same level gives
    `area` itself): the export reads the same statement as the page."""
    require_in_scope(scope, area)
    order = list(Level)
    if order.index(level) < order.index(area.level):
        raise ValueError(f"Tingkat {level.label} berada di atas {area.nama}.")
    stmt = _iks_by_area_statement(area.level, scope.level, awal, level)
    columns = list(stmt.selected_columns.keys())
    rows = driver_rows(conn, stmt, {"tahun": tahun, "area_kode": area.kode, "scope_kode": scope.kode})
    # one float block (PostgreSQL sums arrive as Decimal); per-column casts cost more than the query
    numbers = np.array([row[1:-1] for row in rows], dtype=float).reshape(len(rows), len(columns) - 2)
    frame = pd.DataFrame(numbers, columns=columns[1:-1])
    frame.insert(0, "kode", [row[0] for row in rows])
    frame.insert(1, "nama", [row[-1] for row in rows])
    return frame


@lru_cache(maxsize=64)
def _iks_by_area_statement(area_level: Level, scope_level: Level, awal: bool, level: Level):
    """Built once per shape and reused with bound parameters: composing this select costs
    more than running it. Desa are summed from the desa summary; Puskesmas, kabupaten and
    provinsi are read from their own summary (kept current on every write)."""
    child = level
    key = DESA_KEY[child]
    names = NAME_TABLES[child]
    inside = [] if area_level == Level.NASIONAL else [DESA_KEY[area_level] == bindparam("area_kode")]
    if scope_level != Level.NASIONAL:
        inside.append(scope_key(scope_level, area_level) == bindparam("scope_kode"))
    desa_counts = (
        select(
            key.label("kode"),
            func.count().label("jumlah_desa"),  # count(*): kode is the key, never NULL; and not read
            func.sum(schema.desa.c.jumlah_keluarga).label("keluarga_terdaftar"),
            func.sum(case((schema.desa.c.jumlah_keluarga.is_(None), 1), else_=0)).label("desa_tanpa_terdaftar"),
        )
        .where(and_(true(), *inside))
        .group_by(key)
        .subquery("desa_counts")
    )
    if child == Level.DESA:
        source = ringkasan
        source_key = ringkasan.c.kode_desa
        at_year = ringkasan.c.tahun == bindparam("tahun")
    else:
        source = ringkasan_wilayah
        source_key = ringkasan_wilayah.c.kode
        at_year = and_(ringkasan_wilayah.c.tingkat == child.value,
                       ringkasan_wilayah.c.tahun == bindparam("tahun"))
    chosen = source.c.awal.is_(awal)
    summed = (
        select(
            source_key.label("kode"),
            *[func.sum(case((chosen, source.c[col]), else_=0)).label(col) for col in SUMMARY_COUNT_COLUMNS],
            func.sum(case((source.c.awal.is_(True), source.c.sehat), else_=0)).label("awal_sehat"),
            func.sum(case((source.c.awal.is_(True), source.c.keluarga_iks), else_=0)).label("awal_keluarga_iks"),
        )
        .where(at_year, source_key.in_(select(key).where(and_(true(), *inside))))
        .group_by(source_key)
        .subquery("summed")
    )
    counts = [*SUMMARY_COUNT_COLUMNS, "awal_sehat", "awal_keluarga_iks"]
    return (
        select(desa_counts, *[func.coalesce(summed.c[c], 0).label(c) for c in counts], names.c.nama)
        .select_from(desa_counts.outerjoin(summed, summed.c.kode == desa_counts.c.kode)
                     .join(names, names.c.kode == desa_counts.c.kode))
        .order_by(names.c.nama)
    )


@cached_by_version()
def iks_area_table(
    conn: Connection, scope: Scope, area: Area, tahun: int
) -> tuple[pd.DataFrame, dict]:
    """Everything the IKS page shows for the areas of `area.map_area` (one level below it;
    a desa is shown among its Puskesmas' desa): counts, IKS, category, visit coverage, the
    12 coverages, IKS awal and its change; plus the same for `area` itself (summed counts,
    then ratios)."""
    shown = area.map_area
    rows = area_indicators(iks_by_area(conn, scope, shown, tahun))
    if area is not shown:
        total = rows.loc[rows["kode"] == area.kode].iloc[0].to_dict()
    else:
        total = total_indicators(rows)
    return rows, total
