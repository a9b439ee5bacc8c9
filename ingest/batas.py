"""The `batas` dataset: desa polygons from GeoJSON, Shapefile or GeoPackage, through geo/.

geo builds on data_access (it stores through data_access.store), so geo is imported inside
these functions: the import package is the one place in data_access that drives it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, bindparam, select

from data_access import schema
from ingest.report import Problem
from ingest.specs import BOUNDARY_TYPES


@dataclass
class Boundaries:
    gdf: object  # geopandas.GeoDataFrame: kode, nama, geometry as read
    geojson: list[str]  # the repaired geometry text of each feature, as it would be stored
    code_column: str | None


def read(path: Path, name: str, kolom_kode: str | None) -> tuple[Boundaries | None, list[Problem]]:
    """The features and their repaired geometry, or the problems (BoundaryError's text)."""
    from geopandas import GeoSeries

    from geo.boundaries import BoundaryError, feature_json, read_boundaries, repair

    suffix = Path(name).suffix.lower()
    if suffix not in BOUNDARY_TYPES:
        shown = f"'{suffix}'" if suffix else "tanpa akhiran"
        return None, [Problem(None, None, (
            f"Jenis berkas {shown} ({name}) tidak dikenal untuk batas wilayah; gunakan GeoJSON "
            "(.geojson, .json), Shapefile (.shp bersama .shx dan .dbf, atau .zip berisi "
            "ketiganya) atau GeoPackage (.gpkg)."))]
    source = path
    if path.name != name and path.suffix.lower() != suffix:
        # an upload saved under another name: GDAL decides the driver by the suffix
        source = path.with_name(path.name + suffix)
        source.symlink_to(path.resolve())
    try:
        gdf = read_boundaries(source, kolom_kode)
        fixed = repair(gdf[["kode", "geometry"]])
        # one polygon written as a MultiPolygon of one part (GeoPackage and Shapefile writers
        # promote a layer's Polygons so) is the same desa outline: stored as a Polygon, a
        # re-import of the same map from another format changes nothing
        single = _single_part(fixed.geometry.to_numpy())
        gdf = gdf.set_geometry(GeoSeries(single, index=gdf.index, crs=gdf.crs))
    except BoundaryError as exc:
        return None, [Problem(None, None, line.lstrip("- ").strip())
                      for line in str(exc).splitlines() if line.strip(" -")]
    finally:
        if source != path:
            source.unlink(missing_ok=True)
    return Boundaries(gdf, [feature_json(g) for g in single], kolom_kode), []


def _single_part(geoms):
    import shapely

    geoms = geoms.copy()
    one = (shapely.get_type_id(geoms) == shapely.GeometryType.MULTIPOLYGON) & (
        shapely.get_num_geometries(geoms) == 1)
    geoms[one] = shapely.get_geometry(geoms[one], 0)
    return geoms


def check(conn: Connection, b: Boundaries) -> list[Problem]:
    known = set(conn.execute(select(schema.desa.c.kode)).scalars())
    problems = []
    for number, code in enumerate(b.gdf["kode"], start=1):
        if code not in known:
            problems.append(Problem(None, None, (
                f"fitur ke-{number}: kode desa {code} tidak ada di data wilayah; impor wilayah "
                "yang memuat desa ini lebih dulu")))
    return problems


def write(conn: Connection, b: Boundaries) -> tuple[int, int, int]:
    """(added, changed, unchanged); outlines are rebuilt only when a polygon changed."""
    from geo.store import store_desa_boundaries

    batas_desa = schema.batas_desa
    codes = list(b.gdf["kode"])
    stmt = select(batas_desa.c.kode_desa, batas_desa.c.geojson).where(
        batas_desa.c.kode_desa.in_(bindparam("c", expanding=True)))
    stored = {}
    for start in range(0, len(codes), 5_000):
        stored.update(conn.execute(stmt, {"c": codes[start:start + 5_000]}).all())
    new = [stored.get(code) is None for code in codes]
    changed = [not n and stored[code] != text for code, text, n in zip(codes, b.geojson, new)]
    write_mask = pd.Series(new) | pd.Series(changed)
    if write_mask.any():
        store_desa_boundaries(conn, b.gdf[write_mask.to_numpy()].reset_index(drop=True))
    added, n_changed = sum(new), sum(changed)
    return added, n_changed, len(codes) - added - n_changed
