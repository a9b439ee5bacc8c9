"""Boundary files in, map-ready geometry out: read, repair, simplify, dissolve, GeoJSON."""
from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from domain.codes import normalise_desa, normalise_kemendagri
from indicators.format import is_missing

CRS = "EPSG:4326"

# Degrees, keyed by the level of the area whose outline is simplified (and stored). The
# tolerance of coverage_simplify (Visvalingam-Whyatt) is the square root of the triangle area
# removed; on the real desa data an outline moves by about 0.6x the tolerance. Sizes measured on
# ../shared/geo, FeatureCollection gzipped:
#   desa       0.0002: a Puskesmas' 5-18 desa at 1366 px move 0.6 px (median), 1.5 px at most.
#              The desa of Banyuwangi (217): 167 KB; the source is already thinned, and
#              cleaning adds the vertices neighbours share, so this level barely shrinks it.
#   puskesmas  0.0005: outlines over a kabupaten 1.2 deg wide at 1366 px move under 0.5 px;
#              Banyuwangi's 25 kecamatan as a stand-in: 55 KB.
#   kabupaten  0.001: 1 px over DIY (0.9 deg wide) at 1366 px;
#              a province of 6,132 desa dissolved into 70 kabupaten outlines: 184 KB
#              (target 1 MB); all 514 kabupaten of Indonesia: 0.8 MB.
#   provinsi   0.01: 0.3 px over Indonesia (46 deg) at 1366 px; 37 provinsi: 160 KB.
# An outline drawn over its own members (a Puskesmas outline on its desa) should come from
# the members at their tolerance, or it visibly misses their edges.
TOLERANCE = {"desa": 0.0002, "puskesmas": 0.0005, "kabupaten": 0.001, "provinsi": 0.01}

# 1e-6 deg is 11 cm: finer than any boundary survey, and 6 decimals is what RFC 7946 suggests.
GRID = 1e-6

# Holes below this (5e-6 deg^2, about 6 ha) left inside a dissolved outline are gaps between
# members of an imperfect coverage, not enclaves: the smallest real enclave, a whole desa or
# kelurahan, is tens of hectares.
MIN_HOLE_AREA = 5e-6

# Where no shape is given, the map shows all of Indonesia.
INDONESIA_BOUNDS = (94.9, -11.1, 141.1, 6.1)


class BoundaryError(ValueError):
    """A boundary file that cannot be used, with the reason in Bahasa Indonesia for the user."""


# --- reading -------------------------------------------------------------------------------

_LEVELS: dict[str, tuple[int, str]] = {
    # level: (dots in the dotted code, name used in messages)
    "provinsi": (0, "kode provinsi"),
    "kabupaten": (1, "kode kabupaten/kota"),
    "kecamatan": (2, "kode kecamatan"),
    "desa": (3, "kode desa"),
}

# Names seen in Kemendagri, BIG (KDEPUM) and home-made exports, in order of trust.
# Columns named after BPS codes are never guessed: a 10-digit BPS desa code looks like a
# Kemendagri code without dots but names another desa.
_CODE_COLUMNS = (
    "kode", "kode_desa", "kd_desa", "kdepum", "kode_kel", "kd_kel", "kode_desa_kel",
    "kodedesa", "kode_wilayah", "kd_wilayah", "kode_kemendagri", "desa_code", "village_code",
    "code", "kode_kab", "kd_kab", "kode_prov", "kd_prov", "id",
)
_NAME_COLUMNS = (
    "nama", "nama_desa", "nm_desa", "namobj", "wadmkd", "nama_kel", "desa", "desa_kel",
    "village", "village_name", "name", "nama_wilayah",
)
_NEVER_CODE = ("bps", "pcode")

_SUFFIXES = {".geojson": "GeoJSON", ".json": "GeoJSON", ".shp": "Shapefile",
             ".zip": "Shapefile (zip)", ".gpkg": "GeoPackage"}

_POLYGONAL = {"Polygon", "MultiPolygon"}
_LIST_MAX = 10


def read_boundaries(
    path: str | Path,
    kolom_kode: str | None = None,
    layer: str | None = None,
    *,
    level: str = "desa",
) -> gpd.GeoDataFrame:
    """Read a GeoJSON, Shapefile (.shp or .zip) or GeoPackage into columns kode, nama, geometry.

    `kode` is the canonical dotted Kemendagri code of `level` (desa unless told otherwise),
    `nama` the name or None, the CRS EPSG:4326. Geometry is returned as read: call `repair`.
    Every problem raises BoundaryError; problems of single features are gathered into one.
    """
    if level not in _LEVELS:
        raise ValueError(f"level must be one of {sorted(_LEVELS)}, not {level!r}")
    path = Path(path)
    raw = _read_file(path, layer)
    name = path.name
    if len(raw) == 0:
        raise BoundaryError(f"Berkas {name} tidak berisi satu pun fitur.")
    raw = _to_wgs84(raw, name)

    normalise = _normaliser(level)
    properties = [c for c in raw.columns if c != raw.geometry.name]
    code_column = _code_column(raw, properties, kolom_kode, normalise, level, name)
    codes = [normalise(v) for v in raw[code_column]]
    _check_features(raw, code_column, codes, level, name)

    name_column = _name_column(raw, properties, code_column)
    if name_column is None:
        names = [None] * len(raw)
    else:
        names = [_text_or_none(v) for v in raw[name_column]]
    return gpd.GeoDataFrame(
        {"kode": pd.array(codes, dtype="str"), "nama": pd.Series(names, dtype=object)},
        geometry=shapely.force_2d(np.asarray(raw.geometry.values, dtype=object)),
        crs=CRS,
    )


def _read_file(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        shown = f"'{path.suffix}'" if path.suffix else "tanpa ekstensi"
        raise BoundaryError(
            f"Jenis berkas {shown} ({name}) tidak dikenal; gunakan GeoJSON (.geojson, .json), "
            "Shapefile (.shp, atau .zip berisi .shp) atau GeoPackage (.gpkg)."
        )
    if not path.is_file():
        raise BoundaryError(f"Berkas {path} tidak ditemukan.")
    if path.stat().st_size == 0:
        raise BoundaryError(f"Berkas {name} kosong (0 bita).")

    source = str(path)
    if suffix == ".shp":
        _check_shapefile_siblings(name, {p.name.lower() for p in path.parent.iterdir()})
    elif suffix == ".zip":
        source = _shapefile_in_zip(path, layer)
        layer = None  # in a zip, `layer` chose the .shp; the Shapefile itself has one layer
    elif suffix == ".gpkg":
        layer = _gpkg_layer(path, layer)

    try:
        return gpd.read_file(source, layer=layer, engine="pyogrio")
    except Exception as exc:  # pyogrio and GDAL raise many types; the user needs the text
        raise BoundaryError(
            f"Berkas {name} tidak dapat dibaca sebagai {_SUFFIXES[suffix]}: {exc}"
        ) from exc


def _check_shapefile_siblings(shp_name: str, names_lower: set[str]) -> None:
    """GDAL's own error for a missing .dbf is cryptic, and without one it reads no attributes."""
    stem = shp_name[: -len(".shp")].lower()
    missing = [ext for ext in (".shx", ".dbf") if stem + ext not in names_lower]
    if missing:
        what = " dan ".join(missing)
        raise BoundaryError(
            f"Berkas {what} pendamping untuk {shp_name} tidak ditemukan; "
            "Shapefile perlu .shp, .shx dan .dbf"
        )


def _shapefile_in_zip(path: Path, layer: str | None) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise BoundaryError(f"Berkas {path.name} bukan arsip zip yang dapat dibaca: {exc}") from exc
    shapefiles = [m for m in members if m.lower().endswith(".shp")]
    if layer is not None:
        shapefiles = [m for m in shapefiles if Path(m).stem == layer or m == layer]
    if not shapefiles:
        asked = f" bernama {layer}" if layer is not None else ""
        raise BoundaryError(f"Arsip {path.name} tidak berisi Shapefile (.shp){asked}.")
    if len(shapefiles) > 1:
        raise BoundaryError(
            f"Arsip {path.name} berisi lebih dari satu Shapefile ({', '.join(shapefiles)}); "
            "pilih salah satu dengan --layer."
        )
    shp = shapefiles[0]
    folder = shp[: shp.rfind("/") + 1]
    _check_shapefile_siblings(
        Path(shp).name,
        {m[len(folder):].lower() for m in members if m.startswith(folder)},
    )
    return f"/vsizip/{path.resolve()}/{shp}"


def _gpkg_layer(path: Path, layer: str | None) -> str | None:
    import pyogrio

    try:
        layers = [(str(n), str(t)) for n, t in pyogrio.list_layers(path)]
    except Exception as exc:
        raise BoundaryError(
            f"Berkas {path.name} tidak dapat dibaca sebagai GeoPackage: {exc}"
        ) from exc
    names = [n for n, _ in layers]
    if layer is not None:
        if layer not in names:
            listed = ", ".join(names) or "(tidak ada)"
            raise BoundaryError(
                f"Lapisan '{layer}' tidak ada di {path.name}; lapisan yang ada: {listed}."
            )
        return layer
    polygon_layers = [n for n, t in layers if "polygon" in t.lower()]
    if len(layers) <= 1:
        return None
    if len(polygon_layers) == 1:
        return polygon_layers[0]
    raise BoundaryError(
        f"Berkas {path.name} berisi beberapa lapisan ({', '.join(names)}); "
        "pilih salah satu dengan --layer."
    )


def _to_wgs84(raw: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    if raw.crs is not None:
        if raw.crs.to_epsg() != 4326:
            try:
                return raw.to_crs(CRS)
            except Exception as exc:
                raise BoundaryError(
                    f"Koordinat {name} tidak dapat diubah dari {raw.crs.name} ke WGS84: {exc}"
                ) from exc
        return raw.set_crs(CRS, allow_override=True)
    # No CRS (a Shapefile without .prj): lon/lat is the only guess that can be checked.
    xmin, ymin, xmax, ymax = raw.total_bounds
    if not (is_missing(xmin) or (-180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90)):
        raise BoundaryError(
            f"{name} tidak menyebut sistem koordinat (CRS), dan koordinatnya "
            f"({xmin:.0f}, {ymin:.0f}) bukan derajat bujur/lintang; sertakan berkas .prj "
            "atau simpan ulang dalam WGS84 (EPSG:4326)."
        )
    return raw.set_crs(CRS)


def _normaliser(level: str) -> Callable[[object], str | None]:
    if level == "desa":
        return normalise_desa
    dots = _LEVELS[level][0]

    def normalise(raw: object) -> str | None:
        code = normalise_kemendagri(raw)
        return code if code is not None and code.count(".") == dots else None

    return normalise


def _code_column(
    raw: gpd.GeoDataFrame,
    properties: list[str],
    kolom_kode: str | None,
    normalise: Callable[[object], str | None],
    level: str,
    name: str,
) -> str:
    listed = ", ".join(properties) or "(tidak ada)"
    if kolom_kode is not None:
        if kolom_kode in properties:
            return kolom_kode
        folded = [p for p in properties if p.lower() == kolom_kode.lower()]
        if len(folded) == 1:
            return folded[0]
        raise BoundaryError(
            f"Kolom kode '{kolom_kode}' tidak ada di {name}. Properti yang ada: {listed}."
        )

    by_lower = {p.lower(): p for p in properties}
    candidates = [by_lower[c] for c in _CODE_COLUMNS if c in by_lower]
    candidates += [
        p for p in properties
        if p not in candidates and not any(word in p.lower() for word in _NEVER_CODE)
    ]
    sample = raw.iloc[:500]  # the first rows decide; a whole province would only cost time
    for column in candidates:
        valid = sum(normalise(v) is not None for v in sample[column])
        if valid > len(sample) / 2:
            return column
    raise BoundaryError(
        f"Tidak ada properti berisi {_LEVELS[level][1]} di {name}. Properti yang ada: {listed}. "
        "Sebutkan kolom kodenya dengan --kolom-kode."
    )


def _check_features(
    raw: gpd.GeoDataFrame, code_column: str, codes: list[str | None], level: str, name: str
) -> None:
    """Gather every per-feature problem so one run shows the user all there is to fix."""
    label = _LEVELS[level][1]
    label = label[0].upper() + label[1:]
    bad_codes, empty, not_polygon = [], [], []
    seen: dict[str, list[int]] = {}
    rows = zip(raw[code_column], codes, raw.geometry)
    for number, (value, code, geom) in enumerate(rows, start=1):
        if code is None:
            shown = "kosong" if _text_or_none(value) is None else repr(_plain(value))
            bad_codes.append(f"fitur ke-{number} ({shown})")
        else:
            seen.setdefault(code, []).append(number)
        where = f"fitur ke-{number}" + (f" ({code})" if code else "")
        if geom is None or geom.is_empty:
            empty.append(where)
        elif geom.geom_type not in _POLYGONAL and not _has_polygon(geom):
            not_polygon.append(f"{where}: {geom.geom_type}")
    duplicates = [
        f"{code} (fitur " + ", ".join(f"ke-{n}" for n in numbers) + ")"
        for code, numbers in seen.items()
        if len(numbers) > 1
    ]

    problems = []
    if bad_codes:
        problems.append(f"{label} tidak sah di kolom '{code_column}' pada {len(bad_codes)} fitur: "
                        + _capped(bad_codes))
    if duplicates:
        problems.append(f"{label} ganda ({len(duplicates)} kode): " + _capped(duplicates))
    if empty:
        problems.append(f"Geometri kosong pada {len(empty)} fitur: " + _capped(empty))
    if not_polygon:
        problems.append(
            f"Geometri bukan poligon pada {len(not_polygon)} fitur: " + _capped(not_polygon)
        )
    if problems:
        raise BoundaryError(f"{name} tidak dapat diimpor:\n- " + "\n- ".join(problems))


def _capped(items: list[str]) -> str:
    text = "; ".join(items[:_LIST_MAX])
    rest = len(items) - _LIST_MAX
    return text + (f"; dan {rest} lainnya." if rest > 0 else ".")


def _has_polygon(geom: BaseGeometry) -> bool:
    return geom.geom_type == "GeometryCollection" and any(
        part.geom_type in _POLYGONAL or _has_polygon(part) for part in geom.geoms
    )


def _name_column(raw: gpd.GeoDataFrame, properties: list[str], code_column: str) -> str | None:
    by_lower = {p.lower(): p for p in properties if p != code_column}
    for candidate in _NAME_COLUMNS:
        column = by_lower.get(candidate)
        if column is not None and raw[column].map(lambda v: isinstance(v, str)).any():
            return column
    return None


def _text_or_none(value: object) -> str | None:
    if is_missing(value):
        return None
    text = str(value).strip()
    return text or None


def _plain(value: object) -> object:
    """numpy scalars print as np.int64(...) in a repr; the user wrote a plain number."""
    return value.item() if isinstance(value, np.generic) else value


# --- repairing -----------------------------------------------------------------------------


def repair(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Valid, polygon-only, RFC 7946 wound (exterior counter-clockwise), on a 1e-6 degree grid.

    Raises BoundaryError naming the features left with no area at all.
    """
    geoms = _as_array(gdf)
    fixed = _repair_geometries(geoms)
    lost = [i for i, g in enumerate(fixed) if g is None or g.is_empty]
    if lost:
        raise BoundaryError(
            f"Geometri tanpa luas setelah diperbaiki pada {len(lost)} fitur: "
            + _capped([_describe_row(gdf, i) for i in lost])
        )
    return _with_geometry(gdf, fixed)


def _repair_geometries(geoms: np.ndarray) -> np.ndarray:
    geoms = shapely.force_2d(geoms)
    invalid = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    # "structure" unions the parts of a MultiPolygon, which is what the nested shells of the
    # kabupaten file mean; "linework" would turn a part lying inside another into a hole.
    geoms[invalid] = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
    geoms = _polygonal_all(geoms)

    # Rounding is 5x faster than set_precision and almost always keeps the geometry valid;
    # the few it breaks (two vertices merged into a spike) go through set_precision instead.
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, 6))
    broken = ~shapely.is_valid(rounded) & ~shapely.is_missing(rounded)
    rounded[broken] = shapely.set_precision(geoms[broken], GRID)
    rounded = _polygonal_all(rounded)
    return shapely.orient_polygons(rounded, exterior_cw=False)


def _polygonal_all(geoms: np.ndarray) -> np.ndarray:
    types = shapely.get_type_id(geoms)
    polygonal = np.isin(types, [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON])
    other = ~polygonal & (types >= 0)  # -1 is a missing geometry
    for i in np.flatnonzero(other):
        geoms[i] = _polygonal(geoms[i])
    return geoms


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The polygons of a GeometryCollection, dropping the lines and points make_valid leaves."""
    polygons = []
    for part in shapely.get_parts(geom):
        if part.is_empty:
            continue
        if part.geom_type == "Polygon":
            polygons.append(part)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            polygons.extend(shapely.get_parts(_polygonal(part)))
    if not polygons:
        return shapely.Polygon()
    if len(polygons) == 1:
        return polygons[0]
    multi = shapely.MultiPolygon(polygons)
    return multi if multi.is_valid else shapely.union_all(polygons)


# --- simplifying ---------------------------------------------------------------------------


def simplify_coverage(gdf: gpd.GeoDataFrame, tolerance_deg: float) -> gpd.GeoDataFrame:
    """Simplify neighbours together so a shared border stays shared: no gaps, no overlaps.

    Real coverages overlap a little and their shared borders do not have the same vertices,
    and coverage_simplify can only keep together what is identical, so the coverage is
    cleaned first. Parts smaller than a tolerance-sized square (islets, slivers) are dropped,
    except a feature's largest part. If the coverage functions refuse the input, each
    geometry is simplified on its own. A geometry that would collapse (to nothing, or to less
    than half its area) keeps its input shape.
    """
    original = _as_array(gdf)
    present = ~shapely.is_missing(original) & ~shapely.is_empty(original)
    geoms = original[present]
    geoms = _drop_small_parts(geoms, tolerance_deg**2)
    try:
        # no gap_width: closing gaps made cleaning 6,000 desa five times slower (60 s), and
        # the gaps of real data are narrower than a pixel at the tolerances of TOLERANCE
        clean = shapely.coverage_clean(geoms)
        simplified = shapely.coverage_simplify(clean, tolerance_deg)
    except (shapely.errors.GEOSException, ValueError, TypeError):
        simplified = shapely.simplify(geoms, tolerance_deg, preserve_topology=True)
    simplified = np.asarray(simplified, dtype=object)

    simplified = _repair_geometries(simplified)
    # A polygon not much bigger than the tolerance ends as a triangle or nothing; its own
    # shape is small enough to keep, and a place must not vanish from the map.
    kept = original[present]
    collapsed = (
        shapely.is_missing(simplified)
        | shapely.is_empty(simplified)
        | (shapely.area(simplified) <= 0.5 * shapely.area(kept))
    )
    simplified[collapsed] = kept[collapsed]

    result = original.copy()
    result[present] = simplified
    return _with_geometry(gdf, result)


def _drop_small_parts(geoms: np.ndarray, min_area: float) -> np.ndarray:
    parts, owner = shapely.get_parts(geoms, return_index=True)
    if len(parts) == 0:
        return geoms
    area = shapely.area(parts)
    largest = np.zeros(len(geoms))
    np.maximum.at(largest, owner, area)
    keep = (area >= min_area) | (area == largest[owner])
    changed = np.unique(owner[~keep])
    if len(changed) == 0:
        return geoms
    in_changed = np.isin(owner, changed) & keep
    _, compact = np.unique(owner[in_changed], return_inverse=True)
    rebuilt = shapely.multipolygons(parts[in_changed], indices=compact)
    out = geoms.copy()
    out[changed] = rebuilt
    return out


# --- dissolving ----------------------------------------------------------------------------


def dissolve(
    gdf: gpd.GeoDataFrame, by: str, *, min_hole_area: float = MIN_HOLE_AREA
) -> gpd.GeoDataFrame:
    """Outlines of the groups of `by` (desa -> puskesmas, kabupaten, provinsi), one row each.

    The members are unioned on the 1e-6 degree grid; holes smaller than `min_hole_area`
    (square degrees) are gaps between members of an imperfect coverage and are filled.
    """
    keys = gdf[by]
    missing = keys.isna().to_numpy()
    if missing.any():
        rows = [_describe_row(gdf, i) for i in np.flatnonzero(missing)]
        raise BoundaryError(f"Kolom '{by}' kosong pada {len(rows)} fitur: " + _capped(rows))
    geoms = _as_array(gdf)
    groups = pd.Series(np.arange(len(gdf))).groupby(keys.to_numpy(), sort=True)
    names, outlines = [], []
    for key, rows in groups:
        members = geoms[rows.to_numpy()]
        members = members[~shapely.is_missing(members)]
        outline = shapely.union_all(members, grid_size=GRID)
        names.append(key)
        outlines.append(_fill_small_holes(_polygonal(outline), min_hole_area))
    outlines = _repair_geometries(np.array(outlines, dtype=object))
    return gpd.GeoDataFrame({by: names}, geometry=outlines, crs=gdf.crs)


def _fill_small_holes(geom: BaseGeometry, min_area: float) -> BaseGeometry:
    polygons = []
    for polygon in shapely.get_parts(geom):
        holes = [ring for ring in polygon.interiors if shapely.Polygon(ring).area >= min_area]
        polygons.append(shapely.Polygon(polygon.exterior, holes))
    if not polygons:
        return shapely.Polygon()
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


# --- GeoJSON for the browser and the database ---------------------------------------------


def to_feature_collection(
    gdf: gpd.GeoDataFrame,
    id_col: str = "kode",
    properties: Iterable[str] = ("nama",),
    precision: int = 6,
) -> dict:
    """A compact FeatureCollection whose feature `id` is `id_col` (plotly's featureidkey="id")."""
    properties = list(properties)
    geometry_texts = shapely.to_geojson(_rounded(_as_array(gdf), precision))
    ids = [_plain(v) for v in gdf[id_col]]
    columns = [[_json_value(v) for v in gdf[p]] for p in properties]
    # One json.loads over the joined text is several times faster than building 6,000
    # nested coordinate lists in Python.
    features = []
    for i, geometry in enumerate(geometry_texts):
        props = {p: column[i] for p, column in zip(properties, columns)}
        features.append(
            f'{{"type":"Feature","id":{json.dumps(ids[i])},'
            f'"properties":{json.dumps(props, ensure_ascii=False)},"geometry":{geometry or "null"}}}'
        )
    return json.loads('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}")


def feature_json(geometry: BaseGeometry, precision: int = 6) -> str:
    """The compact GeoJSON text of one geometry, coordinates rounded, as stored per area."""
    return shapely.to_geojson(_rounded(np.array([geometry], dtype=object), precision)[0])


def geometry_from_json(text: str) -> BaseGeometry:
    """The geometry stored by `feature_json`."""
    try:
        return shapely.from_geojson(text)
    except (shapely.errors.GEOSException, TypeError, ValueError) as exc:
        raise BoundaryError(f"Teks GeoJSON geometri tidak dapat dibaca: {exc}") from exc


def _rounded(geoms: np.ndarray, precision: int) -> np.ndarray:
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, precision))
    # below 6 decimals neighbouring vertices can fall on the same point
    return shapely.remove_repeated_points(rounded) if precision < 6 else rounded


def _json_value(value: object) -> object:
    value = _plain(value)
    if is_missing(value):
        return None
    return value


# --- map view ------------------------------------------------------------------------------

# MapLibre draws the whole world 512 px wide at zoom 0.
_TILE_PX = 512
_MAX_LAT = 85.0511287798
_MAX_ZOOM = 14.0


def bounds_center_zoom(
    shapes: gpd.GeoDataFrame | gpd.GeoSeries | BaseGeometry | Iterable[BaseGeometry] | None,
    width_px: int = 700,
    height_px: int = 500,
    margin_px: int = 10,
) -> dict:
    """Center and zoom of a plotly `layout.map` (MapLibre) that fits the shapes' bounding box.

    With nothing to fit (None, no shapes, only empty ones) the view fits all of Indonesia.
    """
    xmin, ymin, xmax, ymax = _total_bounds(shapes)
    if any(is_missing(v) for v in (xmin, ymin, xmax, ymax)):
        xmin, ymin, xmax, ymax = INDONESIA_BOUNDS

    y_low, y_high = _mercator_y(ymin), _mercator_y(ymax)
    usable_w = max(width_px - 2 * margin_px, 1)
    usable_h = max(height_px - 2 * margin_px, 1)
    zooms = [_MAX_ZOOM]
    if xmax > xmin:
        zooms.append(math.log2(usable_w * 360.0 / (_TILE_PX * (xmax - xmin))))
    if y_high > y_low:
        zooms.append(math.log2(usable_h * 2 * math.pi / (_TILE_PX * (y_high - y_low))))
    zoom = max(0.0, min(zooms))

    # The middle of the box on the Mercator map is not the middle latitude.
    center_lat = math.degrees(2 * math.atan(math.exp((y_low + y_high) / 2)) - math.pi / 2)
    return {"center": {"lat": center_lat, "lon": (xmin + xmax) / 2}, "zoom": zoom}


def _total_bounds(shapes) -> tuple[float, float, float, float]:
    if shapes is None:
        return (math.nan,) * 4
    if isinstance(shapes, (gpd.GeoDataFrame, gpd.GeoSeries)):
        bounds = shapes.total_bounds
    elif isinstance(shapes, BaseGeometry):
        bounds = shapely.total_bounds(shapes)
    else:
        bounds = shapely.total_bounds(np.array(list(shapes), dtype=object))
    return tuple(float(b) for b in bounds)


def _mercator_y(lat: float) -> float:
    lat = max(-_MAX_LAT, min(_MAX_LAT, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


# --- shared helpers ------------------------------------------------------------------------


def _as_array(gdf: gpd.GeoDataFrame) -> np.ndarray:
    return np.array(gdf.geometry.values, dtype=object)


def _with_geometry(gdf: gpd.GeoDataFrame, geoms: np.ndarray) -> gpd.GeoDataFrame:
    out = gdf.copy()
    out[out.geometry.name] = gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs)
    return out


def _describe_row(gdf: gpd.GeoDataFrame, i: int) -> str:
    if "kode" in gdf.columns:
        return f"fitur ke-{i + 1} ({gdf['kode'].iloc[i]})"
    return f"fitur ke-{i + 1}"
