"""The lokakarya mini deck (data_access.lokmin.build_deck) and its charts (figures.lokmin) on
the hand-made registers of tests/sample_skor.py and the visits of tests/sample.py, on SQLite
and PostgreSQL. Every number in a title is worked out by hand below (the statuses of each
desa follow from the tables in sample_skor's docstring):

Pkm A (desa A1, A2), February 2025:
  K1  A1 18/100 = 18% ≥ 16,67%, Feb 8% < Jan 10% → kurang; A2 15/50 = 30%, 20% > 10% → baik.
  D/S A1 40/50 = 80% < 85%, Feb 80% < Jan 90% → jelek; A2 80% < 85%, 80% = 80% → cukup.
  → one indicator slide, "D/S Januari–Februari: 1 dari 2 desa jelek" (A1); the area's own
    statuses k1 baik, d_s jelek, tb baik, n_d baik → "1 dari 25 indikator jelek".
  TB cascade Jan–Feb: 20 diagnosed, 19 treated → 1 person lost, 95,0% go on.
  IKS 2025: A1 2 sehat of 2 with an IKS (a3 is all N), A2 0 of 1 → Pkm A 2/3 = 0,667; 2024:
    A1 1 of 2, A2 0 of 1 → 1/3 = 0,333: "naik 0,333 dari 2024"; no desa fell (A1 +0,5, A2 0).
  Data quality March 2025: neither desa reported anything → "2 dari 2 desa belum melapor".
Pkm C (desa C1), February 2025: K1 cukup (rising), D/S baik, TB none: nothing jelek or
  falling → no indicator slide, "0 dari 25 indikator jelek".
Kab Satu (Pkm A, Pkm B), February 2025: K1 A baik, B jelek; D/S A jelek, B baik.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from types import MappingProxyType

import plotly.graph_objects as go
import pytest
from sqlalchemy import insert, update

from data_access import lokmin, schema
from data_access.lokmin import build_deck, title_mark
from data_access.wilayah import resolve_area
from domain.codes import Level
from domain.wilayah import OutOfScope, Scope
from figures.lokmin import short_names, slide_figure
from indicators.lokmin import JENIS, Slide
from tests import sample_skor

ALL = Scope.everything()
A1, A2 = sample_skor.A1, sample_skor.A2
DAY = date(2025, 3, 5)
HOSTILE = '<a href="https://evil.example">Login ulang</a> & <b>X</b>'


@pytest.fixture
def deck_db(loaded):
    sample_skor.load(loaded, wilayah=False)
    return loaded


def deck_of(engine, level: Level, kode: str, tahun: int, bulan: int, scope: Scope = ALL):
    with engine.connect() as conn:
        area = resolve_area(conn, ALL, level, kode)
        return build_deck(conn, scope, area, tahun, bulan, hari_ini=DAY)


def by_key(deck) -> dict[str, Slide]:
    return {s.key: s for s in deck.slides}


def add_rtl(engine, tahun: int, bulan: int, indikator: str | None, kode_desa: str | None, status: str,
            tindakan: str = "Sweeping balita", pj: str = "Bidan Sari") -> None:
    now = datetime(2025, 2, 1, 9, 0)
    with engine.begin() as conn:
        conn.execute(insert(schema.rtl).values(
            kode_puskesmas="P01", tahun=tahun, bulan=bulan, masalah="Cakupan rendah", penyebab="Posyandu libur",
            tindakan=tindakan, pj=pj, tenggat=date(tahun, bulan, 28), indikator=indikator,
            kode_desa=kode_desa, status=status, catatan="", dibuat_oleh="pkm", dibuat=now, diubah_oleh="pkm",
            diubah=now))


def test_titles_carry_the_hand_numbers(deck_db):
    deck = deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2)
    slides = by_key(deck)
    keys = [s.key for s in deck.slides]
    assert keys[:3] == ["judul", "rtl", "skor"] and keys[-2:] == ["kualitas", "penutup"]
    assert slides["judul"].judul == "Lokakarya mini Pkm A · data Januari–Februari 2025"
    assert "data per 5 Maret 2025" in slides["judul"].sumber
    assert slides["skor"].judul == "Capaian Januari–Februari 2025: 1 dari 25 indikator jelek"
    assert dict(slides["skor"].data["status"]) == {"baik": 3, "kurang": 0, "cukup": 0, "jelek": 1}
    ds = slides["indikator:d_s"]
    assert ds.judul == "D/S Januari–Februari: 1 dari 2 desa jelek"
    assert ds.indikator == "d_s" and ds.desa == (A1,)
    assert [(r["kode"], r["status"], r["teks"]) for r in ds.data["baris"]] == [
        (A1, "jelek", "80,0%"), (A2, "cukup", "80,0%")]
    assert ds.data["target"] == pytest.approx(0.85)
    assert "indikator:k1" not in slides and "indikator:tb_pengobatan" not in slides  # baik, not falling
    tb = slides["kaskade:tb"]
    assert "1 orang hilang" in tb.judul and tb.judul.endswith("(95,0% lanjut)")
    assert tb.data["hilang"]["jumlah"] == 1 and tb.data["hilang"]["dari"] == "tb_diagnosis"
    assert tb.indikator == "tb_pengobatan"  # its numerator counts the step reached (tb_diobati)
    iks = slides["iks"]
    assert iks.judul == "IKS Pkm A 2025: 0,667, naik 0,333 dari 2024; 0 dari 2 desa turun"
    assert {r["kode"]: round(r["perubahan"], 3) for r in iks.data["baris"]} == {A1: 0.5, A2: 0.0}
    assert slides["penutup"].data["temuan"] == (ds.judul, tb.judul)
    assert slides["penutup"].judul == "Penutup: 2 temuan menunggu rencana tindak lanjut"


def test_data_is_immutable(deck_db):
    slide = by_key(deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2))["indikator:d_s"]
    assert isinstance(slide.data, MappingProxyType) and isinstance(slide.data["baris"], tuple)
    with pytest.raises(TypeError):
        slide.data["baris"][0]["status"] = "baik"


def test_a_month_with_nothing_jelek_has_no_jelek_slide(deck_db):
    deck = deck_of(deck_db, Level.PUSKESMAS, "P03", 2025, 2)
    slides = by_key(deck)
    assert slides["skor"].judul == "Capaian Januari–Februari 2025: 0 dari 25 indikator jelek"
    assert not [s for s in deck.slides if s.jenis in ("indikator", "lainnya")]
    assert not any("jelek" in s.judul for s in deck.slides if s.key != "skor")
    assert slides["penutup"].data["temuan"] == ()


def test_a_kabupaten_deck_has_its_puskesmas_as_units_and_no_rtl(deck_db):
    slides = by_key(deck_of(deck_db, Level.KABUPATEN, "99.01", 2025, 2))
    assert "rtl" not in slides
    assert slides["indikator:k1"].judul == "K1 Januari–Februari: 1 dari 2 Puskesmas jelek"
    assert slides["indikator:d_s"].judul == "D/S Januari–Februari: 1 dari 2 Puskesmas jelek"
    assert [r["kode"] for r in slides["indikator:k1"].data["baris"]][0] == "P02"
    assert slides["indikator:k1"].desa == ()  # an RTL targets a desa, not a Puskesmas


def test_data_quality_counts_desa_without_a_report(deck_db):
    slide = by_key(deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 3))["kualitas"]
    assert slide.judul.startswith("Kualitas data Maret 2025: 2 dari 2 desa belum melapor")
    assert set(slide.desa) == {A1, A2}
    feb = by_key(deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2))["kualitas"]
    assert feb.data["tanpa_laporan"] == 0


def test_rtl_of_last_month_open_the_deck_with_then_and_now(deck_db):
    add_rtl(deck_db, 2025, 1, "d_s", A1, "berjalan")
    slide = by_key(deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2))["rtl"]
    assert slide.judul == "RTL Januari 2025: 1 rencana, 0 selesai; indikator sasaran membaik pada 0 dari 1"
    (item,) = slide.data["rtl"]
    # A1's D/S: January 90% against 85% (+5,0), February 80% against 85% (−5,0)
    assert (item["lalu"]["teks"], item["kini"]["teks"], item["arah"]) == ("90,0%", "80,0%", "memburuk")
    assert item["wilayah"] == "Desa A1" and item["pj"] == "Bidan Sari"


def test_january_reads_the_rtl_of_last_december(deck_db):
    add_rtl(deck_db, 2024, 12, "k1", None, "selesai")
    deck = deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 1)
    slide = by_key(deck)["rtl"]
    assert deck.slides[1].key == "rtl"
    assert slide.judul == "RTL Desember 2024: 1 rencana, 1 selesai; indikator sasaran membaik pada 1 dari 1"
    (item,) = slide.data["rtl"]
    # Pkm A's K1: December 2024 15,0% against 100% (−85,0), January 2025 10,0% against 8,3% (+1,7)
    assert (item["lalu"]["teks"], item["kini"]["teks"], item["arah"]) == ("15,0%", "10,0%", "membaik")


def test_an_rtl_without_an_indicator_is_not_counted_as_measured(deck_db):
    add_rtl(deck_db, 2025, 1, None, None, "belum")
    slide = by_key(deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2))["rtl"]
    assert slide.judul == ("RTL Januari 2025: 1 rencana, 0 selesai; "
                           "belum ada indikator sasaran yang dapat diukur")
    assert slide.data["rtl"][0]["lalu"] is None


def test_no_rtl_says_so(deck_db):
    slide = by_key(deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2))["rtl"]
    assert slide.judul == "RTL Januari 2025: belum ada rencana tindak lanjut yang tercatat"
    assert slide_figure(slide) is None


@pytest.mark.parametrize("scope", [Scope(Level.PUSKESMAS, "P02"), Scope(Level.KABUPATEN, "99.02")])
def test_an_area_outside_the_scope_is_refused(deck_db, scope):
    with pytest.raises(OutOfScope):
        deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2, scope=scope)


def test_arranged_by_key(deck_db):
    deck = deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2)
    keys = [s.key for s in deck.arranged(urutan=["skor", "hilang:lama", "judul"], sembunyi=["rtl", "kualitas"])]
    rest = [s.key for s in deck.slides if s.key not in ("skor", "judul", "rtl", "kualitas")]
    assert keys == ["skor", "judul", *rest]


def test_many_indicators_of_a_klaster_share_a_lainnya_slide(deck_db, monkeypatch):
    monkeypatch.setattr(lokmin, "PER_KLASTER", 0)
    slides = by_key(deck_of(deck_db, Level.KABUPATEN, "99.01", 2025, 2))
    assert "indikator:k1" not in slides
    lain = slides["lainnya:2"]
    assert lain.judul.startswith("Klaster 2 Januari–Februari: 2 indikator lain jelek atau turun")
    assert {r["indikator"] for r in lain.data["baris"]} == {"k1", "d_s"}


def _figure_json(slide: Slide) -> str | None:
    fig = slide_figure(slide)
    if fig is None:
        return None
    go.Figure(fig)  # plotly validates every property
    return json.dumps(fig, ensure_ascii=False)


def test_every_jenis_draws_a_valid_figure_with_escaped_names(deck_db, monkeypatch):
    with deck_db.begin() as conn:
        conn.execute(update(schema.desa).where(schema.desa.c.kode == A1).values(nama=HOSTILE))
    add_rtl(deck_db, 2025, 1, "d_s", A1, "belum", tindakan=HOSTILE, pj=HOSTILE)
    decks = [deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2), deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 3)]
    monkeypatch.setattr(lokmin, "PER_KLASTER", 0)
    decks.append(deck_of(deck_db, Level.KABUPATEN, "99.01", 2025, 2))
    drawn = set()
    for deck in decks:
        for slide in deck.slides:
            text = _figure_json(slide)
            if text is None:
                assert slide.jenis in ("judul", "kualitas", "rtl", "penutup")
                continue
            drawn.add(slide.jenis)
            assert "<a href" not in text and "<b>X" not in text
    assert drawn >= set(JENIS) - {"judul"}
    for key in ("indikator:d_s", "rtl", "kualitas"):  # the names are there, as text
        assert "&lt;a href" in _figure_json(by_key(decks[0])[key])


def test_the_map_draws_outlines_on_plain_axes(deck_db):
    slide = by_key(deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2))["iks"]
    square = ((110.0, -7.0), (110.1, -7.0), (110.1, -7.1), (110.0, -7.1), (110.0, -7.0))
    shifted = tuple((x + 0.1, y) for x, y in square)
    peta = ({"kode": A1, "nama": HOSTILE, "cincin": (square,), "pusat": (110.05, -7.05)},
            {"kode": A2, "nama": "Desa A2", "cincin": (shifted,), "pusat": (110.15, -7.05)})
    data = MappingProxyType({**slide.data, "peta": peta})
    fig = slide_figure(Slide("iks", "iks", slide.judul, slide.sumber, data=data))
    go.Figure(fig)
    assert all(t["type"] == "scatter" and t["fill"] == "toself" for t in fig["data"])
    assert "geo" not in fig["layout"] and "mapbox" not in fig["layout"] and "map" not in fig["layout"]
    assert fig["layout"]["yaxis"]["scaleanchor"] == "x"
    labels = [a["text"] for a in fig["layout"]["annotations"]]
    assert any(label.startswith("&lt;a href") for label in labels)
    assert any("1,000 (+0,500)" in label for label in labels)  # A1: IKS 1,000, +0,500 since 2024


def test_short_names_stay_unambiguous():
    names = ["Sukamaju Kidul Wetan Lor", "Sukamaju Kidul Wetan Kulon", "Kalisari", "Tambakrejo Baru Sekali Lagi"]
    short = short_names(names, 18)
    # cut at 18 both would read "Sukamaju Kidul We…": cut after their common 21 characters
    assert short[:2] == ["Sukamaju Kidul Wetan L…", "Sukamaju Kidul Wetan K…"]
    assert short[2] == "Kalisari" and short[3] == "Tambakrejo Baru S…"
    # a name that is the start of another is never cut to look like it
    assert short_names(["Puskesmas Karangdamai", "Puskesmas Karangdamai Barat"], 16, level="Puskesmas") == [
        "Karangdamai", "Karangdamai Bar…"]


def test_the_deck_map_reads_the_apps_own_outlines(deck_db):
    """data_access.peta.child_rings: the desa outlines as plain rings and a point inside each,
    only those the viewer may see; the deck's IKS slide carries them."""
    from data_access.peta import child_rings

    square = {"type": "Polygon", "coordinates": [[[110, -7], [110.2, -7], [110.2, -7.2], [110, -7.2], [110, -7]]]}
    two = {"type": "MultiPolygon", "coordinates": [
        [[[111, -7], [111.1, -7], [111.1, -7.1], [111, -7]]], [[[112, -7], [112.1, -7], [112.1, -7.1], [112, -7]]]]}
    with deck_db.begin() as conn:
        conn.execute(insert(schema.peta), [{"tingkat": "desa", "kode": A1, "geojson": json.dumps(square)},
                                           {"tingkat": "desa", "kode": A2, "geojson": json.dumps(two)},
                                           {"tingkat": "desa", "kode": sample_skor.C1, "geojson": json.dumps(square)}])
    with deck_db.connect() as conn:
        pkm = resolve_area(conn, ALL, Level.PUSKESMAS, "P01")
        rings = {r["kode"]: r for r in child_rings(conn, ALL, pkm)}
    assert set(rings) == {A1, A2}  # not Pkm C's desa
    assert rings[A1]["nama"] == "Desa A1" and len(rings[A1]["cincin"]) == 1 and len(rings[A2]["cincin"]) == 2
    x, y = rings[A1]["pusat"]
    assert 110 < x < 110.2 and -7.2 < y < -7
    iks = by_key(deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2))["iks"]
    assert {p["kode"] for p in iks.data["peta"]} == {A1, A2}
    fig = slide_figure(iks)
    go.Figure(fig)
    assert len(fig["data"]) == 3 and all(t["fill"] == "toself" for t in fig["data"])


def test_a_falling_total_without_desa_jelek_draws_its_months(deck_db):
    """Kab Satu's own D/S: January 175/200 = 87,5%, February 175/200 = 87,5% (sample_skor);
    with no Puskesmas jelek the chart shows the months, the last one marked, labels written."""
    slide = by_key(deck_of(deck_db, Level.KABUPATEN, "99.01", 2025, 2))["indikator:d_s"]
    data = MappingProxyType({**slide.data, "n_jelek": 0, "total": {**slide.data["total"], "nama": HOSTILE}})
    fig = slide_figure(Slide(slide.key, "indikator", slide.judul, slide.sumber, data=data))
    go.Figure(fig)
    (bars,) = fig["data"]
    assert bars["x"] == ["Jan", "Feb"] and bars["text"] == ["87,5%", "87,5%"]
    assert bars["marker"]["color"][-1] != bars["marker"]["color"][0]
    assert "shapes" not in fig["layout"]  # no target line over the monthly values
    assert "&lt;a href" in fig["layout"]["annotations"][0]["text"]


def test_a_finding_resting_on_a_month_without_report_carries_the_mark(deck_db):
    """A2 sends no balita_d for February 2025: D/S of A2 has no February (its status is empty),
    and Pkm A's own February is 1 of its 2 desa. The finding's sentence says so, the speaker's
    note names both, the chart marks A2's bar."""
    from sqlalchemy import delete

    from data_access.store import refresh_program_summary

    lay = schema.layanan
    with deck_db.begin() as conn:
        conn.execute(delete(lay).where(lay.c.kode_desa == A2, lay.c.tahun == 2025, lay.c.bulan == 2,
                                       lay.c.indikator == "balita_d"))
        refresh_program_summary(conn, [2025])
    ds = by_key(deck_of(deck_db, Level.PUSKESMAS, "P01", 2025, 2))["indikator:d_s"]
    assert ds.judul == "D/S Januari–Februari: 1 dari 2 desa jelek (! Februari: 1 dari 2 desa melapor)"
    # a longer mark would add a line to a projector's title: the title says less, the note all
    long_mark = "November: 11 dari 13 desa melapor; Desember: 11 dari 13 desa melapor"
    assert title_mark(long_mark) == "laporan belum lengkap, lihat catatan"
    assert title_mark("tanpa laporan November–Desember") == "tanpa laporan November–Desember"
    assert "Pkm A: Februari: 1 dari 2 desa melapor." in ds.catatan
    assert "Desa A2: tanpa laporan Februari." in ds.catatan
    assert {r["kode"]: r["laporan"] for r in ds.data["baris"]} == {A1: "", A2: "tanpa laporan Februari"}
    texts = [a["text"] for a in slide_figure(ds)["layout"]["annotations"]]
    assert any(t.endswith(" !") for t in texts) and any("! status bertumpu pada bulan tanpa laporan" in t
                                                         for t in texts)
