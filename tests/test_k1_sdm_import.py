"""Importing `sdm` (Klaster 1 staff) on SQLite and PostgreSQL: a good file with common spellings
stored canonical, an idempotent re-import, a correction; and bad input (a start date in the
future, an unknown jenis, a NIK-like id, a duplicate key, a row outside the importer's wilayah)
named as `baris N, kolom C` with nothing stored."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from data_access import schema
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from ingest import import_file
from tests.test_import_bad_input import assert_rejected, counts

HEADER = ["kode_puskesmas", "id_pegawai", "jenis_tenaga", "status_kepegawaian", "pendidikan", "tanggal_mulai",
          "klaster", "aktif", "keahlian"]
GOOD = ["P01", "PEG-001", "dokter", "pns", "profesi", "2015-03-01", "3", "Y", "Pelatihan PTM"]
PKM_A = Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def wilayah(request, tmp_path_factory):
    """tests/sample.py's province once per dialect, for the rejections (they change nothing)."""
    from tests.conftest import empty_database
    from tests.sample import load

    eng = empty_database(request, tmp_path_factory.mktemp("sdm"))
    load(eng)
    return eng


def write_csv(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(engine) -> list[tuple]:
    with engine.connect() as conn:
        rows = conn.execute(select(schema.sdm).order_by(schema.sdm.c.kode_puskesmas, schema.sdm.c.id_pegawai)).all()
    return [tuple(str(v) if isinstance(v, date) else v for v in r) for r in rows]


def test_common_spellings_are_stored_canonical(loaded, tmp_path):
    rows = [GOOD,
            ["p01", "PEG-002", "Dokter Gigi", "PPPK", "Profesi", "01/07/2020", "Klaster 5", "y", ""],
            ["P01", "PEG-003", "apoteker", "Kontrak/BLUD", "S1", "1998-01-02", "", "", "USG dasar;  BTCLS"],
            ["P02", "PEG-001", "Analis Kesehatan", "honorer", "D3", "2024-12-31", "", "T", ""]]
    result = import_file(loaded, "sdm", write_csv(tmp_path / "s.csv", rows))
    assert result.ok, result.message
    assert (result.added, result.changed, result.unchanged) == (4, 0, 0)
    assert stored(loaded) == [
        ("P01", "PEG-001", "dokter", "pns", "profesi", "2015-03-01", 3, "Y", "Pelatihan PTM"),
        ("P01", "PEG-002", "dokter_gigi", "pppk", "profesi", "2020-07-01", 5, "Y", ""),
        ("P01", "PEG-003", "kefarmasian", "kontrak", "d4_s1", "1998-01-02", None, "Y", "USG dasar; BTCLS"),
        ("P02", "PEG-001", "atlm", "honorer", "d3", "2024-12-31", None, "T", ""),
    ]


def test_reimporting_the_same_file_changes_nothing_and_a_correction_replaces(loaded, tmp_path):
    path = write_csv(tmp_path / "s.csv", [GOOD[:6], ["P01", "PEG-002", "bidan", "pns", "d3", "2010-01-01"]],
                     HEADER[:6])
    first = import_file(loaded, "sdm", path)
    assert first.ok, first.message
    before = stored(loaded)
    again = import_file(loaded, "sdm", path)
    assert again.ok and (again.added, again.changed, again.unchanged) == (0, 0, 2)
    assert stored(loaded) == before
    fixed = import_file(loaded, "sdm", write_csv(tmp_path / "b.csv", [[*GOOD[:7], "T", GOOD[8]]]))
    assert fixed.ok and (fixed.added, fixed.changed, fixed.unchanged) == (0, 1, 0)
    assert stored(loaded)[0][7] == "T"


def test_an_xlsx_with_an_excel_date_imports(loaded, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER[:6])
    ws.append(["P01", "A1", "gizi", "pns", "d3", date(2001, 5, 2)])
    wb.save(tmp_path / "s.xlsx")
    result = import_file(loaded, "sdm", tmp_path / "s.xlsx")
    assert result.ok, result.message
    assert stored(loaded) == [("P01", "A1", "gizi", "pns", "d3", "2001-05-02", None, "Y", "")]


def test_a_puskesmas_pengelola_imports_their_own_staff(loaded, tmp_path):
    result = import_file(loaded, "sdm", write_csv(tmp_path / "s.csv", [GOOD]), viewer=PKM_A)
    assert result.ok and result.added == 1, result.message


def _tomorrow() -> str:
    return (date.today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize("change, expected", [
    ({5: "FUTURE"}, "baris 2, kolom tanggal_mulai: tanggal 'FUTURE' ada di masa depan"),
    ({2: "dukun"}, "baris 2, kolom jenis_tenaga: jenis tenaga 'dukun' tidak dikenal; yang dikenal: dokter, "
                   "dokter_gigi, perawat, bidan, kesmas, kesling, gizi, kefarmasian, atlm, dokter_spesialis, "
                   "rekam_medis, administrasi, lainnya"),
    ({1: "3510012345678901"}, "baris 2, kolom id_pegawai: 16 angka: tampaknya NIK; NIK (dan nama) tidak boleh "
                              "diunggah. Pakai nomor pegawai yang dipilih Puskesmas sendiri, misalnya PEG-001"),
    ({1: "3510.0123.4567.8901"}, "baris 2, kolom id_pegawai: 16 angka: tampaknya NIK"),
    ({1: "X" * 41}, "baris 2, kolom id_pegawai: terlalu panjang (41 karakter; paling banyak 40)"),
    ({3: "tetap"}, "baris 2, kolom status_kepegawaian: status kepegawaian 'tetap' tidak dikenal"),
    ({4: "SD"}, "baris 2, kolom pendidikan: pendidikan 'SD' tidak dikenal"),
    ({6: "7"}, "baris 2, kolom klaster: klaster 7 tidak dikenal; pakai 1, 2, 3, 4, atau 5 (atau kosong)"),
    ({7: "mungkin"}, "baris 2, kolom aktif: 'mungkin' bukan Y (masih bertugas) atau T (tidak lagi bertugas); "
                     "kosong = Y"),
    ({8: "A" * 201}, "baris 2, kolom keahlian: terlalu panjang (201 karakter; paling banyak 200)"),
    ({5: "1949-12-31"}, "baris 2, kolom tanggal_mulai: tanggal '1949-12-31' sebelum 01/01/1950"),
    ({0: "P99"}, "baris 2, kolom kode_puskesmas: kode Puskesmas P99 tidak ada di data wilayah"),
])
def test_bad_cells_are_named_and_nothing_is_stored(wilayah, tmp_path, change, expected):
    row = list(GOOD)
    for i, value in change.items():
        row[i] = _tomorrow() if value == "FUTURE" else value
    expected = expected.replace("FUTURE", _tomorrow())
    before = counts(wilayah)
    result = import_file(wilayah, "sdm", write_csv(tmp_path / "s.csv", [row, GOOD[:1] + ["PEG-009"] + GOOD[2:]]))
    shown = [str(p) for p in result.problems]
    assert not result.ok
    assert any(s.startswith(expected) for s in shown), shown
    assert counts(wilayah)["sdm"] == before["sdm"] == 0  # the good second row was not stored either


def test_a_duplicate_key_in_the_file_names_both_rows(wilayah, tmp_path):
    before = counts(wilayah)
    other = [*GOOD[:2], "bidan", *GOOD[3:]]
    result = import_file(wilayah, "sdm", write_csv(tmp_path / "s.csv", [GOOD, other]))
    assert_rejected(wilayah, before, result, "baris 3, kolom kode_puskesmas+id_pegawai: kode_puskesmas+id_pegawai "
                    "(P01, PEG-001) sudah dipakai di baris 2 dengan isi berbeda; satu kunci hanya boleh satu baris")


def test_a_row_outside_the_importers_wilayah_refuses_the_whole_file(wilayah, tmp_path):
    before = counts(wilayah)
    rows = [GOOD, ["P02", "PEG-001", "bidan", "pns", "d3", "2010-01-01", "", "Y", ""]]
    result = import_file(wilayah, "sdm", write_csv(tmp_path / "s.csv", rows), viewer=PKM_A)
    assert_rejected(wilayah, before, result, "baris 3, kolom kode_puskesmas: Puskesmas P02 berada di luar wilayah "
                    "Anda; akun Anda hanya boleh mengimpor data desa di wilayahnya")


def test_a_missing_required_column_is_named(wilayah, tmp_path):
    before = counts(wilayah)
    result = import_file(wilayah, "sdm", write_csv(tmp_path / "s.csv", [GOOD[:5]], HEADER[:5]))
    assert not result.ok and "tanggal_mulai" in result.message
    assert counts(wilayah)["sdm"] == before["sdm"]


def test_the_per_puskesmas_summary_follows_every_import(loaded, tmp_path):
    from data_access.k1_sdm import per_puskesmas
    from data_access.wilayah import resolve_area

    rows = [GOOD, ["P01", "PEG-002", "gizi", "honorer", "d3", "2012-01-01", "", "Y", ""]]
    assert import_file(loaded, "sdm", write_csv(tmp_path / "a.csv", rows)).ok
    gone = [[*GOOD[:7], "T", GOOD[8]]]  # the doctor left
    assert import_file(loaded, "sdm", write_csv(tmp_path / "b.csv", gone)).ok
    with loaded.connect() as conn:
        summary = dict(zip(*zip(*conn.execute(select(schema.sdm_ringkasan.c.kode_puskesmas,
                                                     schema.sdm_ringkasan.c.tenaga_aktif)).all())))
        row = per_puskesmas(conn, Scope(), resolve_area(conn, Scope(), Level.PUSKESMAS, "P01"), date(2025, 12, 31))
    assert summary == {"P01": 1}
    assert row.iloc[0]["tanpa_dokter"] and row.iloc[0]["tenaga_gizi"] == 1 and row.iloc[0]["status_honorer"] == 1
