"""The presentation page of the lokakarya mini (/lokmin, layouts/lokmin_parts.py) and the
navbar's "Presentasi" button. Everything the browser sends back (the query, the stores, the
panel's rows) is checked again here: the Puskesmas must be in the viewer's scope, the year and
month whole numbers in range, a slide key one of this deck's. The browser keeps only texts and
the charts of the current and next slide; it moves between slides by itself (assets/lokmin.js)."""
from __future__ import annotations

from urllib.parse import urlencode

from dash import ALL, ClientsideFunction, Input, Output, Patch, State, callback, clientside_callback, ctx, no_update

from callbacks import inputs
from callbacks.common import connect, engine, viewer, viewer_scope
from callbacks.url_state import BULAN, TAHUN, area_from_state, month_from_state
from data_access.cache import cached_by_version
from data_access.db import get_info
from data_access.lokmin import build_deck
from data_access.lokmin_susunan import clean_keys, read_susunan, save_susunan
from data_access.pws import default_month, program_years
from data_access.rtl import can_write
from data_access.skor import REGISTERS
from data_access.wilayah import puskesmas_in_scope, resolve_area
from domain.access import Viewer
from domain.codes import Level
from domain.wilayah import Area, Scope, WilayahError
from indicators.lokmin import Deck
from indicators.pws import month_of
from layouts import ids
from layouts.ids import Lokmin as L
from layouts.lokmin_parts import arrange_rows, projector_figure, slide_texts
from layouts.rtl_parts import rtl_href

PAGE_PATH = "/lokmin"
MAX_SLIDES = 200  # a position beyond any deck
PREFETCH = 1  # charts sent ahead of the current slide
MAX_CHOICES = 2000  # Puskesmas in a Dinkes viewer's chooser


class Refused(ValueError):
    """The page cannot show a deck; the message (Bahasa Indonesia) says why."""


# --- what is asked, checked --------------------------------------------------------------------

def own_puskesmas(who: Viewer) -> str | None:
    return who.scope.kode if who.scope.level == Level.PUSKESMAS else None


def resolve(conn, scope: Scope, puskesmas, tahun, bulan) -> tuple[Area, int, int]:
    """The Puskesmas, year and month to present, from values the browser sent (strings from
    the URL, or the numbers of the page's own store); raises Refused with the reason."""
    kode = inputs.text(puskesmas)
    if kode is None:
        raise Refused("Pilih Puskesmas yang akan dipresentasikan.")
    try:
        area = resolve_area(conn, scope, Level.PUSKESMAS, kode)
    except WilayahError as exc:
        raise Refused(f"{exc} Presentasi tidak dapat ditampilkan.") from None
    years = program_years(conn, scope, area)
    if tahun is None:
        if not years:
            raise Refused(f"Belum ada register layanan untuk {area.nama}: belum ada yang dapat dipresentasikan.")
        year = years[-1]
    else:
        year = inputs.whole(tahun, 1901, 2199)
        if year is None:
            raise Refused(f"Tahun '{inputs.cut(str(tahun))}' tidak dikenal. Presentasi tidak dapat ditampilkan.")
    no_data = f"Belum ada register layanan untuk {area.nama} tahun {year}."
    if year not in years:  # with or without a month: a year without registers has nothing to present
        raise Refused(no_data)
    if bulan is None:
        month = default_month(conn, scope, area, year, REGISTERS)
        if month is None:
            raise Refused(no_data)
    else:
        month = month_of(bulan)
        if month is None:
            raise Refused(f"Bulan '{inputs.cut(str(bulan))}' tidak dikenal (1–12). "
                          "Presentasi tidak dapat ditampilkan.")
    return area, year, month


def from_state(conn, state) -> tuple[Area, int, int]:
    """The page's own store, as it comes back from the browser: checked like the URL, but
    nothing may be left to a default (the store always names all three)."""
    state = inputs.mapping(state)
    if any(state.get(k) is None for k in ("puskesmas", "tahun", "bulan")):
        raise Refused("Presentasi tidak dikenal.")
    return resolve(conn, viewer_scope(), state.get("puskesmas"), state.get("tahun"), state.get("bulan"))


@cached_by_version(maxsize=32)
def deck_of(conn, scope: Scope, area: Area, tahun: int, bulan: int) -> Deck:
    """One deck per view and data version: moving between slides asks for charts by key."""
    return build_deck(conn, scope, area, tahun, bulan)


@cached_by_version(maxsize=256)
def _figure(conn, scope: Scope, area: Area, tahun: int, bulan: int, key: str):
    slide = next((s for s in deck_of(conn, scope, area, tahun, bulan).slides if s.key == key), None)
    return projector_figure(slide) if slide is not None else None


def figure_of(conn, scope, area, tahun, bulan, key) -> dict | None:
    figure = _figure(conn, scope, area, tahun, bulan, key)
    return _thawed(figure)


def _thawed(value):
    """A plain JSON value from the cache's frozen one (mappings and tuples)."""
    if hasattr(value, "items"):
        return {k: _thawed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_thawed(v) for v in value]
    return value


def arranged_keys(deck: Deck, susunan) -> tuple[list[str], set[str]]:
    """The presenter's whole order (hidden slides included) and the hidden keys, from a
    SUSUNAN store or a saved row: only this deck's keys count."""
    susunan = inputs.mapping(susunan)
    order = [s.key for s in deck.arranged(clean_keys(susunan.get("urutan")), ())]
    hidden = set(clean_keys(susunan.get("sembunyi"))) & set(order)
    return order, hidden


def _choices(conn, scope: Scope) -> list[dict]:
    """Every Puskesmas of a Dinkes viewer's scope, by kabupaten then name (the kabupaten
    named when there are several)."""
    rows = puskesmas_in_scope(conn, scope, MAX_CHOICES)
    many = len({kab for _, _, kab in rows}) > 1
    return [{"label": f"{nama} · {kab}" if many else nama, "value": kode} for kode, nama, kab in rows]


# --- opening the deck ---------------------------------------------------------------------------

OPEN = dict(
    state=Output(L.STATE, "data"),
    susunan=Output(L.SUSUNAN, "data"),
    slides=Output(L.SLIDES, "data"),
    figures=Output(L.FIGURES, "data"),
    panel=Output(L.PANEL, "children"),
    message=Output(L.MESSAGE, "children"),
    options=Output(L.CHOOSER, "options"),
    chosen=Output(L.CHOOSER, "value"),
    chooser_hidden=Output(L.CHOOSER_WRAP, "hidden"),
    exit=Output(L.EXIT, "href"),
    demo=Output(L.DEMO, "hidden"),
)


@callback(output=OPEN, inputs=dict(asked=Input(L.ASKED, "data"), chosen=Input(L.CHOOSER, "value")))
def open_deck(asked, chosen):
    """The Puskesmas, year and month of the query the page was opened with (default: the
    viewer's own Puskesmas, the latest year and month with registers), or the one a Dinkes
    viewer chooses; the presenter's saved arrangement for it, the slides' texts and the
    first two charts, in one round trip. A refusal shows its reason and nothing of the deck."""
    who = viewer()
    asked = inputs.mapping(asked)
    dinkes = own_puskesmas(who) is None
    if ctx.triggered_id == L.CHOOSER:
        if inputs.text(chosen) is None:
            return {**dict.fromkeys(OPEN, no_update)}
        asked = {**asked, "puskesmas": chosen}
    puskesmas = inputs.text(asked.get("puskesmas")) or own_puskesmas(who)
    with connect() as conn:
        options = _choices(conn, viewer_scope()) if dinkes else []
        demo = get_info(conn, "data_demo") == "1"
        try:
            area, tahun, bulan = resolve(conn, viewer_scope(), puskesmas, asked.get("tahun"), asked.get("bulan"))
            deck = deck_of(conn, viewer_scope(), area, tahun, bulan)
            urutan, sembunyi = read_susunan(conn, area.kode)
        except Refused as exc:
            return {"state": None, "susunan": None, "slides": [], "figures": {}, "panel": None,
                    "message": str(exc), "options": options, "chosen": no_update,
                    "chooser_hidden": not dinkes, "exit": "/", "demo": True}
        order, hidden = arranged_keys(deck, {"urutan": urutan, "sembunyi": sembunyi})
        view = deck_view(conn, who, deck, order, hidden, 0)
    back = "/?" + urlencode([(Level.PUSKESMAS.value, area.kode), (TAHUN, tahun), (BULAN, bulan)])
    return {"state": {"puskesmas": area.kode, "tahun": tahun, "bulan": bulan},
            "susunan": {"urutan": order, "sembunyi": [k for k in order if k in hidden]}, **view,
            "message": None, "options": options, "chosen": area.kode if dinkes else no_update,
            "chooser_hidden": not dinkes, "exit": back, "demo": not demo}


def deck_view(conn, who: Viewer, deck: Deck, order: list[str], hidden: set[str], pos: int) -> dict:
    """The shown slides' texts in the presenter's order, the charts of the slide at `pos`
    and the next one (the slide on screen draws without another round trip) and the
    "Atur slide" rows."""
    area, tahun, bulan = deck.area, deck.tahun, deck.bulan
    by_key = {s.key: s for s in deck.slides}
    shown = [by_key[k] for k in order if k not in hidden]
    writer = can_write(who, area.kode)
    texts = [slide_texts(s, _rtl(s, area, tahun, bulan) if writer else None) for s in shown]
    pos = min(pos, max(len(shown) - 1, 0))
    figures = {s.key: figure_of(conn, viewer_scope(), area, tahun, bulan, s.key)
               for s in shown[pos:pos + 1 + PREFETCH]}
    return {"slides": texts, "figures": figures, "panel": arrange_rows([by_key[k] for k in order], hidden)}


def _rtl(slide, area: Area, tahun: int, bulan: int) -> str | None:
    if slide.jenis in ("judul", "penutup"):
        return None
    return rtl_href(area.kode, tahun, bulan, indikator=slide.indikator,
                    desa=slide.desa[0] if slide.desa else None, masalah=slide.judul)


@callback(
    Output(L.FIGURES, "data", allow_duplicate=True),
    Input(L.POS, "data"),
    State(L.SLIDES, "data"), State(L.HAVE, "data"), State(L.STATE, "data"),
    prevent_initial_call=True,
)
def fetch_figures(pos, slides, have, state):
    """The charts of the current slide and the next one that the browser does not hold yet;
    the ones it no longer needs are dropped (the store never grows with the deck)."""
    pos = inputs.whole(pos, 0, MAX_SLIDES)
    slides = inputs.items(slides)
    if pos is None or not slides:
        return no_update
    keys = [inputs.text(inputs.mapping(s).get("key"), 80) for s in slides[:MAX_SLIDES]]
    window = [k for k in keys[max(pos - 1, 0):pos + 1 + PREFETCH] if k]
    held = set(clean_keys(inputs.items(have)))
    wanted = [k for k in keys[pos:pos + 1 + PREFETCH] if k and k not in held]
    patch = Patch()
    with connect() as conn:
        try:
            area, tahun, bulan = from_state(conn, state)
        except Refused:
            return no_update
        valid = {s.key for s in deck_of(conn, viewer_scope(), area, tahun, bulan).slides}
        sent = [key for key in wanted if key in valid]
        for key in sent:
            patch[key] = figure_of(conn, viewer_scope(), area, tahun, bulan, key)
    dropped = held - set(window)
    for key in dropped:
        del patch[key]
    return patch if sent or dropped else no_update


# --- moving and drawing, in the browser (assets/lokmin.js) --------------------------------------

clientside_callback(
    ClientsideFunction("lokmin", "move"),
    Output(L.POS, "data"),
    Input(L.FIRST, "n_clicks"), Input(L.PREV, "n_clicks"), Input(L.NEXT, "n_clicks"), Input(L.LAST, "n_clicks"),
    Input(L.SLIDES, "data"),
    State(L.POS, "data"),
)

clientside_callback(
    ClientsideFunction("lokmin", "draw"),
    Output(L.TITLE, "children"), Output(L.SUMBER, "children"), Output(L.COUNTER, "children"),
    Output(L.RTL, "href"), Output(L.RTL, "hidden"), Output(L.GRAPH, "figure"), Output(L.FRAME, "className"),
    Output(L.HAVE, "data"),
    Input(L.POS, "data"), Input(L.SLIDES, "data"), Input(L.FIGURES, "data"),
)


# --- the presenter's arrangement ----------------------------------------------------------------

ARRANGE = dict(
    susunan=Output(L.SUSUNAN, "data", allow_duplicate=True),
    slides=Output(L.SLIDES, "data", allow_duplicate=True),
    figures=Output(L.FIGURES, "data", allow_duplicate=True),
    panel=Output(L.PANEL, "children", allow_duplicate=True),
    message=Output(L.ATUR_PESAN, "children"),
)
NOTHING = dict.fromkeys(ARRANGE, no_update)


@callback(
    output=ARRANGE,
    inputs=dict(_naik=Input({"type": L.NAIK, "key": ALL}, "n_clicks"),
                _turun=Input({"type": L.TURUN, "key": ALL}, "n_clicks"),
                _tampil=Input({"type": L.TAMPIL, "key": ALL}, "value"),
                _reset=Input(L.RESET, "n_clicks")),
    state=dict(susunan=State(L.SUSUNAN, "data"), state=State(L.STATE, "data"), pos=State(L.POS, "data")),
    prevent_initial_call=True,
)
def arrange(_naik, _turun, _tampil, _reset, susunan, state, pos):
    """Show or hide a slide, move it up or down, or go back to the agenda's order; saved for
    the Puskesmas when the viewer may write for it, else kept for this presentation only."""
    trigger = ctx.triggered_id
    value = ctx.triggered[0].get("value") if ctx.triggered else None
    with connect() as conn:
        try:
            area, tahun, bulan = from_state(conn, state)
        except Refused:
            return NOTHING
        deck = deck_of(conn, viewer_scope(), area, tahun, bulan)
    order, hidden = arranged_keys(deck, susunan)
    if trigger == L.RESET:
        if not value:
            return NOTHING
        order, hidden = [s.key for s in deck.slides], set()
    elif isinstance(trigger, dict) and trigger.get("key") in order:
        key = trigger["key"]
        i = order.index(key)
        if trigger.get("type") in (L.NAIK, L.TURUN):
            if not value:  # a row drawn again, not a click
                return NOTHING
            j = i - 1 if trigger["type"] == L.NAIK else i + 1
            if 0 <= j < len(order):
                order[i], order[j] = order[j], order[i]
        elif trigger.get("type") == L.TAMPIL:
            if key in inputs.items(value):
                hidden.discard(key)
            else:
                hidden.add(key)
    else:
        return NOTHING
    new = {"urutan": order, "sembunyi": [k for k in order if k in hidden]}
    old_order, old_hidden = arranged_keys(deck, susunan)
    if order == old_order and hidden == old_hidden:
        return NOTHING
    with connect() as conn:
        view = deck_view(conn, viewer(), deck, order, hidden, inputs.whole(pos, 0, MAX_SLIDES) or 0)
    if not can_write(viewer(), area.kode):
        return {"susunan": new, **view, "message": f"Susunan ini berlaku untuk presentasi ini saja: hanya "
                                                   f"pengelola data {area.nama} yang dapat menyimpannya."}
    with engine().begin() as conn:
        if trigger == L.RESET:
            save_susunan(conn, viewer(), area.kode, [], [])
        else:
            save_susunan(conn, viewer(), area.kode, new["urutan"], new["sembunyi"])
    return {"susunan": new, **view,
            "message": f"Susunan slide disimpan untuk {area.nama}; dipakai lagi pada presentasi berikutnya."}


# --- the navbar's button ------------------------------------------------------------------------

@callback(Output(ids.Lokmin.BUTTON, "href"), Input(ids.FILTER_STATE, "data"))
def presentation_href(state):
    """/lokmin for the filter's Puskesmas (a desa: its Puskesmas) and month; the page checks
    it all again. Above the Puskesmas, the page offers a chooser."""
    params = []
    try:
        with connect() as conn:
            area, tahun = area_from_state(conn, viewer_scope(), state)
    except WilayahError:
        return PAGE_PATH
    kode = area.code_at(Level.PUSKESMAS)
    if kode:
        params.append((Level.PUSKESMAS.value, kode))
    if tahun is not None:
        params.append((TAHUN, tahun))
        bulan = month_from_state(state)
        if bulan is not None:
            params.append((BULAN, bulan))
    return PAGE_PATH + ("?" + urlencode(params) if params else "")
