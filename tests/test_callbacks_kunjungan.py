"""The Dashboard Utama's visits section callback called directly (no browser), on the visits of
tests/sample_kunjungan.py: the month it opens on, KPI tiles, "< 5" cells, a silent Pustu, a
desa's note, empty states, and crafted or hostile filter states (refused in the filter's words,
never a traceback, never another area's name)."""
import json

import pytest
from dash import no_update

import callbacks.kunjungan as cb
from callbacks.common import acting_as
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from tests import sample_kunjungan
from tests.components import text_of as component_text
from tests.sample_kunjungan import A1, A2

HIDDEN = {"display": "none"}


def text_of(value) -> str:
    """The text of a component, or of a list of them (the KPI tiles, the notes)."""
    return " ".join(text_of(v) for v in value) if isinstance(value, list) else component_text(value)


@pytest.fixture
def section(use_db, loaded):
    sample_kunjungan.load(loaded)
    return use_db(cb)


def state(level: str, kode, tahun=2025, bulan=None) -> dict:
    return {"level": level, "kode": kode, "tahun": tahun, "bulan": bulan}


def test_a_puskesmas_opens_on_its_latest_month_with_the_silent_pustu_named(section):
    out = section.show_kunjungan(state("puskesmas", "P01"))
    assert out["empty"] is None and out["content"] is None
    assert out["period"] == "Pkm A · Februari 2025 · tren Maret 2023 – Februari 2025"
    assert "Pustu A2 belum melapor sejak Februari 2025." in text_of(out["warnings"])
    kpi = text_of(out["kpi"])
    assert "Kunjungan Februari 2025" in kpi and "59" in kpi
    assert "−41,0%" in kpi and "Januari 2025: 100" in kpi  # against last month
    assert "Februari 2024: belum ada laporan" in kpi  # no row a year before: no percentage


def test_january_against_december_and_small_cells_shown_as_below_five(section):
    out = section.show_kunjungan(state("puskesmas", "P01", bulan=1))
    kpi = text_of(out["kpi"])
    assert "+66,7%" in kpi and "Desember 2024: 60" in kpi
    assert "+25,0%" in kpi and "Januari 2024: 80" in kpi
    assert "79,0%" in kpi and "21,0%" in kpi  # inside and outside the building
    assert "Penyandang disabilitas" in kpi and "< 5" in kpi and "kurang dari 5 kunjungan" in kpi
    disabilitas = out["disabilitas"]["data"][0]
    assert disabilitas["text"][0] == "< 5" and disabilitas["y"][0] == 0  # no bar, no 4
    assert "4" not in json.dumps(disabilitas["hovertext"][0])
    umur = out["umur"]["data"][0]
    assert umur["text"][-1] == "< 5" and umur["y"][-1] == 0
    assert "tanpa batang dan tanpa persentase" in text_of(out["note"])


def test_a_desa_shows_its_residents_visits_and_says_what_they_are(section):
    out = section.show_kunjungan(state("desa", A1, bulan=1))
    assert "Kunjungan Januari 2025" in text_of(out["kpi"]) and "21" in text_of(out["kpi"])
    note = text_of(out["note"])
    assert "kunjungan warga Desa A1 yang dicatat Pkm A dengan alamat desa" in note
    assert "25,0% kunjungan Pkm A pada Januari 2025 (25 dari 100)" in note
    out = section.show_kunjungan(state("desa", A2))
    assert "Pustu A2 belum melapor sejak Februari 2025." in text_of(out["warnings"])


def test_an_area_without_visits_explains_itself_and_points_to_the_upload_page(section):
    out = section.show_kunjungan(state("kabupaten", "99.02"))
    assert out["content"] == HIDDEN
    message = text_of(out["empty"])
    assert "Belum ada data kunjungan layanan untuk Kab Dua." in message and "Unggah Data" in message
    assert out["kpi"] is no_update and out["trend"] is no_update
    with acting_as(Viewer("baca", Role.PEMBACA, Scope.everything())):
        message = text_of(section.show_kunjungan(state("kabupaten", "99.02"))["empty"])
    assert "Pengelola data Puskesmas mengunggahnya" in message


def test_a_desa_without_residents_visits_points_to_its_puskesmas(section):
    # Desa B1 of Pkm B: a row with its code in February 2024 only, before these 24 months
    out = section.show_kunjungan(state("desa", "99.01.02.2001", tahun=2027, bulan=1))
    message = text_of(out["empty"])
    assert "Belum ada kunjungan warga Desa B1 yang dicatat dengan alamat desa sampai Januari 2027." in message
    assert "Pilih Puskesmas-nya untuk melihat semua kunjungan." in message


def test_a_year_without_visits_shows_the_latest_month_and_says_so(section):
    out = section.show_kunjungan(state("puskesmas", "P01", tahun=2023))
    assert out["period"].startswith("Pkm A · Februari 2025")
    assert "Data kunjungan tahun 2023 belum ada; ditampilkan Februari 2025" in out["period"]


def test_a_chosen_month_without_visits_in_a_reporting_area_keeps_the_trend(section):
    out = section.show_kunjungan(state("puskesmas", "P01", bulan=6))
    assert out["content"] is None
    assert "belum ada laporan bulan ini" in text_of(out["kpi"])


def test_another_puskesmas_is_refused_in_the_filters_words_without_its_name(section):
    with acting_as(Viewer("pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))):
        for level, kode in (("puskesmas", "P02"), ("desa", "99.01.02.2001"), ("kabupaten", "99.01"),
                            ("provinsi", "99"), ("nasional", None)):
            out = section.show_kunjungan(state(level, kode))
            shown = text_of(out["empty"])
            assert out["content"] == HIDDEN, kode
            assert "tidak ditemukan di wilayah yang boleh Anda lihat" in shown, kode
            assert "Pkm B" not in shown and "Desa B1" not in shown and "Kab Satu" not in shown
            assert "Posyandu B1" not in shown


@pytest.mark.parametrize("hostile", [
    None, "", [], {}, 7, {"level": "desa"}, {"level": "kabupaten", "kode": ["99.01"], "tahun": "²", "bulan": {}},
    {"level": "puskesmas", "kode": "P01\x00", "tahun": 2025}, {"level": "puskesmas", "kode": "P01", "tahun": 1e308},
    {"level": "puskesmas", "kode": "P01", "tahun": 2025, "bulan": "13"},
    {"level": "puskesmas", "kode": "x" * 10_000, "tahun": 2025},
    {"level": "<script>", "kode": "'; DROP TABLE desa; --"},
])
def test_hostile_states_give_a_view_or_a_message_never_an_error(section, hostile):
    out = section.show_kunjungan(hostile)
    assert set(out) == set(cb.SECTION)
    assert (out["content"] is None) != (out["content"] == HIDDEN)
    if out["content"] == HIDDEN:
        assert "x" * 100 not in text_of(out["empty"])  # an echoed code is cut
