"""The `morbiditas` import (issue 13): a good file is stored with its ICD-10 codes in one form
and its per-area sums at every level; every bad cell is refused naming `baris N, kolom C` and
nothing changes; a pengelola data of one Puskesmas cannot import another's desa; a second
import of the same file changes nothing. On SQLite and PostgreSQL, in tests/sample.py's
province (P01: desa 99.01.01.2001 and .2002; P02: 99.01.02.2001; kabupaten 99.02: P03)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data_access import schema
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from ingest import import_file, validate_file
from ingest.templates import template_csv, template_xlsx
from tests.test_import_bad_input import assert_rejected, counts

HEADER = "kode_desa,tahun,bulan,kode_icd,nama_diagnosis,kelompok_umur,jenis_kelamin,jumlah\n"
GOOD = HEADER + (
    "99.01.01.2001,2025,3,J06.9,ISPA akut,1-4,L,6\n"
    "9901012001,2025,3,j069,ISPA akut,1-4,P,4\n"          # no dots, lower case, no dot in the code
    "99.01.01.2002,2025,3,A09,Diare dan gastroenteritis,20-44,P,5\n"
    "99.01.02.2001,2025,3,J06.9,ISPA akut,5 – 9,p,5\n"     # an en dash, a lower-case sex
    "99.02.01.2001,2025,4,I10,Hipertensi esensial,70+,L,0\n"
)
PKM_A = Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))


def write(tmp_path, text: str, name: str = "morbiditas.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(engine, table) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(map(tuple, conn.execute(select(table)).all()), key=repr)


def test_a_good_file_is_stored_with_canonical_codes_names_and_sums(loaded, tmp_path):
    result = import_file(loaded, "morbiditas", write(tmp_path, GOOD))
    assert result.ok, result.message
    assert (result.added, result.changed, result.unchanged) == (5, 0, 0)
    stored = rows(loaded, schema.morbiditas)
    assert ("99.01.01.2001", 2025, 3, "J06.9", "1-4", "P", 4) in stored
    assert ("99.01.02.2001", 2025, 3, "J06.9", "5-9", "P", 5) in stored
    assert {r[3] for r in stored} == {"J06.9", "A09", "I10"}
    assert dict(rows(loaded, schema.diagnosis)) == {
        "A09": "Diare dan gastroenteritis", "I10": "Hipertensi esensial", "J06.9": "ISPA akut"}
    sums = {(t, k, y, m, icd): j for t, k, y, m, icd, j in rows(loaded, schema.morbiditas_wilayah)}
    assert sums[("desa", "99.01.01.2001", 2025, 3, "J06.9")] == 10
    assert sums[("puskesmas", "P01", 2025, 3, "J06.9")] == 10
    assert sums[("kabupaten", "99.01", 2025, 3, "J06.9")] == 15
    assert sums[("provinsi", "99", 2025, 3, "J06.9")] == 15
    assert sums[("provinsi", "99", 2025, 4, "I10")] == 0
    breakdown = {r[:-1]: r[-1] for r in rows(loaded, schema.morbiditas_rincian)}
    assert breakdown[("kabupaten", "99.01", 2025, 3, "J06.9", "5-9", "P")] == 5
    assert {r[0] for r in breakdown} == {"kabupaten", "provinsi"}


def test_the_summaries_equal_the_sums_of_the_raw_rows_at_every_level(loaded, tmp_path):
    assert import_file(loaded, "morbiditas", write(tmp_path, GOOD)).ok
    with loaded.connect() as conn:
        m, d, mw = schema.morbiditas, schema.desa, schema.morbiditas_wilayah
        for tingkat, key in (("desa", d.c.kode), ("puskesmas", d.c.kode_puskesmas),
                             ("kabupaten", d.c.kode_kabupaten), ("provinsi", d.c.kode_provinsi)):
            raw = set(conn.execute(select(key, m.c.tahun, m.c.bulan, m.c.kode_icd, func.sum(m.c.jumlah))
                                   .join(d, d.c.kode == m.c.kode_desa)
                                   .group_by(key, m.c.tahun, m.c.bulan, m.c.kode_icd)).all())
            summary = set(conn.execute(select(mw.c.kode, mw.c.tahun, mw.c.bulan, mw.c.kode_icd, mw.c.jumlah)
                                       .where(mw.c.tingkat == tingkat)).all())
            assert {(*r[:-1], int(r[-1])) for r in raw} == summary, tingkat


def test_importing_the_same_file_again_changes_nothing_and_a_correction_resums(loaded, tmp_path):
    path = write(tmp_path, GOOD)
    assert import_file(loaded, "morbiditas", path).ok
    before = {t: rows(loaded, t) for t in (schema.morbiditas, schema.morbiditas_wilayah, schema.diagnosis)}
    again = import_file(loaded, "morbiditas", path)
    assert (again.ok, again.added, again.changed, again.unchanged) == (True, 0, 0, 5)
    assert {t: rows(loaded, t) for t in before} == before
    corrected = write(tmp_path, HEADER + "99.01.01.2001,2025,3,J06.9,ISPA (infeksi saluran napas atas),1-4,L,16\n",
                      "koreksi.csv")
    result = import_file(loaded, "morbiditas", corrected)
    assert (result.added, result.changed) == (0, 1)
    assert "Nama diagnosis J06.9 diganti dari 'ISPA akut' menjadi 'ISPA (infeksi saluran napas atas)'." \
        in result.warnings
    sums = {(t, k, y, m, icd): j for t, k, y, m, icd, j in rows(loaded, schema.morbiditas_wilayah)}
    assert sums[("puskesmas", "P01", 2025, 3, "J06.9")] == 20
    assert sums[("provinsi", "99", 2025, 3, "J06.9")] == 25
    assert dict(rows(loaded, schema.diagnosis))["J06.9"] == "ISPA (infeksi saluran napas atas)"


@pytest.mark.parametrize("code, shown", [
    ("X1", "baris 2, kolom kode_icd: 'X1' bukan kode ICD-10; tulis satu huruf, dua angka, boleh diikuti titik "
           "dan satu atau dua angka, misalnya J06.9, A09 atau E11.9"),
    ("J6", "baris 2, kolom kode_icd: 'J6' bukan kode ICD-10; tulis satu huruf, dua angka, boleh diikuti titik "
           "dan satu atau dua angka, misalnya J06.9, A09 atau E11.9"),
    ("ISPA", "baris 2, kolom kode_icd: 'ISPA' bukan kode ICD-10 (tampaknya nama diagnosis: tulis namanya di kolom "
             "nama_diagnosis dan kodenya di sini); tulis satu huruf, dua angka, boleh diikuti titik dan satu atau "
             "dua angka, misalnya J06.9, A09 atau E11.9"),
    ("J06.999", "baris 2, kolom kode_icd: 'J06.999' bukan kode ICD-10; tulis satu huruf, dua angka, boleh diikuti "
                "titik dan satu atau dua angka, misalnya J06.9, A09 atau E11.9"),
])
def test_a_code_not_shaped_like_icd10_is_refused_naming_the_row(loaded, tmp_path, code, shown):
    before = counts(loaded)
    path = write(tmp_path, HEADER + f"99.01.01.2001,2025,3,{code},ISPA,1-4,L,6\n")
    assert_rejected(loaded, before, import_file(loaded, "morbiditas", path), shown)


@pytest.mark.parametrize("row, shown", [
    ("99.01.01.2001,2025,13,J06.9,ISPA,1-4,L,6", "baris 2, kolom bulan: bulan 13 di luar rentang 1–12"),
    ("99.01.01.2001,1999,3,J06.9,ISPA,1-4,L,6", "baris 2, kolom tahun: tahun 1999 di luar rentang 2000–2100"),
    ("99.01.01.2001,2025,3,J06.9,,1-4,L,6", "baris 2, kolom nama_diagnosis: kosong; kolom ini wajib diisi"),
    ("99.01.01.2001,2025,3,J06.9," + "x" * 201 + ",1-4,L,6",
     "baris 2, kolom nama_diagnosis: terlalu panjang (201 karakter; paling banyak 200)"),
    ("99.01.01.2001,2025,3,J06.9,ISPA,balita,L,6",
     "baris 2, kolom kelompok_umur: kelompok_umur 'balita' tidak dikenal; yang dikenal: 0-7h, 8-28h, 1-11b, "
     "1-4, 5-9, 10-14, 15-19, 20-44, 45-54, 55-59, 60-69, 70+"),
    ("99.01.01.2001,2025,3,J06.9,ISPA,1-4,X,6",
     "baris 2, kolom jenis_kelamin: 'X' bukan L (laki-laki) atau P (perempuan)"),
    ("99.01.01.2001,2025,3,J06.9,ISPA,1-4,L,-2", "baris 2, kolom jumlah: -2 negatif; harus bilangan bulat ≥ 0"),
    ("99.01.01.2001,2025,3,J06.9,ISPA,1-4,L,2.5", "baris 2, kolom jumlah: 2.5 bukan bilangan bulat (tanpa pecahan)"),
    ("99.09.09.2009,2025,3,J06.9,ISPA,1-4,L,6",
     "baris 2, kolom kode_desa: kode desa 99.09.09.2009 tidak ada di data wilayah; impor wilayah yang memuat "
     "desa ini lebih dulu"),
])
def test_every_bad_cell_is_refused_naming_its_row_and_column(loaded, tmp_path, row, shown):
    before = counts(loaded)
    assert_rejected(loaded, before, import_file(loaded, "morbiditas", write(tmp_path, HEADER + row + "\n")), shown)


def test_the_same_key_twice_is_named_even_written_differently(loaded, tmp_path):
    before = counts(loaded)
    path = write(tmp_path, HEADER + "99.01.01.2001,2025,3,J06.9,ISPA,1-4,L,6\n"
                                    "9901012001,2025,3,j069,ISPA,1-4,l,7\n")
    result = import_file(loaded, "morbiditas", path)
    shown = assert_rejected(loaded, before, result)
    assert any(s.startswith("baris 3, kolom kode_desa+tahun+bulan+kode_icd+kelompok_umur+jenis_kelamin: ")
               and "sudah dipakai di baris 2" in s for s in shown), shown


def test_a_puskesmas_user_cannot_import_another_puskesmas_desa(loaded, tmp_path):
    before = counts(loaded)
    path = write(tmp_path, HEADER + "99.01.01.2001,2025,3,J06.9,ISPA,1-4,L,6\n"
                                    "99.01.02.2001,2025,3,J06.9,ISPA,1-4,L,6\n")
    assert_rejected(loaded, before, import_file(loaded, "morbiditas", path, viewer=PKM_A),
                    "baris 3, kolom kode_desa: desa 99.01.02.2001 berada di luar wilayah Anda; akun Anda hanya "
                    "boleh mengimpor data desa di wilayahnya")
    own = write(tmp_path, HEADER + "99.01.01.2001,2025,3,J06.9,ISPA,1-4,L,6\n", "sendiri.csv")
    assert import_file(loaded, "morbiditas", own, viewer=PKM_A).ok


def test_two_names_for_one_code_in_a_file_take_the_last_and_say_so(loaded, tmp_path):
    path = write(tmp_path, HEADER + "99.01.01.2001,2025,3,J06.9,ISPA,1-4,L,6\n"
                                    "99.01.01.2002,2025,3,J06.9,Infeksi saluran napas atas akut,1-4,L,2\n")
    with loaded.connect() as conn:
        report = validate_file(conn, "morbiditas", path)
    assert report.ok
    assert report.warnings == ["Kode J06.9 ditulis dengan nama berbeda: 'ISPA' (baris 2) dan "
                               "'Infeksi saluran napas atas akut' (baris 3); dipakai nama di baris terakhir."]
    assert import_file(loaded, "morbiditas", path).ok
    assert dict(rows(loaded, schema.diagnosis)) == {"J06.9": "Infeksi saluran napas atas akut"}


def test_a_name_with_markup_is_stored_as_plain_text(loaded, tmp_path):
    name = '<img src=x onerror=alert(1)> "Diare" & muntah'
    path = write(tmp_path, HEADER + f"99.01.01.2001,2025,3,A09,{name},1-4,L,6\n")
    assert import_file(loaded, "morbiditas", path).ok
    assert dict(rows(loaded, schema.diagnosis))["A09"] == name


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_the_templates_hold_a_row_the_import_accepts(loaded, tmp_path):
    csv = template_csv("morbiditas").decode()
    assert csv.splitlines()[0] == HEADER.strip()
    assert template_xlsx("morbiditas")[:2] == b"PK"
    # the example row names the demo's fictional desa; in the sample province, A1 instead
    path = write(tmp_path, csv.replace("99.01.01.2001", "99.01.01.2001"))
    assert import_file(loaded, "morbiditas", path).ok
