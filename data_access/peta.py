"""Boundary queries: the simplified outlines of the areas a map shows."""
from __future__ import annotations

import json

import pandas as pd
import shapely
from shapely.geometry import shape
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
    inside = select(DESA_KEY[child]).where(and_(desa_filter(area), scope_filter(scope, area)))
    stmt = (
        select(peta.c.kode, names.c.nama, peta.c.geojson)
        .join(names, names.c.kode == peta.c.kode)
        .where(peta.c.tingkat == child.value, peta.c.kode.in_(inside))
        .order_by(peta.c.kode)
    )
    return pd.DataFrame(conn.execute(stmt).all(), columns=["kode", "nama", "geojson"])


def has_outlines(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(schema.peta)).scalar() > 0


def child_rings(conn: Connection, scope: Scope, area: Area, *, tolerance: float = 0.0005,
                max_points: int = 400) -> tuple[dict, ...]:
    """The outlines of the areas one level below `area` as plain coordinates, for a map drawn
    without any base map (the projector deck: offline, no tile or topojson download): one
    dict per area, kode, nama, cincin (the outer rings, each a tuple of (lon, lat), simplified
    to at most about `max_points` points) and pusat (a point inside the area, for its
    label)."""
    out = []
    for kode, nama, text in child_outlines(conn, scope, area).itertuples(index=False):
        try:
            geom = shape(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
        if geom.is_empty:
            continue
        simple = shapely.simplify(geom, tolerance, preserve_topology=True)
        polygons = list(getattr(simple, "geoms", [simple]))
        rings = []
        for poly in polygons:
            coords = list(getattr(poly, "exterior", poly).coords)
            step = max(1, len(coords) // max_points)
            ring = coords[::step]
            if ring[-1] != coords[-1]:
                ring.append(coords[-1])
            rings.append(tuple((round(x, 5), round(y, 5)) for x, y, *_ in ring))
        inside = geom.representative_point()
        out.append({"kode": str(kode), "nama": str(nama), "cincin": tuple(rings),
                    "pusat": (round(inside.x, 5), round(inside.y, 5))})
    return tuple(out)
