"""Importing `kunjungan` (monthly service visits) on SQLite and PostgreSQL: a good file with
every accepted spelling, the per-area summary equal to the raw sums, an idempotent re-import, a
corrected value; and every bad input named as `baris N, kolom C` with nothing stored (in the
style of test_import_bad_input.py), a duplicate key naming both rows, and a Puskesmas user's
file with another Puskesmas' row refused whole."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access import schema
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from ingest import import_file, import_log
from tests import sample_kunjungan
from tests.test_import_bad_input import assert_rejected, counts

HEADER = ["kode_puskesmas", "tahun", "bulan", "tempat", "klaster", "kelompok_umur", "jenis_kelamin",
          "disabilitas", "jumlah", "nama_tempat", "kode_desa"]
GOOD = ["P01", 2025, 1, "puskesmas", 2, "1-4", "L", "T", 10, "", ""]
PKM_A = Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def wilayah(request, tmp_path_factory):
    """tests/sample.py's province, once per dialect: a rejected file changes nothing, which
    every rejection test asserts, so they share it (as test_import_bad_input.py does)."""
    from tests.conftest import empty_database
    from tests.sample import load

    eng = empty_database(request, tmp_path_factory.mktemp("kunjungan"))
    load(eng)
    return eng


@pytest.fixture
def fresh(loaded):
    return loaded


def write_csv(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(engine, table) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(map(tuple, conn.execute(select(table)).all()), key=repr)


def summary_matches_raw(engine) -> None:
    """kunjungan_wilayah is the raw rows summed per Puskesmas, kabupaten and provinsi."""
    with engine.connect() as conn:
        raw = pd.DataFrame(conn.execute(select(schema.kunjungan_bulanan)).mappings().all())
        summary = pd.DataFrame(conn.execute(select(schema.kunjungan_wilayah)).mappings().all())
        pkm = dict(conn.execute(select(schema.puskesmas.c.kode, schema.puskesmas.c.kode_kabupaten)).all())
    cells = ["tahun", "bulan", "tempat", "klaster", "kelompok_umur", "jenis_kelamin", "disabilitas"]
    raw["kabupaten"] = raw["kode_puskesmas"].map(pkm)
    raw["provinsi"] = raw["kabupaten"].str[:2]
    for tingkat, key in (("puskesmas", "kode_puskesmas"), ("kabupaten", "kabupaten"), ("provinsi", "provinsi")):
        expected = raw.groupby([key, *cells])["jumlah"].sum().rename_axis(["kode", *cells])
        got = summary[summary["tingkat"] == tingkat].set_index(["kode", *cells])["jumlah"].astype(int)
        pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)


# --- a good file -----------------------------------------------------------------------------

def test_the_sample_imports_and_its_summary_equals_the_raw_sums(fresh, tmp_path):
    path = tmp_path / "kunjungan.csv"
    path.write_text(sample_kunjungan.csv_text(), encoding="utf-8")
    result = import_file(fresh, "kunjungan", path)
    assert result.ok, result.message
    assert (result.added, result.changed, result.unchanged) == (14, 0, 0)
    assert result.warnings == ["1 baris mencatat pengunjung dari desa di luar wilayah Puskesmas yang mencatatnya: "
                               "dihitung untuk Puskesmas itu, tidak tampil di halaman desa asalnya."]
    summary_matches_raw(fresh)
    with fresh.connect() as conn:
        kw = schema.kunjungan_wilayah
        total = conn.execute(select(func.sum(kw.c.jumlah)).where(
            kw.c.tingkat == "kabupaten", kw.c.kode == "99.01", kw.c.tahun == 2025, kw.c.bulan == 1)).scalar()
    assert total == 115  # sample_kunjungan: Kab Satu, January 2025


def test_reimporting_the_same_file_changes_nothing(fresh, tmp_path):
    path = tmp_path / "kunjungan.csv"
    path.write_text(sample_kunjungan.csv_text(), encoding="utf-8")
    assert import_file(fresh, "kunjungan", path).ok
    before = (stored(fresh, schema.kunjungan_bulanan), stored(fresh, schema.kunjungan_wilayah))
    again = import_file(fresh, "kunjungan", path)
    assert again.ok and (again.added, again.changed, again.unchanged) == (0, 0, 14)
    assert (stored(fresh, schema.kunjungan_bulanan), stored(fresh, schema.kunjungan_wilayah)) == before


def test_codes_in_any_case_and_spelling_are_stored_canonical(fresh, tmp_path):
    rows = [["p01", "2025", "1", "Puskesmas", "Klaster 2", "1 – 4", "l", "t", "10", "", ""],
            ["P01", 2025, 1, "Kunjungan rumah", 3, "70+", "Perempuan", "ya", 2, "", "9901012002"],
            ["P01", 2025, 1, "POSYANDU", 2, "0-7H", "P", "T", "3.0", "Posyandu A1", "99.01.01.2001"]]
    result = import_file(fresh, "kunjungan", write_csv(tmp_path / "k.csv", rows))
    assert result.ok, result.message
    assert stored(fresh, schema.kunjungan_bulanan) == sorted([
        ("P01", 2025, 1, "puskesmas", "", 2, "1-4", "L", "T", "", 10),
        ("P01", 2025, 1, "rumah", "", 3, "70+", "P", "Y", "99.01.01.2002", 2),
        ("P01", 2025, 1, "posyandu", "Posyandu A1", 2, "0-7h", "P", "T", "99.01.01.2001", 3)], key=repr)


def test_without_the_optional_columns_place_and_desa_are_blank(fresh, tmp_path):
    result = import_file(fresh, "kunjungan", write_csv(tmp_path / "k.csv", [GOOD[:9]], HEADER[:9]))
    assert result.ok, result.message
    assert stored(fresh, schema.kunjungan_bulanan) == [("P01", 2025, 1, "puskesmas", "", 2, "1-4", "L", "T", "", 10)]


def test_a_corrected_count_replaces_the_old_one_and_the_summary_follows(fresh, tmp_path):
    assert import_file(fresh, "kunjungan", write_csv(tmp_path / "a.csv", [GOOD])).ok
    fixed = [*GOOD[:8], 25, *GOOD[9:]]
    result = import_file(fresh, "kunjungan", write_csv(tmp_path / "b.csv", [fixed]))
    assert result.ok and (result.added, result.changed, result.unchanged) == (0, 1, 0)
    assert [r[-1] for r in stored(fresh, schema.kunjungan_bulanan)] == [25]
    summary_matches_raw(fresh)
    assert {r[-1] for r in stored(fresh, schema.kunjungan_wilayah)} == {25}


def test_an_xlsx_file_imports_like_the_csv(fresh, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["P01", 2025, 3, "pustu", 3, "60-69", "P", "T", 8, "Pustu A2", "9901012002"])
    wb.save(tmp_path / "k.xlsx")
    result = import_file(fresh, "kunjungan", tmp_path / "k.xlsx")
    assert result.ok and result.added == 1, result.message


def test_a_puskesmas_pengelola_imports_their_own_rows(fresh, tmp_path):
    result = import_file(fresh, "kunjungan", write_csv(tmp_path / "k.csv", [GOOD]), viewer=PKM_A)
    assert result.ok and result.added == 1, result.message


# --- bad input: every column named, nothing stored -----------------------------------------------

def _row(**changed) -> list[object]:
    row = dict(zip(HEADER, GOOD))
    row.update(changed)
    return [row[c] for c in HEADER]


BAD = [
    ("kode_puskesmas", "", "kosong; kolom ini wajib diisi"),
    ("kode_puskesmas", "P 01!", "'P 01!' bukan kode Puskesmas: 2–20 huruf, angka, titik atau tanda hubung"),
    ("kode_puskesmas", "P99", "kode Puskesmas P99 tidak ada di data wilayah; impor wilayah yang memuat "
                              "Puskesmas ini lebih dulu"),
    ("tahun", 1999, "tahun 1999 di luar rentang 2000–2100"),
    ("tahun", "dua ribu", "'dua ribu' bukan angka"),
    ("bulan", 13, "bulan 13 di luar rentang 1–12"),
    ("bulan", 0, "bulan 0 di luar rentang 1–12"),
    ("tempat", "klinik", "tempat 'klinik' tidak dikenal; yang dikenal: puskesmas, pustu, posyandu, rumah"),
    ("tempat", "posyandy", "tempat 'posyandy' tidak dikenal; maksudnya 'posyandu'?"),
    ("klaster", 1, "klaster 1 (manajemen) tidak mencatat kunjungan; pakai 2, 3, 4, atau 5 (lintas klaster: "
                   "gawat darurat, farmasi, laboratorium)"),
    ("klaster", 6, "klaster 6 tidak dikenal; pakai 2, 3, 4, atau 5"),
    ("klaster", "ibu", "klaster 'ibu' bukan 2, 3, 4, atau 5"),
    ("kelompok_umur", "1-5", "kelompok_umur '1-5' tidak dikenal; maksudnya '1-4'?"),
    ("kelompok_umur", "balita", "kelompok_umur 'balita' tidak dikenal; yang dikenal: 0-7h, 8-28h, 1-11b, 1-4, "
                                "5-9, 10-14, 15-19, 20-44, 45-54, 55-59, 60-69, 70+"),
    ("jenis_kelamin", "W", "'W' bukan L (laki-laki) atau P (perempuan)"),
    ("jenis_kelamin", "", "kosong; kolom ini wajib diisi"),
    ("disabilitas", "N", "'N' bukan Y (dengan disabilitas) atau T (tanpa disabilitas)"),
    ("jumlah", -3, "-3 negatif; harus bilangan bulat ≥ 0"),
    ("jumlah", 2.5, "2.5 bukan bilangan bulat (tanpa pecahan)"),
    ("jumlah", "", "kosong; kolom ini wajib diisi"),
    ("nama_tempat", "x" * 101, "terlalu panjang (101 karakter; paling banyak 100)"),
    ("kode_desa", "99.01.01.9999", "kode desa 99.01.01.9999 tidak ada di data wilayah; impor wilayah yang memuat "
                                   "desa ini lebih dulu (atau kosongkan bila desa asal tidak diketahui)"),
    ("kode_desa", "123", "'123' bukan kode desa: tulis 10 angka, dengan atau tanpa titik (35.10.01.2001 atau "
                         "3510012001)"),
]


@pytest.mark.parametrize("column, value, message", BAD, ids=[f"{c}={str(v)[:12]}" for c, v, _ in BAD])
def test_each_bad_cell_is_named_with_its_row_and_column_and_nothing_is_stored(wilayah, tmp_path, column,
                                                                               value, message):
    # the bad row is row 3, after a good row (which is not stored either)
    rows = [GOOD, _row(**{column: value, "bulan": 2 if column != "bulan" else value})]
    before = counts(wilayah)
    result = import_file(wilayah, "kunjungan", write_csv(tmp_path / "k.csv", rows))
    shown = assert_rejected(wilayah, before, result, f"baris 3, kolom {column}: {message}")
    assert len(shown) == 1, shown


def test_a_missing_column_is_named(wilayah, tmp_path):
    header = [c for c in HEADER if c != "disabilitas"]
    before = counts(wilayah)
    result = import_file(wilayah, "kunjungan", write_csv(tmp_path / "k.csv", [GOOD[:7] + GOOD[8:]], header))
    assert_rejected(wilayah, before, result,
                    "baris 1, kolom disabilitas: kolom wajib 'disabilitas' tidak ada di baris judul")


KEY = "kode_puskesmas+tahun+bulan+tempat+nama_tempat+klaster+kelompok_umur+jenis_kelamin+disabilitas+kode_desa"


def test_the_same_key_twice_names_both_rows_whatever_its_spelling(wilayah, tmp_path):
    rows = [GOOD,
            _row(bulan=2),
            ["p01", 2025, 1, "PUSKESMAS", "Klaster 2", "1–4", "l", "t", 11, "", ""],  # row 2's key, another count
            _row(bulan=2)]  # row 3 again, exactly
    before = counts(wilayah)
    result = import_file(wilayah, "kunjungan", write_csv(tmp_path / "k.csv", rows))
    assert_rejected(wilayah, before, result,
                    f"baris 4, kolom {KEY}: {KEY} (P01, 2025, 1, puskesmas, , 2, 1-4, L, T, ) sudah dipakai "
                    "di baris 2 dengan isi berbeda; satu kunci hanya boleh satu baris",
                    f"baris 5, kolom {KEY}: baris ini sama persis dengan baris 3 (P01, 2025, 2, puskesmas, , 2, "
                    "1-4, L, T, ); hapus salah satunya")


def test_a_row_of_another_puskesmas_refuses_a_puskesmas_users_whole_file(wilayah, tmp_path):
    rows = [GOOD, _row(kode_puskesmas="P02")]
    before = counts(wilayah)
    result = import_file(wilayah, "kunjungan", write_csv(tmp_path / "k.csv", rows), viewer=PKM_A, alamat="10.0.0.9")
    shown = assert_rejected(wilayah, before, result,
                            "baris 3, kolom kode_puskesmas: Puskesmas P02 berada di luar wilayah Anda; akun Anda "
                            "hanya boleh mengimpor data desa di wilayahnya")
    assert len(shown) == 1 and "Pkm B" not in result.message
    with wilayah.connect() as conn:
        log = import_log(conn, limit=1).iloc[0]
    assert (log["pengguna"], log["tingkat_wilayah"], log["kode_wilayah"]) == ("pkm-a", "puskesmas", "P01")


def test_a_pembaca_imports_nothing(wilayah, tmp_path):
    pembaca = Viewer("baca", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    before = counts(wilayah)
    result = import_file(wilayah, "kunjungan", write_csv(tmp_path / "k.csv", [GOOD]), viewer=pembaca)
    assert_rejected(wilayah, before, result, "Akun Anda (pembaca) tidak boleh mengimpor data; impor hanya untuk "
                                             "pengelola data dan admin.")


def test_a_puskesmas_moved_to_another_kabupaten_takes_its_visits_along(fresh):
    """A wilayah import that moves a Puskesmas (store level: the importer's own checks aside)
    re-sums the kabupaten it left and the one it joined, in the same transaction."""
    from data_access.store import write_wilayah
    from tests.sample import WILAYAH

    sample_kunjungan.load(fresh)
    moved = WILAYAH.copy()
    moved.loc[moved["kode_puskesmas"] == "P02", ["kode_kabupaten", "nama_kabupaten"]] = ["99.02", "Kab Dua"]
    with fresh.begin() as conn:
        write_wilayah(conn, moved)
    summary_matches_raw(fresh)
    with fresh.connect() as conn:
        kw = schema.kunjungan_wilayah
        totals = dict(conn.execute(select(kw.c.kode, func.sum(kw.c.jumlah)).where(
            kw.c.tingkat == "kabupaten", kw.c.tahun == 2025, kw.c.bulan == 1).group_by(kw.c.kode)).all())
    assert {k: int(v) for k, v in totals.items()} == {"99.01": 100, "99.02": 15}
