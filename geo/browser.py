"""GeoJSON for the browser: a FeatureCollection assembled from stored outline text."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape


def _bbox(geometries: list[dict]) -> list[float] | None:
    lo = np.array([np.inf, np.inf])
    hi = -lo
    for geom in geometries:
        coords = geom["coordinates"]
        polygons = coords if geom["type"] == "MultiPolygon" else [coords]
        for polygon in polygons:
            ring = np.asarray(polygon[0], dtype=float)  # the exterior bounds the holes
            lo = np.minimum(lo, ring.min(axis=0))
            hi = np.maximum(hi, ring.max(axis=0))
    return None if not np.isfinite(lo).all() else [*lo.round(6).tolist(), *hi.round(6).tolist()]


def label_point(geom: dict) -> list[float] | None:
    """[lon, lat] of a point inside the area (of its largest part), where the map writes its
    name (assets/peta-label.js); None for an empty or unreadable geometry."""
    try:
        polygon = shape(geom)
        if polygon.geom_type == "MultiPolygon":
            polygon = max(polygon.geoms, key=lambda p: p.area)
        point = polygon.representative_point()
    except (ValueError, TypeError, AttributeError, shapely.errors.ShapelyError):
        return None
    return None if point.is_empty else [round(point.x, 5), round(point.y, 5)]


def feature_collection(rows: pd.DataFrame) -> str:
    """rows: kode, nama, geojson (geometry text) → compact FeatureCollection text with a
    `bbox` (so the browser can fit the view), each feature's `id` = the area code and a
    `titik` property, the point where its name is written on the map."""
    geometries = [json.loads(text) for text in rows["geojson"]]
    features = [
        {"type": "Feature", "id": kode, "properties": {"nama": nama, "titik": label_point(geom)},
         "geometry": geom}
        for kode, nama, geom in zip(rows["kode"], rows["nama"], geometries)
    ]
    collection = {"type": "FeatureCollection", "bbox": _bbox(geometries), "features": features}
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
