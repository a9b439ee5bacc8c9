"""Importing `sarpras` and `kegiatan` (Klaster 1) on SQLite and PostgreSQL: good files with the
accepted spellings, unknown item codes imported as non-standar, the per-Puskesmas summaries
equal to the formulas on the stored rows, idempotent re-imports; every bad input named as
`baris N, kolom C` with nothing stored, duplicate keys naming both rows, and a Puskesmas
user's row of another Puskesmas refusing the whole file."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from data_access import schema
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from indicators.k1_kegiatan import period_sums
from indicators.k1_sarpras import N_STANDAR
from ingest import import_file
from ingest.templates import template_csv, template_xlsx
from tests.test_import_bad_input import assert_rejected, counts

SARPRAS = ["kode_puskesmas", "tahun", "kode_item", "nama_item", "jumlah", "kondisi", "lokasi", "kategori"]
KEGIATAN = ["kode_puskesmas", "tahun", "id_kegiatan", "nama_kegiatan", "klaster", "bulan_rencana", "terlaksana",
            "anggaran", "bulan_terlaksana", "sumber_dana"]
PKM_A = Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def wilayah(request, tmp_path_factory):
    """tests/sample.py's province, once per dialect (rejections change nothing)."""
    from tests.conftest import empty_database
    from tests.sample import load

    eng = empty_database(request, tmp_path_factory.mktemp("k1-sarpras"))
    load(eng)
    return eng


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def table(engine, t) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(select(t)).mappings().all(), columns=[c.name for c in t.columns])


# --- sarpras: good files -------------------------------------------------------------------------

GOOD_SARPRAS = [
    ["P01", 2025, "ALK-14", "Lemari es vaksin", 1, "RB", "", ""],
    ["p01", 2025, "alk-02", "Tensimeter", 3, "B", "", "alat kesehatan"],
    ["P01", 2025, "ALK-02", "Tensimeter", 1, "Rusak Ringan", "Pustu  Sukamaju", ""],
    ["P01", 2025, "NS-USG", "USG portabel", 1, "baik", "", ""],
    ["P02", 2025, "PRA-01", "Genset", 1, "rr", "", "prasarana"],
    ["P01", 2025, "ALK-03", "Stetoskop", 1, "baik", "PUSTU sukamaju", ""],  # the same Pustu
]


def test_sarpras_imports_spellings_and_unknown_codes_as_non_standar(loaded, tmp_path):
    result = import_file(loaded, "sarpras", write_csv(tmp_path / "s.csv", SARPRAS, GOOD_SARPRAS))
    assert result.ok, result.message
    assert (result.added, result.changed, result.unchanged) == (6, 0, 0)
    assert result.warnings == ["1 kode barang di luar daftar standar (NS-USG): diimpor dan ditampilkan sebagai "
                               "non-standar."]
    rows = table(loaded, schema.sarpras).set_index(["kode_puskesmas", "lokasi", "kode_item", "kondisi"])
    assert rows.loc[("P01", "", "ALK-14", "rusak_berat"), "kategori"] == "alat_kesehatan"  # from the list
    assert rows.loc[("P01", "", "ALK-02", "baik"), "jumlah"] == 3
    assert rows.loc[("P01", "Pustu Sukamaju", "ALK-02", "rusak_ringan"), "jumlah"] == 1  # spaces folded
    assert rows.loc[("P01", "", "NS-USG", "baik"), "kategori"] == "lainnya"
    assert set(rows.index.get_level_values("lokasi")) == {"", "Pustu Sukamaju"}  # the file's first spelling
    summary = table(loaded, schema.sarpras_ringkas).set_index("kode_puskesmas")
    # P01: ALK-14 (rusak berat only), ALK-02 and ALK-03 present; ALK-02 and ALK-03 working
    assert summary.loc["P01", ["standar", "ada", "berfungsi", "unit_rusak_berat", "unit_rusak_ringan",
                               "non_standar"]].tolist() == [N_STANDAR, 3, 2, 1, 1, 1]
    assert summary.loc["P02", ["ada", "berfungsi", "unit_rusak_ringan"]].tolist() == [1, 0, 1]
    again = import_file(loaded, "sarpras", write_csv(tmp_path / "s.csv", SARPRAS, GOOD_SARPRAS))
    assert (again.added, again.changed, again.unchanged) == (0, 0, 6)
    fixed = [["P01", 2025, "ALK-14", "Lemari es vaksin", 1, "baik", "", ""]]
    third = import_file(loaded, "sarpras", write_csv(tmp_path / "s2.csv", SARPRAS, fixed))
    assert third.ok and third.added == 1
    summary = table(loaded, schema.sarpras_ringkas).set_index("kode_puskesmas")
    assert summary.loc["P01", ["ada", "berfungsi"]].tolist() == [3, 3]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_templates_import_as_they_are(engine, tmp_path, fmt):
    build = {"csv": template_csv, "xlsx": template_xlsx}[fmt]
    for dataset in ("wilayah", "sarpras", "kegiatan"):
        path = tmp_path / f"templat-{dataset}.{fmt}"
        path.write_bytes(build(dataset))
        first = import_file(engine, dataset, path)
        assert first.ok and first.added == 1, (dataset, first.message)
        again = import_file(engine, dataset, path)
        assert again.ok and (again.added, again.changed, again.unchanged) == (0, 0, 1), dataset


# --- sarpras: bad input ----------------------------------------------------------------------------

def _s(**changed) -> list[object]:
    row = dict(zip(SARPRAS, GOOD_SARPRAS[0]))
    row.update(changed)
    return [row[c] for c in SARPRAS]


@pytest.mark.parametrize("row, expected", [
    (_s(kondisi="rusak"), "baris 2, kolom kondisi: kondisi 'rusak' kurang jelas: tulis rusak_ringan (RR) atau "
                           "rusak_berat (RB)"),
    (_s(kondisi="hilang"), "baris 2, kolom kondisi: kondisi 'hilang' tidak dikenal; yang dikenal: rusak_berat, "
                           "rusak_ringan, baik"),
    (_s(jumlah=-1), "baris 2, kolom jumlah: -1 negatif; harus bilangan bulat ≥ 0"),
    (_s(jumlah=1.5), "baris 2, kolom jumlah: 1.5 bukan bilangan bulat (tanpa pecahan)"),
    (_s(nama_item=""), "baris 2, kolom nama_item: kosong; kolom ini wajib diisi"),
    (_s(nama_item="x" * 201), "baris 2, kolom nama_item: terlalu panjang (201 karakter; paling banyak 200)"),
    (_s(nama_item="Lemari\u202ees"), "baris 2, kolom nama_item: berisi karakter tak terlihat (U+202E); hapus "
                                     "karakter itu"),
    (_s(kode_item="ALK 14"), "baris 2, kolom kode_item: kode barang 'ALK 14' berisi spasi; tulis tanpa spasi, "
                             "misalnya ALK-14"),
    (_s(kategori="obat"), "baris 2, kolom kategori: kategori 'obat' tidak dikenal; yang dikenal: alat_kesehatan, "
                          "sarana, prasarana, lainnya"),
    (_s(kode_puskesmas="P99"), "baris 2, kolom kode_puskesmas: kode Puskesmas P99 tidak ada di data wilayah; "
                               "impor wilayah yang memuat Puskesmas ini lebih dulu"),
])
def test_sarpras_bad_cells_are_named_and_nothing_is_stored(wilayah, tmp_path, row, expected):
    before = counts(wilayah)
    result = import_file(wilayah, "sarpras", write_csv(tmp_path / "s.csv", SARPRAS, [row]))
    shown = assert_rejected(wilayah, before, result, expected)
    assert len(shown) == 1, shown


def test_sarpras_duplicate_key_names_both_rows(wilayah, tmp_path):
    rows = [GOOD_SARPRAS[1], GOOD_SARPRAS[0], _s(kode_item="alk-14", jumlah=2, nama_item="Kulkas vaksin")]
    before = counts(wilayah)
    result = import_file(wilayah, "sarpras", write_csv(tmp_path / "s.csv", SARPRAS, rows))
    key = "kode_puskesmas+tahun+lokasi+kode_item+kondisi"
    assert_rejected(wilayah, before, result,
                    f"baris 4, kolom {key}: {key} (P01, 2025, , ALK-14, rusak_berat) sudah dipakai di baris 3 "
                    "dengan isi berbeda; satu kunci hanya boleh satu baris")


def test_sarpras_row_of_another_puskesmas_refuses_a_puskesmas_users_file(wilayah, tmp_path):
    before = counts(wilayah)
    rows = [GOOD_SARPRAS[0], _s(kode_puskesmas="P02")]
    result = import_file(wilayah, "sarpras", write_csv(tmp_path / "s.csv", SARPRAS, rows), viewer=PKM_A)
    assert_rejected(wilayah, before, result, "baris 3, kolom kode_puskesmas: Puskesmas P02 berada di luar wilayah "
                                             "Anda; akun Anda hanya boleh mengimpor data desa di wilayahnya")


# --- kegiatan ----------------------------------------------------------------------------------------

GOOD_KEGIATAN = [
    ["P01", 2025, "K2-01", "Kelas ibu hamil", 2, 1, "Y", 1000000, 1, "BOK"],
    ["P01", 2025, "K2-02", "Kelas ibu balita", "Klaster 2", 2, "y", "", 4, ""],
    ["P01", 2025, "K3-01", "Posbindu", 3, 2, "T", 500000, "", "APBD"],
    ["P01", 2025, "L-01", "Pelatihan kader", 5, 3, "ya", "2500000", "", "BOK"],
    ["P02", 2025, "K1-01", "Lokmin", 1, 1, "tidak", "", "", ""],
]


def test_kegiatan_imports_and_its_period_sums_match_the_formula(loaded, tmp_path):
    result = import_file(loaded, "kegiatan", write_csv(tmp_path / "k.csv", KEGIATAN, GOOD_KEGIATAN))
    assert result.ok, result.message
    assert (result.added, result.changed, result.unchanged) == (5, 0, 0)
    rows = table(loaded, schema.kegiatan).set_index("id_kegiatan")
    assert rows.loc["K2-02", ["klaster", "terlaksana"]].tolist() == [2, "Y"]
    assert pd.isna(rows.loc["K2-02", "anggaran"]) and pd.isna(rows.loc["L-01", "bulan_terlaksana"])
    summary = table(loaded, schema.kegiatan_ringkas)
    p01 = summary[summary["kode_puskesmas"] == "P01"].set_index(["bulan", "klaster"])
    # March, klaster 2: both planned; K2-02 done only in April
    assert p01.loc[(3, 2), ["rencana", "terlaksana", "anggaran_rencana", "anggaran_terlaksana"]].tolist() == [
        2, 1, 1_000_000.0, 1_000_000.0]
    assert p01.loc[(4, 2), ["rencana", "terlaksana"]].tolist() == [2, 2]
    assert p01.loc[(3, 5), ["rencana", "terlaksana", "anggaran_terlaksana"]].tolist() == [1, 1, 2_500_000.0]
    stored = table(loaded, schema.kegiatan)
    expected = period_sums(stored.assign(bulan_terlaksana=pd.to_numeric(stored["bulan_terlaksana"])))
    assert len(expected) == len(summary)
    assert int(expected["terlaksana"].sum()) == int(summary["terlaksana"].sum())
    again = import_file(loaded, "kegiatan", write_csv(tmp_path / "k.csv", KEGIATAN, GOOD_KEGIATAN))
    assert (again.added, again.changed, again.unchanged) == (0, 0, 5)
    done = [["P01", 2025, "K3-01", "Posbindu", 3, 2, "Y", 500000, 5, "APBD"]]
    third = import_file(loaded, "kegiatan", write_csv(tmp_path / "k2.csv", KEGIATAN, done))
    assert (third.added, third.changed) == (0, 1)
    summary = table(loaded, schema.kegiatan_ringkas).set_index(["kode_puskesmas", "bulan", "klaster"])
    assert summary.loc[("P01", 5, 3), "terlaksana"] == 1 and summary.loc[("P01", 4, 3), "terlaksana"] == 0


def _k(**changed) -> list[object]:
    row = dict(zip(KEGIATAN, GOOD_KEGIATAN[0]))
    row.update(changed)
    return [row[c] for c in KEGIATAN]


@pytest.mark.parametrize("row, expected", [
    (_k(terlaksana="T", bulan_terlaksana=3), "baris 2, kolom bulan_terlaksana: diisi padahal terlaksana = T; "
                                             "kosongkan bulan_terlaksana, atau ubah terlaksana menjadi Y"),
    (_k(klaster=6), "baris 2, kolom klaster: klaster 6 tidak dikenal; pakai 1, 2, 3, 4, atau 5 (5 = lintas "
                    "klaster)"),
    (_k(bulan_rencana=13), "baris 2, kolom bulan_rencana: bulan 13 di luar rentang 1–12"),
    (_k(bulan_terlaksana=0), "baris 2, kolom bulan_terlaksana: bulan 0 di luar rentang 1–12"),
    (_k(terlaksana="mungkin"), "baris 2, kolom terlaksana: 'mungkin' bukan Y (terlaksana) atau T (belum "
                               "terlaksana)"),
    (_k(anggaran=-5), "baris 2, kolom anggaran: -5 negatif; harus ≥ 0"),
    (_k(id_kegiatan="x" * 41), "baris 2, kolom id_kegiatan: terlalu panjang (41 karakter; paling banyak 40)"),
    (_k(nama_kegiatan="a\u200bb"), "baris 2, kolom nama_kegiatan: berisi karakter tak terlihat (U+200B); hapus "
                                   "karakter itu"),
])
def test_kegiatan_bad_cells_are_named_and_nothing_is_stored(wilayah, tmp_path, row, expected):
    before = counts(wilayah)
    result = import_file(wilayah, "kegiatan", write_csv(tmp_path / "k.csv", KEGIATAN, [row]))
    shown = assert_rejected(wilayah, before, result, expected)
    assert len(shown) == 1, shown


def test_kegiatan_duplicate_id_names_both_rows(wilayah, tmp_path):
    rows = [GOOD_KEGIATAN[0], _k(nama_kegiatan="Kelas ibu hamil lagi")]
    before = counts(wilayah)
    result = import_file(wilayah, "kegiatan", write_csv(tmp_path / "k.csv", KEGIATAN, rows))
    key = "kode_puskesmas+tahun+id_kegiatan"
    assert_rejected(wilayah, before, result, f"baris 3, kolom {key}: {key} (P01, 2025, K2-01) sudah dipakai di "
                                             "baris 2 dengan isi berbeda; satu kunci hanya boleh satu baris")


def test_kegiatan_row_of_another_puskesmas_refuses_a_puskesmas_users_file(wilayah, tmp_path):
    before = counts(wilayah)
    rows = [GOOD_KEGIATAN[0], _k(kode_puskesmas="P03", id_kegiatan="X")]
    result = import_file(wilayah, "kegiatan", write_csv(tmp_path / "k.csv", KEGIATAN, rows), viewer=PKM_A)
    assert_rejected(wilayah, before, result, "baris 3, kolom kode_puskesmas: Puskesmas P03 berada di luar wilayah "
                                             "Anda; akun Anda hanya boleh mengimpor data desa di wilayahnya")
