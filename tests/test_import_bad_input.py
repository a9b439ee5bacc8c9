"""Every bad input of issue 3 is rejected with its row and column named, and nothing changes:
each test counts the rows of every table before and after, and finds the attempt logged as
'ditolak'. On SQLite and PostgreSQL, in tests/sample.py's province.

The database is made once per dialect for this module (fixture `loaded` below, shadowing
conftest's): a rejected import changes nothing but impor_log and the audit log, which every
test asserts, and rebuilding the schema for each of these ~30 tests would take most of the run."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from data_access import schema
from indicators.registry import IKS_CODES
from ingest import import_file, import_log, validate_file

KELUARGA_HEADER = ["kode_desa", "id_keluarga", "tanggal_kunjungan", *IKS_CODES]
LAYANAN_HEADER = ["kode_desa", "tahun", "bulan", "indikator", "nilai"]
WILAYAH_HEADER = ["kode_provinsi", "nama_provinsi", "kode_kabupaten", "nama_kabupaten",
                  "kode_puskesmas", "nama_puskesmas", "kode_desa", "nama_desa"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request, tmp_path_factory):
    from tests.conftest import empty_database
    from tests.sample import load

    eng = empty_database(request, tmp_path_factory.mktemp("impor"))
    load(eng)
    return eng


# desa of tests/sample.py: 99.01.01.2001 (Desa A1), 99.01.01.2002 (A2), 99.01.02.2001, 99.02.01.2001


def visit(desa: str, idk: str, tanggal: str, answers: str = "YYYYYYYYYYYT") -> list[str]:
    return [desa, idk, tanggal, *answers]


def write_csv(path: Path, header: list[str], rows: list[list[object]], *, sep: str = ",",
              bom: bool = False) -> Path:
    lines = [sep.join(header)] + [sep.join(str(v) for v in row) for row in rows]
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def counts(engine) -> dict[str, int]:
    """Rows in every table of the schema."""
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                for t in schema.metadata.sorted_tables}


def contents(engine) -> dict[str, list]:
    """The data tables' rows, sorted, for the tests that also compare values."""
    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                for t in (schema.kunjungan_keluarga, schema.iks_ringkasan, schema.desa,
                          schema.layanan, schema.sasaran, schema.target, schema.batas_desa)}


def assert_rejected(engine, before: dict[str, int], result, *expected: str) -> list[str]:
    """The import failed, names each `expected` problem exactly, changed no table, and logged
    one 'ditolak' attempt. Returns the problems as text."""
    shown = [str(p) for p in result.problems]
    assert not result.ok
    for line in expected:
        assert line in shown, f"{line!r} not among {shown}"
        assert line in result.message
    after = counts(engine)
    assert after.pop("impor_log") == before["impor_log"] + 1
    assert after.pop("audit_log") == before["audit_log"] + 1  # and its audit row
    assert after == {k: v for k, v in before.items() if k not in ("impor_log", "audit_log")}
    assert (result.added, result.changed, result.unchanged) == (0, 0, 0)
    with engine.connect() as conn:
        log = import_log(conn, limit=1).iloc[0]
    assert (log["hasil"], log["dataset"], log["ditambah"], log["diubah"]) == ("ditolak", result.dataset, 0, 0)
    assert expected[0] in log["pesan"] if expected else True
    return shown


# --- the file as a whole --------------------------------------------------------------------

@pytest.mark.parametrize("name, content, message", [
    ("keluarga.pdf", b"%PDF-1.4\n", "Jenis berkas '.pdf' (keluarga.pdf) tidak didukung untuk data "
     "tabel; gunakan CSV (.csv, UTF-8, pemisah koma, titik koma atau tab) atau Excel (.xlsx)."),
    ("keluarga.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Berkas keluarga.xls berformat Excel "
     "lama (.xls), yang tidak didukung; simpan ulang sebagai Excel Workbook (.xlsx) atau CSV UTF-8."),
    ("keluarga.xlsx", b"kode_desa,id_keluarga\n", "Berkas keluarga.xlsx bukan XLSX yang sah (isinya "
     "bukan arsip Excel); simpan ulang dari Excel sebagai .xlsx, atau sebagai CSV UTF-8."),
])
def test_wrong_file_type_is_rejected(loaded, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "keluarga", path), message)


def test_map_file_given_as_table_and_table_given_as_map_are_rejected(loaded, tmp_path):
    before = counts(loaded)
    geo = tmp_path / "desa.geojson"
    geo.write_text('{"type": "FeatureCollection", "features": []}')
    assert_rejected(loaded, before, import_file(loaded, "layanan", geo),
                    "Jenis berkas '.geojson' (desa.geojson) tidak didukung untuk data tabel; gunakan "
                    "CSV (.csv, UTF-8, pemisah koma, titik koma atau tab) atau Excel (.xlsx).")
    csv = write_csv(tmp_path / "batas.csv", ["kode"], [["99.01.01.2001"]])
    before = counts(loaded)
    shown = assert_rejected(loaded, before, import_file(loaded, "batas", csv))
    assert shown[0].startswith("Jenis berkas '.csv' (batas.csv) tidak dikenal untuk batas wilayah")


def test_empty_file_is_rejected(loaded, tmp_path):
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "keluarga", empty),
                    "Berkas kosong.csv kosong (0 bita).")
    blank = tmp_path / "spasi.csv"
    blank.write_text("\ufeff \n\n  \n", encoding="utf-8")
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "keluarga", blank), "Berkas spasi.csv kosong.")


def test_header_only_is_rejected(loaded, tmp_path):
    path = write_csv(tmp_path / "judul.csv", KELUARGA_HEADER, [[""] * len(KELUARGA_HEADER)])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "keluarga", path),
                    "Berkas judul.csv hanya berisi baris judul, tanpa baris data.")


def test_header_only_xlsx_is_rejected(loaded, tmp_path):
    path = write_xlsx(tmp_path / "judul.xlsx", {"Data": [LAYANAN_HEADER]})
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "layanan", path),
                    "Berkas judul.xlsx hanya berisi baris judul, tanpa baris data.")


def test_missing_column_is_named(loaded, tmp_path):
    header = [c for c in KELUARGA_HEADER if c != "jkn"]
    path = write_csv(tmp_path / "k.csv", header, [visit("99.01.01.2001", "x1", "2025-01-02")[:-1]])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "keluarga", path),
                    "baris 1, kolom jkn: kolom wajib 'jkn' tidak ada di baris judul")


def test_misspelt_column_is_named_with_the_column_it_resembles(loaded, tmp_path):
    header = ["Kode_Dsa", *KELUARGA_HEADER[1:3], "kb", "persalinan_faskes", "imunisasi_dasar",
              "asi_eksklusif", "pemantauan_pertumbuhan", "tb_berobat", "hipertensi_berobat",
              "gangguan_jiwa_berobat", "tidak_merokok", "jkn", "air_bersih", "jamban_sehat"]
    path = write_csv(tmp_path / "k.csv", header, [visit("99.01.01.2001", "x1", "2025-01-02")])
    before = counts(loaded)
    shown = assert_rejected(loaded, before, import_file(loaded, "keluarga", path),
                            "baris 1, kolom Kode_Dsa: kolom 'Kode_Dsa' tidak dikenal; maksudnya 'kode_desa'?")
    assert len(shown) == 1  # not also "kode_desa is missing"


def test_file_of_another_dataset_is_named(loaded, tmp_path):
    path = write_csv(tmp_path / "layanan.csv", LAYANAN_HEADER, [["99.01.01.2001", 2025, 1, "k1", 3]])
    before = counts(loaded)
    shown = assert_rejected(loaded, before, import_file(loaded, "sasaran", path),
                            "baris 1, kolom sasaran: kolom wajib 'sasaran' tidak ada di baris judul")
    assert shown[0] == ("Judul kolom berkas ini cocok dengan data 'layanan' (Register layanan "
                        "bulanan), bukan 'sasaran': apakah maksudnya mengimpor layanan?")


# --- cells ----------------------------------------------------------------------------------

def test_desa_code_that_does_not_exist_is_rejected(loaded, tmp_path):
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2001", "x1", "2025-01-02"),
        visit("9901019999", "x2", "2025-01-02"),
        visit("99.01.01", "x3", "2025-01-02"),
    ])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "keluarga", path),
                    "baris 3, kolom kode_desa: kode desa 99.01.01.9999 tidak ada di data wilayah; "
                    "impor wilayah yang memuat desa ini lebih dulu",
                    "baris 4, kolom kode_desa: '99.01.01' bukan kode desa: tulis 10 angka, dengan "
                    "atau tanpa titik (35.10.01.2001 atau 3510012001)")


def test_x_where_y_t_n_belongs_is_rejected(loaded, tmp_path):
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2001", "x1", "2025-01-02", "yyyyyyyyyyyt"),  # lower case is fine
        visit("99.01.01.2001", "x2", "2025-01-02", "YYYYYYXYYYYT"),
    ])
    before = counts(loaded)
    shown = assert_rejected(loaded, before, import_file(loaded, "keluarga", path),
                            "baris 3, kolom hipertensi_berobat: 'X' bukan Y, T atau N")
    assert len(shown) == 1


def test_date_that_is_not_in_the_calendar_is_rejected(loaded, tmp_path):
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2001", "x1", "28/02/2025"),
        visit("99.01.01.2001", "x2", "31/02/2025"),
        visit("99.01.01.2001", "x3", "2025-13-01"),
        visit("99.01.01.2001", "x4", "kemarin"),
    ])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "keluarga", path),
                    "baris 3, kolom tanggal_kunjungan: tanggal '31/02/2025' tidak ada di kalender",
                    "baris 4, kolom tanggal_kunjungan: '2025-13-01': bulan 13 tidak ada; tanggal "
                    "ditulis YYYY-MM-DD atau DD/MM/YYYY (hari dulu, lalu bulan)",
                    "baris 5, kolom tanggal_kunjungan: 'kemarin' bukan tanggal; tulis YYYY-MM-DD "
                    "atau DD/MM/YYYY")


def test_excel_serial_in_a_csv_is_not_a_date(loaded, tmp_path):
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [visit("99.01.01.2001", "x1", "45658")])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "keluarga", path),
                    "baris 2, kolom tanggal_kunjungan: '45658' bukan tanggal; di CSV tulis YYYY-MM-DD "
                    "atau DD/MM/YYYY (angka tanggal Excel hanya dikenali di berkas XLSX)")


def test_negative_and_fractional_counts_are_rejected(loaded, tmp_path):
    path = write_csv(tmp_path / "l.csv", LAYANAN_HEADER, [
        ["99.01.01.2001", 2025, 1, "k1", 4],
        ["99.01.01.2001", 2025, 2, "k1", -3],
        ["99.01.01.2001", 2025, 3, "k1", "2.5"],
        ["99.01.01.2001", 2025, 13, "K6", 1],
        ["99.01.01.2001", "2025.5", 4, "k66", "dua"],
    ])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "layanan", path),
                    "baris 3, kolom nilai: -3 negatif; harus bilangan bulat ≥ 0",
                    "baris 4, kolom nilai: 2.5 bukan bilangan bulat (tanpa pecahan)",
                    "baris 5, kolom bulan: bulan 13 di luar rentang 1–12",
                    "baris 6, kolom tahun: 2025.5 bukan bilangan bulat (tanpa pecahan)",
                    "baris 6, kolom indikator: indikator 'k66' tidak dikenal; maksudnya 'k6'?",
                    "baris 6, kolom nilai: 'dua' bukan angka")


def test_negative_sasaran_is_rejected_but_fractional_is_accepted(loaded, tmp_path):
    path = write_csv(tmp_path / "s.csv", ["kode_desa", "tahun", "sasaran", "jumlah"], [
        ["99.01.01.2001", 2025, "bumil", "101.2"],
        ["99.01.01.2001", 2025, "bulin", "-4"],
        ["99.01.01.2001", 2025, "ibu_hamil", "5"],
    ])
    before = counts(loaded)
    shown = assert_rejected(loaded, before, import_file(loaded, "sasaran", path),
                            "baris 3, kolom jumlah: -4 negatif; harus ≥ 0")
    assert shown[1].startswith("baris 4, kolom sasaran: sasaran 'ibu_hamil' tidak dikenal")
    assert len(shown) == 2  # 101.2 is fine


def test_negative_population_in_wilayah_is_rejected(loaded, tmp_path):
    path = write_csv(tmp_path / "w.csv", [*WILAYAH_HEADER, "jumlah_penduduk", "jumlah_keluarga"], [
        ["99", "Prov Uji", "99.01", "Kab Satu", "P01", "Pkm A", "99.01.01.2003", "Desa A3", -5, "12.5"],
    ])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "wilayah", path),
                    "baris 2, kolom jumlah_penduduk: -5 negatif; harus bilangan bulat ≥ 0",
                    "baris 2, kolom jumlah_keluarga: 12.5 bukan bilangan bulat (tanpa pecahan)")


def test_malformed_codes_and_inconsistent_parents_in_wilayah_are_rejected(loaded, tmp_path):
    path = write_csv(tmp_path / "w.csv", WILAYAH_HEADER, [
        ["99", "Prov Uji", "99.01", "Kab Satu", "P01", "Pkm A", "99.01.01.20011", "Desa X"],
        ["99", "Prov Uji", "98.01", "Kab Lain", "P09", "Pkm Z", "98.01.01.2001", "Desa Y"],
        ["99", "Prov Uji", "99.01", "Kab Satu", "P01", "Pkm A", "99.02.01.2009", "Desa Z"],
        ["99", "Prov Uji", "99.01", "Kab Satu", "P01", "Pkm A", "99.01.01.2009", "Desa W"],
        ["99", "Prov Uji", "99.01", "Kab Satu", "P01", "Pkm Lain", "99.01.01.2010", "Desa V"],
    ])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "wilayah", path),
                    "baris 2, kolom kode_desa: '99.01.01.20011' bukan kode desa: tulis 10 angka, "
                    "dengan atau tanpa titik (35.10.01.2001 atau 3510012001)",
                    "baris 3, kolom kode_kabupaten: kabupaten/kota 98.01 bukan bagian dari provinsi 99",
                    "baris 4, kolom kode_desa: desa 99.02.01.2009 bukan bagian dari kabupaten/kota 99.01",
                    "baris 6, kolom nama_puskesmas: Puskesmas P01 sudah tercatat dengan nama_puskesmas "
                    "'Pkm A' di baris 5; di sini 'Pkm Lain'")


def test_target_outside_0_to_100_is_rejected(loaded, tmp_path):
    path = write_csv(tmp_path / "t.csv", ["indikator", "tahun", "target_persen", "kode_wilayah"], [
        ["k6", 2025, "95%", ""],
        ["k6", 2025, "101", "99.01"],
        ["k1", 2025, "-1", "P01"],
        ["k1", 2025, "90", "99.01.01.2001"],
    ])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "target", path),
                    "baris 3, kolom target_persen: 101 di luar 0–100; target ditulis dalam persen (95 = 95%)",
                    "baris 4, kolom target_persen: -1 di luar 0–100; target ditulis dalam persen (95 = 95%)",
                    "baris 5, kolom kode_wilayah: '99.01.01.2001' adalah kode kecamatan/desa; target "
                    "ditetapkan untuk semua wilayah (kosong), provinsi, kabupaten/kota atau Puskesmas")


# --- rows -----------------------------------------------------------------------------------

def test_same_natural_key_twice_names_both_rows(loaded, tmp_path):
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2001", "x1", "2025-01-02"),
        visit("99.01.01.2002", "x2", "2025-01-02"),
        visit("9901012001", "x1", "02/01/2025", "TTTTTTTTTTTT"),  # the same key, written otherwise
        visit("99.01.01.2002", "x2", "2025-01-02"),  # a repeated row
    ])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "keluarga", path),
                    "baris 4, kolom id_keluarga+tanggal_kunjungan: id_keluarga+tanggal_kunjungan "
                    "(x1, 2025-01-02) sudah dipakai di baris 2 dengan isi berbeda; satu kunci hanya "
                    "boleh satu baris",
                    "baris 5, kolom id_keluarga+tanggal_kunjungan: baris ini sama persis dengan "
                    "baris 3 (x2, 2025-01-02); hapus salah satunya")


def test_same_key_in_different_chunks_is_found(loaded, tmp_path, monkeypatch):
    import ingest as imports

    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    rows = [["99.01.01.2001", 2025, m, "k1", m] for m in range(1, 6)]
    rows.append(["9901012001", 2025, 1, "K1", 9])
    path = write_csv(tmp_path / "l.csv", LAYANAN_HEADER, rows)
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "layanan", path),
                    "baris 7, kolom kode_desa+tahun+bulan+indikator: kode_desa+tahun+bulan+indikator "
                    "(99.01.01.2001, 2025, 1, k1) sudah dipakai di baris 2 dengan isi berbeda; satu "
                    "kunci hanya boleh satu baris")


def test_a_bad_row_among_good_ones_imports_nothing(loaded, tmp_path, monkeypatch):
    """All-or-nothing while streaming: the good chunks before the bad row are not written."""
    import ingest as imports

    monkeypatch.setattr(imports, "CHUNK_ROWS", 3)
    rows = [visit("99.01.01.2001", f"n{i}", "2025-02-01") for i in range(10)]
    rows[8][5] = "?"
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, rows)
    before, values = counts(loaded), contents(loaded)
    assert_rejected(loaded, before, import_file(loaded, "keluarga", path),
                    "baris 10, kolom imunisasi_dasar: '?' bukan Y, T atau N")
    assert contents(loaded) == values


def test_more_than_50_problems_are_counted(loaded, tmp_path):
    rows = [visit("99.01.01.2001", f"n{i}", "2025-02-01", "XYYYYYYYYYYX") for i in range(40)]
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, rows)
    before = counts(loaded)
    result = import_file(loaded, "keluarga", path)
    assert_rejected(loaded, before, result, "baris 2, kolom kb: 'X' bukan Y, T atau N")
    assert result.problem_count == 80
    lines = result.message.splitlines()
    assert lines[0] == "Impor keluarga dari k.csv ditolak: 80 masalah; tidak ada data yang diubah."
    assert lines[50] == "baris 26, kolom jamban_sehat: 'X' bukan Y, T atau N"
    assert lines[-1] == "… dan 30 masalah lain"


def test_validate_file_reports_without_writing(loaded, tmp_path):
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2001", f"n{i}", "2025-02-01") for i in range(25)] + [
        visit("99.01.01.2001", "n99", "31/02/2025")])
    before = counts(loaded)
    with loaded.connect() as conn:
        report = validate_file(conn, "keluarga", path)
    assert counts(loaded) == before  # not even a log row: nothing was imported
    assert not report.ok and report.rows == 26
    assert [str(p) for p in report.problems] == [
        "baris 27, kolom tanggal_kunjungan: tanggal '31/02/2025' tidak ada di kalender"]
    assert len(report.preview) == 20
    assert report.preview.index[0] == 2 and report.preview.index.name == "baris"
    assert list(report.preview.columns) == KELUARGA_HEADER


# --- XLSX -----------------------------------------------------------------------------------

def test_xlsx_with_merged_header_cells_is_rejected(loaded, tmp_path):
    path = tmp_path / "l.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["kode_desa", "tahun", "bulan", "indikator", "nilai"])
    ws.append(["99.01.01.2001", 2025, 1, "k1", 4])
    ws.merge_cells("B1:C1")
    wb.save(path)
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "layanan", path),
                    "baris 1, kolom tahun: sel judul B1:C1 digabung (merge); pisahkan sel judul agar "
                    "setiap kolom punya satu nama di satu sel")


def test_xlsx_problems_use_the_sheet_row_numbers(loaded, tmp_path):
    path = write_xlsx(tmp_path / "l.xlsx", {"Register": [
        ["REGISTER LAYANAN 2025"],
        [],
        LAYANAN_HEADER,
        ["99.01.01.2001", 2025, 1, "k1", 4],
        [None, None, None, None, None],
        ["99.01.01.2001", 2025, 2, "k1", -1],
    ]})
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "layanan", path),
                    "baris 6, kolom nilai: -1 negatif; harus bilangan bulat ≥ 0")


def test_xlsx_unknown_sheet_is_named(loaded, tmp_path):
    path = write_xlsx(tmp_path / "l.xlsx", {"Januari": [LAYANAN_HEADER], "Februari": [LAYANAN_HEADER]})
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "layanan", path, sheet="Maret"),
                    "Lembar 'Maret' tidak ada di l.xlsx; lembar yang ada: Januari, Februari.")


# --- boundaries -----------------------------------------------------------------------------

def _square(x: float, y: float) -> dict:
    ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def _geojson(path: Path, properties: list[dict]) -> Path:
    import json

    features = [{"type": "Feature", "properties": p, "geometry": _square(110 + i * 0.01, -7)}
                for i, p in enumerate(properties)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_shapefile_without_dbf_is_rejected(loaded, tmp_path):
    import geopandas as gpd
    from shapely.geometry import shape

    gdf = gpd.GeoDataFrame({"kode": ["99.01.01.2001", "99.01.01.2002"]},
                           geometry=[shape(_square(110, -7)), shape(_square(110.01, -7))],
                           crs="EPSG:4326")
    shp = tmp_path / "desa.shp"
    gdf.to_file(shp)
    (tmp_path / "desa.dbf").unlink()
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "batas", shp),
                    "Berkas .dbf pendamping untuk desa.shp tidak ditemukan; Shapefile perlu .shp, "
                    ".shx dan .dbf")


def test_geojson_whose_features_lack_the_code_property_is_rejected(loaded, tmp_path):
    path = _geojson(tmp_path / "desa.geojson", [{"nama": "Desa A1"}, {"nama": "Desa A2"}])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "batas", path),
                    "Tidak ada properti berisi kode desa di desa.geojson. Properti yang ada: nama. "
                    "Sebutkan kolom kodenya dengan --kolom-kode.")


def test_geojson_with_one_feature_lacking_its_code_names_the_feature(loaded, tmp_path):
    path = _geojson(tmp_path / "desa.geojson", [
        {"kode": "99.01.01.2001", "nama": "Desa A1"}, {"nama": "Desa A2"},
        {"kode": "9901022001", "nama": "Desa B1"}])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "batas", path),
                    "Kode desa tidak sah di kolom 'kode' pada 1 fitur: fitur ke-2 (kosong).")


def test_boundary_of_a_desa_not_in_wilayah_is_rejected(loaded, tmp_path):
    path = _geojson(tmp_path / "desa.geojson", [
        {"kode": "99.01.01.2001"}, {"kode": "99.01.01.2077"}])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "batas", path),
                    "fitur ke-2: kode desa 99.01.01.2077 tidak ada di data wilayah; impor wilayah "
                    "yang memuat desa ini lebih dulu")


def test_given_code_property_that_does_not_exist_is_named(loaded, tmp_path):
    path = _geojson(tmp_path / "desa.geojson", [{"kd": "99.01.01.2001"}])
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "batas", path, kolom_kode="kode_desa"),
                    "Kolom kode 'kode_desa' tidak ada di desa.geojson. Properti yang ada: kd.")


# --- command line ---------------------------------------------------------------------------

def test_cli_prints_every_problem_and_exits_non_zero(loaded, tmp_path, monkeypatch, capsys):
    import cli

    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    path = write_csv(tmp_path / "k.csv", KELUARGA_HEADER, [
        visit("99.01.01.2001", "x1", "31/02/2025"), visit("99.01.01.2001", "x2", "2025-01-01", "Y" * 11 + "X")])
    before = counts(loaded)
    assert cli.main(["import", "keluarga", str(path)]) == 1
    err = capsys.readouterr().err
    assert "baris 2, kolom tanggal_kunjungan: tanggal '31/02/2025' tidak ada di kalender" in err
    assert "baris 3, kolom jamban_sehat: 'X' bukan Y, T atau N" in err
    after = counts(loaded)
    assert after.pop("impor_log") == before.pop("impor_log") + 1
    assert after.pop("pekerjaan_impor") == before.pop("pekerjaan_impor") + 1  # a job, as the page's
    assert after.pop("audit_log") == before.pop("audit_log") + 1 and after == before
