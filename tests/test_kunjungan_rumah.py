"""The list of families to visit (issue 16) on SQLite and PostgreSQL, in tests/sample.py's
province (Puskesmas P01: desa A1 99.01.01.2001 and A2 .2002; P02: B1 99.01.02.2001; kabupaten
99.02: P03) plus the visits of KELUARGA below: the latest-answer rule, the optional columns of
the keluarga dataset (absent, present, partial, validated), who may see the list (a Dinkes
account whatever its role, a Puskesmas pembaca and another Puskesmas are refused, also by
crafted requests, with no family's data in the answer), the audit rows of each view and
download, and the XLSX for the kader (title, order, formulas written as text)."""
from __future__ import annotations

import base64
import io
import json
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

import callbacks.kd_kunjungan_rumah as cb
from callbacks.common import acting_as
from data_access import schema
from data_access.kunjungan_rumah import desa_options, families_to_visit, refusal
from data_access.users import Event
from data_access.wilayah import resolve_area
from domain.access import AccessDenied, Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope, WilayahError
from indicators.kunjungan_rumah import rt_rw_text, sort_families
from indicators.registry import IKS_CODES
from ingest import import_file
from layouts.kd_kunjungan_rumah import KR, build, chosen_indicator

A1, A2, B1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001"
HIP = "hipertensi_berobat"
PKM_A = Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))
PKM_A_ADMIN = Viewer("pkm-a-admin", Role.ADMIN, Scope(Level.PUSKESMAS, "P01"))
PKM_A_PEMBACA = Viewer("pkm-a-baca", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
KAB_PEMBACA = Viewer("kab-1", Role.PEMBACA, Scope(Level.KABUPATEN, "99.01"))
KAB_PENGELOLA = Viewer("kab-1-kelola", Role.PENGELOLA, Scope(Level.KABUPATEN, "99.01"))
KAB_ADMIN = Viewer("kab-1-admin", Role.ADMIN, Scope(Level.KABUPATEN, "99.01"))
PROV_ADMIN = Viewer("prov-admin", Role.ADMIN, Scope(Level.PROVINSI, "99"))
NASIONAL_ADMIN = Viewer("admin", Role.ADMIN, Scope.everything())

HEADER = ["kode_desa", "id_keluarga", "tanggal_kunjungan", *IKS_CODES]
ALAMAT = ["nama_kepala_keluarga", "alamat", "rt", "rw"]


def row(desa, idk, tanggal, hip, *alamat):
    answers = dict.fromkeys(IKS_CODES, "Y")
    answers[HIP] = hip
    return [desa, idk, tanggal, *answers.values(), *alamat]


# (hipertensi answer, nama, alamat, rt, rw); the order the list must show is f8, f2, f9, f3, f4
KELUARGA = [
    row(A1, "f1", "2024-01-10", "T", "Satu", "Jl. Satu", "1", "1"),     # T then Y: not listed
    row(A1, "f1", "2025-02-01", "Y", "Satu", "Jl. Satu", "1", "1"),
    row(A1, "f2", "2024-01-10", "Y", "Budi Lama", "Jl. Lama", "9", "9"),  # Y then T: listed
    row(A1, "f2", "2025-02-01", "T", "Budi", "Jl. Dua", "003", "001"),
    row(A1, "f3", "2025-03-01", "t", "Ani", "Jl. Tiga", "RT 01", "2"),
    row(A1, "f4", "2025-03-01", "T", "", "", "", ""),                    # nothing known: last
    row(A1, "f5", "2025-03-01", "N", "Lima", "Jl. Lima", "1", "1"),     # N: not listed
    row(A1, "f6", "2024-05-01", "T", "Enam", "Jl. Enam", "1", "1"),     # moved to A2 later
    row(A2, "f6", "2025-05-01", "T", "Enam", "Jl. Baru", "2", "1"),
    row(A1, "f8", "2025-03-01", "T", "ani", "Jl. Delapan", "3", "1.0"),
    row(A1, "f9", "2025-03-01", "T", "Aaron", "Jl. Sembilan", "10", "1"),
    row(B1, "f7", "2025-03-01", "T", "Tujuh Rahasia", "Jl. Tujuh", "1", "1"),
]


def csv_text(rows, header=HEADER + ALAMAT) -> str:
    return pd.DataFrame(rows, columns=header).to_csv(index=False)


def import_rows(engine, tmp_path, rows, header=HEADER + ALAMAT, name="keluarga.csv", viewer=None):
    path = tmp_path / name
    path.write_text(csv_text(rows, header), encoding="utf-8")
    kwargs = {"viewer": viewer} if viewer else {}
    return import_file(engine, "keluarga", path, **kwargs)


@pytest.fixture
def db(loaded, tmp_path):
    result = import_rows(loaded, tmp_path, KELUARGA)
    assert result.ok, result.message
    return loaded


def ids(frame) -> list[str]:
    return list(frame["id_keluarga"])


def alamat_of(engine, idk):
    with engine.connect() as conn:
        return conn.execute(select(schema.keluarga_alamat).where(
            schema.keluarga_alamat.c.id_keluarga == idk)).mappings().first()


# --- the list: latest answer, order, optional columns -------------------------------------

def test_only_families_whose_latest_answer_is_t_sorted_by_rw_rt_then_name(db):
    with db.connect() as conn:
        shown = families_to_visit(conn, PKM_A, A1, HIP)
    # f1 (T then Y) and f5 (N) are not listed; f2 (Y then T) is; f6's latest visit is in A2
    assert ids(shown) == ["f8", "f2", "f9", "f3", "f4"]
    assert [rt_rw_text(v) for v in shown["rw"]] == ["001", "001", "001", "002", ""]
    assert [rt_rw_text(v) for v in shown["rt"]] == ["003", "003", "010", "001", ""]
    f2 = shown.iloc[1]
    assert (f2["nama_kepala_keluarga"], f2["alamat"], f2["tanggal_kunjungan"]) == ("Budi", "Jl. Dua", date(2025, 2, 1))
    assert shown.iloc[4][["nama_kepala_keluarga", "alamat", "rt", "rw"]].isna().all()


def test_a_family_that_moved_is_listed_in_its_latest_desa_only(db):
    with db.connect() as conn:
        a2 = families_to_visit(conn, PKM_A, A2, HIP)
    # b1 (tests/sample.py, T on hipertensi, no optional columns) and f6, visited last in A2
    assert ids(a2) == ["f6", "b1"] and a2.iloc[0]["alamat"] == "Jl. Baru"


def test_another_indicator_and_the_admin_of_the_puskesmas(db):
    with db.connect() as conn:
        jamban = families_to_visit(conn, PKM_A_ADMIN, A1, "jamban_sehat")
    assert ids(jamban) == []  # every family of KELUARGA answered Y; a1's 2024 T was followed by Y


def test_sort_puts_unknown_rw_and_rt_last_and_names_case_insensitive():
    rows = pd.DataFrame({"id_keluarga": ["z", "y", "x", "w"], "tanggal_kunjungan": [None] * 4,
                         "nama_kepala_keluarga": ["beta", None, "Alfa", "alfa"], "alamat": [None] * 4,
                         "rt": [None, 2, 2, 2], "rw": [1, 1, 1, None]})
    assert ids(sort_families(rows)) == ["x", "y", "z", "w"]
    assert rt_rw_text(7) == "007" and rt_rw_text(None) == "" and rt_rw_text(float("nan")) == ""


# --- the optional columns on import -----------------------------------------------------------

def test_a_file_without_the_optional_columns_imports_as_before(loaded, tmp_path):
    rows = [r[:len(HEADER)] for r in KELUARGA]
    result = import_rows(loaded, tmp_path, rows, header=HEADER)
    assert result.ok and result.added == len(rows)
    with loaded.connect() as conn:
        assert conn.execute(select(schema.keluarga_alamat)).all() == []
        assert ids(families_to_visit(conn, PKM_A, A1, HIP)) == ["f2", "f3", "f4", "f8", "f9"]  # by id


def test_the_latest_visits_values_are_kept_and_an_older_file_does_not_overwrite_them(db, tmp_path):
    assert alamat_of(db, "f2")["nama_kepala_keluarga"] == "Budi"  # 2025 row, not 'Budi Lama' of 2024
    older = [row(A1, "f2", "2023-06-01", "T", "Nama Tua", "Jl. Tua", "5", "5")]
    assert import_rows(db, tmp_path, older, name="tua.csv").ok
    assert alamat_of(db, "f2")["nama_kepala_keluarga"] == "Budi"
    # a file with the rt column only: the latest visit's RT changes, the name stays
    only_rt = [row(A1, "f2", "2025-02-01", "T")[:len(HEADER)] + ["7"]]
    assert import_rows(db, tmp_path, only_rt, header=HEADER + ["rt"], name="rt.csv").ok
    stored = alamat_of(db, "f2")
    assert (stored["rt"], stored["rw"], stored["nama_kepala_keluarga"]) == (7, 1, "Budi")


BAD = [
    (row(A1, "g1", "2025-03-01", "T", "3510012001000001", "Jl.", "1", "1"), "nama_kepala_keluarga",
     "16 angka: tampaknya NIK"),
    (row(A1, "g2", "2025-03-01", "T", "Ibu Contoh", "NIK 3510 0120 0100 0001", "1", "1"), "alamat",
     "16 angka: tampaknya NIK"),
    (row(A1, "g3", "2025-03-01", "T", "x" * 101, "Jl.", "1", "1"), "nama_kepala_keluarga",
     "terlalu panjang (101 karakter; paling banyak 100)"),
    (row(A1, "g4", "2025-03-01", "T", "Ibu", "y" * 201, "1", "1"), "alamat",
     "terlalu panjang (201 karakter; paling banyak 200)"),
    (row(A1, "g5", "2025-03-01", "T", "Ibu", "Jl.", "0", "1"), "rt", "RT 0 di luar 1–999"),
    (row(A1, "g6", "2025-03-01", "T", "Ibu", "Jl.", "1000", "1"), "rt", "'1000' bukan nomor RT"),
    (row(A1, "g7", "2025-03-01", "T", "Ibu", "Jl.", "1", "003/005"), "rw", "'003/005' bukan nomor RW"),
    (row(A1, "g8", "2025-03-01", "T", "Ibu\u202e", "Jl.", "1", "1"), "nama_kepala_keluarga",
     "karakter tak terlihat"),
]


def test_bad_optional_cells_are_named_by_row_and_column_and_nothing_is_stored(db, tmp_path):
    before = families_count = None
    with db.connect() as conn:
        before = conn.execute(select(schema.keluarga_alamat)).all()
        families_count = len(conn.execute(select(schema.kunjungan_keluarga)).all())
    good = row(A1, "g0", "2025-03-01", "T", "Ibu Baik", "Jl. Baik", "003", "RW 002")
    result = import_rows(db, tmp_path, [good] + [r for r, _c, _m in BAD], name="salah.csv")
    assert not result.ok
    shown = [str(p) for p in result.problems]
    for i, (_row, kolom, message) in enumerate(BAD, start=3):  # header row 1, the good row 2
        assert any(s.startswith(f"baris {i}, kolom {kolom}: ") and message in s for s in shown), (i, shown)
    assert not any(s.startswith("baris 2,") for s in shown)
    with db.connect() as conn:  # all or nothing
        assert conn.execute(select(schema.keluarga_alamat)).all() == before
        assert len(conn.execute(select(schema.kunjungan_keluarga)).all()) == families_count


def test_the_good_row_of_that_file_alone_is_stored_with_rw_written_as_rw_002(db, tmp_path):
    good = row(A1, "g0", "2025-03-01", "T", "  Ibu   Baik ", "Jl. Baik", "003", "RW 002")
    assert import_rows(db, tmp_path, [good], name="baik.csv").ok
    stored = alamat_of(db, "g0")
    assert (stored["nama_kepala_keluarga"], stored["rt"], stored["rw"]) == ("Ibu Baik", 3, 2)


# --- who may see it ---------------------------------------------------------------------------

@pytest.mark.parametrize("who", [KAB_PEMBACA, KAB_PENGELOLA, KAB_ADMIN, PROV_ADMIN, NASIONAL_ADMIN, PKM_A_PEMBACA])
def test_a_dinkes_account_whatever_its_role_and_a_puskesmas_pembaca_are_refused(db, who):
    assert refusal(who)
    with db.connect() as conn, pytest.raises(AccessDenied):
        families_to_visit(conn, who, A1, HIP)
    with db.connect() as conn:
        area = resolve_area(conn, Scope.everything(), Level.PUSKESMAS, "P01")
        assert desa_options(conn, who, area) == []


def test_another_puskesmas_desa_and_an_unknown_indicator_are_refused(db):
    with db.connect() as conn:
        with pytest.raises(WilayahError):
            families_to_visit(conn, PKM_A, B1, HIP)
        with pytest.raises(ValueError):
            families_to_visit(conn, PKM_A, A1, "iks")
        area = resolve_area(conn, PKM_A.scope, Level.PUSKESMAS, "P01")
        assert desa_options(conn, PKM_A, area) == [(A1, "Desa A1"), (A2, "Desa A2")]


# --- the section's callbacks (as a crafted request would call them) --------------------------

@pytest.fixture
def section(use_db, db):
    return use_db(cb)


def text_of(value) -> str:
    return json.dumps(value, default=lambda o: o.to_plotly_json(), ensure_ascii=False)


def audit(engine, peristiwa):
    a = schema.audit_log
    with engine.connect() as conn:
        return conn.execute(select(a.c.pengguna, a.c.rincian).where(a.c.peristiwa == peristiwa)
                            .order_by(a.c.id)).all()


def test_the_puskesmas_sees_its_desa_and_the_list_and_the_view_is_audited(section, db):
    with acting_as(PKM_A):
        choices = cb.show_choices({"level": "desa", "kode": A1, "tahun": 2025})
        shown = cb.show_families(A1, HIP)
    assert choices["refused"] is None and choices["desa"] == A1
    assert [o["value"] for o in choices["options"]] == [A1, A2]
    assert [r["id_keluarga"] for r in shown["rows"]] == ["f8", "f2", "f9", "f3", "f4"]
    assert shown["rows"][1] == {"id_keluarga": "f2", "nama": "Budi", "alamat": "Jl. Dua", "rt_teks": "003",
                                "rw_teks": "001", "tanggal": "2025-02-01", "tanggal_teks": "01/02/2025"}
    assert shown["download_disabled"] is False and "5 keluarga di Desa A1 menjawab T" in shown["summary"]
    assert audit(db, Event.LIHAT_KELUARGA) == [
        ("pkm-a", f"daftar keluarga perlu dikunjungi: desa {A1} (Desa A1), indikator {HIP}, 5 keluarga")]


@pytest.mark.parametrize("who", [KAB_PEMBACA, KAB_PENGELOLA, PKM_A_PEMBACA])
def test_a_refused_viewer_gets_the_reason_and_no_familys_data(section, db, who, monkeypatch):
    with acting_as(who):
        choices = cb.show_choices({"level": "kabupaten", "kode": "99.01", "tahun": 2025})
        shown = cb.show_families(A1, HIP)  # a crafted request: the desa and indicator sent anyway
        sent = cb.download_families(1, A1, HIP)
    assert "hanya pengelola data dan admin Puskesmas" in text_of(choices["refused"])
    assert choices["options"] == [] and choices["controls_style"] == {"display": "none"}
    assert shown["rows"] == [] and shown["download_disabled"] is True
    everything = text_of([choices, shown])
    for secret in ("Budi", "Jl. Dua", "f2", "Ani"):
        assert secret not in everything
    assert sent is cb.no_update
    assert audit(db, Event.LIHAT_KELUARGA) == [] and audit(db, Event.UNDUH) == []


def test_another_puskesmas_desa_by_crafted_request_sends_nothing(section, db):
    with acting_as(PKM_A):
        shown = cb.show_families(B1, HIP)
        sent = cb.download_families(1, B1, HIP)
        choices = cb.show_choices({"level": "desa", "kode": B1, "tahun": 2025})
    everything = text_of([shown, choices])
    assert shown["rows"] == [] and "tidak ditemukan" in shown["summary"]
    assert "f7" not in everything and "Tujuh" not in everything and choices["options"] == []
    assert sent is cb.no_update and audit(db, Event.LIHAT_KELUARGA) == []


@pytest.mark.parametrize("desa,indikator", [(None, HIP), (A1, None), (A1, "iks"), (["x"], HIP), (A1, {"a": 1}),
                                            ("x" * 10_000, HIP), (A1 + "x", HIP)])
def test_hostile_choices_give_a_prompt_or_a_message(section, db, desa, indikator):
    with acting_as(PKM_A):
        shown = cb.show_families(desa, indikator)
        sent = cb.download_families(1, desa, indikator)
    assert shown["rows"] == [] and isinstance(shown["summary"], str) and sent is cb.no_update


def test_the_xlsx_for_the_kader_has_its_title_the_order_and_formulas_as_text(section, db, tmp_path):
    evil = row(A1, "f10", "2025-03-01", "T", '=HYPERLINK("http://evil.example","Klik")', "+1-2", "4", "3")
    assert import_rows(db, tmp_path, [evil], name="jahat.csv").ok
    with acting_as(PKM_A):
        sent = cb.download_families(1, A1, HIP)
    assert sent["filename"] == f"kunjungan-rumah-{A1}-{HIP}-{date.today():%Y%m%d}.xlsx"
    sheet = load_workbook(io.BytesIO(base64.b64decode(sent["content"]))).active
    lines = [sheet.cell(row=i, column=1).value for i in range(1, 5)]
    assert lines[0] == "Keluarga yang perlu dikunjungi · Desa A1 (Pkm A)"
    assert lines[1].startswith("Indikator 7. Hipertensi berobat teratur: jawaban T") and "6 keluarga" in lines[1]
    assert f"Dibuat {date.today():%d/%m/%Y} oleh pkm-a" in lines[2]
    assert lines[3].startswith("Rahasia: data keluarga")
    header = [c.value for c in sheet[5]]
    assert header[:7] == ["No.", "RW", "RT", "Nama kepala keluarga", "Alamat", "ID keluarga", "Kunjungan terakhir"]
    body = [[c.value for c in r] for r in sheet.iter_rows(min_row=6)]
    assert [r[5] for r in body] == ["f8", "f2", "f9", "f3", "f10", "f4"]  # RW 3, then no RW
    assert body[1][:5] == [2, "001", "003", "Budi", "Jl. Dua"] and body[1][6] == "01/02/2025"
    evil_cells = list(sheet[10])
    assert evil_cells[3].value == "'=HYPERLINK(\"http://evil.example\",\"Klik\")" and evil_cells[3].data_type == "s"
    assert evil_cells[4].value == "'+1-2"
    assert audit(db, Event.UNDUH) == [("pkm-a", f"daftar keluarga perlu dikunjungi: desa {A1} (Desa A1), indikator "
                                       f"{HIP}, 6 keluarga: {sent['filename']}")]


def test_the_section_takes_the_indicator_from_the_url_when_it_is_one_of_the_12():
    assert chosen_indicator({"kr_indikator": HIP}) == HIP
    assert chosen_indicator({"kr_indikator": "<script>"}) is None and chosen_indicator(None) is None
    layout = text_of(build({"kr_indikator": HIP}))
    # every download of the list goes through the server (audited): no browser-side CSV button
    assert KR.GRID in layout and "Unduh CSV tabel ini" not in layout and "Unduh XLSX untuk kader" in layout


def test_the_iks_page_links_a_puskesmas_to_the_list_and_not_a_kabupaten(use_db, db):
    import callbacks.iks as iks

    use_db(iks)
    with acting_as(PKM_A):
        note = iks.show_indicator({"level": "puskesmas", "kode": "P01", "tahun": 2025}, HIP)["note"]
        on_iks = iks.show_indicator({"level": "puskesmas", "kode": "P01", "tahun": 2025}, "iks")["note"]
    link = text_of(note)
    assert "/kualitas-data?" in link and "puskesmas=P01" in link and f"kr_indikator={HIP}" in link
    assert link.count("#bagian-kd-kunjungan-rumah") == 1 and isinstance(on_iks, str)
    with acting_as(KAB_PEMBACA):
        note = iks.show_indicator({"level": "kabupaten", "kode": "99.01", "tahun": 2025}, HIP)["note"]
    assert isinstance(note, str) and "kualitas-data" not in note


PKM_B = Viewer("pkm-b", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P02"))


@pytest.mark.parametrize("who", [KAB_PEMBACA, KAB_PENGELOLA, PKM_B, PKM_A])
def test_a_crafted_http_request_for_a1s_families_gets_no_familys_data(db, who, monkeypatch, tmp_path):
    """Through the real app, signed in as `who`: the list's callback and its download, sent
    desa A1 and the indicator directly, answer without any family of A1 (but to A1's own
    Puskesmas, which is the control: the same requests do carry the list)."""
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    import app
    from tests import dash_client
    from tests.auth_client import login

    client = login(app.server.test_client(), db, who.username, who.role, who.scope)
    deps = client.get("/_dash-dependencies").get_json()
    sent = ""
    for output in (f"{KR.DOWNLOAD}.data", f"{KR.SUMMARY}.children"):
        dep = next(d for d in deps if output in d["output"])
        values = [1, A1, HIP] if output.startswith(KR.DOWNLOAD) else [A1, HIP]
        response = client.post("/_dash-update-component", json=dash_client.body(dep, values))
        assert response.status_code in (200, 204)
        sent += response.get_data(as_text=True)
    if who is PKM_A:
        assert "Budi" in sent and "Jl. Dua" in sent and len(audit(db, Event.UNDUH)) == 1
        return
    for secret in ("Budi", "Jl. Dua", "f2", "Keluarga yang perlu dikunjungi ·"):
        assert secret not in sent
    assert audit(db, Event.LIHAT_KELUARGA) == [] and audit(db, Event.UNDUH) == []


def test_an_xlsx_with_rt_rw_as_number_cells_imports_them(loaded, tmp_path):
    """Excel turns a typed 003 into the number 3 in a General cell: still RT 003."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER + ALAMAT)
    ws.append(row(A1, "x1", "2025-03-01", "T", "Ibu X", "Jl. X", 3, 12.0))
    path = tmp_path / "keluarga.xlsx"
    wb.save(path)
    result = import_file(loaded, "keluarga", path)
    assert result.ok, result.message
    stored = alamat_of(loaded, "x1")
    assert (stored["rt"], stored["rw"]) == (3, 12)
