"""Kualitas Data, the outliers section: the shared filter state and the section's own choices
(months, rule) → data_access.pencilan → the counts per rule, the hits not yet checked, the
checked ones; and the marks "sudah dicek: benar" a pengelola data sets and undoes (every key
checked again on the server: a button's id is a suggestion, never a permission)."""
from __future__ import annotations

from dataclasses import dataclass

from dash import ALL, Input, Output, State, callback, ctx
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.common import connect, engine, only, viewer
from callbacks.url_state import area_from_state, month_from_state
from data_access.pencilan import can_mark, find_hit, mark_checked, overview, unmark
from data_access.pws import default_month
from domain.access import AccessDenied
from domain.codes import Level
from domain.wilayah import Area, WilayahError
from indicators import format as fmt
from indicators.validasi import ATURAN_BY_CODE, DESA_REGISTERS, HitKey, what_label
from layouts import ids
from layouts.components import empty_state
from layouts.kd_pencilan import (
    MAX_ROWS,
    NOTE_MAX,
    RENTANG_DEFAULT,
    RENTANG_OPTIONS,
    PencilanIds,
    checked_table,
    count_table,
    hit_table,
    month_text,
)
from layouts.rtl_parts import messages

ID = PencilanIds
HIDDEN = {"display": "none"}
RENTANG = tuple(o["value"] for o in RENTANG_OPTIONS)
NO_DATA = "Belum ada register layanan untuk wilayah dan tahun ini: belum ada yang dapat diperiksa."
NO_HITS = ("Tidak ada data janggal di {where} pada {period}: tidak ada bulan yang jauh dari riwayatnya, tidak ada "
           "nol mendadak, tidak ada jumlah di atas sasaran, kaskade terbalik, D di atas S, atau stok obat yang tidak "
           "seimbang.")
NO_HITS_HINT = "Aturannya tertulis di bawah. Pilih rentang bulan atau aturan lain untuk memeriksa lebih luas."


@dataclass(frozen=True)
class View:
    area: Area
    tahun: int
    bulan: int
    rentang: int

    @property
    def dari(self) -> tuple[int, int]:
        index = self.tahun * 12 + self.bulan - 1 - (self.rentang - 1)
        return index // 12, index % 12 + 1

    @property
    def period(self) -> str:
        start = month_text(*self.dari)
        end = month_text(self.tahun, self.bulan)
        return end if start == end else f"{start} – {end}"


def _view(conn, state, rentang) -> tuple[View | None, str]:
    scope = viewer().scope
    try:
        area, tahun = area_from_state(conn, scope, state)
    except WilayahError as exc:
        return None, str(exc)
    if tahun is None:
        return None, NO_DATA
    bulan = month_from_state(state) or default_month(conn, scope, area, tahun, DESA_REGISTERS) or 12
    chosen = rentang if isinstance(rentang, int) and not isinstance(rentang, bool) and rentang in RENTANG \
        else RENTANG_DEFAULT
    return View(area, tahun, bulan, chosen), ""


SHOW = dict(
    period=Output(ID.PERIOD, "children"),
    empty=Output(ID.EMPTY, "children"),
    content=Output(ID.CONTENT, "style"),
    counts=Output(ID.COUNTS, "children"),
    table=Output(ID.LIST, "children"),
    checked=Output(ID.CHECKED, "children"),
    form=Output(ID.FORM, "style"),
)


@callback(output=SHOW, inputs=dict(state=Input(ids.FILTER_STATE, "data"), rentang=Input(ID.RENTANG, "value"),
                                   aturan=Input(ID.ATURAN, "value"), _changed=Input(ID.CHANGED, "data")))
def show_pencilan(state, rentang, aturan, _changed):
    """The area's hits in the months chosen: counts per rule, the ones not yet checked, the checked ones."""
    who = viewer()
    rule = aturan if isinstance(aturan, str) and aturan in ATURAN_BY_CODE else None
    with connect() as conn:
        view, message = _view(conn, state, rentang)
        if view is None:
            return only(SHOW, period=None, empty=empty_state(message), content=HIDDEN, form=HIDDEN)
        period = (view.dari, (view.tahun, view.bulan))
        counts, open_, checked = overview(conn, who.scope, view.area, *period, aturan=rule, limit=MAX_ROWS)
    if not counts:
        text = NO_HITS.format(where=view.area.nama, period=view.period)
        return only(SHOW, period=f"{view.period} · {view.area.nama}", empty=empty_state(text, NO_HITS_HINT),
                    content=HIDDEN, form=HIDDEN)
    allowed = can_mark(who)
    wide = view.area.level not in (Level.PUSKESMAS, Level.DESA)
    total = sum(counts.get(a, (0, 0))[0] for a in ([rule] if rule else ATURAN_BY_CODE))
    return {
        "period": f"{view.period} · {view.area.nama}", "empty": None, "content": None, "counts": count_table(counts),
        "table": hit_table(open_, total, can_mark=allowed, show_puskesmas=wide),
        "checked": checked_table(checked, can_mark=allowed, show_puskesmas=wide),
        "form": None if allowed and len(open_) else HIDDEN,
    }


def _clicked(kind: str) -> HitKey | None:
    """The hit key of the row button that was clicked (None for a redraw or a malformed id)."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or trigger.get("type") != kind:
        return None
    if not any(isinstance(t.get("value"), int) and t.get("value") for t in ctx.triggered):
        return None
    return HitKey.parse(trigger.get("hit"))


def _describe(key: HitKey, nilai: float) -> str:
    return (f"{ATURAN_BY_CODE[key.aturan].label}: {what_label(key.aturan, key.kode)}, {key.kode_wilayah}, "
            f"{month_text(key.tahun, key.bulan)}, nilai {fmt.angka(nilai, 0 if nilai == round(nilai) else 1)}")


PICK = dict(chosen=Output(ID.CHOSEN, "data"), text=Output(ID.CHOSEN_TEXT, "children"),
            message=Output(ID.MESSAGE, "children"))


@callback(output=PICK, inputs=dict(_clicks=Input({"type": ID.MARK, "hit": ALL}, "n_clicks")),
          prevent_initial_call=True)
def pick_hit(_clicks):
    """A row's "Tandai sudah dicek" chooses that hit for the form, when the viewer may mark it."""
    key = _clicked(ID.MARK)
    if key is None:
        raise PreventUpdate
    who = viewer()
    if not can_mark(who):
        raise PreventUpdate
    with connect() as conn:
        hit = find_hit(conn, who.scope, key)
    if hit is None:
        raise PreventUpdate
    return {"chosen": key.text, "text": f"Dipilih: {_describe(key, hit['nilai'])}.", "message": None}


SAVE = dict(message=Output(ID.MESSAGE, "children", allow_duplicate=True),
            changed=Output(ID.CHANGED, "data"), note=Output(ID.NOTE, "value"),
            chosen=Output(ID.CHOSEN, "data", allow_duplicate=True),
            text=Output(ID.CHOSEN_TEXT, "children", allow_duplicate=True))


@callback(output=SAVE, inputs=dict(_click=Input(ID.SAVE, "n_clicks")),
          state=dict(chosen=State(ID.CHOSEN, "data"), note=State(ID.NOTE, "value"),
                     changed=State(ID.CHANGED, "data")),
          prevent_initial_call=True)
def save_mark(_click, chosen, note, changed):
    """Store the mark of the chosen hit (its current value, the note), for a pengelola data whose
    wilayah holds it; anything else is refused and nothing is written."""
    key = HitKey.parse(chosen)
    if key is None:
        return only(SAVE, message=messages(["Pilih dulu data janggal yang sudah dicek (tombol pada barisnya)."]))
    catatan = inputs.text(note, NOTE_MAX) or ""
    try:
        with engine().begin() as conn:
            mark_checked(conn, viewer(), key, catatan)
    except AccessDenied as exc:
        return only(SAVE, message=messages([str(exc)]))
    count = inputs.counter(changed) or 0
    return {"message": messages([f"Ditandai sudah dicek: {what_label(key.aturan, key.kode)}, "
                                 f"{month_text(key.tahun, key.bulan)}."], ok=True),
            "changed": count + 1, "note": "", "chosen": None, "text": None}


UNDO = dict(message=Output(ID.MESSAGE, "children", allow_duplicate=True),
            changed=Output(ID.CHANGED, "data", allow_duplicate=True))


@callback(output=UNDO, inputs=dict(_clicks=Input({"type": ID.UNMARK, "hit": ALL}, "n_clicks")),
          state=dict(changed=State(ID.CHANGED, "data")), prevent_initial_call=True)
def undo_mark(_clicks, changed):
    """A checked row's "Batalkan": the hit is flagged again (audited), for those allowed."""
    key = _clicked(ID.UNMARK)
    if key is None:
        raise PreventUpdate
    try:
        with engine().begin() as conn:
            unmark(conn, viewer(), key)
    except AccessDenied as exc:
        return only(UNDO, message=messages([str(exc)]))
    count = inputs.counter(changed) or 0
    return {"message": messages([f"Tanda sudah dicek dibatalkan: {what_label(key.aturan, key.kode)}, "
                                 f"{month_text(key.tahun, key.bulan)}."], ok=True), "changed": count + 1}
