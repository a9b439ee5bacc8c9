"""The lokakarya mini deck as PPTX and PDF (exports/lokmin.py, exports/render.py), from
`cli.py export lokmin` and from the presentation's download buttons: the files open, carry
the slides' titles in the presenter's order without the hidden ones, the speaker notes and one
page per slide; another Puskesmas' deck is refused; a missing browser is named. Chromium
draws for real (Debian's, offline); the database tests run on SQLite and PostgreSQL, the ones
that draw a whole deck on SQLite only (the drawing does not depend on the dialect)."""
from __future__ import annotations

import base64
import io
import os
import tempfile
from types import MappingProxyType

import pytest
from pptx import Presentation
from pypdf import PdfReader

import cli
from data_access.db import dispose_engines
from data_access.lokmin import build_deck
from data_access.lokmin_susunan import save_susunan
from data_access.wilayah import resolve_area
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from exports import lokmin, render
from exports.render import BrowserMissing, RenderError
from indicators.lokmin import Slide
from layouts.ids import Lokmin as L
from tests import dash_client, sample_skor

SUMBER = "Sumber: register layanan · data s.d. Februari 2025"
SLIDES = (
    Slide("judul", "judul", "Lokakarya mini Pkm <b>A</b> · data Januari–Februari 2025", SUMBER),
    Slide("skor", "skor", "Capaian Januari–Februari 2025: 2 dari 25 indikator jelek", SUMBER,
          catatan="Bahas D/S dulu.\nLalu K1.",
          data=MappingProxyType({"status": MappingProxyType({"baik": 1, "kurang": 0, "cukup": 0, "jelek": 2})})),
    Slide("kualitas", "kualitas", "Kualitas data: 1 desa belum lapor", SUMBER, catatan="Desa A2."),
)
PKM_A = Viewer("pkm-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))


def _pptx(data: bytes):
    prs = Presentation(io.BytesIO(data))
    return prs, list(prs.slides)


def _title(slide) -> str:
    return next(s.text_frame.text for s in slide.shapes if s.name == "Judul")


def _names(slide) -> list[str]:
    return [s.name for s in slide.shapes]


def _render_dirs() -> set[str]:
    return {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("lokmin-render-")}


# --- the files, from hand-built slides ---------------------------------------------------------

def test_pptx_is_4_3_with_editable_titles_chart_images_notes_and_the_demo_mark(monkeypatch):
    # the browser is handed over by path: choreographer never searches (nor looks for a download)
    from choreographer.browsers.chromium import Chromium

    def no_search(*_a, **_k):
        raise AssertionError("choreographer searched for a browser")

    monkeypatch.setattr(Chromium, "find_browser", classmethod(no_search))
    # one browser session for the whole deck, however many charts
    import kaleido

    sessions = []

    class Counted(kaleido.Kaleido):
        def __init__(self, *a, **k):
            sessions.append(k.get("path"))
            super().__init__(*a, **k)

    monkeypatch.setattr(kaleido, "Kaleido", Counted)
    before = _render_dirs()
    deck = (*SLIDES, Slide("skor:2", "skor", "Capaian 2024: 0 dari 25 indikator jelek", SUMBER, data=SLIDES[1].data))
    prs, slides = _pptx(lokmin.deck_pptx(deck, demo=True))
    assert sessions == [render.browser_path()]
    assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)  # 10 × 7,5 inch: 4:3
    assert [_title(s) for s in slides] == [s.judul for s in deck]  # the text as is, no escaping
    # a chart for each scorecard; none for the title slide and a slide without a chart
    pictures = [[sh for sh in s.shapes if sh.shape_type == 13] for s in slides]
    assert [len(p) for p in pictures] == [0, 1, 0, 1]
    assert pictures[1][0].image.content_type == "image/png"
    assert pictures[1][0].image.size == (960 * 2, 540 * 2)  # the 960×540 chart at scale 2
    assert all("Data demo" in _names(s) for s in slides)
    assert all(any(sh.text_frame.text == "DATA DEMO" for sh in s.shapes if sh.has_text_frame) for s in slides)
    notes = [s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for s in slides]
    assert notes == ["", "Bahas D/S dulu.\nLalu K1.", "Desa A2.", ""]
    assert _render_dirs() == before  # Chromium's profile folder is gone


def test_pptx_of_real_data_has_no_demo_mark_and_keeps_control_characters_out():
    odd = Slide("kualitas", "kualitas", "Desa \x1b[2J\u202eA: 3 laporan", SUMBER, catatan="ok\x07")
    _prs, slides = _pptx(lokmin.deck_pptx((odd,), demo=False))  # no chart: no browser needed
    assert _title(slides[0]) == "Desa [2JA: 3 laporan"
    assert slides[0].notes_slide.notes_text_frame.text == "ok"
    assert "Data demo" not in _names(slides[0])


def test_pdf_has_one_landscape_page_per_slide_with_its_title():
    reader = PdfReader(io.BytesIO(lokmin.deck_pdf(SLIDES, demo=True)))
    assert len(reader.pages) == len(SLIDES)
    for page, slide in zip(reader.pages, SLIDES, strict=True):
        box = page.mediabox
        assert float(box.width) / float(box.height) == pytest.approx(1024 / 768, abs=0.01)
        text = " ".join(page.extract_text().split())
        # each page its own slide's title (the area name drawn as text, "<b>A</b>", not as markup)
        assert slide.judul in text and "DATA DEMO" in text and SUMBER in text


def test_pdf_includes_a_map_as_an_image_on_its_page(monkeypatch):
    square = [[[110, -7], [110.1, -7], [110.1, -7.1], [110, -7.1], [110, -7]]]
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "a", "properties": {}, "geometry": {"type": "Polygon", "coordinates": square}}]}
    peta = {"data": [{"type": "choroplethmap", "geojson": geojson, "featureidkey": "id", "locations": ["a"],
                      "z": [1]}],
            "layout": {"map": {"center": {"lon": 110.05, "lat": -7.05}, "zoom": 10}}}
    monkeypatch.setattr(lokmin, "slide_figure", lambda slide: peta if slide.key == "peta" else None)
    slides = (Slide("peta", "indikator", "K6: 1 desa jelek", SUMBER), SLIDES[2])
    reader = PdfReader(io.BytesIO(lokmin.deck_pdf(slides, demo=False)))
    assert [len(p.images) for p in reader.pages] == [1, 0]  # the map's canvas on its page only
    assert "K6: 1 desa jelek" in reader.pages[0].extract_text()


def test_pdf_page_keeps_the_charts_plotting_area_of_the_pptx():
    chart = {"data": [{"type": "bar", "x": ["a"], "y": [1]}],
             "layout": {"width": 960, "height": 540, "margin": {"l": 60, "r": 20, "t": 20, "b": 60}}}
    page = lokmin.page_figure(SLIDES[1], chart, demo=False)
    m = page["layout"]["margin"]
    # 1024 − (32 + 60) − (32 + 20) = 880 = 960 − 60 − 20; 768 − (150 + 20) − (78 + 60) = 460 = 540 − 20 − 60
    assert (1024 - m["l"] - m["r"], 768 - m["t"] - m["b"]) == (880, 460)
    assert chart["layout"]["margin"] == {"l": 60, "r": 20, "t": 20, "b": 60}  # the chart is not changed
    title = page["layout"]["annotations"][0]
    assert title["text"].startswith("<b>Capaian Januari–Februari 2025") and title["yanchor"] == "top"
    # the title's top is 40 px below the page's: y in paper units of the 460 px plot area
    assert title["y"] == pytest.approx((768 - m["b"] - 40) / 460)
    assert not any(a["text"] == "<b>DATA DEMO</b>" for a in page["layout"]["annotations"])


def test_a_long_finding_gets_three_smaller_lines_not_a_cut():
    long = ("Pengendalian hipertensi Januari–Juni: 4.918 orang hilang dari estimasi penderita hipertensi "
            "ke hipertensi terdiagnosis (28,8% lanjut)")  # 122 characters
    slide = Slide("kaskade:ht", "kaskade", long, SUMBER)
    _prs, slides = _pptx(lokmin.deck_pptx((slide, SLIDES[2]), demo=False))
    sizes = [next(s for s in page.shapes if s.name == "Judul").text_frame.paragraphs[0].runs[0].font.size.pt
             for page in slides]
    assert sizes == [20, 26] and _title(slides[0]) == long
    title = lokmin.page_figure(slide, None, demo=False)["layout"]["annotations"][0]
    assert title["font"]["size"] == 22 and title["text"].count("<br>") == 1  # one line of 90 and the rest
    assert title["text"].replace("<br>", " ") == f"<b>{long}</b>"


def test_a_map_is_drawn_on_white_without_tiles():
    fig = {"data": [{"type": "choroplethmap", "locations": ["a"], "z": [1]}],
           "layout": {"map": {"style": "open-street-map", "zoom": 9}}}
    offline = render._offline(fig)
    assert offline["layout"]["map"] == {"style": "white-bg", "zoom": 9}
    assert fig["layout"]["map"]["style"] == "open-street-map"


def test_too_many_slides_are_refused_before_any_browser_starts(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/tidak/ada")
    with pytest.raises(RenderError, match="Terlalu banyak grafik"):
        render.render([{}] * (render.MAX_FIGURES + 1), "png", width=10, height=10)
    with pytest.raises(lokmin.ExportError, match="paling banyak 40"):
        lokmin.deck_pptx([SLIDES[2]] * 41, demo=False)


def test_a_missing_browser_is_named_in_bahasa_indonesia(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "chromium"))
    with pytest.raises(BrowserMissing, match=r"BROWSER_PATH=.*chromium bukan berkas program"):
        lokmin.deck_pdf(SLIDES, demo=False)
    monkeypatch.delenv("BROWSER_PATH")
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on PATH either
    with pytest.raises(BrowserMissing, match="Pasang paket Debian 'chromium'"):
        lokmin.deck_pptx(SLIDES, demo=False)


def test_the_browser_is_found_on_path_or_where_browser_path_says(tmp_path):
    exe = tmp_path / "chromium"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    assert render.browser_path({"PATH": str(tmp_path)}) == str(exe)
    assert render.browser_path({"PATH": "", "BROWSER_PATH": str(exe)}) == str(exe)
    exe.chmod(0o644)  # not executable
    with pytest.raises(BrowserMissing):
        render.browser_path({"PATH": "", "BROWSER_PATH": str(exe)})


# --- the command line ---------------------------------------------------------------------------

@pytest.fixture
def skor(loaded):
    sample_skor.load(loaded, wilayah=False)
    return loaded


@pytest.fixture
def run_cli(skor, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", skor.url.render_as_string(hide_password=False))
    dispose_engines()

    def run(*argv):
        try:
            status = cli.main(["export", "lokmin", *argv])
        except SystemExit as exc:  # argparse refuses a value before the command runs
            status = exc.code
        out = capsys.readouterr()
        return status, out.out, out.err

    yield run
    dispose_engines()


def _expected(engine, urutan=(), sembunyi=()) -> list[Slide]:
    with engine.connect() as conn:
        area = resolve_area(conn, Scope.everything(), Level.PUSKESMAS, "P01")
        return list(build_deck(conn, Scope.everything(), area, 2025, 2).arranged(urutan, sembunyi))


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_cli_writes_pptx_and_pdf_in_the_saved_arrangement(run_cli, skor, tmp_path):
    with skor.begin() as conn:
        save_susunan(conn, PKM_A, "P01", ["skor"], ["judul"])
    expected = _expected(skor, ["skor"], ["judul"])
    assert expected and expected[0].key == "skor" and "judul" not in [s.key for s in expected]
    status, out, err = run_cli("--puskesmas", "p01", "--tahun", "2025", "--bulan", "2",
                               "--out", str(tmp_path / "deck.pptx"))
    assert status == 0, err
    assert out.strip() == f"{len(expected)} slide ditulis ke {tmp_path / 'deck.pptx'}"
    _prs, slides = _pptx((tmp_path / "deck.pptx").read_bytes())
    assert [_title(s) for s in slides] == [s.judul for s in expected]
    assert not any("Data demo" in _names(s) for s in slides)  # the test data is not the demo's
    status, _, err = run_cli("--puskesmas", "P01", "--tahun", "2025", "--bulan", "2",
                             "--out", str(tmp_path / "deck.PDF"))
    assert status == 0, err
    assert len(PdfReader(tmp_path / "deck.PDF").pages) == len(expected)


@pytest.mark.parametrize("argv, message", [
    (["--tahun", "2025", "--bulan", "13"], "bulan harus 1–12, bukan '13'"),
    (["--tahun", "25", "--bulan", "2"], "tahun harus empat angka"),
    (["--tahun", "2019", "--bulan", "2"], "Tidak ada data register layanan untuk Pkm A tahun 2019. "
                                          "Tahun yang ada datanya: 2024, 2025."),
    (["--tahun", "2025"], "lokmin memerlukan --puskesmas dan --bulan"),
])
def test_cli_bad_period_is_named_and_nothing_written(run_cli, tmp_path, argv, message):
    out = tmp_path / "deck.pptx"
    status, _, err = run_cli("--puskesmas", "P01", *argv, "--out", str(out))
    assert status != 0 and message in err and not out.exists()


def test_cli_bad_code_or_file_name_is_named(run_cli, tmp_path):
    status, _, err = run_cli("--puskesmas", "P01", "--tahun", "2025", "--bulan", "2", "--out",
                             str(tmp_path / "deck.docx"))
    assert status == 1 and "harus berakhiran .pptx atau .pdf" in err
    status, _, err = run_cli("--puskesmas", "P'; --", "--tahun", "2025", "--bulan", "2", "--out",
                             str(tmp_path / "deck.pdf"))
    assert status == 1 and "tidak valid" in err and not (tmp_path / "deck.pdf").exists()


def test_cli_for_a_puskesmas_user_refuses_another_puskesmas(run_cli, skor, tmp_path):
    from data_access.users import add_user

    with skor.begin() as conn:
        add_user(conn, "pkm-a", "kata-sandi-panjang", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    out = tmp_path / "deck.pdf"
    status, _, err = run_cli("--puskesmas", "P02", "--tahun", "2025", "--bulan", "2", "--out", str(out),
                             "--pengguna", "pkm-a")
    assert status == 1 and "'P02' tidak ditemukan di wilayah yang boleh Anda lihat" in err
    assert "Pkm B" not in err and not out.exists()


def test_cli_names_a_missing_browser(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/tidak/ada/chromium")
    out = tmp_path / "deck.pdf"
    status, _, err = run_cli("--puskesmas", "P01", "--tahun", "2025", "--bulan", "2", "--out", str(out))
    assert status == 1 and "BROWSER_PATH=/tidak/ada/chromium" in err and not out.exists()


def test_the_other_exports_still_require_tingkat(run_cli, tmp_path, capsys):
    status = cli.main(["export", "iks", "--tahun", "2025", "--out", str(tmp_path / "x.csv")])
    assert "--tingkat wajib untuk tampilan iks" in capsys.readouterr().err
    assert status == 2 and not (tmp_path / "x.csv").exists()


# --- the download buttons -----------------------------------------------------------------------

@pytest.fixture
def client_of(skor, monkeypatch, tmp_path):
    from tests.auth_client import cheap_hashes, login

    cheap_hashes(monkeypatch)
    monkeypatch.setenv("DATABASE_URL", skor.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))

    def make(nama, role, scope):
        import app

        return login(app.server.test_client(), skor, nama, role, scope)

    yield make
    dispose_engines()


def _click(client, button: str, state, susunan=None) -> dict:
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if f"{L.DOWNLOAD}.data" in d["output"])
    body = dash_client.body(dep, [1, 1, state, susunan])
    body["changedPropIds"] = [f"{button}.n_clicks"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"]


def _message(out) -> str:
    return str(out[L.PESAN]["children"])


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_download_gives_the_deck_shown_in_its_arrangement(client_of, skor):
    client = client_of("pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    state = {"puskesmas": "P01", "tahun": 2025, "bulan": 2}
    out = _click(client, L.PPTX, state, {"urutan": ["skor"], "sembunyi": ["judul"]})
    sent = out[L.DOWNLOAD]["data"]
    assert sent["filename"] == "lokmin-P01-2025-02.pptx" and sent["base64"]
    _prs, slides = _pptx(base64.b64decode(sent["content"]))
    assert [_title(s) for s in slides] == [s.judul for s in _expected(skor, ["skor"], ["judul"])]
    assert "lokmin-P01-2025-02.pptx diunduh" in _message(out)
    # an empty store (nothing arranged on screen yet): the arrangement saved for the Puskesmas
    with skor.begin() as conn:
        save_susunan(conn, PKM_A, "P01", [], ["skor"])
    sent = _click(client, L.PDF, state, None)[L.DOWNLOAD]["data"]
    assert sent["filename"] == "lokmin-P01-2025-02.pdf"
    assert len(PdfReader(io.BytesIO(base64.b64decode(sent["content"]))).pages) == len(_expected(skor, [], ["skor"]))
    assert len(_expected(skor, [], ["skor"])) == len(_expected(skor)) - 1


@pytest.mark.parametrize("state", [
    {"puskesmas": "P02", "tahun": 2025, "bulan": 2},  # the sibling in the same kabupaten
    {"puskesmas": "P03", "tahun": 2025, "bulan": 2},  # another kabupaten's
])
def test_download_of_another_puskesmas_deck_gives_nothing(client_of, state):
    client = client_of("pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    out = _click(client, L.PDF, state)
    assert L.DOWNLOAD not in out  # no file
    message = _message(out)
    assert f"'{state['puskesmas']}' tidak ditemukan di wilayah yang boleh Anda lihat" in message
    assert "Pkm B" not in message and "Pkm C" not in message


@pytest.mark.parametrize("state", [
    None, "P01", {"puskesmas": ["P01"], "tahun": 2025, "bulan": 2}, {"puskesmas": "P01", "tahun": "²", "bulan": 2},
    {"puskesmas": "P01", "tahun": 2025, "bulan": 13}, {"puskesmas": "P01" + "x" * 10_000, "tahun": 2025, "bulan": 2},
    {"puskesmas": "P01", "tahun": 2019, "bulan": 2},
])
def test_download_with_a_crafted_state_says_why_and_sends_nothing(client_of, state):
    client = client_of("pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    out = _click(client, L.PPTX, state, susunan={"urutan": "x" * 10_000, "sembunyi": [{"a": 1}]})
    assert L.DOWNLOAD not in out
    assert "tidak dapat dibuat" in _message(out) or "Pilih Puskesmas, tahun dan bulan" in _message(out)


def test_download_names_a_missing_browser(client_of, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/tidak/ada/chromium")
    client = client_of("admin-uji", Role.ADMIN, Scope.everything())
    out = _click(client, L.PDF, {"puskesmas": "P01", "tahun": 2025, "bulan": 2})
    assert L.DOWNLOAD not in out
    assert "PDF tidak dapat dibuat: Peramban untuk menggambar grafik tidak ditemukan" in _message(out)
