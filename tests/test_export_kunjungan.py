"""Export of the `kunjungan` view on SQLite and PostgreSQL, through the command line, against the
numbers of tests/sample_kunjungan.py and the page's own view; every column documented."""
import csv
import io
from pathlib import Path

import openpyxl
import pytest

import cli
from data_access.db import dispose_engines
from data_access.kunjungan import export_columns, kunjungan_view
from data_access.wilayah import resolve_area
from domain.codes import Level
from domain.wilayah import Scope
from exports.views import VIEWS
from tests import sample_kunjungan
from tests.sample_kunjungan import A1, A2, B1

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture
def run_cli(loaded, monkeypatch, capsys):
    sample_kunjungan.load(loaded)
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    dispose_engines()

    def run(*argv):
        status = cli.main(list(argv))
        out = capsys.readouterr()
        return status, out.out, out.err

    yield run
    dispose_engines()


def export(run_cli, tmp_path, tingkat: str, *extra: str) -> list[dict]:
    out = tmp_path / "kunjungan.csv"
    status, _, err = run_cli("export", "kunjungan", "--tahun", "2025", "--tingkat", tingkat, *extra, "--out", str(out))
    assert status == 0, err
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


def test_one_row_per_puskesmas_for_a_month_with_last_month_and_last_year(run_cli, tmp_path):
    rows = {r["kode"]: r for r in export(run_cli, tmp_path, "puskesmas", "--bulan", "1")}
    assert list(rows) == ["P01", "P02", "P03"]
    a = rows["P01"]
    assert list(a) == export_columns(True)
    assert (a["jumlah"], a["dalam_gedung"], a["luar_gedung"], a["disabilitas"]) == ("100", "79", "21", "4")
    assert (a["bulan_lalu"], a["sama_tahun_lalu"], a["bulan_lapor"]) == ("60", "80", "1")
    assert (rows["P02"]["jumlah"], rows["P02"]["rumah"]) == ("15", "3")
    assert (rows["P03"]["jumlah"], rows["P03"]["bulan_lapor"]) == ("", "0")  # not reported: empty, not 0


def test_without_a_month_the_whole_year(run_cli, tmp_path):
    rows = {r["kode"]: r for r in export(run_cli, tmp_path, "kabupaten")}
    assert "bulan_lalu" not in rows["99.01"]
    assert (rows["99.01"]["jumlah"], rows["99.01"]["sama_tahun_lalu"], rows["99.01"]["bulan_lapor"]) == (
        "174", "146", "2")


def test_desa_rows_are_the_residents_visits_the_page_shows(run_cli, tmp_path, loaded):
    rows = {r["kode"]: r for r in export(run_cli, tmp_path, "desa", "--bulan", "1", "--wilayah", "P01")}
    assert list(rows) == [A1, A2]
    with loaded.connect() as conn:
        for kode in (A1, A2):
            view = kunjungan_view(conn, Scope.everything(), resolve_area(conn, Scope.everything(), Level.DESA, kode),
                                  2025, 1)
            assert int(rows[kode]["jumlah"]) == view.bulan_ini
            assert int(rows[kode]["posyandu"]) == view.per_tempat["posyandu"]
    assert rows[A1]["bulan_lalu"] == "" and rows[A1]["sama_tahun_lalu"] == "20"


def test_a_user_exports_only_their_wilayah(run_cli, tmp_path, loaded):
    from data_access.users import add_user
    from domain.access import Role

    with loaded.begin() as conn:
        add_user(conn, "pkm-a", "kata-sandi-panjang", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    rows = export(run_cli, tmp_path, "desa", "--bulan", "1", "--pengguna", "pkm-a")
    assert [r["kode"] for r in rows] == [A1, A2]
    status, _, err = run_cli("export", "kunjungan", "--tahun", "2025", "--tingkat", "desa", "--wilayah", B1,
                             "--pengguna", "pkm-a", "--out", str(tmp_path / "x.csv"))
    assert status == 1 and "tidak ditemukan di wilayah yang boleh Anda lihat" in err
    assert not (tmp_path / "x.csv").exists()


def test_a_year_without_visits_is_refused_with_the_years_there_are(run_cli, tmp_path):
    status, _, err = run_cli("export", "kunjungan", "--tahun", "2019", "--tingkat", "puskesmas",
                             "--out", str(tmp_path / "x.csv"))
    assert status == 1
    assert "Tidak ada data kunjungan layanan untuk Prov Uji tahun 2019. Tahun yang ada datanya: 2024, 2025." in err


def test_xlsx_has_the_notes_and_every_column_is_documented(run_cli, tmp_path):
    out = tmp_path / "kunjungan.xlsx"
    status, _, err = run_cli("export", "kunjungan", "--tahun", "2025", "--bulan", "2", "--tingkat", "puskesmas",
                             "--out", str(out))
    assert status == 0, err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["KUNJUNGAN", "Keterangan"]
    notes = dict(r[:2] for r in book["Keterangan"].iter_rows(values_only=True) if r[0])
    assert notes["Periode"] == "bulan 2 (Februari) tahun 2025" and "< 5" in notes["Angka kecil"]
    page = (DOCS / "ekspor.md").read_text(encoding="utf-8")
    assert "## Tampilan `kunjungan`" in page
    for column in export_columns(True):
        assert column in VIEWS["kunjungan"].columns
        assert f"`{column}`" in page, column
