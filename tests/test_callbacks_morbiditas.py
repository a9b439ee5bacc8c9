"""The morbidity section's callbacks called directly (no browser), on SQLite and PostgreSQL,
with the hand-made rows of tests/sample_morbiditas.py: what they show, and what they do with
what no menu offers (a diagnosis code not stored, markup in a diagnosis name, a foreign area)."""
from __future__ import annotations

import json

import pytest
from dash import no_update
from sqlalchemy import update

import callbacks.morbiditas as cb
from callbacks.common import acting_as
from data_access import schema
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from tests import sample_morbiditas
from tests.test_figures_escape import LINK

P01 = {"level": "puskesmas", "kode": "P01", "tahun": 2025, "bulan": None}


@pytest.fixture
def section(use_db, loaded):
    sample_morbiditas.load(loaded)
    return use_db(cb)


def text(value) -> str:
    return json.dumps(value, default=str)


def test_the_overview_ranks_the_months_diagnoses_and_opens_on_the_most_frequent(section):
    out = cb.show_overview(P01, "bulan", None)
    assert out["title"] == "Pkm A · Maret 2025"  # the latest month with reports
    assert out["content"] is None and out["empty"] is None
    assert [o["value"] for o in out["options"]] == ["J06.9", "A09", "I10", "K30"]
    assert out["options"][0]["label"] == "ISPA akut (J06.9) · 15 kasus"
    assert out["value"] == "J06.9"
    assert out["top"]["data"][0]["x"] == [15, 12, 4, 4]
    assert out["total"] == "35 kasus baru dari 4 diagnosis, Maret 2025."
    kumulatif = cb.show_overview(P01, "kumulatif", "A09")
    assert kumulatif["title"] == "Pkm A · Januari s.d. Maret 2025"
    assert kumulatif["value"] == "A09"  # a stored choice is kept
    assert kumulatif["top"]["data"][0]["x"][0] == 24


def test_the_chosen_diagnosis_map_and_breakdown(section):
    out = cb.show_diagnosis("J06.9", P01, "bulan")
    spec = out["spec"]
    assert spec["geo_url"].startswith("/peta/puskesmas/P01.json?v=")
    assert spec["data"][0]["locations"] == ["99.01.01.2001", "99.01.01.2002"]
    assert spec["data"][0]["z"] == [6.0, 5.0]
    assert "15 kasus, 5,77 per 1.000 penduduk" in out["map_note"]
    assert out["empty"] is None
    perempuan = out["breakdown"]["data"][1]
    assert perempuan["text"][0] == "< 5"  # balita P: 4 cases


def test_a_month_without_reports_and_a_diagnosis_without_cases_say_so(section):
    january = {**P01, "bulan": 1}
    out = cb.show_overview(january, "bulan", None)
    assert out["content"] == {"display": "none"}
    assert "Belum ada laporan kesakitan untuk Pkm A, Januari 2025." in text(out["empty"])
    assert "Unggah data kesakitan" in text(out["empty"])
    none = cb.show_diagnosis("K30", {**P01, "bulan": 2}, "bulan")
    assert "Tidak ada kasus Dispepsia (K30) di Pkm A, Februari 2025." in text(none["empty"])
    kab_dua = cb.show_overview({"level": "kabupaten", "kode": "99.02", "tahun": 2024, "bulan": None}, "bulan", None)
    assert "Belum ada data kesakitan (morbiditas) untuk Kab Dua tahun 2024" in text(kab_dua["empty"])


@pytest.mark.parametrize("kode", ["Z99.9", "j06.9 ", "<script>alert(1)</script>", "x" * 5000, 12, ["J06.9"],
                                  {"a": 1}, None, "", "J06.9\x00"])
def test_a_diagnosis_no_menu_offers_is_refused_without_an_error(section, kode):
    out = cb.show_diagnosis(kode, P01, "bulan")
    if kode == "j06.9 ":
        assert "Diagnosis 'j06.9' tidak ada di data kesakitan" in text(out["empty"])
    elif kode == "J06.9\x00":
        assert out["spec"]["data"]  # NUL dropped: the stored code
    elif isinstance(kode, str) and kode:
        assert out["spec"] is None
        assert "tidak ada di data kesakitan; pilih diagnosis dari daftar" in text(out["empty"])
        assert "<script>" not in text(out["empty"]) or "&lt;" not in text(out["empty"])
        assert len(text(out["empty"])) < 600  # the echo is cut
    else:
        assert out["spec"] is None


@pytest.mark.parametrize("state", [None, "x", 3, {"level": "puskesmas", "kode": "P99", "tahun": 2025},
                                   {"level": ["x"], "kode": {"a": 1}}, {"level": "desa", "kode": "'; drop"}])
def test_a_hostile_filter_state_gets_a_message(section, state):
    out = cb.show_overview(state, {"x": 1}, ["J06.9"])
    assert out["title"] is None or isinstance(out["title"], str)
    diag = cb.show_diagnosis("J06.9", state, None)
    assert set(diag) == set(cb.DIAGNOSIS)


def test_markup_in_a_diagnosis_name_is_drawn_as_text(section, loaded):
    with loaded.begin() as conn:
        conn.execute(update(schema.diagnosis).where(schema.diagnosis.c.kode_icd == "J06.9").values(nama=LINK))
    overview = cb.show_overview(P01, "bulan", None)
    diagnosis = cb.show_diagnosis("J06.9", P01, "bulan")
    for figure in (overview["top"], overview["trend"], diagnosis["spec"], diagnosis["breakdown"]):
        assert LINK not in text(figure) and "<a href" not in text(figure)
    for figure in (overview["top"], overview["trend"], diagnosis["spec"]):
        assert "&lt;a href=" in text(figure)
    # the menu and the notes are Dash text (React escapes them): the name as it is
    assert overview["options"][0]["label"] == f"{LINK} (J06.9) · 15 kasus"


def test_a_puskesmas_reader_asking_for_another_puskesmas_is_refused(section):
    reader = Viewer("pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    with acting_as(reader):
        out = cb.show_overview({"level": "puskesmas", "kode": "P02", "tahun": 2025, "bulan": 3}, "bulan", None)
        diag = cb.show_diagnosis("J06.9", {"level": "puskesmas", "kode": "P02", "tahun": 2025, "bulan": 3}, "bulan")
        own = cb.show_diagnosis("J06.9", {"level": "kabupaten", "kode": "99.01", "tahun": 2025, "bulan": 3}, "bulan")
    assert "Kode puskesmas 'P02' tidak ditemukan di wilayah yang boleh Anda lihat." in text(out["empty"])
    assert diag["spec"] is None and own["spec"] is None
    assert "Pkm B" not in text(out) + text(diag) + text(own)


def test_the_chosen_diagnosis_goes_into_the_url_and_a_link_opens_it(section):
    search = "?provinsi=99&kabupaten=99.01&puskesmas=P01&tahun=2025"
    assert cb.remember_diagnosis("J06.9", search, P01, "bulan") is no_update  # opening on the most frequent
    out = cb.remember_diagnosis("A09", search, P01, "bulan")
    assert out.endswith("&icd=A09") and "puskesmas=P01" in out
    assert cb.remember_diagnosis("A09", out, P01, "bulan") is no_update
    assert cb.remember_diagnosis("J06.9", out, P01, "bulan").endswith("icd=J06.9")
    assert cb.remember_diagnosis("<b>x</b>", out, P01, "bulan") is no_update  # not a stored code
    assert cb.remember_diagnosis(["A09"], search, P01, "bulan") is no_update
    opened = cb.show_overview(P01, "bulan", None, out)
    assert opened["value"] == "A09"
    unknown = cb.show_overview(P01, "bulan", None, search + "&icd=Z99")
    assert unknown["value"] == "J06.9" and "Diagnosis 'Z99' tidak ada di data kesakitan" in unknown["total"]
