"""The presentation page of the lokakarya mini (/lokmin): one slide on screen (its title
sentence, one chart, the source line, a counter), the controls along the bottom edge, the
"Atur slide" panel and the download buttons. The slides' texts and charts are filled by
callbacks/lokmin.py; assets/lokmin.js turns keys (and a presenter's clicker) into clicks on
the buttons here; assets/lokmin.css hides the navbar and the filter bar while it is shown."""
from __future__ import annotations

from dash import dcc, html

from figures.lokmin import slide_figure
from indicators.lokmin import Slide
from layouts.components import dropdown
from layouts.graph_config import graph_config
from layouts.ids import Lokmin as L

DEMO_MARK = "DATA DEMO"
MAX_ROW_TITLE = 90  # a slide's title in the "Atur slide" panel, cut

# the chart is drawn, never hovered or zoomed: nobody moves a mouse on a projector
GRAPH_CONFIG = {**graph_config("lokmin"), "staticPlot": True, "displayModeBar": False, "responsive": True}


def deck_layout(asked: dict) -> html.Div:
    """The page; `asked` is the query it was opened with (validated by the callbacks)."""
    button = "btn btn-sm lokmin-btn"
    only = " lokmin-deck-only"  # hidden when the page shows a refusal or a question instead
    return html.Div([
        dcc.Store(id=L.ASKED, data=asked),
        dcc.Store(id=L.STATE), dcc.Store(id=L.SUSUNAN), dcc.Store(id=L.SLIDES),
        dcc.Store(id=L.FIGURES, data={}), dcc.Store(id=L.HAVE, data=[]), dcc.Store(id=L.POS, data=0),
        html.Div(id=L.MESSAGE, className="lokmin-message", role="status"),
        html.Main([
            html.Div([
                html.H1("Menyiapkan presentasi…", id=L.TITLE, className="lokmin-title"),
            ], className="lokmin-head"),
            html.Div(dcc.Graph(id=L.GRAPH, config=GRAPH_CONFIG, className="lokmin-graph",
                               figure={"data": [], "layout": {}}), className="lokmin-chart"),
            html.Div([
                html.Span(id=L.SUMBER, className="lokmin-sumber"),
                html.Span(DEMO_MARK, className="lokmin-demo", id=L.DEMO, hidden=True,
                          title="Data demo (sintetis): semua wilayah, nama dan angka fiktif"),
                html.Span(id=L.COUNTER, className="lokmin-counter", **{"aria-live": "polite"}),
            ], className="lokmin-foot"),
        ], id=L.FRAME, className="lokmin-frame", **{"aria-label": "Slide"}),
        html.Nav([
            dcc.Link("✕ Keluar presentasi", href="/", id=L.EXIT, className=f"{button} btn-outline-light"),
            html.Div(dropdown(id=L.CHOOSER, placeholder="Pilih Puskesmas", clearable=False,
                              optionHeight=40), id=L.CHOOSER_WRAP, className="lokmin-chooser",
                     hidden=True),
            html.Button("« Awal", id=L.FIRST, className=f"{button}{only} btn-outline-light",
                        title="Slide pertama (Home)", n_clicks=0),
            html.Button("◀ Sebelumnya", id=L.PREV, className=f"{button}{only} btn-light",
                        title="Slide sebelumnya (← atau PageUp)", n_clicks=0),
            html.Button("Berikutnya ▶", id=L.NEXT, className=f"{button}{only} btn-warning",
                        title="Slide berikutnya (→ atau PageDown)", n_clicks=0),
            html.Button("Akhir »", id=L.LAST, className=f"{button}{only} btn-outline-light",
                        title="Slide terakhir (End)", n_clicks=0),
            html.A("Catat RTL", id=L.RTL, href="/rtl", className=f"{button} btn-outline-warning", hidden=True,
                   title="Catat rencana tindak lanjut untuk temuan slide ini"),
            html.Details([
                html.Summary("Atur slide", className=f"{button} btn-outline-light"),
                html.Div([
                    html.P("Centang slide yang ditampilkan; ▲ ▼ mengubah urutan.", className="lokmin-atur-hint"),
                    html.Div(id=L.PANEL, className="lokmin-atur-rows"),
                    html.Button("Kembalikan urutan awal", id=L.RESET, n_clicks=0,
                                className="btn btn-sm btn-outline-secondary mt-2"),
                    html.Div(id=L.ATUR_PESAN, className="lokmin-atur-pesan", role="status"),
                ], className="lokmin-atur-panel"),
            ], className="lokmin-atur" + only),
            html.Details([
                html.Summary("Unduh", className=f"{button} btn-outline-light"),
                html.Div([
                    html.Button("Unduh PPTX", id=L.PPTX, n_clicks=0, className="btn btn-sm btn-primary me-2"),
                    html.Button("Unduh PDF", id=L.PDF, n_clicks=0, className="btn btn-sm btn-primary"),
                    dcc.Loading(html.Div(id=L.PESAN, className="lokmin-unduh-pesan", role="status"),
                                delay_show=300),
                    dcc.Download(id=L.DOWNLOAD),
                ], className="lokmin-unduh-panel"),
            ], className="lokmin-unduh" + only),
            html.Span("F: layar penuh", className="lokmin-keyhint" + only),
        ], className="lokmin-controls", **{"aria-label": "Navigasi presentasi"}),
    ], className="lokmin-deck", id="lokmin-deck")


def slide_texts(slide: Slide, rtl: str | None) -> dict:
    """What the browser needs to show a slide without asking the server (its chart comes
    separately, one slide at a time). Text only: Dash shows it as text, never as HTML."""
    return {"key": slide.key, "jenis": slide.jenis, "judul": slide.judul, "sumber": slide.sumber, "rtl": rtl}


def projector_figure(slide: Slide) -> dict | None:
    """The slide's chart (figures/lokmin.py) filling the space it is given on screen: the
    fixed 960×540 of the PPTX becomes a size the browser sets (the fonts stay)."""
    figure = slide_figure(slide)
    if figure is None:
        return None
    if hasattr(figure, "to_plotly_json"):
        figure = figure.to_plotly_json()
    layout = {k: v for k, v in dict(figure.get("layout") or {}).items() if k not in ("width", "height")}
    return {**dict(figure), "layout": {**layout, "autosize": True}}


def arrange_rows(slides: list[Slide], hidden: set[str]) -> list:
    """One row per slide of the deck, in the presenter's order: shown or not, up, down."""
    rows = []
    for i, slide in enumerate(slides):
        title = slide.judul if len(slide.judul) <= MAX_ROW_TITLE else slide.judul[: MAX_ROW_TITLE - 1] + "…"
        rows.append(html.Div([
            dcc.Checklist(id={"type": L.TAMPIL, "key": slide.key},
                          options=[{"label": f" {i + 1}. {title}", "value": slide.key}],
                          value=[] if slide.key in hidden else [slide.key], className="lokmin-atur-check",
                          inputClassName="form-check-input me-1"),
            html.Button("▲", id={"type": L.NAIK, "key": slide.key}, className="btn btn-sm btn-light",
                        title="Naikkan", disabled=i == 0),
            html.Button("▼", id={"type": L.TURUN, "key": slide.key}, className="btn btn-sm btn-light",
                        title="Turunkan", disabled=i == len(slides) - 1),
        ], className="lokmin-atur-row" + (" is-hidden" if slide.key in hidden else "")))
    return rows
