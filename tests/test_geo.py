"""Tests of geo.boundaries: hand-made shapes first, then the real files in ../shared/geo."""
from __future__ import annotations

import json
import math
import re
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiPolygon,
    Point,
    Polygon,
    box,
)

from geo.boundaries import (
    TOLERANCE,
    BoundaryError,
    bounds_center_zoom,
    dissolve,
    feature_json,
    geometry_from_json,
    read_boundaries,
    repair,
    simplify_coverage,
    to_feature_collection,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "geo"
DOTTED_DESA = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


def frame(geoms, codes=None) -> gpd.GeoDataFrame:
    codes = codes or [f"35.10.01.{2001 + i}" for i in range(len(geoms))]
    return gpd.GeoDataFrame({"kode": codes}, geometry=list(geoms), crs="EPSG:4326")


def write_geojson(path: Path, features: list[tuple[dict, dict | None]]) -> Path:
    """features: (properties, geometry mapping or None)."""
    path.write_text(json.dumps({
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features],
    }))
    return path


def square(x: float, y: float, size: float = 0.01) -> dict:
    return shapely.geometry.mapping(box(x, y, x + size, y + size))


def exteriors_ccw(geoms) -> bool:
    polygons = shapely.get_parts(np.asarray(geoms, dtype=object))
    return bool(shapely.is_ccw(shapely.get_exterior_ring(polygons)).all())


def holes_cw(geoms) -> bool:
    polygons = shapely.get_parts(np.asarray(geoms, dtype=object))
    holes = [ring for polygon in polygons for ring in polygon.interiors]
    return not any(ring.is_ccw for ring in holes)


# --- repair --------------------------------------------------------------------------------


def test_bow_tie_is_repaired_into_its_two_triangles():
    bow_tie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])
    assert not bow_tie.is_valid

    fixed = repair(frame([bow_tie])).geometry.iloc[0]

    assert fixed.is_valid
    assert fixed.geom_type == "MultiPolygon"
    assert fixed.area == pytest.approx(2.0)


def test_clockwise_exterior_becomes_counter_clockwise_and_holes_clockwise():
    clockwise = Polygon(
        [(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)],
        holes=[[(0.2, 0.2), (0.8, 0.2), (0.8, 0.8), (0.2, 0.8), (0.2, 0.2)]],  # counter-clockwise
    )
    assert not clockwise.exterior.is_ccw

    fixed = repair(frame([clockwise])).geometry

    assert exteriors_ccw(fixed)
    assert holes_cw(fixed)


def test_repair_keeps_only_the_polygon_parts():
    mixed = GeometryCollection([box(0, 0, 1, 1), LineString([(2, 2), (3, 3)]), Point(5, 5)])

    fixed = repair(frame([mixed])).geometry.iloc[0]

    assert fixed.geom_type in ("Polygon", "MultiPolygon")
    assert fixed.area == pytest.approx(1.0)


def test_repair_rounds_coordinates_to_six_decimals_and_stays_valid():
    noisy = Polygon([(113.90274164200002, -8.58625615799997), (113.91, -8.5800000001),
                     (113.9000000004, -8.57), (113.90274164200002, -8.58625615799997)])

    fixed = repair(frame([noisy])).geometry.iloc[0]

    assert fixed.is_valid
    xy = shapely.get_coordinates(fixed)
    assert np.allclose(xy, np.round(xy, 6), atol=1e-12, rtol=0)
    assert (113.902742, -8.586256) in {tuple(np.round(p, 6)) for p in xy}


def test_repair_rejects_a_polygon_without_area():
    flat = Polygon([(0, 0), (1, 1), (2, 2), (0, 0)])

    with pytest.raises(BoundaryError, match=r"tanpa luas.*fitur ke-2 \(35\.10\.01\.2002\)"):
        repair(frame([box(0, 0, 1, 1), flat]))


# --- simplify_coverage ---------------------------------------------------------------------


def zigzag_neighbours(steps: int = 200, amplitude: float = 0.001) -> gpd.GeoDataFrame:
    """Two unit squares whose shared border is a fine zigzag for the simplifier to remove."""
    border = [(1 + (amplitude if i % 2 else 0), i / steps) for i in range(steps + 1)]
    left = Polygon([(0, 0), *border, (0, 1), (0, 0)])
    right = Polygon([*border, (2, 1), (2, 0), border[0]])
    return frame([left, right])


def test_adjacent_squares_stay_adjacent_after_simplify_coverage():
    before = zigzag_neighbours()
    assert shapely.intersection(*before.geometry).area == pytest.approx(0, abs=1e-12)

    after = simplify_coverage(before, 0.01)
    left, right = after.geometry

    assert shapely.get_num_coordinates(after.geometry.values).sum() < shapely.get_num_coordinates(
        before.geometry.values
    ).sum() / 4
    assert left.is_valid and right.is_valid
    assert shapely.intersection(left, right).area == pytest.approx(0, abs=1e-12)  # no overlap
    assert shapely.union_all([left, right]).area == pytest.approx(2.0, abs=1e-9)  # no gap
    assert left.area + right.area == pytest.approx(2.0, abs=1e-9)


def test_simplify_coverage_keeps_a_polygon_smaller_than_the_tolerance():
    tiny_square = box(0.5, 0.5, 0.5 + 1e-5, 0.5 + 1e-5)
    tiny_round = Point(0.7, 0.7).buffer(1e-4)
    gdf = frame([box(0, 0, 0.4, 0.4), tiny_square, tiny_round])

    after = simplify_coverage(gdf, 0.01)

    assert not after.geometry.is_empty.any()
    assert after.geometry.iloc[1].equals(tiny_square)
    assert after.geometry.iloc[2].area == pytest.approx(tiny_round.area, rel=1e-3)


def test_simplify_coverage_drops_islets_but_keeps_the_main_part():
    main, islet = box(0, 0, 1, 1), box(2, 2, 2.001, 2.001)

    after = simplify_coverage(frame([MultiPolygon([main, islet])]), 0.01)

    assert after.geometry.iloc[0].area == pytest.approx(1.0)
    assert len(shapely.get_parts(after.geometry.iloc[0])) == 1


def test_simplify_coverage_falls_back_to_one_by_one_when_coverage_functions_refuse(monkeypatch):
    def refuse(*args, **kwargs):
        raise shapely.errors.GEOSException("not a coverage")

    monkeypatch.setattr(shapely, "coverage_clean", refuse)
    before = zigzag_neighbours()

    after = simplify_coverage(before, 0.01)

    assert len(after) == 2
    assert all(after.geometry.is_valid) and not any(after.geometry.is_empty)
    assert shapely.get_num_coordinates(after.geometry.values).sum() < shapely.get_num_coordinates(
        before.geometry.values
    ).sum()


def test_simplify_coverage_keeps_columns_and_rows():
    before = zigzag_neighbours()
    before["nama"] = ["Kiri", "Kanan"]

    after = simplify_coverage(before, 0.01)

    assert list(after.columns) == list(before.columns)
    assert list(after["nama"]) == ["Kiri", "Kanan"]
    assert after.crs == before.crs


# --- dissolve ------------------------------------------------------------------------------


def test_dissolve_four_squares_into_two_groups():
    squares = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 1, 2), box(1, 1, 2, 2)]
    gdf = frame(squares)
    gdf["kolom"] = ["A", "B", "A", "B"]

    outlines = dissolve(gdf, "kolom")

    assert list(outlines.columns) == ["kolom", "geometry"]
    assert list(outlines["kolom"]) == ["A", "B"]
    for geom, expected in zip(outlines.geometry, [box(0, 0, 1, 2), box(1, 0, 2, 2)]):
        assert geom.geom_type == "Polygon"
        assert geom.symmetric_difference(expected).area == pytest.approx(0, abs=1e-12)
    assert exteriors_ccw(outlines.geometry)


def test_dissolve_fills_sliver_holes_but_keeps_enclaves():
    sliver = box(0.5, 0.5, 0.5005, 0.5005)  # 2.5e-7 deg2: a gap between members
    enclave = box(0.1, 0.1, 0.2, 0.2)  # 1e-2 deg2: another area inside
    gdf = frame([box(0, 0, 1, 1).difference(sliver).difference(enclave), box(1, 0, 2, 1)])
    gdf["g"] = "A"

    outline = dissolve(gdf, "g").geometry.iloc[0]

    assert len(outline.interiors) == 1
    assert outline.area == pytest.approx(2 - enclave.area)


def test_dissolve_rejects_members_without_a_group():
    gdf = frame([box(0, 0, 1, 1), box(1, 0, 2, 1)])
    gdf["g"] = ["A", None]

    with pytest.raises(BoundaryError, match="fitur ke-2"):
        dissolve(gdf, "g")


# --- GeoJSON out ---------------------------------------------------------------------------


def test_feature_collection_uses_the_code_as_id_and_only_the_properties_asked():
    gdf = frame([box(110.1234567, -7.1234567, 110.2, -7.0)], codes=["34.71.01.1001"])
    gdf["nama"] = ["Kota Baru"]
    gdf["extra"] = [1]

    fc = to_feature_collection(gdf)

    assert fc["type"] == "FeatureCollection"
    (feature,) = fc["features"]
    assert feature["id"] == "34.71.01.1001"
    assert feature["properties"] == {"nama": "Kota Baru"}
    xs = [x for ring in feature["geometry"]["coordinates"] for x, _ in ring]
    assert 110.123457 in xs


def test_feature_collection_missing_names_become_null():
    gdf = frame([box(0, 0, 1, 1)])
    gdf["nama"] = pd.Series([None], dtype=object)

    assert to_feature_collection(gdf)["features"][0]["properties"] == {"nama": None}


def test_feature_json_is_compact_and_reads_back():
    geom = MultiPolygon([box(110.12345678, -7.5, 110.2, -7.4), box(111, -7, 111.1, -6.9)])

    text = feature_json(geom)

    assert " " not in text
    assert "110.123457" in text and "110.12345678" not in text
    back = geometry_from_json(text)
    assert back.geom_type == "MultiPolygon"
    assert back.symmetric_difference(geom).area < 1e-7  # only the rounding moved


def test_geometry_from_json_rejects_garbage():
    with pytest.raises(BoundaryError):
        geometry_from_json("{bukan json")


# --- map view ------------------------------------------------------------------------------


def test_view_of_a_one_degree_box_on_the_equator():
    view = bounds_center_zoom([box(10, -0.5, 11, 0.5)], width_px=700, height_px=700, margin_px=10)

    assert view["center"]["lon"] == pytest.approx(10.5)
    assert view["center"]["lat"] == pytest.approx(0, abs=1e-9)
    # 680 px for one degree when the world is 512 * 2**zoom px wide
    assert view["zoom"] == pytest.approx(math.log2(680 * 360 / 512), abs=0.01)


def test_view_is_limited_by_the_taller_side_and_centred_on_the_mercator_middle():
    tall = bounds_center_zoom(box(110, -8, 110.1, -6), width_px=700, height_px=500)
    wide = bounds_center_zoom(box(110, -8, 112, -7.9), width_px=700, height_px=500)

    def mercator_y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    assert tall["zoom"] < wide["zoom"]
    assert tall["zoom"] == pytest.approx(
        math.log2(480 * 2 * math.pi / 512 / (mercator_y(-6) - mercator_y(-8))), abs=0.01
    )
    # Mercator stretches towards the pole, so the middle of the map is a little south of -7
    assert mercator_y(tall["center"]["lat"]) == pytest.approx((mercator_y(-6) + mercator_y(-8)) / 2)
    assert -7.01 < tall["center"]["lat"] < -7.0


def test_view_of_nothing_is_indonesia_and_of_a_point_is_close():
    indonesia = bounds_center_zoom(None)
    point = bounds_center_zoom([Point(110, -7)])

    assert 3 < indonesia["zoom"] < 4.5
    assert 110 < indonesia["center"]["lon"] < 125
    assert point["center"] == {"lat": pytest.approx(-7), "lon": pytest.approx(110)}
    assert point["zoom"] >= 12


# --- read_boundaries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("kode", ["35.10.01.2001", "35.10.01.2002"]),
        ("KODE_DESA", ["3510012001", "3510012002"]),
        ("kd_desa", [3510012001, 3510012002]),
        ("kdepum", [3510012001.0, 3510012002.0]),
    ],
)
def test_code_column_is_found_with_or_without_dots_and_as_numbers(tmp_path, column, values):
    path = write_geojson(tmp_path / "desa.geojson", [
        ({column: v, "nama": n, "luas": 1.5}, square(110 + i, -7))
        for i, (v, n) in enumerate(zip(values, ["Sarongan", "Kandangan"]))
    ])

    gdf = read_boundaries(path)

    assert list(gdf.columns) == ["kode", "nama", "geometry"]
    assert list(gdf["kode"]) == ["35.10.01.2001", "35.10.01.2002"]
    assert list(gdf["nama"]) == ["Sarongan", "Kandangan"]
    assert gdf.crs.to_epsg() == 4326


def test_code_column_is_the_one_whose_values_are_desa_codes(tmp_path):
    path = write_geojson(tmp_path / "desa.geojson", [
        ({"id": i + 1, "kode": f"X{i}", "desa_code": f"351001200{i + 1}"}, square(110 + i, -7))
        for i in range(3)
    ])

    gdf = read_boundaries(path)

    assert list(gdf["kode"]) == ["35.10.01.2001", "35.10.01.2002", "35.10.01.2003"]
    assert gdf["nama"].isna().all()


def test_code_column_can_be_named_in_any_case(tmp_path):
    path = write_geojson(tmp_path / "desa.geojson", [
        ({"wilayah": "3510012001", "kode": "3510012009"}, square(110, -7)),
    ])

    assert list(read_boundaries(path, kolom_kode="WILAYAH")["kode"]) == ["35.10.01.2001"]


def test_shapefile_zip_and_geopackage_are_read_and_reprojected(tmp_path):
    gdf = gpd.GeoDataFrame(
        {"KODE_DESA": ["3510012001", "3510012002"], "NAMOBJ": ["Sarongan", "Kandangan"]},
        geometry=[box(110, -7, 110.01, -6.99), box(110.01, -7, 110.02, -6.99)],
        crs="EPSG:4326",
    ).to_crs("EPSG:3857")
    gdf.to_file(tmp_path / "desa.shp")
    gdf.to_file(tmp_path / "desa.gpkg", layer="batas_desa")
    with zipfile.ZipFile(tmp_path / "desa.zip", "w") as archive:
        for sibling in tmp_path.glob("desa.*"):
            if sibling.suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                archive.write(sibling, f"batas/{sibling.name}")

    for name in ("desa.shp", "desa.zip", "desa.gpkg"):
        read = read_boundaries(tmp_path / name)
        assert list(read["kode"]) == ["35.10.01.2001", "35.10.01.2002"], name
        assert list(read["nama"]) == ["Sarongan", "Kandangan"], name
        assert read.crs.to_epsg() == 4326
        assert read.total_bounds == pytest.approx([110, -7, 110.02, -6.99], abs=1e-6), name


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_file_without_crs_is_taken_as_lon_lat(tmp_path):
    gdf = gpd.GeoDataFrame({"kode": ["3510012001"]}, geometry=[box(110, -7, 110.01, -6.99)])
    gdf.to_file(tmp_path / "desa.shp")
    assert not (tmp_path / "desa.prj").exists()

    read = read_boundaries(tmp_path / "desa.shp")

    assert read.crs.to_epsg() == 4326
    assert read.total_bounds == pytest.approx([110, -7, 110.01, -6.99])


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_projected_coordinates_without_crs_are_refused(tmp_path):
    utm = box(500000, 9000000, 501000, 9001000)
    gdf = gpd.GeoDataFrame({"kode": ["3510012001"]}, geometry=[utm])
    gdf.to_file(tmp_path / "desa.shp")

    with pytest.raises(BoundaryError, match="bujur/lintang"):
        read_boundaries(tmp_path / "desa.shp")


def test_other_levels_are_read_with_level(tmp_path):
    path = write_geojson(
        tmp_path / "kab.geojson", [({"kode": "3510", "nama": "Banyuwangi"}, square(110, -7))]
    )

    assert list(read_boundaries(path, level="kabupaten")["kode"]) == ["35.10"]
    with pytest.raises(BoundaryError, match="kode desa"):
        read_boundaries(path)


# --- read_boundaries: every failure is a BoundaryError in Bahasa Indonesia --------------------


def write_shapefile(tmp_path: Path) -> Path:
    gpd.GeoDataFrame(
        {"kode": ["3510012001"]}, geometry=[box(110, -7, 110.01, -6.99)], crs="EPSG:4326"
    ).to_file(tmp_path / "desa.shp")
    return tmp_path / "desa.shp"


def test_shapefile_without_dbf_says_which_sibling_is_missing(tmp_path):
    shp = write_shapefile(tmp_path)
    (tmp_path / "desa.dbf").unlink()

    with pytest.raises(BoundaryError) as caught:
        read_boundaries(shp)

    assert str(caught.value) == (
        "Berkas .dbf pendamping untuk desa.shp tidak ditemukan; Shapefile perlu .shp, .shx dan .dbf"
    )
    assert isinstance(caught.value, ValueError)


def test_shapefile_without_shx_says_so(tmp_path):
    shp = write_shapefile(tmp_path)
    (tmp_path / "desa.shx").unlink()

    with pytest.raises(BoundaryError, match=r"Berkas \.shx pendamping untuk desa\.shp"):
        read_boundaries(shp)


def test_zip_without_shapefile_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "desa.zip", "w") as archive:
        archive.writestr("catatan.txt", "bukan peta")

    with pytest.raises(BoundaryError, match=r"tidak berisi Shapefile"):
        read_boundaries(tmp_path / "desa.zip")


def test_features_without_the_code_property_list_what_is_there(tmp_path):
    path = write_geojson(tmp_path / "desa.geojson", [
        ({"nama": "Sarongan", "luas": 12.5}, square(110, -7)),
        ({"nama": "Kandangan", "luas": 8.0}, square(111, -7)),
    ])

    with pytest.raises(BoundaryError) as caught:
        read_boundaries(path)

    message = str(caught.value)
    assert "Tidak ada properti berisi kode desa di desa.geojson" in message
    assert "nama, luas" in message
    assert "--kolom-kode" in message


def test_named_code_column_that_is_absent(tmp_path):
    path = write_geojson(tmp_path / "desa.geojson", [({"kode": "3510012001"}, square(110, -7))])

    expected = r"Kolom kode 'kd_desa' tidak ada di desa\.geojson\. Properti yang ada: kode\."
    with pytest.raises(BoundaryError, match=expected):
        read_boundaries(path, kolom_kode="kd_desa")


def test_invalid_codes_name_the_feature_and_value_up_to_ten(tmp_path):
    good = [({"kode": f"35.10.01.{2001 + i}"}, square(110 + i, -7)) for i in range(20)]
    bad = [({"kode": f"35.10.{i}"}, square(120 + i, -7)) for i in range(12)]
    empty = [({"kode": None}, square(130, -7))]
    path = write_geojson(tmp_path / "desa.geojson", good + bad + empty)

    with pytest.raises(BoundaryError) as caught:
        read_boundaries(path)

    message = str(caught.value)
    assert "Kode desa tidak sah di kolom 'kode' pada 13 fitur" in message
    assert "fitur ke-21 ('35.10.0')" in message
    assert "fitur ke-30 ('35.10.9')" in message
    assert "fitur ke-31" not in message
    assert "dan 3 lainnya" in message


def test_duplicate_codes_are_refused_even_when_written_differently(tmp_path):
    path = write_geojson(tmp_path / "desa.geojson", [
        ({"kode": "35.10.01.2001"}, square(110, -7)),
        ({"kode": "35.10.01.2002"}, square(111, -7)),
        ({"kode": "3510012001"}, square(112, -7)),
    ])

    expected = r"Kode desa ganda \(1 kode\): 35\.10\.01\.2001 \(fitur ke-1, ke-3\)"
    with pytest.raises(BoundaryError, match=expected):
        read_boundaries(path)


def test_missing_empty_and_non_polygon_geometry_are_all_reported_at_once(tmp_path):
    path = write_geojson(tmp_path / "desa.geojson", [
        ({"kode": "35.10.01.2001"}, square(110, -7)),
        ({"kode": "35.10.01.2002"}, None),
        ({"kode": "35.10.01.2003"}, {"type": "Point", "coordinates": [110, -7]}),
        ({"kode": "35.10.01.2004"}, {"type": "Polygon", "coordinates": []}),
        ({"kode": "salah"}, square(111, -7)),
    ])

    with pytest.raises(BoundaryError) as caught:
        read_boundaries(path)

    message = str(caught.value)
    assert (
        "Geometri kosong pada 2 fitur: fitur ke-2 (35.10.01.2002); fitur ke-4 (35.10.01.2004)"
    ) in message
    assert "Geometri bukan poligon pada 1 fitur: fitur ke-3 (35.10.01.2003): Point" in message
    assert "fitur ke-5 ('salah')" in message


@pytest.mark.parametrize("name", ["desa.csv", "desa.kml", "desa"])
def test_unknown_file_type_is_refused(tmp_path, name):
    (tmp_path / name).write_text("kode,nama\n3510012001,Sarongan\n")

    with pytest.raises(BoundaryError, match="tidak dikenal"):
        read_boundaries(tmp_path / name)


def test_empty_file_is_refused(tmp_path):
    (tmp_path / "desa.geojson").write_bytes(b"")

    with pytest.raises(BoundaryError, match=r"desa\.geojson kosong"):
        read_boundaries(tmp_path / "desa.geojson")


def test_collection_without_features_is_refused(tmp_path):
    path = write_geojson(tmp_path / "desa.geojson", [])

    with pytest.raises(BoundaryError, match="tidak berisi satu pun fitur"):
        read_boundaries(path)


def test_unreadable_and_absent_files_are_refused(tmp_path):
    (tmp_path / "rusak.geojson").write_text('{"type": "FeatureCollection", "features": [')

    with pytest.raises(BoundaryError, match=r"rusak\.geojson tidak dapat dibaca sebagai GeoJSON"):
        read_boundaries(tmp_path / "rusak.geojson")
    with pytest.raises(BoundaryError, match="tidak ditemukan"):
        read_boundaries(tmp_path / "tidak_ada.geojson")


# --- the real boundary files ---------------------------------------------------------------


def shared_file(name: str) -> Path:
    path = SHARED / name
    if not path.is_file():
        pytest.skip("../shared/geo tidak ada: berkas batas wilayah nyata tidak tersedia")
    return path


@pytest.fixture(scope="module")
def banyuwangi() -> gpd.GeoDataFrame:
    return repair(read_boundaries(shared_file("desa_3510_banyuwangi.geojson")))


def planar_area(gdf: gpd.GeoDataFrame) -> float:
    return float(shapely.area(gdf.geometry.values).sum())  # degrees are fine for a ratio


@pytest.mark.parametrize(
    ("name", "count", "code_list"),
    [
        ("desa_3510_banyuwangi.geojson", 217, "idn_area_villages_3510_banyuwangi.csv"),
        ("desa_34_diy.geojson", 438, "idn_area_villages_34_diy.csv"),
    ],
)
def test_real_desa_files_read_and_repair(name, count, code_list):
    gdf = read_boundaries(shared_file(name))

    assert len(gdf) == count
    assert all(DOTTED_DESA.match(code) for code in gdf["kode"])
    official = pd.read_csv(shared_file(code_list), dtype=str)["code"]
    assert set(gdf["kode"]) == set(official)
    assert gdf["nama"].notna().all()

    fixed = repair(gdf)

    assert shapely.is_valid(fixed.geometry.values).all()
    assert exteriors_ccw(fixed.geometry)
    assert holes_cw(fixed.geometry)
    assert set(fixed.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    assert planar_area(fixed) == pytest.approx(planar_area(gdf), rel=1e-4)


def test_real_kabupaten_file_is_all_valid_after_repair():
    gdf = read_boundaries(shared_file("kabupaten_indonesia.geojson"), level="kabupaten")
    assert len(gdf) == 514
    assert (~shapely.is_valid(gdf.geometry.values)).sum() == 124

    fixed = repair(gdf)

    assert shapely.is_valid(fixed.geometry.values).all()
    assert set(fixed.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    assert exteriors_ccw(fixed.geometry)


def test_real_banyuwangi_simplified_is_smaller_and_keeps_every_desa(banyuwangi):
    simplified = simplify_coverage(banyuwangi, TOLERANCE["puskesmas"])

    assert len(simplified) == 217
    assert list(simplified["kode"]) == list(banyuwangi["kode"])
    assert not simplified.geometry.is_empty.any()
    assert shapely.is_valid(simplified.geometry.values).all()
    assert planar_area(simplified) == pytest.approx(planar_area(banyuwangi), rel=0.01)
    before = shapely.get_num_coordinates(banyuwangi.geometry.values).sum()
    assert shapely.get_num_coordinates(simplified.geometry.values).sum() < before * 0.8
    assert fc_bytes(simplified) < fc_bytes(banyuwangi) * 0.8


def test_real_banyuwangi_at_desa_tolerance_stays_a_coverage(banyuwangi):
    # The source is already thinned: at the desa tolerance the gain is nil, and what matters
    # is that neighbours still share their borders exactly (no overlap at all).
    simplified = simplify_coverage(banyuwangi, TOLERANCE["desa"])

    assert len(simplified) == 217
    assert planar_area(simplified) == pytest.approx(planar_area(banyuwangi), rel=0.01)
    assert fc_bytes(simplified) < fc_bytes(banyuwangi) * 1.05
    union = shapely.union_all(simplified.geometry.values, grid_size=1e-7)
    assert planar_area(simplified) - union.area == pytest.approx(0, abs=1e-8)


def fc_bytes(gdf: gpd.GeoDataFrame) -> int:
    return len(json.dumps(to_feature_collection(gdf), separators=(",", ":")))


def test_real_banyuwangi_dissolves_into_its_25_kecamatan(banyuwangi):
    gdf = banyuwangi.assign(kecamatan=banyuwangi["kode"].str[:8])

    outlines = dissolve(gdf, "kecamatan")

    assert len(outlines) == 25
    kecamatan = read_boundaries(shared_file("kecamatan_3510_banyuwangi.geojson"), level="kecamatan")
    assert set(outlines["kecamatan"]) == set(kecamatan["kode"])
    assert shapely.is_valid(outlines.geometry.values).all()
    assert exteriors_ccw(outlines.geometry)
    # the sliver gaps between desa are no holes in the outlines
    assert shapely.get_num_interior_rings(shapely.get_parts(outlines.geometry.values)).sum() == 0
    assert planar_area(outlines) == pytest.approx(planar_area(banyuwangi), rel=0.001)


def test_real_banyuwangi_view_fits_the_kabupaten(banyuwangi):
    view = bounds_center_zoom(banyuwangi)

    assert 113.8 < view["center"]["lon"] < 114.7
    assert -8.8 < view["center"]["lat"] < -7.8
    assert 8 < view["zoom"] < 9.5
