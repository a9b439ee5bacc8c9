"""The follow-up plan (RTL): the form's check (every message names its field), storing and
changing an RTL on SQLite and PostgreSQL, attributed and audited, what a month's deck opens
with (carried_over, January back to December), and scoping by crafted callback requests in
the style of test_access: a Puskesmas cannot read or write another's RTL, a Dinkes reads but
never writes, a pembaca never writes. On tests/sample.py: P01 (desa A1, A2) and P02 (desa
B1) in kabupaten 99.01, P03 in 99.02."""
from __future__ import annotations

import base64
import io
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from data_access import schema
from data_access.db import dispose_engines
from data_access.rtl import (
    NOT_FOUND,
    REFUSED,
    add_rtl,
    can_write,
    carried_over,
    get_rtl,
    list_rtl,
    update_status,
)
from data_access.wilayah import resolve_area
from domain.access import AccessDenied, Role, Viewer
from domain.codes import Level
from domain.wilayah import OutOfScope, Scope
from indicators.rtl import MAX_LEN, STATUS, RtlInput, check_rtl, check_status, is_late
from layouts.ids import Rtl as ids
from layouts.rtl_parts import rtl_href

A1, A2, B1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001"
P01_PENGELOLA = Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))
P01_PEMBACA = Viewer("pkm-a-baca", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
P02_PENGELOLA = Viewer("pkm-b", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P02"))
DINKES = Viewer("dinkes-kab", Role.PENGELOLA, Scope(Level.KABUPATEN, "99.01"))
DINKES_DUA = Viewer("dinkes-dua", Role.PEMBACA, Scope(Level.KABUPATEN, "99.02"))
ADMIN = Viewer("admin-uji", Role.ADMIN, Scope.everything())

GOOD = {"masalah": "K6 rendah", "penyebab": "ibu jarang ke Posyandu", "tindakan": "kunjungan rumah",
        "pj": "Bidan koordinator", "tenggat": "2025-07-31", "indikator": "k6", "desa": A1,
        "tahun": 2025, "bulan": 6}


def checked(**changes) -> RtlInput:
    item, errors = check_rtl({**GOOD, **changes}, desa_codes={A1, A2})
    assert errors == []
    return item


# --- the form's check (pure) ---------------------------------------------------------------------

def test_a_complete_form_is_taken_with_its_values():
    item = checked()
    assert item == RtlInput(tahun=2025, bulan=6, masalah="K6 rendah", penyebab="ibu jarang ke Posyandu",
                            tindakan="kunjungan rumah", pj="Bidan koordinator", tenggat=date(2025, 7, 31),
                            indikator="k6", kode_desa=A1)


def test_the_statuses_are_the_schemas():
    assert STATUS == schema.RTL_STATUS


@pytest.mark.parametrize("field, label", [("masalah", "Masalah"), ("tindakan", "Tindakan"),
                                          ("pj", "Penanggung jawab (PJ)")])
@pytest.mark.parametrize("value", [None, "", "   \n "])
def test_a_required_field_left_empty_is_named(field, label, value):
    item, errors = check_rtl({**GOOD, field: value}, desa_codes={A1})
    assert item is None
    assert errors == [f"{label}: wajib diisi."]


def test_every_problem_is_named_at_once():
    _item, errors = check_rtl({"tahun": "20x5", "bulan": 13, "tenggat": "31-07-2025", "indikator": "k99",
                               "desa": B1}, desa_codes={A1})
    fields = [e.split(":")[0] for e in errors]
    assert fields == ["Masalah", "Tindakan", "Penanggung jawab (PJ)", "Tahun rapat", "Bulan rapat", "Tenggat",
                      "Indikator", "Desa"]


@pytest.mark.parametrize("field", ["masalah", "penyebab", "tindakan", "pj"])
def test_a_text_at_its_bound_is_taken_and_one_longer_is_refused(field):
    bound = MAX_LEN[field]
    assert getattr(checked(**{field: "x" * bound}), field) == "x" * bound
    _item, errors = check_rtl({**GOOD, field: "x" * (bound + 1)}, desa_codes={A1})
    assert len(errors) == 1 and errors[0].endswith(f"paling banyak {bound} karakter; persingkat.")


@pytest.mark.parametrize("tenggat, ok", [("2025-02-28", True), ("2024-02-29", True), ("2025-02-29", False),
                                         ("2025-13-01", False), ("kemarin", False), ("1999-12-31", False),
                                         ("2101-01-01", False), (20250731, False), ("2025-07-31T00:00:00", True),
                                         ("2025-07-31xyz", False), ("", True), (None, True)])
def test_the_deadline_must_be_a_real_date(tenggat, ok):
    _item, errors = check_rtl({**GOOD, "tenggat": tenggat}, desa_codes={A1})
    assert (errors == []) is ok
    if not ok:
        assert errors[0].startswith("Tenggat: ")


@pytest.mark.parametrize("bad", ["abc\x07def", "teks \u202eterbalik", "nul\x00", "a\u061cb", "nol\u200blebar",
                                 "\ufeffBOM", "baris\u2028pemisah"])
def test_a_control_character_is_refused_naming_the_field(bad):
    _item, errors = check_rtl({**GOOD, "penyebab": bad}, desa_codes={A1})
    assert errors == ["Penyebab: berisi karakter kendali yang tidak boleh; ketik ulang teksnya."]


def test_a_newline_is_kept_in_a_text():
    assert checked(tindakan="satu\ndua").tindakan == "satu\ndua"


@pytest.mark.parametrize("value", [["k6"], {"a": 1}, 6, "K6", "k6 "])
def test_only_a_known_indicator_code_is_taken(value):
    _item, errors = check_rtl({**GOOD, "indikator": value}, desa_codes={A1})
    assert errors and errors[0].startswith("Indikator: ")


def test_no_indicator_and_no_desa_are_allowed():
    item = checked(indikator=None, desa=None)
    assert (item.indikator, item.kode_desa) == (None, None)


@pytest.mark.parametrize("tahun, bulan", [(2025, 0), (2025, 13), (1999, 5), ("2025", "12"), (True, 1), (2025, 2.5)])
def test_the_meeting_month_is_checked(tahun, bulan):
    _item, errors = check_rtl({**GOOD, "tahun": tahun, "bulan": bulan}, desa_codes={A1})
    ok = (tahun, bulan) == ("2025", "12")
    assert (errors == []) is ok


@pytest.mark.parametrize("status, ok", [("selesai", True), ("batal", True), ("Selesai", False), ("", False),
                                        (None, False), (["belum"], False)])
def test_a_status_is_one_of_four(status, ok):
    result, errors = check_status(status, "catatan")
    assert (result is not None) is ok
    if not ok:
        assert errors[0].startswith("Status: pilih salah satu dari belum, berjalan, selesai, batal")


def test_a_note_longer_than_its_bound_is_refused():
    assert check_status("berjalan", "x" * MAX_LEN["catatan"])[0] == ("berjalan", "x" * MAX_LEN["catatan"])
    assert check_status("berjalan", "x" * (MAX_LEN["catatan"] + 1))[1] == [
        f"Catatan: paling banyak {MAX_LEN['catatan']} karakter; persingkat."]


def test_a_deadline_is_late_only_the_day_after_and_only_while_open():
    assert not is_late(date(2025, 7, 31), "belum", date(2025, 7, 31))
    assert is_late(date(2025, 7, 31), "belum", date(2025, 8, 1))
    assert is_late(date(2025, 7, 31), "berjalan", date(2025, 8, 1))
    assert not is_late(date(2025, 7, 31), "selesai", date(2025, 8, 1))
    assert not is_late(date(2025, 7, 31), "batal", date(2025, 8, 1))
    assert not is_late(None, "belum", date(2025, 8, 1))


def test_the_link_from_a_finding_carries_its_values():
    href = rtl_href("P01", 2025, 6, indikator="k6", desa=A1, masalah="K6 & <b>" + "x" * 600)
    assert href == ("/rtl?baru=1&puskesmas=P01&tahun=2025&bulan=6&indikator=k6&desa=99.01.01.2001"
                    "#masalah=K6+%26+%3Cb%3E" + "x" * 492)
    assert rtl_href("P01", 2025, 6) == "/rtl?baru=1&puskesmas=P01&tahun=2025&bulan=6"


def test_only_a_puskesmas_own_pengelola_writes():
    assert can_write(P01_PENGELOLA, "P01")
    assert not can_write(P01_PENGELOLA, "P02")
    assert not can_write(P01_PEMBACA, "P01")
    assert not can_write(DINKES, "P01")
    assert not can_write(ADMIN, "P01")


# --- storing, changing, listing (SQLite and PostgreSQL) --------------------------------------------

def test_an_rtl_is_stored_attributed_and_audited(loaded):
    with loaded.begin() as conn:
        new_id = add_rtl(conn, P01_PENGELOLA, "P01", checked())
    with loaded.connect() as conn:
        row = get_rtl(conn, P01_PENGELOLA.scope, new_id)
        audit = conn.execute(select(schema.audit_log)).mappings().all()
    assert (row["kode_puskesmas"], row["status"], row["catatan"], row["dibuat_oleh"], row["diubah_oleh"]) == (
        "P01", "belum", "", "pkm-a", "pkm-a")
    assert row["tenggat"] == date(2025, 7, 31) and row["kode_desa"] == A1 and row["indikator"] == "k6"
    assert isinstance(row["dibuat"], datetime) and row["dibuat"] == row["diubah"]
    assert [(a["pengguna"], a["peristiwa"]) for a in audit] == [("pkm-a", "rtl")]
    assert f"catat RTL {new_id}, Puskesmas P01, rapat 2025-06: K6 rendah" == audit[0]["rincian"]


def test_recording_or_changing_an_rtl_changes_the_data_version(loaded):
    """The presentation caches its deck by data version: an RTL recorded or changed during the
    meeting must show on the RTL slide at once, as in the downloaded file."""
    from data_access.cache import VERSION_KEY
    from data_access.db import get_info

    versions = []
    with loaded.begin() as conn:
        versions.append(get_info(conn, VERSION_KEY))
        new_id = add_rtl(conn, P01_PENGELOLA, "P01", checked())
        versions.append(get_info(conn, VERSION_KEY))
        update_status(conn, P01_PENGELOLA, new_id, "berjalan", "")
        versions.append(get_info(conn, VERSION_KEY))
    assert len(set(versions)) == 3, versions


def test_a_status_change_is_stored_attributed_and_audited(loaded):
    with loaded.begin() as conn:
        new_id = add_rtl(conn, P01_PENGELOLA, "P01", checked())
    other = Viewer("pkm-a-2", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))
    with loaded.begin() as conn:
        update_status(conn, other, new_id, "selesai", "sudah")
    with loaded.connect() as conn:
        row = get_rtl(conn, P01_PENGELOLA.scope, new_id)
        audit = conn.execute(select(schema.audit_log.c.rincian).order_by(schema.audit_log.c.id)).scalars().all()
    assert (row["status"], row["catatan"], row["dibuat_oleh"], row["diubah_oleh"]) == ("selesai", "sudah", "pkm-a",
                                                                                       "pkm-a-2")
    assert row["diubah"] >= row["dibuat"]
    assert audit[-1] == f"ubah RTL {new_id}, Puskesmas P01: belum → selesai; sudah"


def _two_puskesmas(eng) -> tuple[int, int]:
    with eng.begin() as conn:
        mine = add_rtl(conn, P01_PENGELOLA, "P01", checked(masalah="milik A"))
        theirs = add_rtl(conn, P02_PENGELOLA, "P02", RtlInput(2025, 6, "milik B", "", "t", "pj", None, None, B1))
    return mine, theirs


def test_a_puskesmas_writes_neither_a_desa_nor_an_rtl_of_another(loaded):
    mine, theirs = _two_puskesmas(loaded)
    with loaded.begin() as conn, pytest.raises(AccessDenied, match="bukan desa Puskesmas Anda"):
        add_rtl(conn, P01_PENGELOLA, "P01", RtlInput(2025, 6, "m", "", "t", "pj", None, None, B1))
    with loaded.begin() as conn, pytest.raises(AccessDenied, match=REFUSED):
        add_rtl(conn, P01_PENGELOLA, "P02", checked(desa=None))
    # another's RTL reads as one that does not exist: its existence is not told
    with loaded.begin() as conn, pytest.raises(AccessDenied, match=NOT_FOUND):
        update_status(conn, P01_PENGELOLA, theirs, "batal", "")
    with loaded.connect() as conn:
        assert get_rtl(conn, P01_PENGELOLA.scope, theirs) is None
        assert get_rtl(conn, P02_PENGELOLA.scope, theirs)["status"] == "belum"
        assert get_rtl(conn, P01_PENGELOLA.scope, mine)["masalah"] == "milik A"


@pytest.mark.parametrize("who", [DINKES, P01_PEMBACA, ADMIN])
def test_a_dinkes_a_pembaca_and_an_admin_read_but_never_write(loaded, who):
    mine, _theirs = _two_puskesmas(loaded)
    with loaded.connect() as conn:
        assert get_rtl(conn, who.scope, mine)["masalah"] == "milik A"
    with loaded.begin() as conn, pytest.raises(AccessDenied, match=REFUSED):
        update_status(conn, who, mine, "selesai", "")
    with loaded.begin() as conn, pytest.raises(AccessDenied, match=REFUSED):
        add_rtl(conn, who, "P01", checked())
    with loaded.connect() as conn:
        assert get_rtl(conn, who.scope, mine)["status"] == "belum"


def test_the_list_holds_the_subtree_of_the_area_and_the_year(loaded):
    _two_puskesmas(loaded)
    with loaded.begin() as conn:
        add_rtl(conn, P01_PENGELOLA, "P01", checked(masalah="tahun lalu", tahun=2024, bulan=12))
    with loaded.connect() as conn:
        def masalah(viewer, level, kode, tahun=None):
            area = resolve_area(conn, viewer.scope, level, kode)
            return list(list_rtl(conn, viewer.scope, area, tahun)["masalah"])

        assert masalah(DINKES, Level.KABUPATEN, "99.01") == ["milik A", "milik B", "tahun lalu"]
        assert masalah(DINKES, Level.KABUPATEN, "99.01", 2025) == ["milik A", "milik B"]
        assert masalah(DINKES, Level.PUSKESMAS, "P02") == ["milik B"]
        assert masalah(DINKES, Level.DESA, A1) == ["milik A", "tahun lalu"]
        assert masalah(DINKES, Level.DESA, A2) == []
        assert masalah(P01_PEMBACA, Level.PUSKESMAS, "P01", 2025) == ["milik A"]
        assert masalah(DINKES_DUA, Level.KABUPATEN, "99.02") == []
        with pytest.raises(OutOfScope):
            masalah(P01_PEMBACA, Level.PUSKESMAS, "P02")
        rows = list_rtl(conn, DINKES.scope, resolve_area(conn, DINKES.scope, Level.KABUPATEN, "99.01"), 2025)
    assert list(rows["nama_puskesmas"]) == ["Pkm A", "Pkm B"]
    assert list(rows["nama_desa"]) == ["Desa A1", "Desa B1"]


def _stored(eng, tahun, bulan, masalah, status="belum"):
    with eng.begin() as conn:
        new_id = add_rtl(conn, P01_PENGELOLA, "P01", checked(tahun=tahun, bulan=bulan, masalah=masalah))
        if status != "belum":
            update_status(conn, P01_PENGELOLA, new_id, status, "")


def test_a_january_deck_opens_with_decembers_rtl_and_the_older_ones_still_open(loaded):
    _stored(loaded, 2024, 12, "des selesai", "selesai")
    _stored(loaded, 2024, 12, "des batal", "batal")
    _stored(loaded, 2024, 11, "nov berjalan", "berjalan")
    _stored(loaded, 2024, 11, "nov selesai", "selesai")
    _stored(loaded, 2023, 12, "lama belum")
    _stored(loaded, 2025, 1, "januari sendiri")
    _stored(loaded, 2025, 2, "februari")
    with loaded.connect() as conn:
        january = [r["masalah"] for r in carried_over(conn, "P01", 2025, 1)]
        march = [r["masalah"] for r in carried_over(conn, "P01", 2025, 3)]
        other = carried_over(conn, "P02", 2025, 1)
    assert january == ["lama belum", "nov berjalan", "des selesai", "des batal"]
    assert march == ["lama belum", "nov berjalan", "januari sendiri", "februari"]
    assert other == []


# --- crafted requests through the app (Flask's test client, signed in) ----------------------------

@pytest.fixture
def rtl_app(loaded, monkeypatch, tmp_path):
    from tests.auth_client import cheap_hashes

    cheap_hashes(monkeypatch)
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    yield loaded
    dispose_engines()


def client_of(engine, who: Viewer):
    import app
    from tests.auth_client import login

    return login(app.server.test_client(), engine, who.username, who.role, who.scope)


def post(client, output_part: str, values: list, trigger: int = 0):
    from tests.test_callbacks_skor import post as post_callback

    return post_callback(client, output_part, values, trigger)


def form_values(**changes) -> list:
    """The save callback's values: the click, then the form's fields and the counter."""
    v = {**GOOD, **changes}
    return [1, v["masalah"], v["penyebab"], v["tindakan"], v["pj"], v["tenggat"], v["indikator"], v["desa"],
            v["tahun"], v["bulan"], 0]


def stored(eng) -> list[dict]:
    with eng.connect() as conn:
        return [dict(r) for r in conn.execute(select(schema.rtl).order_by(schema.rtl.c.id)).mappings()]


def text_of(out) -> str:
    return str(out)


def test_a_puskesmas_records_its_own_rtl_through_the_form(rtl_app):
    client = client_of(rtl_app, P01_PENGELOLA)
    out = post(client, f"{ids.SAVE_MESSAGE}.children", form_values())
    assert "RTL tersimpan untuk rapat Juni 2025." in text_of(out[ids.SAVE_MESSAGE])
    assert out[ids.MASALAH]["value"] == ""
    rows = stored(rtl_app)
    assert [(r["kode_puskesmas"], r["masalah"], r["dibuat_oleh"]) for r in rows] == [("P01", "K6 rendah", "pkm-a")]


def test_a_refused_form_keeps_what_was_typed_and_names_the_fields(rtl_app):
    client = client_of(rtl_app, P01_PENGELOLA)
    out = post(client, f"{ids.SAVE_MESSAGE}.children", form_values(pj="", tenggat="2025-02-30"))
    message = text_of(out[ids.SAVE_MESSAGE])
    assert "Penanggung jawab (PJ): wajib diisi." in message and "Tenggat: '2025-02-30' bukan tanggal" in message
    assert set(out) == {ids.SAVE_MESSAGE}  # no field is emptied, nothing reloads
    assert stored(rtl_app) == []


@pytest.mark.parametrize("desa", [B1, "99.02.01.2001", "P02", ["99.01.01.2001"], "x" * 10_000])
def test_a_puskesmas_cannot_record_for_a_desa_of_another(rtl_app, desa):
    client = client_of(rtl_app, P01_PENGELOLA)
    out = post(client, f"{ids.SAVE_MESSAGE}.children", form_values(desa=desa))
    assert "Desa: kode" in text_of(out[ids.SAVE_MESSAGE])
    assert stored(rtl_app) == []


@pytest.mark.parametrize("who", [DINKES, P01_PEMBACA, ADMIN])
def test_a_reader_cannot_record_by_a_crafted_request(rtl_app, who):
    client = client_of(rtl_app, who)
    out = post(client, f"{ids.SAVE_MESSAGE}.children", form_values())
    assert "hanya oleh pengelola data Puskesmas itu sendiri" in text_of(out[ids.SAVE_MESSAGE])
    assert stored(rtl_app) == []


def status_values(rtl_id, status="selesai", catatan="beres") -> list:
    return [1, rtl_id, status, catatan, 0]


def test_a_puskesmas_changes_the_status_of_its_own_rtl(rtl_app):
    mine, _theirs = _two_puskesmas(rtl_app)
    client = client_of(rtl_app, P01_PENGELOLA)
    out = post(client, f"{ids.STATUS_MESSAGE}.children", status_values(mine))
    assert "Status RTL diubah menjadi selesai." in text_of(out[ids.STATUS_MESSAGE])
    row = next(r for r in stored(rtl_app) if r["id"] == mine)
    assert (row["status"], row["catatan"]) == ("selesai", "beres")


@pytest.mark.parametrize("who, message", [(P01_PENGELOLA, NOT_FOUND), (DINKES, REFUSED), (ADMIN, REFUSED),
                                          (Viewer("pkm-b-baca", Role.PEMBACA, Scope(Level.PUSKESMAS, "P02")),
                                           REFUSED)])
def test_nobody_but_the_puskesmas_changes_its_status_by_a_crafted_request(rtl_app, who, message):
    _mine, theirs = _two_puskesmas(rtl_app)
    client = client_of(rtl_app, who)
    out = post(client, f"{ids.STATUS_MESSAGE}.children", status_values(theirs))
    assert message in text_of(out[ids.STATUS_MESSAGE])
    assert next(r for r in stored(rtl_app) if r["id"] == theirs)["status"] == "belum"


@pytest.mark.parametrize("chosen", ["1", True, 2.0, [1], None, 2**40])
def test_a_crafted_rtl_id_changes_nothing(rtl_app, chosen):
    _two_puskesmas(rtl_app)
    client = client_of(rtl_app, P01_PENGELOLA)
    out = post(client, f"{ids.STATUS_MESSAGE}.children", status_values(chosen))
    assert "RTL" in text_of(out[ids.STATUS_MESSAGE]) and "diubah menjadi" not in text_of(out[ids.STATUS_MESSAGE])
    assert {r["status"] for r in stored(rtl_app)} == {"belum"}


def state(level, kode, tahun=2025):
    return {"level": level, "kode": kode, "tahun": tahun, "bulan": None}


@pytest.mark.parametrize("filter_state", [state("puskesmas", "P02"), state("desa", B1), state("kabupaten", "99.01"),
                                          state("provinsi", "99"), state("nasional", None), "P02", None])
def test_a_puskesmas_never_reads_another_puskesmas_rtl(rtl_app, filter_state):
    _two_puskesmas(rtl_app)
    client = client_of(rtl_app, P01_PEMBACA)
    out = post(client, f"{ids.LIST}.children", [filter_state, 0, 0])
    assert "milik B" not in text_of(out) and "Pkm B" not in text_of(out)
    # the status editor offers nothing to a pembaca, nor the RTL of another Puskesmas
    assert out.get(ids.STATUS_RTL, {}).get("options", []) == []
    chosen = post(client, f"{ids.STATUS_VALUE}.value", [_two_ids(rtl_app)[1]])
    assert chosen[ids.STATUS_NOTE]["value"] == "" and chosen[ids.STATUS_VALUE]["value"] is None


def _two_ids(eng) -> list[int]:
    return [r["id"] for r in stored(eng)][:2]


def test_a_dinkes_reads_the_rtl_of_its_subtree(rtl_app):
    _two_puskesmas(rtl_app)
    client = client_of(rtl_app, DINKES)
    out = post(client, f"{ids.LIST}.children", [state("kabupaten", "99.01"), 0, 0])
    assert "milik A" in text_of(out) and "milik B" in text_of(out) and "Pkm B" in text_of(out)
    assert out[ids.STATUS_RTL]["options"] == []
    assert out[ids.NOTE]["children"].startswith("2 RTL di Kab Satu, rapat tahun 2025")


def form(client, query, fragment=None) -> dict:
    return post(client, f"{ids.FORM}.style", [query, fragment])


def test_a_link_fills_the_form_with_what_is_valid_for_the_own_puskesmas(rtl_app):
    client = client_of(rtl_app, P01_PENGELOLA)
    out = form(client, {"baru": "1", "puskesmas": "P01", "tahun": "2025", "bulan": "6", "indikator": "k6",
                        "desa": A2}, "#masalah=K6+rendah+%3D+1%2C5%25")
    assert out[ids.FORM]["style"] is None
    filled = (out[ids.DESA]["value"], out[ids.INDIKATOR]["value"], out[ids.MASALAH]["value"])
    assert filled == (A2, "k6", "K6 rendah = 1,5%")
    assert (out[ids.TAHUN]["value"], out[ids.BULAN]["value"]) == (2025, 6)
    assert [o["value"] for o in out[ids.DESA]["options"]] == [A1, A2]


@pytest.mark.parametrize("query, note", [
    ({"puskesmas": "P02", "desa": B1, "masalah": "x"}, "Tautan ini menyebut Puskesmas 'P02'"),
    ({"puskesmas": "P01", "desa": B1}, "Desa '99.01.02.2001' dari tautan bukan desa Pkm A"),
    ({"puskesmas": "P01", "indikator": "k99"}, "Indikator 'k99' dari tautan tidak dikenal"),
])
def test_a_link_is_a_suggestion_never_a_permission(rtl_app, query, note):
    client = client_of(rtl_app, P01_PENGELOLA)
    out = form(client, query)
    assert note in text_of(out[ids.FOR])
    assert out[ids.DESA]["value"] is None and out[ids.INDIKATOR]["value"] is None
    assert B1 not in text_of(out[ids.DESA]["options"]) and "Desa B1" not in text_of(out)


def test_a_reader_sees_no_form_and_is_told_why(rtl_app):
    client = client_of(rtl_app, DINKES)
    out = form(client, {"puskesmas": "P01", "masalah": "x"})
    assert out[ids.FORM]["style"] == {"display": "none"} and out[ids.STATUS_CARD]["style"] == {"display": "none"}
    assert "hanya oleh pengelola data Puskesmas itu sendiri" in text_of(out[ids.READ_ONLY])


def decoded(download) -> bytes:
    return base64.b64decode(download["content"]) if download.get("base64") else download["content"].encode()


def test_the_download_is_the_export_formula_safe_and_scoped(rtl_app):
    with rtl_app.begin() as conn:
        add_rtl(conn, P01_PENGELOLA, "P01", checked(masalah='=HYPERLINK("http://x","klik")', pj="@pj"))
        add_rtl(conn, P02_PENGELOLA, "P02", RtlInput(2025, 6, "milik B", "", "t", "pj", None, None, None))
    client = client_of(rtl_app, P01_PEMBACA)
    csv = post(client, f"{ids.DOWNLOAD}.data", [1, None, state("kabupaten", "99.01")])
    assert csv is None or "milik B" not in text_of(csv)  # a crafted area out of scope: nothing
    out = post(client, f"{ids.DOWNLOAD}.data", [1, None, state("puskesmas", "P01")])[ids.DOWNLOAD]["data"]
    assert out["filename"] == "rtl-P01-2025.csv"
    frame = pd.read_csv(io.BytesIO(decoded(out)), dtype=str)
    assert list(frame["masalah"]) == ["'=HYPERLINK(\"http://x\",\"klik\")"]
    assert list(frame["pj"]) == ["'@pj"] and list(frame["tenggat"]) == ["2025-07-31"]
    assert "milik B" not in decoded(out).decode()
    out = post(client, f"{ids.DOWNLOAD}.data", [None, 1, state("puskesmas", "P01")], trigger=1)[ids.DOWNLOAD]["data"]
    sheet = load_workbook(io.BytesIO(decoded(out))).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("masalah") + 1)
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_the_cli_export_rtl_writes_the_rows_of_the_wilayah(rtl_app, tmp_path, capsys):
    import cli

    _two_puskesmas(rtl_app)
    out = tmp_path / "rtl.csv"
    assert cli.main(["export", "rtl", "--tahun", "2025", "--tingkat", "puskesmas", "--wilayah", "99.01",
                     "--out", str(out)]) == 0
    frame = pd.read_csv(out, dtype=str)
    assert list(frame["masalah"]) == ["milik A", "milik B"]
    assert list(frame["nama_indikator"].fillna("")) == ["Cakupan K6", ""]
    assert list(frame["lewat_tenggat"]) == ["ya", "tidak"]  # 31-07-2025 has passed, open; B has no deadline
    assert cli.main(["export", "rtl", "--tahun", "2025", "--tingkat", "puskesmas", "--wilayah", "P02",
                     "--out", str(out)]) == 0
    assert list(pd.read_csv(out, dtype=str)["masalah"]) == ["milik B"]
    assert cli.main(["export", "rtl", "--tahun", "2025", "--tingkat", "desa", "--wilayah", "P01",
                     "--bulan", "5", "--out", str(out)]) == 0
    assert pd.read_csv(out).empty


def test_docs_explain_every_column_of_the_rtl_export():
    from pathlib import Path

    from exports.views import RTL_COLUMNS, VIEWS

    page = (Path(__file__).resolve().parents[1] / "docs" / "ekspor.md").read_text(encoding="utf-8")
    section = page.split("## Tampilan `rtl`")[1].split("\n## ")[0]
    for column in RTL_COLUMNS:
        assert f"`{column}`" in section, column
        assert column in VIEWS["rtl"].columns


# --- "Catat RTL" on the Dashboard Utama's findings ----------------------------------------------

@pytest.fixture
def skor_app(rtl_app):
    from tests import sample_skor

    sample_skor.load(rtl_app, wilayah=False)
    return rtl_app


def findings_of(client, level, kode) -> str:
    from layouts.ids import Utama as U

    out = post(client, f"{U.GRID}.rowData", [{"level": level, "kode": kode, "tahun": 2025, "bulan": 2}])
    return text_of(out[U.FINDINGS]["children"])


def test_the_findings_link_to_the_rtl_form_only_for_the_puskesmas_own_pengelola(skor_app):
    import re

    own = findings_of(client_of(skor_app, P01_PENGELOLA), "puskesmas", "P01")
    links = re.findall(r"'href': '(/rtl\?[^']*)'", own)
    assert links and "Catat RTL" in own
    assert all(link.startswith("/rtl?baru=1&puskesmas=P01&tahun=2025&bulan=2") for link in links)
    assert all("#masalah=" in link for link in links)
    # a desa named in a link is one of P01's (a finding about the total names none)
    assert {d for link in links for d in re.findall(r"desa=([^&#]*)", link)} <= {A1, A2}
    for who, level, kode in [(P01_PEMBACA, "puskesmas", "P01"), (DINKES, "kabupaten", "99.01"),
                             (DINKES, "puskesmas", "P01"), (ADMIN, "puskesmas", "P01")]:
        shown = findings_of(client_of(skor_app, who), level, kode)
        assert "temuan-teks" in shown, who.username  # the same findings, without the link
        assert "/rtl?" not in shown and "Catat RTL" not in shown, who.username


# --- the demo's RTL ------------------------------------------------------------------------------

def test_the_demo_rtl_open_the_deck_of_the_latest_month_of_the_demo_puskesmas(loaded):
    from sqlalchemy import func

    from data_access.users import add_user
    from demo.load import add_demo_rtl
    from indicators.program import INDICATOR_BY_CODE
    from tests import sample_skor

    sample_skor.load(loaded, wilayah=False)
    lay, desa = schema.layanan, schema.desa
    with loaded.begin() as conn:
        add_user(conn, "puskesmas", "sandi-demo-panjang", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))
        add_demo_rtl(conn)
    with loaded.connect() as conn:
        p01 = select(desa.c.kode).where(desa.c.kode_puskesmas == "P01")
        tahun = conn.execute(select(func.max(lay.c.tahun)).where(lay.c.kode_desa.in_(p01))).scalar()
        bulan = conn.execute(select(func.max(lay.c.bulan)).where(lay.c.kode_desa.in_(p01),
                                                                 lay.c.tahun == tahun)).scalar()
        rows = stored(loaded)
        opened = carried_over(conn, "P01", tahun, bulan)
    before = (tahun - 1, 12) if bulan == 1 else (tahun, bulan - 1)
    assert len(rows) == 4 and {(r["tahun"], r["bulan"]) for r in rows} == {before}
    assert {r["status"] for r in rows} == set(STATUS)
    assert {r["kode_puskesmas"] for r in rows} == {"P01"}
    assert all(r["indikator"] in INDICATOR_BY_CODE for r in rows)
    assert {r["kode_desa"] for r in rows} <= {A1, A2, None} and {A1, A2} <= {r["kode_desa"] for r in rows}
    assert [r["id"] for r in opened] == [r["id"] for r in rows]


def edit(client, rtl_id, clicks=1):
    """A click on a row's "Ubah status" as the renderer posts it (an ALL input)."""
    import json

    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if d["output"] == f"{ids.STATUS_RTL}.value")
    component = {"rtl": rtl_id, "type": ids.EDIT}
    body = {"output": dep["output"], "outputs": {"id": ids.STATUS_RTL, "property": "value"},
            "inputs": [[{"id": component, "property": "n_clicks", "value": clicks}]],
            "changedPropIds": [json.dumps(component, sort_keys=True, separators=(",", ":")) + ".n_clicks"],
            "state": []}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in (200, 204), response.get_data(as_text=True)[:300]
    return None if response.status_code == 204 else response.get_json()["response"][ids.STATUS_RTL]["value"]


def test_a_rows_ubah_status_opens_the_editor_only_on_an_rtl_the_viewer_writes(rtl_app):
    mine, theirs = _two_puskesmas(rtl_app)
    own = client_of(rtl_app, P01_PENGELOLA)
    assert edit(own, mine) == mine
    assert edit(own, theirs) is None
    assert edit(own, mine, clicks=None) is None  # the list re-drawn, nothing clicked
    for crafted in ("1", True, 2.5, [mine], 2**40):
        assert edit(own, crafted) is None
    assert edit(client_of(rtl_app, DINKES), mine) is None


def test_the_list_offers_ubah_status_only_on_the_own_rows(rtl_app):
    _two_puskesmas(rtl_app)
    out = post(client_of(rtl_app, P01_PENGELOLA), f"{ids.LIST}.children", [state("puskesmas", "P01"), 0, 0])
    assert text_of(out).count("'Ubah status'") == 1
    out = post(client_of(rtl_app, DINKES), f"{ids.LIST}.children", [state("kabupaten", "99.01"), 0, 0])
    assert "Ubah status" not in text_of(out)
