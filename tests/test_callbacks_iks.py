"""IKS page callbacks called directly (no browser): validation, empty states, drill-down."""
import pytest

import callbacks.iks as cb
import callbacks.map_panel
from domain.codes import Level
from domain.wilayah import Scope
from tests.components import text_of


@pytest.fixture
def page(use_db, monkeypatch):
    use_db(cb)
    return monkeypatch


def test_area_without_visits_explains_itself(page):
    out = cb.show_area({"level": "puskesmas", "kode": "P02", "tahun": 2025})
    assert "Belum ada data kunjungan keluarga untuk Pkm B tahun 2025" in text_of(out["empty"])
    assert out["content"] == {"display": "none"}  # no blank charts beside the message


def test_area_with_visits_fills_kpis_table_and_map(page):
    out = cb.show_area({"level": "puskesmas", "kode": "P01", "tahun": 2024})
    title, empty, style = out["title"], out["empty"], out["content"]
    assert title == "Indeks Keluarga Sehat · Pkm A · 2024" and empty is None and style is None
    # the table is in the section below the map, filled once that section is seen
    rows = cb.show_table({"level": "puskesmas", "kode": "P01", "tahun": 2024})["rows"]
    assert {r["kode"] for r in rows} == {"99.01.01.2001", "99.01.01.2002"}
    shown = cb.show_indicator({"level": "puskesmas", "kode": "P01", "tahun": 2024}, "jkn")
    spec, note = shown["spec"], shown["note"]
    assert spec["geo_url"].startswith("/peta/puskesmas/P01.json?v=")
    assert "Peserta JKN" in note and all("geojson" not in t for t in spec["data"])


def test_tampered_state_is_refused_with_a_message(page):
    out = cb.show_area({"level": "kabupaten", "kode": "99.99", "tahun": 2024})
    assert "tidak ditemukan" in text_of(out["empty"])
    page.setattr(cb, "viewer_scope", lambda: Scope(Level.PUSKESMAS, "P03"))
    out = cb.show_area({"level": "puskesmas", "kode": "P01", "tahun": 2024})
    refusal = text_of(out["empty"])
    assert "'P01' tidak ditemukan di wilayah yang boleh Anda lihat" in refusal
    assert "Pkm A" not in refusal  # the refusal names the code asked for, not the area
    # the section below the map is scoped the same way: no row of another Puskesmas
    assert cb.show_table({"level": "puskesmas", "kode": "P01", "tahun": 2024})["rows"] == []


def test_unknown_indicator_falls_back_to_iks(page):
    note = cb.show_indicator({"level": "kabupaten", "kode": "99.01", "tahun": 2024}, "<script>")["note"]
    assert note.startswith("Indeks Keluarga Sehat (IKS)")


def test_map_click_drills_one_level_down(page, use_db):
    # the drill-down is the map panel's (callbacks.map_panel), shared with the PWS pages; it
    # listens to every map on the page (ALL), so it receives a list of clicks
    map_panel = use_db(callbacks.map_panel)
    state = {"level": "kabupaten", "kode": "99.01", "tahun": 2024}
    search = map_panel.drill_down([{"points": [{"location": "P02"}]}], state,
                                  "?provinsi=99&kabupaten=99.01&indikator=kb")
    assert search == "?provinsi=99&kabupaten=99.01&puskesmas=P02&tahun=2024&indikator=kb"
    assert map_panel.drill_down([{"points": []}], state, "") is cb.no_update


def test_an_unknown_indicator_in_the_link_is_named_and_the_link_left_alone():
    """`/iks?tahun=2030&indikator=xyz`: the page says it shows IKS instead of 'xyz', and does
    not rewrite the URL (which would clear the filter's message about the year)."""
    from dash import no_update

    import app  # noqa: F401  (registers the pages, which dash.register_page requires)
    import dashboards.iks as page

    assert "Kode indikator 'xyz' tidak ada di halaman ini" in text_of(page.layout(indikator="xyz"))
    assert "tidak ada di halaman ini" not in text_of(page.layout(indikator="jkn"))
    assert cb.remember_indicator("iks", "?tahun=2030&indikator=xyz") is no_update
    assert "indikator=jkn" in cb.remember_indicator("jkn", "?tahun=2030&indikator=xyz")
    assert cb.remember_indicator("iks", "?indikator=jkn") == ""  # back to the default: no parameter
