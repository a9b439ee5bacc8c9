"""The wilayah hierarchy: viewer scope, resolving an area and its ancestry, listing children."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, and_, select, true

from data_access import schema
from data_access.cache import cached_by_version
from data_access.codes import Level

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


class WilayahError(ValueError):
    """An area that does not exist or that the viewer may not see; the message is for the user."""


class AreaNotFound(WilayahError):
    pass


class OutOfScope(WilayahError):
    pass


@dataclass(frozen=True)
class Scope:
    """The wilayah subtree a viewer may see: everything, or one provinsi/kabupaten/puskesmas."""

    level: Level = Level.NASIONAL
    kode: str | None = None

    @classmethod
    def everything(cls) -> "Scope":
        return cls()


@dataclass(frozen=True)
class Area:
    level: Level
    kode: str | None
    nama: str
    # ancestors from the top down, each (level, kode, nama); excludes this area
    ancestors: tuple[tuple[Level, str, str], ...] = field(default=())

    def code_at(self, level: Level) -> str | None:
        if level == self.level:
            return self.kode
        return next((k for lv, k, _ in self.ancestors if lv == level), None)

    @property
    def map_area(self) -> "Area":
        """The area whose children a map shows: a desa is shown among its Puskesmas' desa."""
        if self.level == Level.DESA:
            lv, kode, nama = self.ancestors[-1]
            return Area(lv, kode, nama, self.ancestors[:-1])
        return self


NASIONAL = Area(Level.NASIONAL, None, "Indonesia")


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
        area = _lookup(conn, level, kode)
    require_in_scope(scope, area)
    return area


@cached_by_version()
def _lookup(conn: Connection, level: Level, kode: str | None) -> Area:
    d = schema.desa
    key = DESA_KEY[level]
    cols = [d.c.kode_provinsi, d.c.kode_kabupaten, d.c.kode_puskesmas, d.c.kode]
    row = conn.execute(select(*cols).where(key == kode).limit(1)).first() if kode else None
    if row is None:
        raise AreaNotFound(f"Kode {level.label.lower()} '{kode}' tidak ditemukan.")
    codes = dict(zip([Level.PROVINSI, Level.KABUPATEN, Level.PUSKESMAS, Level.DESA], row))
    chain = []
    for lv in (Level.PROVINSI, Level.KABUPATEN, Level.PUSKESMAS, Level.DESA):
        table = NAME_TABLES[lv]
        nama = conn.execute(select(table.c.nama).where(table.c.kode == codes[lv])).scalar()
        chain.append((lv, codes[lv], nama))
        if lv == level:
            break
    lv, k, nama = chain[-1]
    return Area(lv, k, nama, tuple(chain[:-1]))


def in_scope(scope: Scope, area: Area) -> bool:
    if scope.level == Level.NASIONAL:
        return True
    depth = list(Level)
    if depth.index(area.level) < depth.index(scope.level):
        return False
    return area.code_at(scope.level) == scope.kode


def require_in_scope(scope: Scope, area: Area) -> None:
    """Refuse (never widen) an area outside the viewer's scope."""
    if not in_scope(scope, area):
        raise OutOfScope(f"Wilayah {area.nama} ({area.kode or 'nasional'}) berada di luar "
                         "wilayah yang boleh Anda lihat.")


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
def children(conn: Connection, scope: Scope, area: Area) -> pd.DataFrame:
    """The areas one level below `area` that the viewer may see: columns kode, nama."""
    child = area.level.child
    if child is None:
        return pd.DataFrame(columns=["kode", "nama"])
    require_in_scope(scope, area)
    names = NAME_TABLES[child]
    key = DESA_KEY[child]
    stmt = (
        select(names.c.kode, names.c.nama)
        .where(names.c.kode.in_(select(key).where(and_(desa_filter(area), scope_filter(scope)))))
        .order_by(names.c.nama)
    )
    # plain tuples: pandas probes each Row with hasattr(), which SQLAlchemy answers by raising
    return pd.DataFrame([tuple(r) for r in conn.execute(stmt)], columns=["kode", "nama"])


def scope_filter(scope: Scope):
    if scope.level == Level.NASIONAL:
        return true()
    return DESA_KEY[scope.level] == scope.kode
