"""The Dashboard Utama (scorecard, league table, findings, morbidity section) and its exports
fed what no menu offers, on SQLite and PostgreSQL: a Puskesmas user learns nothing of another
Puskesmas, not even that a diagnosis was reported there."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import callbacks.morbiditas as cb
from callbacks.common import acting_as
from data_access import schema
from data_access.db import bulk_insert
from data_access.store import refresh_morbiditas_summary, write_diagnosis_names
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from tests import sample_morbiditas, sample_skor
from tests.sample_morbiditas import B1

P01 = {"level": "puskesmas", "kode": "P01", "tahun": 2025, "bulan": 3}
READER = Viewer("pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
ELSEWHERE = "A00"  # reported by Pkm B only
ELSEWHERE_NAME = "Kolera di Pkm B"


def text(value) -> str:
    return json.dumps(value, default=str)


@pytest.fixture
def elsewhere(loaded):
    """The morbidity sample, plus a diagnosis that only Pkm B (P02) reported."""
    sample_morbiditas.load(loaded)
    with loaded.begin() as conn:
        bulk_insert(conn, schema.morbiditas, pd.DataFrame(
            [(B1, 2025, 3, ELSEWHERE, "20-44", "L", 7)],
            columns=["kode_desa", "tahun", "bulan", "kode_icd", "kelompok_umur", "jenis_kelamin", "jumlah"]))
        write_diagnosis_names(conn, {ELSEWHERE: ELSEWHERE_NAME})
        refresh_morbiditas_summary(conn)
    return loaded


@pytest.fixture
def section(use_db, elsewhere):
    return use_db(cb)


def test_the_diagnosis_menu_offers_only_codes_reported_inside_the_viewers_wilayah(section):
    with acting_as(READER):
        out = cb.show_overview(P01, "bulan", None)
    assert ELSEWHERE not in [o["value"] for o in out["options"]]
    assert ELSEWHERE_NAME not in text(out)


def test_a_code_reported_only_elsewhere_reads_as_one_never_stored(section):
    with acting_as(READER):
        elsewhere = cb.show_diagnosis(ELSEWHERE, P01, "bulan")
        never = cb.show_diagnosis("Z99.9", P01, "bulan")
        url = cb.show_overview(P01, "bulan", None, "?puskesmas=P01&tahun=2025&icd=" + ELSEWHERE)
        remembered = cb.remember_diagnosis(ELSEWHERE, "?puskesmas=P01&tahun=2025&icd=J06.9", P01, "bulan")
    assert elsewhere["spec"] is None and ELSEWHERE_NAME not in text(elsewhere)
    assert text(elsewhere["empty"]).replace(ELSEWHERE, "Z99.9") == text(never["empty"])
    assert url["value"] == "J06.9" and f"Diagnosis '{ELSEWHERE}' tidak ada di data kesakitan" in url["total"]
    assert remembered is cb.no_update


def test_a_dinkes_of_the_province_is_offered_the_code(section):
    with acting_as(Viewer("dinkes", Role.PEMBACA, Scope(Level.PROVINSI, "99"))):
        out = cb.show_overview(P01, "bulan", None)
        diagnosis = cb.show_diagnosis(ELSEWHERE, P01, "bulan")
    assert f"{ELSEWHERE_NAME} ({ELSEWHERE}) · 0 kasus" in [o["label"] for o in out["options"]]
    assert diagnosis["spec"] is not None  # Pkm A: no case, on the map


def test_the_morbiditas_export_of_a_puskesmas_user_does_not_know_a_code_reported_elsewhere(
        elsewhere, monkeypatch, capsys, tmp_path):
    import cli
    from data_access.db import dispose_engines
    from data_access.users import add_user

    with elsewhere.begin() as conn:
        add_user(conn, "pkm-a", "kata-sandi-panjang", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    monkeypatch.setenv("DATABASE_URL", elsewhere.url.render_as_string(hide_password=False))
    dispose_engines()
    try:
        errors = []
        for code in (ELSEWHERE, "Z99.9"):
            status = cli.main(["export", "morbiditas", "--tahun", "2025", "--tingkat", "desa", "--indikator", code,
                               "--pengguna", "pkm-a", "--out", str(tmp_path / "x.csv")])
            errors.append(capsys.readouterr().err.replace(code, "KODE"))
            assert status == 1 and not (tmp_path / "x.csv").exists()
        assert errors[0] == errors[1]
    finally:
        dispose_engines()



# --- the morbiditas import ------------------------------------------------------------------------

@pytest.mark.parametrize("jumlah", ["2147483648", "3000000000", "1e15", "99999999999999999999999"])
def test_a_count_too_large_for_the_column_is_refused_naming_the_cell(loaded, tmp_path, jumlah):
    from ingest import import_file
    from tests.test_import_bad_input import assert_rejected, counts
    from tests.test_import_morbiditas import HEADER, write

    before = counts(loaded)
    path = write(tmp_path, HEADER + "99.01.01.2001,2025,3,J06.9,ISPA,1-4,L,6\n"
                                    f"99.01.01.2002,2025,3,J06.9,ISPA,1-4,L,{jumlah}\n")
    assert_rejected(loaded, before, import_file(loaded, "morbiditas", path),
                    f"baris 3, kolom jumlah: nilai {jumlah} terlalu besar; paling banyak 2.147.483.647")


def test_the_largest_count_the_column_holds_is_stored(loaded, tmp_path):
    from ingest import import_file
    from tests.test_import_morbiditas import HEADER, write

    path = write(tmp_path, HEADER + "99.01.01.2001,2025,3,J06.9,ISPA,1-4,L,2147483647\n")
    assert import_file(loaded, "morbiditas", path).ok


def test_importing_a_code_reported_only_elsewhere_does_not_tell_its_stored_name(elsewhere, tmp_path):
    from ingest import import_file
    from tests.test_import_morbiditas import HEADER, PKM_A, write

    path = write(tmp_path, HEADER + f"99.01.01.2001,2025,4,{ELSEWHERE},Kolera,1-4,L,3\n"
                                    "99.01.01.2001,2025,4,J06.9,ISPA atas,1-4,L,3\n")
    result = import_file(elsewhere, "morbiditas", path, viewer=PKM_A)
    assert result.ok, result.message
    assert ELSEWHERE_NAME not in json.dumps([result.message, result.warnings])
    # a code of the importer's own wilayah still says which name it replaced
    assert "Nama diagnosis J06.9 diganti dari 'ISPA akut' menjadi 'ISPA atas'." in result.warnings


# --- the exports of a puskesmas user --------------------------------------------------------------

@pytest.mark.parametrize("view, extra", [("scorecard", ("--bulan", "3")), ("morbiditas", ("--bulan", "3")),
                                         ("morbiditas", ("--bulan", "3", "--indikator", "J06.9"))])
@pytest.mark.parametrize("wilayah", ["P02", B1, "99"])
def test_a_puskesmas_user_cannot_export_another_area(elsewhere, monkeypatch, capsys, tmp_path, view, extra, wilayah):
    import cli
    from data_access.db import dispose_engines
    from data_access.users import add_user

    with elsewhere.begin() as conn:
        add_user(conn, "pkm-a", "kata-sandi-panjang", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    monkeypatch.setenv("DATABASE_URL", elsewhere.url.render_as_string(hide_password=False))
    dispose_engines()
    try:
        status = cli.main(["export", view, "--tahun", "2025", "--tingkat", "desa", "--wilayah", wilayah, *extra,
                           "--pengguna", "pkm-a", "--out", str(tmp_path / "x.csv")])
        err = capsys.readouterr().err
    finally:
        dispose_engines()
    assert status == 1 and not (tmp_path / "x.csv").exists()
    assert "tidak ditemukan di wilayah yang boleh Anda lihat" in err
    assert not any(name in err for name in ("Pkm B", "Desa B1", "Kab Satu", "Kab Dua", "Prov Uji"))


# --- the scorecard and the league table ----------------------------------------------------------

@pytest.fixture
def skor(loaded, monkeypatch, tmp_path):
    from tests.test_callbacks_skor import PKM_A, client_of

    sample_skor.load(loaded, wilayah=False)
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    from data_access.db import dispose_engines

    yield client_of(loaded, PKM_A)
    dispose_engines()


FOREIGN = ("Pkm B", "Pkm C", "Desa B1", "Kab Dua")


@pytest.mark.parametrize("clicked", [
    {"colId": "iks", "rowId": "P02"}, {"colId": "iks", "rowId": sample_skor.B1},
    {"colId": "k1", "rowId": "P02", "rowPinned": "top"}, {"colId": "k1", "rowId": "P02", "rowPinned": "bottom",
                                                           "value": "_total"},
    {"colId": "k1" + "x" * 100_000, "rowId": sample_skor.A2}, {"colId": "k1", "rowId": sample_skor.A2 + " " * 80 + "x"},
    {"colId": {"colId": "k1"}, "rowId": [sample_skor.A2]}, {"colId": "k1", "rowId": 9901012002},
    {"colId": "k1\x00", "rowId": "P02\x00"}, {"colId": "__proto__", "rowId": "_total"},
])
def test_a_crafted_click_of_a_puskesmas_user_changes_nothing(skor, clicked):
    from tests.test_callbacks_skor import click, state

    for filter_state in (state("puskesmas", "P01"), state("kabupaten", "99.01")):
        assert click(skor, clicked, filter_state) is None


@pytest.mark.parametrize("bulan", [0, 13, "12abc", "٢", -1, 2.5, True, "2 ", [2]])
def test_a_crafted_month_opens_the_latest_month_of_the_own_puskesmas(skor, bulan):
    from layouts.ids import Utama as U
    from tests.test_callbacks_skor import click, post, state

    out = post(skor, f"{U.GRID}.rowData", [state("puskesmas", "P01", bulan=bulan)])
    assert [r["nama"] for r in out[U.GRID]["rowData"]] == ["Desa A1", "Desa A2"]
    assert not any(name in json.dumps(out) for name in FOREIGN)
    opened = click(skor, {"colId": "k1", "rowId": "_total"}, state("puskesmas", "P01", bulan=bulan))
    assert opened["url"]["pathname"] == "/klaster-2" and "puskesmas=P01" in opened["url"]["search"]


@pytest.mark.parametrize("tahun", [1800, 0, "2025", 10**30, None])
def test_a_crafted_year_says_there_is_no_data_for_the_own_puskesmas(skor, tahun):
    from layouts.ids import Utama as U
    from tests.test_callbacks_skor import click, post

    foreign = {"level": "puskesmas", "kode": "P02", "tahun": tahun, "bulan": 2}
    for filter_state in ({"level": "puskesmas", "kode": "P01", "tahun": tahun, "bulan": 2}, foreign):
        out = post(skor, f"{U.GRID}.rowData", [filter_state])
        assert U.GRID not in out and not any(name in json.dumps(out) for name in FOREIGN)
        assert click(skor, {"colId": "k1", "rowId": "_total"}, filter_state) is None


@pytest.mark.parametrize("name, shown", [
    ("ISPA\u202e", "U+202E"), ("Diare\x1b[2J", "U+001B"), ("Kolera\x07", "U+0007"), ("\u2066Tifus\u2069", "U+2066"),
])
def test_a_name_with_an_invisible_control_character_is_refused_naming_the_cell(loaded, tmp_path, name, shown):
    """A right-to-left override would turn the label the app writes after the name around
    ('ISPA\u202e (J06.9) · 15 kasus' reads '… 51 ·'); an escape sequence reaches the terminal
    that prints an import's warnings."""
    from ingest import import_file
    from tests.test_import_bad_input import assert_rejected, counts
    from tests.test_import_morbiditas import HEADER, write

    before = counts(loaded)
    path = write(tmp_path, HEADER + f"99.01.01.2001,2025,3,J06.9,{name},1-4,L,6\n")
    assert_rejected(loaded, before, import_file(loaded, "morbiditas", path),
                    f"baris 2, kolom nama_diagnosis: berisi karakter tak terlihat ({shown}); hapus karakter itu")


def test_an_area_name_with_a_right_to_left_override_is_refused():
    from ingest import cells

    with pytest.raises(cells.Invalid, match="U\\+202E"):
        cells.name("Desa \u202eA1")
    assert cells.name("Desa Ñoño – Barat (ꦗꦮ)") == "Desa Ñoño – Barat (ꦗꦮ)"


def test_the_scorecard_download_writes_a_formula_name_as_text(loaded, monkeypatch, tmp_path):
    """A Puskesmas and a kabupaten named like a formula: in the page's CSV and XLSX (rows and the
    Keterangan sheet) they are text with a leading "'" (exports.writers)."""
    from sqlalchemy import update

    from data_access.db import dispose_engines
    from tests.test_callbacks_skor import ADMIN, _download, _sheet, client_of, state

    evil = '=HYPERLINK("https://evil.example","Klik")'
    sample_skor.load(loaded, wilayah=False)
    with loaded.begin() as conn:
        conn.execute(update(schema.puskesmas).where(schema.puskesmas.c.kode == "P01").values(nama=evil))
        conn.execute(update(schema.kabupaten).where(schema.kabupaten.c.kode == "99.01").values(nama="@" + evil))
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    try:
        client = client_of(loaded, ADMIN)
        _name, csv = _download(client, "csv", state("kabupaten", "99.01"))
        _name, xlsx = _download(client, "xlsx", state("kabupaten", "99.01"))
    finally:
        dispose_engines()
    assert f"P01,\"'{evil.replace(chr(34), chr(34) * 2)}\"," in csv.decode()
    rows = _sheet(xlsx, "SCORECARD")
    assert rows[1][1] == "'" + evil
    notes = {r[0]: r[1] for r in _sheet(xlsx, "Keterangan") if r and r[0]}
    assert notes["Wilayah"].startswith("'@=HYPERLINK(")


@pytest.mark.parametrize("jumlah", ["1.000", "25.000", "2.000,0"])
def test_a_count_written_with_a_thousands_dot_is_refused_not_read_a_thousand_times_smaller(loaded, tmp_path, jumlah):
    """'1.000' is a thousand in Indonesian and 1 as Python reads it: refused, never stored as 1."""
    from ingest import import_file
    from tests.test_import_bad_input import assert_rejected, counts
    from tests.test_import_morbiditas import HEADER, write

    before = counts(loaded)
    path = write(tmp_path, HEADER + f'99.01.01.2001,2025,3,J06.9,ISPA,1-4,L,"{jumlah}"\n')
    result = import_file(loaded, "morbiditas", path)
    shown = assert_rejected(loaded, before, result)
    assert [s for s in shown if s.startswith("baris 2, kolom jumlah: ")], shown


@pytest.mark.parametrize("jumlah, stored", [("12.0", 12), ("1000", 1000), ("7,0", 7)])
def test_a_count_excel_wrote_as_a_float_is_still_read(loaded, tmp_path, jumlah, stored):
    from ingest import import_file
    from tests.test_import_morbiditas import HEADER, write

    path = write(tmp_path, HEADER + f'99.01.01.2001,2025,3,J06.9,ISPA,1-4,L,"{jumlah}"\n')
    result = import_file(loaded, "morbiditas", path)
    assert result.ok, result.message
    with loaded.connect() as conn:
        assert conn.execute(schema.morbiditas.select()).one().jumlah == stored
