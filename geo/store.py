"""Storing boundaries: repaired desa polygons, and the simplified outlines of every level."""
from __future__ import annotations

from datetime import UTC, datetime

import geopandas as gpd
import pandas as pd
from sqlalchemy import Connection, select

from data_access import schema
from data_access.db import set_info
from data_access.store import write_batas_desa, write_peta
from geo.boundaries import (
    TOLERANCE,
    dissolve,
    feature_json,
    geometry_from_json,
    repair,
    simplify_coverage,
)


def store_desa_boundaries(conn: Connection, gdf: gpd.GeoDataFrame) -> None:
    """Save desa polygons (columns kode, geometry) and rebuild the outlines of all levels.
    Runs in the caller's transaction, so a page never sees half a boundary import."""
    fixed = repair(gdf[["kode", "geometry"]])
    write_batas_desa(conn, pd.DataFrame({
        "kode_desa": fixed["kode"].to_numpy(),
        "geojson": [feature_json(g) for g in fixed.geometry],
    }))
    rebuild_outlines(conn)


def rebuild_outlines(conn: Connection) -> None:
    """Outlines per level from every stored desa polygon: desa simplified together (shared
    borders stay shared), Puskesmas / kabupaten / provinsi dissolved from their desa."""
    batas, desa = schema.batas_desa, schema.desa
    rows = conn.execute(
        select(batas.c.kode_desa, batas.c.geojson, desa.c.kode_puskesmas, desa.c.kode_kabupaten,
               desa.c.kode_provinsi)
        .join(desa, desa.c.kode == batas.c.kode_desa)
    ).all()
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=["desa", "geojson", "puskesmas", "kabupaten", "provinsi"])
    gdf = gpd.GeoDataFrame(frame.drop(columns="geojson"),
                           geometry=[geometry_from_json(t) for t in frame["geojson"]], crs="EPSG:4326")
    for level in ("desa", "puskesmas", "kabupaten", "provinsi"):
        outlines = gdf[[level, "geometry"]] if level == "desa" else dissolve(gdf, level)
        simple = simplify_coverage(outlines, TOLERANCE[level])
        write_peta(conn, level, pd.DataFrame({
            "kode": simple[level].to_numpy(),
            "geojson": [feature_json(g) for g in simple.geometry],
        }))
    set_info(conn, "versi_peta", datetime.now(UTC).strftime("%Y%m%d%H%M%S%f"))
