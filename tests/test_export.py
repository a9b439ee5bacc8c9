"""Export of the `iks` view on the hand-made province of tests/sample.py, on SQLite and
PostgreSQL: every tingkat against hand-computed numbers, the same numbers as the page,
the CLI's messages, and CSV/XLSX read back."""
from datetime import date
from io import BytesIO

import openpyxl
import pandas as pd
import pytest

import cli
from data_access.db import dispose_engines
from data_access.iks import iks_area_table
from data_access.store import refresh_iks_summary, write_kunjungan
from domain.codes import Level
from domain.wilayah import OutOfScope, Scope
from exports.views import (
    IKS_COLUMNS,
    ExportError,
    iks_export,
    iks_page_download,
    resolve_wilayah,
    to_csv,
    to_xlsx,
)
from indicators.registry import IKS_CODES
from tests.sample import VISITS, WILAYAH, visit  # noqa: F401 (the data the numbers below come from)

EVERYTHING = Scope.everything()
# IKS_CODES in order: kb, persalinan_faskes, imunisasi_dasar, asi_eksklusif,
# pemantauan_pertumbuhan, tb_berobat, hipertensi_berobat, gangguan_jiwa_berobat,
# tidak_merokok, jkn, air_bersih, jamban_sehat (visit(y, t, n) answers Y first, then T, then N)


def export(conn, tingkat, wilayah=None, tahun=2024, awal=False) -> pd.DataFrame:
    area = resolve_wilayah(conn, EVERYTHING, wilayah)
    return iks_export(conn, EVERYTHING, Level(tingkat), area, tahun, awal).set_index("kode")


def counts(row) -> tuple:
    return (row.jumlah_keluarga, row.keluarga_sehat, row.keluarga_pra_sehat, row.keluarga_tidak_sehat)


def test_columns_are_the_contract_in_order(loaded):
    with loaded.connect() as conn:
        frame = iks_export(conn, EVERYTHING, Level.PROVINSI, resolve_wilayah(conn, EVERYTHING, None), 2024)
    assert list(frame.columns) == ["kode", "nama", "jumlah_keluarga", "keluarga_sehat",
                                   "keluarga_pra_sehat", "keluarga_tidak_sehat", "iks",
                                   *[f"cakupan_{c}" for c in IKS_CODES]]


def test_provinsi_2024_by_hand(loaded):
    with loaded.connect() as conn:
        df = export(conn, "provinsi")
    assert df.index.tolist() == ["99"]
    p = df.loc["99"]
    # a1 sehat (11/12), a2 tidak (2/12), a3 all N (left out), b1 pra (6/12); c1 not yet visited
    assert p.nama == "Prov Uji" and counts(p) == (3, 1, 1, 1)
    assert p.iks == pytest.approx(1 / 3)
    assert p.cakupan_kb == 1.0                               # Y, Y, Y
    assert p.cakupan_imunisasi_dasar == pytest.approx(2 / 3)  # a1 Y, a2 T, b1 Y
    assert p.cakupan_hipertensi_berobat == pytest.approx(1 / 3)  # a1 Y, a2 T, b1 T
    assert p.cakupan_jamban_sehat == 0.0                     # T, T, T: a true zero, not empty


def test_kabupaten_inside_a_provinsi(loaded):
    with loaded.connect() as conn:
        df = export(conn, "kabupaten", "99")
    assert df.index.tolist() == ["99.01", "99.02"]  # by kode
    assert counts(df.loc["99.01"]) == (3, 1, 1, 1)
    # Kab Dua's only family is first visited in 2025: listed with zero families, no IKS
    assert counts(df.loc["99.02"]) == (0, 0, 0, 0)
    assert pd.isna(df.loc["99.02", "iks"]) and df.loc["99.02", [f"cakupan_{c}" for c in IKS_CODES]].isna().all()


def test_puskesmas_inside_a_kabupaten(loaded):
    with loaded.connect() as conn:
        df = export(conn, "puskesmas", "99.01")
    assert df.index.tolist() == ["P01", "P02"]
    assert df.loc["P01", "nama"] == "Pkm A" and df.loc["P01", "iks"] == pytest.approx(1 / 3)
    assert counts(df.loc["P02"]) == (0, 0, 0, 0)


def test_desa_and_the_family_answering_n_everywhere_is_left_out(loaded):
    with loaded.connect() as conn:
        df = export(conn, "desa", "P01")
    a1, a2 = df.loc["99.01.01.2001"], df.loc["99.01.01.2002"]
    # desa A1: a1 sehat, a2 tidak sehat; a3 (all N) visited but not counted
    assert counts(a1) == (2, 1, 0, 1) and a1.iks == 0.5
    assert a1.cakupan_kb == 1.0 and a1.cakupan_tb_berobat == 0.5 and a1.cakupan_jamban_sehat == 0.0
    # desa A2: b1 exactly 0.5 is pra-sehat
    assert counts(a2) == (1, 0, 1, 0) and a2.iks == 0.0
    assert a2.cakupan_tb_berobat == 1.0 and a2.cakupan_hipertensi_berobat == 0.0


def test_desa_across_the_whole_province_and_a_single_desa_without_dots(loaded):
    with loaded.connect() as conn:
        everywhere = export(conn, "desa", tahun=2025)
        one = export(conn, "desa", "9901012002", tahun=2025)
    assert everywhere.index.tolist() == ["99.01.01.2001", "99.01.01.2002", "99.01.02.2001", "99.02.01.2001"]
    # 2025: a1 and a2 (10 Y, 2 N) sehat in A1; c1 sehat in C1; A2 carries b1 forward
    assert counts(everywhere.loc["99.01.01.2001"]) == (2, 2, 0, 0)
    assert counts(everywhere.loc["99.02.01.2001"]) == (1, 1, 0, 0)
    assert one.index.tolist() == ["99.01.01.2002"] and counts(one.loc["99.01.01.2002"]) == (1, 0, 1, 0)


def test_state_2025_and_awal(loaded):
    with loaded.connect() as conn:
        now = export(conn, "provinsi", tahun=2025).loc["99"]
        awal = export(conn, "provinsi", tahun=2025, awal=True).loc["99"]
    assert counts(now) == (4, 3, 1, 0) and now.iks == 0.75
    # a2's air_bersih and jamban_sehat are N in 2025: only a1 Y, c1 Y and b1 T remain
    assert now.cakupan_jamban_sehat == pytest.approx(2 / 3)
    # first visits: a1 sehat, a2 tidak, b1 pra, c1 sehat
    assert counts(awal) == (4, 2, 1, 1) and awal.iks == 0.5


def test_coverage_is_empty_when_an_area_has_no_y_or_t(loaded):
    extra = pd.DataFrame([visit("d1", date(2024, 7, 1), "99.01.02.2001", 5, 0, 7)])  # Y×5, N×7
    with loaded.begin() as conn:
        write_kunjungan(conn, extra)
        refresh_iks_summary(conn, extra["kode_desa"])
    with loaded.connect() as conn:
        b1 = export(conn, "desa", "P02").loc["99.01.02.2001"]
    assert counts(b1) == (1, 1, 0, 0) and b1.iks == 1.0
    assert b1.cakupan_pemantauan_pertumbuhan == 1.0
    assert pd.isna(b1.cakupan_tb_berobat) and pd.isna(b1.cakupan_jamban_sehat)


def test_numbers_match_the_page_table(loaded):
    with loaded.connect() as conn:
        kab = resolve_wilayah(conn, EVERYTHING, "99.01")
        page, _ = iks_area_table(conn, EVERYTHING, kab, 2024)
        out = export(conn, "puskesmas", "99.01")
    page = page.set_index("kode").loc[out.index]
    assert (out["jumlah_keluarga"] == page["keluarga_iks"]).all()
    assert (out["keluarga_sehat"] == page["sehat"]).all()
    for col in ["iks", *[f"cakupan_{c}" for c in IKS_CODES]]:
        pd.testing.assert_series_equal(out[col], page[col], check_names=False)


@pytest.mark.parametrize("kode, level", [("99", "provinsi"), ("99.01", "kabupaten"), ("p01", "puskesmas"),
                                         ("99.01.01.2001", "desa"), (" 9901012001 ", "desa")])
def test_wilayah_code_of_any_level(loaded, kode, level):
    with loaded.connect() as conn:
        assert resolve_wilayah(conn, EVERYTHING, kode).level == Level(level)


def test_without_a_code_the_export_covers_the_only_province_by_its_name(loaded):
    """A database of one province exports that province (as the pages open it), so that a
    file's notes and messages name it, not "Indonesia"."""
    with loaded.connect() as conn:
        area = resolve_wilayah(conn, EVERYTHING, None)
        assert (area.level, area.kode) == (Level.PROVINSI, "99")
        kabupaten = resolve_wilayah(conn, Scope(Level.KABUPATEN, "99.02"), "")
        assert (kabupaten.level, kabupaten.kode) == (Level.KABUPATEN, "99.02")
        with pytest.raises(ExportError, match="untuk Prov Uji tahun 2019"):
            export(conn, "desa", None, tahun=2019)


def test_unknown_wilayah_kecamatan_and_level_above_are_refused(loaded):
    with loaded.connect() as conn:
        with pytest.raises(ExportError, match="Kode wilayah '99.77' tidak ditemukan"):
            resolve_wilayah(conn, EVERYTHING, "99.77")
        with pytest.raises(ExportError, match="kode kecamatan"):
            resolve_wilayah(conn, EVERYTHING, "99.01.01")
        with pytest.raises(OutOfScope):
            resolve_wilayah(conn, Scope(Level.KABUPATEN, "99.02"), "P01")
        with pytest.raises(ExportError, match="Tingkat kabupaten berada di atas wilayah Pkm A"):
            export(conn, "kabupaten", "P01")


def test_year_without_data_is_refused(loaded):
    with loaded.connect() as conn:
        with pytest.raises(ExportError, match="tahun 2024.*Tahun yang ada datanya: 2025"):
            export(conn, "desa", "99.02", tahun=2024)


def test_csv_and_xlsx_read_back_equal(loaded):
    with loaded.connect() as conn:
        frame = export(conn, "puskesmas", "99", tahun=2025).reset_index()
    text = to_csv(frame).decode("utf-8")
    assert text.splitlines()[0] == ",".join(IKS_COLUMNS)
    assert "0.6666666666666666" in text and "," + "," * 11 in text  # full precision; empty cells
    for data, read in ((to_csv(frame), pd.read_csv), (to_xlsx(frame), pd.read_excel)):
        back = read(BytesIO(data), dtype={"kode": str})
        pd.testing.assert_frame_equal(back, frame, check_dtype=False)


# --- the command line -------------------------------------------------------------------

@pytest.fixture
def run_cli(loaded, monkeypatch, capsys):
    """cli.main against the `loaded` database, chosen the way users choose it: DATABASE_URL."""
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    dispose_engines()  # get_engine caches one engine per URL: start from the environment

    def run(*argv):
        status = cli.main(list(argv))
        out = capsys.readouterr()
        return status, out.out, out.err

    yield run
    dispose_engines()


def test_cli_writes_csv(run_cli, tmp_path):
    out = tmp_path / "iks.csv"
    status, stdout, _ = run_cli("export", "iks", "--tahun", "2024", "--tingkat", "puskesmas",
                                "--wilayah", "99.01", "--out", str(out))
    assert status == 0 and "2 baris" in stdout
    back = pd.read_csv(out, dtype={"kode": str})
    assert back["kode"].tolist() == ["P01", "P02"]
    assert back.loc[0, "iks"] == pytest.approx(1 / 3) and pd.isna(back.loc[1, "iks"])


def test_cli_writes_xlsx_with_numbers_and_an_explanation_sheet(run_cli, tmp_path):
    out = tmp_path / "iks.xlsx"
    status, _, _ = run_cli("export", "iks", "--tahun", "2025", "--tingkat", "kabupaten",
                           "--awal", "--out", str(out))
    assert status == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["IKS", "Keterangan"]
    sheet = book["IKS"]
    assert [c.value for c in sheet[1]] == IKS_COLUMNS
    assert sheet["A2"].value == "99.01" and sheet["C2"].value == 3  # a number, not text
    assert sheet["G2"].value == pytest.approx(1 / 3)  # awal: a1 sehat, a2 tidak, b1 pra
    assert sheet.column_dimensions["B"].width >= len("nama")
    notes = dict(r[:2] for r in book["Keterangan"].iter_rows(values_only=True) if r[0])
    assert "kunjungan pertama" in notes["Keadaan"]


@pytest.mark.parametrize("args, message", [
    (["--wilayah", "99.77"], "Kode wilayah '99.77' tidak ditemukan"),
    (["--wilayah", "P01", "--tingkat", "kabupaten"], "berada di atas"),
    (["--tahun", "2019"], "Tidak ada data kunjungan keluarga"),
    (["--bulan", "3"], "--bulan tidak berlaku untuk tampilan iks"),
])
def test_cli_refuses_with_a_message_and_writes_nothing(run_cli, tmp_path, args, message):
    out = tmp_path / "iks.csv"
    base = {"--tahun": "2024", "--tingkat": "desa"}
    for flag, value in zip(args[::2], args[1::2]):
        base[flag] = value
    argv = ["export", "iks", *[x for kv in base.items() for x in kv], "--out", str(out)]
    status, _, stderr = run_cli(*argv)
    assert status != 0 and message in stderr
    assert not out.exists()


def test_cli_refuses_an_unknown_output_type(run_cli, tmp_path):
    status, _, stderr = run_cli("export", "iks", "--tahun", "2024", "--tingkat", "desa",
                                "--out", str(tmp_path / "iks.txt"))
    assert status != 0 and ".csv atau .xlsx" in stderr


@pytest.mark.parametrize("view", [["iks", "--tingkat", "desa"], ["lokmin", "--puskesmas", "P01", "--bulan", "2"]])
def test_cli_names_a_missing_output_folder_before_building_anything(run_cli, tmp_path, view):
    out = tmp_path / "tidak-ada" / ("deck.pptx" if view[0] == "lokmin" else "iks.csv")
    status, _, stderr = run_cli("export", *view, "--tahun", "2024", "--out", str(out))
    assert status == 1 and "tidak-ada' tidak ada" in stderr and "Traceback" not in stderr
    assert not out.parent.exists()


# --- the IKS page's download buttons ------------------------------------------------------

def test_page_download_has_the_page_rows_and_columns(loaded):
    with loaded.connect() as conn:
        pkm = resolve_wilayah(conn, EVERYTHING, "P01")
        rows, _ = iks_area_table(conn, EVERYTHING, pkm, 2024)
    name, data = iks_page_download(rows, pkm, 2024, "csv")
    assert name == "iks-P01-2024.csv"
    back = pd.read_csv(BytesIO(data), dtype={"kode": str})
    assert back["kode"].tolist() == rows["kode"].tolist()  # the page's order
    assert back["keluarga_dikunjungi"].tolist() == [3, 1] and back["jumlah_keluarga"].tolist() == [2, 1]
    assert back["kategori"].tolist() == ["pra_sehat", "tidak_sehat"]
    name, data = iks_page_download(rows, pkm, 2024, "xlsx")
    assert name == "iks-P01-2024.xlsx"
    assert openpyxl.load_workbook(BytesIO(data)).sheetnames == ["IKS", "Keterangan"]


@pytest.fixture
def download(use_db):
    import callbacks.iks_download as cb

    return use_db(cb)


def test_download_button_sends_the_shown_table(download):
    import base64
    sent = download.table_file({"level": "desa", "kode": "99.01.01.2002", "tahun": 2024}, "xlsx")
    assert sent["filename"] == "iks-P01-2024.xlsx"  # a desa is shown among its Puskesmas' desa
    book = openpyxl.load_workbook(BytesIO(base64.b64decode(sent["content"])))
    assert [r[0] for r in book["IKS"].iter_rows(min_row=2, values_only=True)] == ["99.01.01.2001", "99.01.01.2002"]


def test_download_button_ignores_a_tampered_state(download):
    from dash import no_update
    assert download.table_file({"level": "kabupaten", "kode": "99.99", "tahun": 2024}, "csv") is no_update
    assert download.table_file({"level": "kabupaten", "kode": "99.01"}, "csv") is no_update


def test_docs_explain_every_exported_column():
    from pathlib import Path

    from exports.views import IKS_PAGE_COLUMNS
    page = (Path(__file__).resolve().parents[1] / "docs" / "ekspor.md").read_text(encoding="utf-8")
    for column in IKS_PAGE_COLUMNS:
        assert f"`{column}`" in page, column


@pytest.mark.parametrize("argv, message", [
    (["export", "iks"], "kesalahan: argumen wajib belum diisi: --tahun, --out"),  # --tingkat: see run()
    (["ekspor"], "kesalahan: argumen PERINTAH: pilihan 'ekspor' tidak dikenal (pilih salah satu: "),
    (["export", "iks", "--tahun", "2025", "--tingkat", "desa", "--out", "x.csv", "--zz"],
     "kesalahan: argumen tidak dikenal: --zz"),
    (["export", "iks", "--tahun", "2025", "--tingkat"], "kesalahan: argumen --tingkat: perlu satu nilai"),
])
def test_command_line_mistakes_are_explained_in_bahasa_indonesia(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and message in err and "error:" not in err
