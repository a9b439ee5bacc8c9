"""Good files import: the cases test_import_accept.py leaves out. Row numbers after blank CSV
lines, header spelling and ignored columns, corrections of layanan and targets, pass 2 across
chunks with new and stored keys, the upload page's temporary file, --sheet on the command line,
and the same map re-imported from another format. Both dialects; each test gets a fresh copy
of tests/sample.py's province (conftest `loaded`)."""
from __future__ import annotations

import json
import zipfile

from sqlalchemy import select

from data_access import schema
from ingest import import_file, import_log
from tests.test_import_bad_input import (
    KELUARGA_HEADER,
    LAYANAN_HEADER,
    visit,
    write_csv,
    write_xlsx,
)


def rows_of(engine, table, *columns, where=None):
    stmt = select(*[table.c[c] for c in columns])
    if where is not None:
        stmt = stmt.where(where)
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(stmt).all())


def outcome(result) -> tuple[bool, int, int, int]:
    assert result.ok, result.message
    return result.ok, result.added, result.changed, result.unchanged


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(loaded, tmp_path):
    path = tmp_path / "k.csv"
    lines = [",".join(KELUARGA_HEADER), ",".join(visit("99.01.01.2001", "n1", "2025-02-01")), "",
             "," * (len(KELUARGA_HEADER) - 1), ",".join(visit("99.01.01.2001", "n2", "2025-02-01")),
             ",".join(visit("99.01.01.2001", "n3", "2025-02-31"))]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    bad = import_file(loaded, "keluarga", path)
    assert [str(p) for p in bad.problems] == [
        "baris 6, kolom tanggal_kunjungan: tanggal '2025-02-31' tidak ada di kalender"]
    path.write_text("\n".join(lines[:-1]) + "\n\n", encoding="utf-8")
    result = import_file(loaded, "keluarga", path)
    assert outcome(result) == (True, 2, 0, 0) and result.rows == 2


def test_header_names_are_matched_ignoring_case_and_spaces(loaded, tmp_path):
    path = write_csv(tmp_path / "l.csv", [" Kode_Desa", "TAHUN ", "Bulan", "Indikator", "Nilai",
                                          "catatan"], [["99.01.01.2001", 2025, 1, "k1", 7, "x"]])
    result = import_file(loaded, "layanan", path)
    assert outcome(result) == (True, 1, 0, 0)
    assert result.warnings == ["Kolom 'catatan' (kolom ke-6) tidak dikenal dan diabaikan."]


def test_layanan_correction_replaces_the_value(loaded, tmp_path):
    path = write_csv(tmp_path / "l.csv", LAYANAN_HEADER, [
        ["99.01.01.2001", 2025, 1, "k1", 4], ["99.01.01.2001", 2025, 1, "tb_skrining", 30]])
    assert outcome(import_file(loaded, "layanan", path)) == (True, 2, 0, 0)
    path = write_csv(tmp_path / "l.csv", LAYANAN_HEADER, [
        ["99.01.01.2001", 2025, 1, "k1", 5], ["99.01.01.2001", 2025, 1, "tb_skrining", 30],
        ["99.01.01.2001", 2025, 2, "k1", 0]])
    assert outcome(import_file(loaded, "layanan", path)) == (True, 1, 1, 1)
    assert rows_of(loaded, schema.layanan, "bulan", "indikator", "nilai") == [
        (1, "k1", 5), (1, "tb_skrining", 30), (2, "k1", 0)]


def test_target_for_a_province_for_iks_codes_and_without_the_optional_column(loaded, tmp_path):
    path = write_csv(tmp_path / "t.csv", ["indikator", "tahun", "target_persen", "kode_wilayah"], [
        ["k6", 2025, "95", ""], ["iks", 2025, "80", ""], ["jkn", 2025, 100, "99"]])
    assert outcome(import_file(loaded, "target", path)) == (True, 3, 0, 0)
    # without kode_wilayah every row is the target everywhere: k6 '' is corrected
    path = write_csv(tmp_path / "t2.csv", ["indikator", "tahun", "target_persen"], [["k6", 2025, 96]])
    assert outcome(import_file(loaded, "target", path)) == (True, 0, 1, 0)
    assert rows_of(loaded, schema.target, "indikator", "kode_wilayah", "target_persen") == [
        ("iks", "", 80.0), ("jkn", "99", 100.0), ("k6", "", 96.0)]


def test_chunks_are_written_in_one_transaction_with_new_and_known_keys(loaded, tmp_path, monkeypatch):
    import ingest as imports

    monkeypatch.setattr(imports, "CHUNK_ROWS", 3)
    rows = [visit("99.01.01.2001", f"n{i:02d}", "2025-03-01") for i in range(10)]
    rows.insert(4, visit("99.01.01.2001", "a1", "2024-03-01", "YYYYYYYYYYYY"))  # a correction
    rows.insert(7, visit("99.01.01.2002", "b1", "2024-05-01", "YYYYYYTTTTTT"))  # as stored
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, rows)
    assert outcome(import_file(loaded, "keluarga", path)) == (True, 10, 1, 1)
    k = schema.kunjungan_keluarga
    assert len(rows_of(loaded, k, "id_keluarga", where=k.c.id_keluarga.like("n%"))) == 10
    assert outcome(import_file(loaded, "keluarga", path)) == (True, 0, 0, 12)


def test_upload_name_decides_the_file_type(loaded, tmp_path):
    """The upload page saves a temporary file under its own name and passes the user's."""
    temp = write_csv(tmp_path / "upload_5f3a", LAYANAN_HEADER, [["99.01.01.2001", 2025, 1, "k1", 4]],
                     sep=";")
    result = import_file(loaded, "layanan", temp, file_name="Register Januari.csv")
    assert outcome(result) == (True, 1, 0, 0)
    assert "dari Register Januari.csv" in result.message
    with loaded.connect() as conn:
        assert import_log(conn)["nama_berkas"][0] == "Register Januari.csv"


def test_sheet_option_of_the_command_line(loaded, tmp_path, monkeypatch, capsys):
    import cli

    path = write_xlsx(tmp_path / "l.xlsx", {
        "Januari": [LAYANAN_HEADER, ["99.01.01.2001", 2025, 1, "k1", 4]],
        "Februari": [LAYANAN_HEADER, ["99.01.01.2001", 2025, 2, "k1", 5],
                     ["99.01.01.2002", 2025, 2, "k1", 1.0]],
    })
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    assert cli.main(["import", "layanan", str(path), "--sheet", "Februari"]) == 0
    assert ("Impor layanan dari l.xlsx berhasil: 2 baris; 2 ditambah, 0 diubah, 0 tetap."
            in capsys.readouterr().out)
    assert rows_of(loaded, schema.layanan, "bulan", "nilai") == [(2, 1), (2, 5)]
    assert cli.main(["import", "layanan", str(path)]) == 0  # the first sheet
    assert rows_of(loaded, schema.layanan, "bulan", "nilai") == [(1, 4), (2, 1), (2, 5)]


def _squares(codes: list[str]) -> dict:
    features = []
    for i, code in enumerate(codes):
        x = 110 + 0.01 * i
        ring = [[x, -7], [x, -6.99], [x + 0.01, -6.99], [x + 0.01, -7], [x, -7]]
        features.append({"type": "Feature", "properties": {"kode": code},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}


def test_same_map_from_geojson_shapefile_and_geopackage_is_unchanged(loaded, tmp_path):
    """A GeoPackage or Shapefile writer may store each Polygon as a one-part MultiPolygon: the
    same outline, so a re-import from another format changes nothing."""
    import geopandas as gpd
    import shapely

    codes = ["99.01.01.2001", "99.01.01.2002", "99.01.02.2001", "99.02.01.2001"]
    geojson = tmp_path / "desa.geojson"
    geojson.write_text(json.dumps(_squares(codes)))
    assert outcome(import_file(loaded, "batas", geojson)) == (True, 4, 0, 0)
    stored = rows_of(loaded, schema.peta, "tingkat", "kode", "geojson")

    gdf = gpd.read_file(geojson)
    multi = gdf.set_geometry(gdf.geometry.apply(lambda g: shapely.MultiPolygon([g])))
    multi.to_file(tmp_path / "desa.gpkg", driver="GPKG")
    assert outcome(import_file(loaded, "batas", tmp_path / "desa.gpkg")) == (True, 0, 0, 4)
    gdf.assign(kode=gdf["kode"].str.replace(".", "", regex=False)).to_file(tmp_path / "desa.shp")
    with zipfile.ZipFile(tmp_path / "desa.zip", "w") as archive:
        for part in tmp_path.glob("desa.*"):
            if part.suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                archive.write(part, f"peta/{part.name}")
    assert outcome(import_file(loaded, "batas", tmp_path / "desa.zip")) == (True, 0, 0, 4)
    assert rows_of(loaded, schema.peta, "tingkat", "kode", "geojson") == stored

    moved = _squares(codes)
    moved["features"][0]["geometry"]["coordinates"][0][1] = [110, -6.98]
    moved["features"][0]["geometry"]["coordinates"][0][2] = [110.01, -6.98]
    geojson.write_text(json.dumps(moved))
    assert outcome(import_file(loaded, "batas", geojson)) == (True, 0, 1, 3)
