"""The `obat` import (LPLPO, issue 15) on SQLite and PostgreSQL: a good file is stored as written
(a row that does not balance too, counted in the summary's warning), with names per Puskesmas and
the per-Puskesmas monthly summary; a re-import changes nothing; a change to a month re-counts the
two months after it; bad cells are refused naming `baris N, kolom C` and nothing changes."""
from __future__ import annotations

from sqlalchemy import select

from data_access import schema
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from ingest import import_file
from tests import sample_obat
from tests.test_import_bad_input import assert_rejected, counts

HEADER = sample_obat.HEADER


def write(tmp_path, text: str, name: str = "obat.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def summary(engine) -> dict:
    t = schema.obat_ringkas
    with engine.connect() as conn:
        return {(r.kode_puskesmas, r.tahun, r.bulan): (r.item, r.kosong, r.kosong_indikator, r.indikator,
                                                       r.indikator_tersedia, r.kritis, r.kedaluwarsa, r.tidak_seimbang)
                for r in conn.execute(select(t))}


def test_a_good_file_is_stored_as_written_and_summarised(loaded, tmp_path):
    result = import_file(loaded, "obat", write(tmp_path, sample_obat.GOOD))
    assert result.ok, result.message
    assert (result.added, result.changed, result.unchanged) == (9, 0, 0)
    assert any("1 baris tidak seimbang" in w and "baris 5: 10 + 0 − 2 = 8, tertulis 9" in w
               for w in result.warnings), result.warnings
    with loaded.connect() as conn:
        stored = conn.execute(select(schema.obat).where(schema.obat.c.kode_obat == "OB-001")).one()
        names = {(p, k): n for p, k, n, _s in conn.execute(select(schema.obat_nama))}
    assert stored.sisa_stok == 9 and stored.kedaluwarsa_terdekat.isoformat() == "2025-03-15"  # kept, not corrected
    assert stored.permintaan is None
    assert names[("P01", "OB-001")] == "Kasa steril" and names[("P02", "OI-01")] == "Albendazol tablet"
    assert summary(loaded) == {
        ("P01", 2024, 12): (1, 0, 0, 1, 1, 0, 0, 0),
        ("P01", 2025, 1): (3, 1, 1, 2, 1, 0, 1, 1),
        ("P02", 2025, 1): (2, 0, 0, 2, 2, 0, 0, 0),
        ("P03", 2025, 1): (3, 1, 1, 3, 2, 0, 0, 0),
    }


def test_the_same_file_twice_changes_nothing(loaded, tmp_path):
    path = write(tmp_path, sample_obat.GOOD)
    assert import_file(loaded, "obat", path).ok
    before = summary(loaded)
    again = import_file(loaded, "obat", path)
    assert again.ok and (again.added, again.changed, again.unchanged) == (0, 0, 9)
    assert summary(loaded) == before


def test_a_corrected_december_recounts_january_months_of_stock(loaded, tmp_path):
    assert import_file(loaded, "obat", write(tmp_path, sample_obat.GOOD)).ok
    # December's use was 300, not 30: January's mean becomes (300 + 60) / 2 = 180, 60 / 180 < 1 month
    fixed = HEADER + "P01,2024,12,OI-01,Albendazol tablet 400 mg,tablet,400,0,300,100,,\n"
    result = import_file(loaded, "obat", write(tmp_path, fixed, "koreksi.csv"))
    assert result.ok and result.changed == 1
    assert summary(loaded)[("P01", 2025, 1)][5] == 1  # kritis


def test_only_the_required_columns_are_enough(loaded, tmp_path):
    text = ("kode_puskesmas,tahun,bulan,kode_obat,nama_obat,satuan,stok_awal,penerimaan,pemakaian,sisa_stok\n"
            "p01,2025,2,OI-05,Diazepam injeksi,ampul,3,0,1,2\n")
    result = import_file(loaded, "obat", write(tmp_path, text))
    assert result.ok, result.message
    assert summary(loaded)[("P01", 2025, 2)] == (1, 0, 0, 1, 1, 0, 0, 0)


def test_a_future_expiry_is_accepted_and_the_file_flag_is_stored(loaded, tmp_path):
    text = (HEADER.strip() + ",obat_indikator\n"
            "P01,2025,3,LOKAL-9,Obat lokal,tablet,5,0,0,5,,2031-12-31,y\n")
    assert import_file(loaded, "obat", write(tmp_path, text)).ok
    with loaded.connect() as conn:
        flag = conn.execute(select(schema.obat.c.obat_indikator)).scalar()
    assert flag == "Y"
    assert summary(loaded)[("P01", 2025, 3)][3:5] == (1, 1)


def test_bad_cells_are_refused_with_their_row_and_column(loaded, tmp_path):
    before = counts(loaded)
    text = HEADER + (
        "P01,2025,1,OI-01,Albendazol,tablet,-5,0,0,0,,\n"
        "P01,2025,1,OI-02,Amoksisilin,kaplet,5,0,0,5,,2025-02-30\n"
        "P01,2025,1,OI-03,Amoksisilin sirup,botol,5,0,x,5,,\n"
        "P01,2025,13,OI-04,Deksametason,tablet,5,0,0,5,,\n"
        "P01,2025,2,,Tanpa kode,tablet,1,0,0,1,,\n"
        "P01,2025,2,OI-06,Epinefrin,ampul,1,0,0,1,-1,\n"
        "P99,2025,2,OI-07,Fitomenadion,ampul,1,0,0,1,,\n"
    )
    result = import_file(loaded, "obat", write(tmp_path, text))
    assert_rejected(loaded, before, result,
                    "baris 2, kolom stok_awal: -5 negatif; harus ≥ 0",
                    "baris 3, kolom kedaluwarsa_terdekat: tanggal '2025-02-30' tidak ada di kalender",
                    "baris 4, kolom pemakaian: 'x' bukan angka",
                    "baris 5, kolom bulan: bulan 13 di luar rentang 1–12",
                    "baris 6, kolom kode_obat: kosong; kolom ini wajib diisi",
                    "baris 7, kolom permintaan: -1 negatif; harus ≥ 0")
    assert any(p.baris == 8 and p.kolom == "kode_puskesmas" for p in result.problems)


def test_a_key_used_twice_is_refused(loaded, tmp_path):
    before = counts(loaded)
    text = HEADER + ("P01,2025,1,OI-01,Albendazol,tablet,5,0,0,5,,\n"
                     "P01,2025,1,oi-01,Albendazol,tablet,6,0,0,6,,\n")
    result = import_file(loaded, "obat", write(tmp_path, text))
    shown = assert_rejected(loaded, before, result)
    assert any(s.startswith("baris 3, kolom kode_puskesmas+tahun+bulan+kode_obat") and "baris 2" in s
               for s in shown), shown


def test_a_puskesmas_cannot_import_another_puskesmas_lplpo(loaded, tmp_path):
    before = counts(loaded)
    viewer = Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))
    text = HEADER + "P02,2025,1,OI-01,Albendazol,tablet,5,0,0,5,,\n"
    result = import_file(loaded, "obat", write(tmp_path, text), viewer=viewer)
    assert_rejected(loaded, before, result, "baris 2, kolom kode_puskesmas: Puskesmas P02 berada di luar "
                    "wilayah Anda; akun Anda hanya boleh mengimpor data desa di wilayahnya")
