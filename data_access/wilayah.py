"""The wilayah hierarchy: viewer scope, resolving an area and its ancestry, listing children."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Connection, and_, bindparam, literal_column, select, true

from data_access import schema
from data_access.cache import cached_by_version
from domain.codes import Level
from domain.wilayah import NASIONAL, Area, AreaNotFound, Scope, not_visible, require_in_scope
from indicators.columns import Columns, strings

NAME_TABLES = {
    Level.PROVINSI: schema.provinsi,
    Level.KABUPATEN: schema.kabupaten,
    Level.PUSKESMAS: schema.puskesmas,
    Level.DESA: schema.desa,
}

# the desa column that holds each level's code (the desa table carries its ancestry)
DESA_KEY = {
    Level.PROVINSI: schema.desa.c.kode_provinsi,
    Level.KABUPATEN: schema.desa.c.kode_kabupaten,
    Level.PUSKESMAS: schema.desa.c.kode_puskesmas,
    Level.DESA: schema.desa.c.kode,
}


def desa_filter(area: Area):
    """WHERE clause on the desa table for the desa inside `area`."""
    if area.level == Level.NASIONAL:
        return true()
    return DESA_KEY[area.level] == area.kode


def resolve_area(conn: Connection, scope: Scope, level: Level, kode: str | None) -> Area:
    """The area (level, kode) with its ancestry; refuses unknown codes and areas outside the
    viewer's scope (never widens the view to fit the request)."""
    if level == Level.NASIONAL:
        area = NASIONAL
    else:
        try:
            area = _lookup(conn, level, kode)
        except AreaNotFound:
            if scope.level == Level.NASIONAL:
                raise
            raise AreaNotFound(not_visible(level, kode)) from None  # as an area out of scope
    require_in_scope(scope, area)
    return area


@cached_by_version()
def _lookup(conn: Connection, level: Level, kode: str | None) -> Area:
    row = conn.execute(_lookup_statement(level), {"kode": kode}).first() if kode else None
    if row is None:
        raise AreaNotFound(f"Kode {level.label.lower()} '{kode}' tidak ditemukan.")
    chain = []
    for i, lv in enumerate((Level.PROVINSI, Level.KABUPATEN, Level.PUSKESMAS, Level.DESA)):
        chain.append((lv, row[2 * i], row[2 * i + 1]))
        if lv == level:
            break
    lv, k, nama = chain[-1]
    return Area(lv, k, nama, tuple(chain[:-1]))


@lru_cache(maxsize=8)
def _lookup_statement(level: Level):
    """A desa of the area with the codes and names of its ancestry, in one query."""
    desa, provinsi, kabupaten, puskesmas = schema.desa, schema.provinsi, schema.kabupaten, schema.puskesmas
    return (select(desa.c.kode_provinsi, provinsi.c.nama, desa.c.kode_kabupaten, kabupaten.c.nama,
                   desa.c.kode_puskesmas, puskesmas.c.nama, desa.c.kode, desa.c.nama)
            .select_from(desa.outerjoin(provinsi, provinsi.c.kode == desa.c.kode_provinsi)
                         .outerjoin(kabupaten, kabupaten.c.kode == desa.c.kode_kabupaten)
                         .outerjoin(puskesmas, puskesmas.c.kode == desa.c.kode_puskesmas))
            .where(DESA_KEY[level] == bindparam("kode")).limit(1))


@cached_by_version()
def scope_root(conn: Connection, scope: Scope) -> Area:
    """Where a viewer starts: the scope's own area; for the whole country with a single
    province in the database, that province (a map of one polygon says nothing)."""
    if scope.level != Level.NASIONAL:
        return resolve_area(conn, scope, scope.level, scope.kode)
    provinces = conn.execute(select(schema.provinsi.c.kode).limit(2)).scalars().all()
    if len(provinces) == 1:
        return resolve_area(conn, scope, Level.PROVINSI, provinces[0])
    return NASIONAL


@cached_by_version()
def children(conn: Connection, scope: Scope, area: Area) -> Columns:
    """The areas one level below `area` that the viewer may see, by name: kode, nama."""
    child = area.level.child
    if child is None:
        return Columns(kode=strings([]), nama=strings([]))
    require_in_scope(scope, area)
    rows = conn.execute(_children_statement(area.level, scope.level),
                        {"area": area.kode, "scope": scope.kode}).all()
    return Columns(kode=strings([r[0] for r in rows]), nama=strings([r[1] for r in rows]))


@lru_cache(maxsize=32)
def _children_statement(area_level: Level, scope_level: Level):
    child = area_level.child
    names, key = NAME_TABLES[child], DESA_KEY[child]
    inside = [true()]
    if area_level != Level.NASIONAL:
        inside.append(DESA_KEY[area_level] == bindparam("area"))
    if scope_level != Level.NASIONAL:
        inside.append(scope_key(scope_level, area_level) == bindparam("scope"))
    return (select(names.c.kode, names.c.nama)
            .where(names.c.kode.in_(select(key).where(and_(*inside))))
            .order_by(names.c.nama))


def puskesmas_in_scope(conn: Connection, scope: Scope, limit: int) -> list[tuple[str, str, str]]:
    """(kode, nama, nama kabupaten) of the Puskesmas with a desa in the viewer's scope, by
    kabupaten then name, at most `limit`: one query, whatever the scope's size."""
    pkm, kab = schema.puskesmas, schema.kabupaten
    inside = select(schema.desa.c.kode_puskesmas).where(scope_filter(scope))
    stmt = (select(pkm.c.kode, pkm.c.nama, kab.c.nama).join(kab, kab.c.kode == pkm.c.kode_kabupaten)
            .where(pkm.c.kode.in_(inside)).order_by(kab.c.nama, pkm.c.nama).limit(limit))
    return [tuple(r) for r in conn.execute(stmt).all()]


def scope_filter(scope: Scope, area: Area | Scope | None = None):
    """WHERE clause on the desa table for the desa inside the viewer's scope; with `area`, the
    area (or scope) whose own filter stands in the same WHERE (see scope_key)."""
    if scope.level == Level.NASIONAL:
        return true()
    return scope_key(scope.level, area.level if area is not None else scope.level) == scope.kode


def scope_key(scope_level: Level, area_level: Level):
    """The desa column to compare with the scope's code, beside an area's own filter. When the
    area lies below the scope, its own code selects the desa and the scope's only checks them:
    `|| ''` keeps the scope's index out of the plan. Without statistics SQLite otherwise took
    the provinsi index for a Puskesmas inside a province and read its 6.000 desa (2 ms for a
    0,05 ms look-up, on the load test's data); PostgreSQL plans the same either way."""
    key = DESA_KEY[scope_level]
    order = list(Level)
    return key.concat(literal_column("''")) if order.index(area_level) > order.index(scope_level) else key
