"""Boundary queries: the simplified outlines of the areas a map shows."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, and_, func, select

from data_access import schema
from data_access.wilayah import DESA_KEY, NAME_TABLES, desa_filter, scope_filter
from domain.wilayah import Area, Scope, require_in_scope


def child_outlines(conn: Connection, scope: Scope, area: Area) -> pd.DataFrame:
    """Outlines (GeoJSON geometry text) of the areas one level below `area` that the
    viewer may see: columns kode, nama, geojson. Areas without a boundary are left out."""
    require_in_scope(scope, area)
    child = area.level.child
    if child is None:
        return pd.DataFrame(columns=["kode", "nama", "geojson"])
    names, peta = NAME_TABLES[child], schema.peta
    inside = select(DESA_KEY[child]).where(and_(desa_filter(area), scope_filter(scope)))
    stmt = (
        select(peta.c.kode, names.c.nama, peta.c.geojson)
        .join(names, names.c.kode == peta.c.kode)
        .where(peta.c.tingkat == child.value, peta.c.kode.in_(inside))
        .order_by(peta.c.kode)
    )
    return pd.DataFrame(conn.execute(stmt).all(), columns=["kode", "nama", "geojson"])


def has_outlines(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(schema.peta)).scalar() > 0
