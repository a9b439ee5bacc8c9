"""The lokakarya mini deck as a file: PPTX (4:3, editable titles and speaker notes, each chart
a PNG) and PDF (one slide per page, charts and maps drawn by the same Chromium). The slides are
the presentation's own (data_access.lokmin.build_deck, in the Puskesmas' saved arrangement),
so the page, the PPTX and the PDF never disagree."""
from __future__ import annotations

import io
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from data_access.db import get_info
from data_access.lokmin import build_deck
from data_access.lokmin_susunan import clean_keys, read_susunan
from data_access.wilayah import resolve_area
from domain.codes import Level, normalise_puskesmas
from domain.wilayah import Scope
from exports.render import render
from exports.views import ExportError, _check_period
from figures.lokmin import HEIGHT as CHART_H
from figures.lokmin import WIDTH as CHART_W
from figures.lokmin import slide_figure
from figures.palette import FONT, PERINGATAN, REDUP, TEKS
from figures.text import plain
from indicators.lokmin import Slide

FORMATS = ("pptx", "pdf")
MAX_SLIDES = 40  # a meeting's deck; more is a bug upstream, not a bigger file
DEMO_MARK = "DATA DEMO"

# the page, in pixels of a 1024×768 projector; PPTX and PDF place everything alike
PAGE_W, PAGE_H = 1024, 768
MARGIN_X = 32
CHART_TOP = 150  # below the title band
SOURCE_TOP = CHART_TOP + CHART_H + 14
MUTED = REDUP
PNG_SCALE = 2  # charts at 1920×1080: sharp on a projector and on paper


@dataclass(frozen=True)
class DeckFile:
    """What an export of one Puskesmas' deck needs once the database is closed."""

    kode: str
    nama: str
    tahun: int
    bulan: int
    slides: tuple[Slide, ...]
    demo: bool

    def filename(self, fmt: str) -> str:
        return f"lokmin-{self.kode}-{self.tahun}-{self.bulan:02d}.{fmt}"


def deck_format(path: str) -> str:
    """'pptx' or 'pdf' from a file name; ExportError otherwise."""
    suffix = str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
    if suffix not in FORMATS:
        raise ExportError(f"Berkas keluaran '{path}' harus berakhiran .pptx atau .pdf.")
    return suffix


def prepare_deck(conn: Connection, scope: Scope, puskesmas: str, tahun: int, bulan: int,
                 susunan: dict | None = None) -> DeckFile:
    """The slides of the Puskesmas' deck for January..bulan of tahun, arranged as `susunan`
    ({"urutan", "sembunyi"}, e.g. the page's store) or, without it, as saved for the
    Puskesmas. Raises WilayahError (unknown or out of scope: nothing is built) or ExportError."""
    kode = normalise_puskesmas(puskesmas)
    if kode is None:
        raise ExportError(f"Kode Puskesmas '{str(puskesmas)[:40]}' tidak valid.")
    area = resolve_area(conn, scope, Level.PUSKESMAS, kode)  # OutOfScope for another's
    _check_period(conn, scope, area, tahun, bulan)
    if susunan is None:
        urutan, sembunyi = read_susunan(conn, area.kode)
    else:
        urutan, sembunyi = clean_keys(susunan.get("urutan")), clean_keys(susunan.get("sembunyi"))
    slides = build_deck(conn, scope, area, tahun, bulan).arranged(urutan, sembunyi)
    if not slides:
        raise ExportError("Semua slide disembunyikan: tidak ada yang dapat diunduh.")
    if len(slides) > MAX_SLIDES:
        raise ExportError(f"Dek berisi {len(slides)} slide; paling banyak {MAX_SLIDES}.")
    return DeckFile(area.kode, area.nama, tahun, bulan, tuple(slides),
                    demo=get_info(conn, "data_demo") == "1")


def deck_bytes(deck: DeckFile, fmt: str) -> bytes:
    return deck_pptx(deck.slides, demo=deck.demo) if fmt == "pptx" else deck_pdf(deck.slides, demo=deck.demo)


def _text(value: object) -> str:
    """Text for a slide: no control or format characters (XML refuses most of them, and a
    right-to-left override would garble a title); line breaks stay."""
    return "".join(c for c in str(value or "") if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf"))


def _charts(slides: Sequence[Slide]) -> list[dict | None]:
    return [None if s.jenis == "judul" else slide_figure(s) for s in slides]


# --- PPTX --------------------------------------------------------------------------------

def deck_pptx(slides: Sequence[Slide], *, demo: bool) -> bytes:
    """A 4:3 PPTX: per slide an editable title (its judul), the chart as a PNG, the source
    line, the speaker notes (catatan) and, for demo data, a "DATA DEMO" mark; a slide of
    jenis "judul" is a title slide."""
    from pptx import Presentation  # imported here: only an export needs python-pptx
    from pptx.util import Emu

    if len(slides) > MAX_SLIDES:
        raise ExportError(f"Dek berisi {len(slides)} slide; paling banyak {MAX_SLIDES}.")
    charts = _charts(slides)
    drawn = iter(render([c for c in charts if c is not None], "png", width=CHART_W, height=CHART_H,
                        scale=PNG_SCALE))

    def px(n: float) -> Emu:
        return Emu(round(n * 9144000 / PAGE_W))  # 10 inches wide

    prs = Presentation()
    prs.slide_width, prs.slide_height = px(PAGE_W), px(PAGE_H)
    blank = prs.slide_layouts[6]
    for slide, chart in zip(slides, charts, strict=True):
        page = prs.slides.add_slide(blank)
        if slide.jenis == "judul":
            _box(page, px, MARGIN_X, 230, PAGE_W - 2 * MARGIN_X, 200, _text(slide.judul), 36, bold=True,
                 center=True, middle=True, name="Judul")
            _box(page, px, MARGIN_X, 450, PAGE_W - 2 * MARGIN_X, 60, _text(slide.sumber), 16,
                 color=MUTED, center=True, name="Sumber")
        else:
            judul = _text(slide.judul)
            _box(page, px, MARGIN_X, 40, PAGE_W - 2 * MARGIN_X, CHART_TOP - 50, judul, _title_size(judul)[0],
                 bold=True, name="Judul")
            if chart is not None:
                page.shapes.add_picture(io.BytesIO(next(drawn)), px(MARGIN_X), px(CHART_TOP),
                                        px(CHART_W), px(CHART_H))
            _box(page, px, MARGIN_X, SOURCE_TOP, PAGE_W - 2 * MARGIN_X, PAGE_H - SOURCE_TOP - 8,
                 _text(slide.sumber), 12, color=MUTED, name="Sumber")
        if demo:
            _box(page, px, PAGE_W - MARGIN_X - 200, 6, 200, 30, DEMO_MARK, 14, bold=True, color=PERINGATAN,
                 right=True, name="Data demo")
        if slide.catatan:
            page.notes_slide.notes_text_frame.text = _text(slide.catatan)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _box(page, px, x, y, w, h, text: str, size: int, *, bold=False, color=TEKS, center=False,
         right=False, middle=False, name=""):
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Pt

    box = page.shapes.add_textbox(px(x), px(y), px(w), px(h))
    box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    if middle:
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # PowerPoint shrinks a long title to fit
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.CENTER if center else PP_ALIGN.RIGHT if right else PP_ALIGN.LEFT
    run = para.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT.split(",")[0]
    run.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
    return box


# --- PDF ---------------------------------------------------------------------------------

def deck_pdf(slides: Sequence[Slide], *, demo: bool) -> bytes:
    """One 1024×768 page per slide, laid out as the PPTX, drawn as a vector PDF by the
    Chromium that draws the charts (a map is an image inside it, as on screen)."""
    from pypdf import PdfWriter  # imported here: only an export needs pypdf

    if len(slides) > MAX_SLIDES:
        raise ExportError(f"Dek berisi {len(slides)} slide; paling banyak {MAX_SLIDES}.")
    pages = [page_figure(s, c, demo=demo) for s, c in zip(slides, _charts(slides), strict=True)]
    writer = PdfWriter()
    for data in render(pages, "pdf", width=PAGE_W, height=PAGE_H):
        writer.append(io.BytesIO(data))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_figure(slide: Slide, chart: dict | None, *, demo: bool) -> dict:
    """The whole slide as one plotly figure of PAGE_W×PAGE_H: the chart keeps its plotting
    area (its margins widened by the title band above and the source band below, so it is
    drawn exactly as in the PPTX), the title, source and demo mark around it."""
    fig = {"data": list((chart or {}).get("data", [])), "layout": dict((chart or {}).get("layout", {}))}
    layout = fig["layout"]
    if chart is None:
        layout.update(xaxis={"visible": False}, yaxis={"visible": False}, plot_bgcolor="white",
                      showlegend=False)
    old = {"l": 80, "r": 80, "t": 100, "b": 80, **layout.get("margin", {})}  # plotly's defaults
    margin = {"l": MARGIN_X + old["l"], "r": MARGIN_X + old["r"], "t": CHART_TOP + old["t"],
              "b": PAGE_H - CHART_TOP - CHART_H + old["b"], "pad": old.get("pad", 0), "autoexpand": False}
    plot_w, plot_h = PAGE_W - margin["l"] - margin["r"], PAGE_H - margin["t"] - margin["b"]

    def at(x_px: float, y_px: float) -> dict:  # page pixels (from the top left) → paper coordinates
        return {"xref": "paper", "yref": "paper", "x": (x_px - margin["l"]) / plot_w,
                "y": (PAGE_H - margin["b"] - y_px) / plot_h, "showarrow": False}

    notes = [dict(a) for a in layout.get("annotations", [])]
    if slide.jenis == "judul":
        notes += [{**at(PAGE_W / 2, 330), "text": f"<b>{_wrap(slide.judul, 40)}</b>",
                   "font": {"size": 44, "color": TEKS},
                   "xanchor": "center", "yanchor": "middle"},
                  {**at(PAGE_W / 2, 470), "text": _wrap(slide.sumber, 80), "font": {"size": 18, "color": MUTED},
                   "xanchor": "center", "yanchor": "top"}]
    else:
        size, width = _title_size(_text(slide.judul))[1:]
        notes += [{**at(MARGIN_X, 40), "text": f"<b>{_wrap(slide.judul, width)}</b>",
                   "font": {"size": size, "color": TEKS},
                   "xanchor": "left", "yanchor": "top", "align": "left"},
                  {**at(MARGIN_X, SOURCE_TOP), "text": _wrap(slide.sumber, 110),
                   "font": {"size": 14, "color": MUTED}, "xanchor": "left", "yanchor": "top", "align": "left"}]
    if demo:
        notes.append({**at(PAGE_W - MARGIN_X, 8), "text": f"<b>{DEMO_MARK}</b>",
                      "font": {"size": 18, "color": PERINGATAN}, "xanchor": "right", "yanchor": "top"})
    layout.update(width=PAGE_W, height=PAGE_H, margin=margin, annotations=notes, title={"text": ""},
                  font={"family": FONT, "color": TEKS, **layout.get("font", {})},
                  paper_bgcolor="white")
    return fig


def _title_size(judul: str) -> tuple[int, int, int]:
    """(PPTX points, PDF pixels, PDF characters per line) for a slide title: two lines of the
    large size fit the band above the chart; a longer finding gets three lines of a smaller one
    (never cut: the sentence is the finding)."""
    return (26, 28, 70) if len(judul) <= 96 else (20, 22, 90)


def _wrap(text: str, width: int) -> str:
    """Lines of at most `width` characters joined by <br>, each escaped for plotly."""
    return "<br>".join(plain(line) for line in textwrap.wrap(_text(text), width) or [""])
