"""The follow-up plan (RTL) page: the form pre-filled from a link (every value checked again:
a link is a suggestion, never a permission), saving it, the list of the viewer's area, the
status editor and the downloads. Only a Puskesmas' own pengelola data writes
(data_access.rtl.can_write); everyone reads their own subtree."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl

from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.common import connect, engine, only, record, viewer, viewer_scope
from callbacks.url_state import area_from_state, available_years
from data_access.pws import default_month
from data_access.rtl import add_rtl, can_write, desa_of, get_rtl, list_rtl, update_status, writable_puskesmas
from data_access.skor import REGISTERS
from data_access.users import Event
from data_access.wilayah import resolve_area
from domain.access import AccessDenied
from domain.codes import Level
from domain.wilayah import WilayahError
from exports.views import VIEWS, ExportRequest, rtl_table, write_export
from indicators.program import INDICATOR_BY_CODE
from indicators.rtl import MAX_LEN, YEARS, check_rtl, check_status, is_late
from layouts import ids as shared_ids
from layouts.ids import Rtl as ids
from layouts.rtl_parts import READ_ONLY, messages, month_text, rtl_choice
from layouts.rtl_parts import rtl_table as list_table

HIDDEN = {"display": "none"}


FORM = dict(
    form=Output(ids.FORM, "style"),
    read_only=Output(ids.READ_ONLY, "children"),
    target=Output(ids.FOR, "children"),
    desa_options=Output(ids.DESA, "options"),
    desa=Output(ids.DESA, "value"),
    indikator=Output(ids.INDIKATOR, "value"),
    masalah=Output(ids.MASALAH, "value"),
    tahun_options=Output(ids.TAHUN, "options"),
    tahun=Output(ids.TAHUN, "value"),
    bulan=Output(ids.BULAN, "value"),
    status_card=Output(ids.STATUS_CARD, "style"),
)


@callback(output=FORM, inputs=dict(query=Input(ids.QUERY, "data")), state=dict(fragment=State(shared_ids.URL, "hash")))
def show_form(query, fragment):
    """The form for the viewer's own Puskesmas, filled with what the link suggests (the query,
    and the problem's sentence in the fragment: layouts.rtl_parts.rtl_href) when each value is
    valid there; a reader gets no form and is told why."""
    who = viewer()
    own = writable_puskesmas(who)
    if own is None:
        why = READ_ONLY.format(who=f"{who.role.label.lower()}, {who.scope.level.label.lower()}")
        return only(FORM, form=HIDDEN, status_card=HIDDEN, read_only=_info(why))
    query = dict(inputs.mapping(query))
    if isinstance(fragment, str) and len(fragment) <= 8 * MAX_LEN["masalah"]:
        query.update({k: v for k, v in parse_qsl(fragment.lstrip("#")) if k == "masalah"})
    with connect() as conn:
        area = resolve_area(conn, who.scope, Level.PUSKESMAS, own)
        desa = desa_of(conn, who.scope, own)
        years = available_years(conn, who.scope, area)
        latest = years[-1] if years else date.today().year
        default = default_month(conn, who.scope, area, latest, REGISTERS) if years else None
    notes = []
    asked = inputs.text(query.get("puskesmas"))
    suggest = asked is None or asked == own
    if not suggest:
        notes.append(f"Tautan ini menyebut Puskesmas '{inputs.cut(asked)}'; RTL hanya dicatat untuk "
                     f"Puskesmas Anda, isian tautan tidak dipakai.")
        query = {}
    tahun = inputs.whole(query.get("tahun"), *YEARS) or latest
    bulan = inputs.whole(query.get("bulan"), 1, 12) or default or 1
    indikator = inputs.text(query.get("indikator"))
    if indikator is not None and indikator not in INDICATOR_BY_CODE:
        notes.append(f"Indikator '{inputs.cut(indikator)}' dari tautan tidak dikenal; pilih dari daftar.")
        indikator = None
    kode_desa = inputs.text(query.get("desa"))
    if kode_desa is not None and kode_desa not in set(desa["kode"]):
        notes.append(f"Desa '{inputs.cut(kode_desa)}' dari tautan bukan desa {area.nama}; pilih dari daftar.")
        kode_desa = None
    masalah = inputs.text(query.get("masalah"), MAX_LEN["masalah"])
    options = [{"label": str(y), "value": y} for y in sorted({*years, tahun, latest})]
    return {
        "form": None, "read_only": None, "status_card": None,
        "target": [f"untuk {area.nama}", *[_note(n) for n in notes]],
        "desa_options": [{"label": n, "value": k} for k, n in zip(desa["kode"], desa["nama"], strict=True)],
        "desa": kode_desa, "indikator": indikator, "masalah": masalah,
        "tahun_options": options, "tahun": tahun, "bulan": bulan,
    }


def _info(text: str):
    return html.P(text, className="rtl-read-only", role="note")


def _note(text: str):
    return html.Div(text, className="rtl-link-note")


SAVE = dict(
    message=Output(ids.SAVE_MESSAGE, "children"),
    saved=Output(ids.SAVED, "data"),
    masalah=Output(ids.MASALAH, "value", allow_duplicate=True),
    penyebab=Output(ids.PENYEBAB, "value"),
    tindakan=Output(ids.TINDAKAN, "value"),
    pj=Output(ids.PJ, "value"),
    tenggat=Output(ids.TENGGAT, "date"),
)


@callback(
    output=SAVE,
    inputs=dict(_click=Input(ids.SAVE, "n_clicks")),
    state=dict(masalah=State(ids.MASALAH, "value"), penyebab=State(ids.PENYEBAB, "value"),
               tindakan=State(ids.TINDAKAN, "value"), pj=State(ids.PJ, "value"),
               tenggat=State(ids.TENGGAT, "date"), indikator=State(ids.INDIKATOR, "value"),
               desa=State(ids.DESA, "value"), tahun=State(ids.TAHUN, "value"),
               bulan=State(ids.BULAN, "value"), saved=State(ids.SAVED, "data")),
    prevent_initial_call=True,
)
def save(_click, masalah, penyebab, tindakan, pj, tenggat, indikator, desa, tahun, bulan, saved):
    """Check the form and store it for the viewer's own Puskesmas. A refused form keeps every
    value typed (only the message changes); a stored one empties the texts for the next."""
    who = viewer()
    own = writable_puskesmas(who)
    if own is None:
        return only(SAVE, message=messages([READ_ONLY.format(who=who.role.label.lower())]))
    # read with one character to spare, so that the check can still call a text too long
    raw = {"masalah": _long(masalah, "masalah"), "penyebab": _long(penyebab, "penyebab"),
           "tindakan": _long(tindakan, "tindakan"), "pj": _long(pj, "pj"),
           "tenggat": _code(tenggat, 32), "indikator": _code(indikator), "desa": _code(desa),
           "tahun": tahun, "bulan": bulan}
    with connect() as conn:
        desa_codes = set(desa_of(conn, who.scope, own)["kode"])
    item, errors = check_rtl(raw, desa_codes=desa_codes)
    if item is None:
        return only(SAVE, message=messages(["RTL belum disimpan:", *errors]))
    try:
        with engine().begin() as conn:
            add_rtl(conn, who, own, item)
    except AccessDenied as exc:
        return only(SAVE, message=messages([str(exc)]))
    count = inputs.counter(saved) or 0
    return {"message": messages([f"RTL tersimpan untuk rapat {month_text(item.tahun, item.bulan)}."], ok=True),
            "saved": count + 1, "masalah": "", "penyebab": "", "tindakan": "", "pj": "", "tenggat": None}


def _code(value, max_len: int = inputs.MAX_TEXT):
    """A code or a date as text, cut; anything but text as it came, for the check to refuse
    by name (a list where a desa code belongs is not read as "no desa")."""
    return inputs.text(value, max_len) if isinstance(value, str) else value


def _long(value, field: str):
    """A text from the browser cut one character past its bound (the check names it too
    long); anything else as it came, for the check to refuse."""
    if isinstance(value, str):
        return value.replace("\x00", "").strip()[: MAX_LEN[field] + 1]
    return value


LIST = dict(
    note=Output(ids.NOTE, "children"),
    table=Output(ids.LIST, "children"),
    choices=Output(ids.STATUS_RTL, "options"),
)


@callback(output=LIST, inputs=dict(state=Input(shared_ids.FILTER_STATE, "data"),
                                    _saved=Input(ids.SAVED, "data"), _changed=Input(ids.CHANGED, "data")))
def show_list(state, _saved, _changed):
    """The RTL of the Puskesmas inside the filter's area (a desa: those that target it), of the
    filter's year, newest meeting first; the status editor offers the viewer's own."""
    who = viewer()
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, who.scope, state)
        except WilayahError as exc:
            return only(LIST, note=str(exc), table=None, choices=[])
        rows = list_rtl(conn, who.scope, area, tahun)
    own = writable_puskesmas(who)
    mine = rows[rows["kode_puskesmas"] == own] if own else rows.iloc[0:0]
    late = sum(1 for _ in rows.itertuples() if _late(_))
    note = f"{len(rows)} RTL di {area.nama}" + (f", rapat tahun {tahun}" if tahun else "")
    if late:
        note += f"; {late} lewat tenggat dan belum selesai"
    return {"note": note, "table": list_table(rows, date.today(), editable=own, show_puskesmas=area.level not in
                                              (Level.PUSKESMAS, Level.DESA)),
            "choices": [rtl_choice(r) for r in mine.itertuples(index=False)]}


def _late(row) -> bool:
    return is_late(row.tenggat, row.status, date.today())


@callback(Output(ids.STATUS_RTL, "value"), Input({"type": ids.EDIT, "rtl": ALL}, "n_clicks"),
          prevent_initial_call=True)
def edit_row(_clicks):
    """A row's "Ubah status" opens the status editor on that RTL (the link scrolls to it), when
    it is one the viewer writes; a re-drawn list (no click) or any other id changes nothing."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(isinstance(t.get("value"), int) and t.get("value")
                                                for t in ctx.triggered):
        raise PreventUpdate
    rtl_id = inputs.counter(trigger.get("rtl"))
    if rtl_id is None:
        raise PreventUpdate
    who = viewer()
    with connect() as conn:
        row = get_rtl(conn, who.scope, rtl_id)
    if row is None or not can_write(who, row["kode_puskesmas"]):
        raise PreventUpdate
    return row["id"]


STATUS_FORM = dict(value=Output(ids.STATUS_VALUE, "value"), note=Output(ids.STATUS_NOTE, "value"))


@callback(output=STATUS_FORM, inputs=dict(chosen=Input(ids.STATUS_RTL, "value")), prevent_initial_call=True)
def show_status(chosen):
    """The chosen RTL's status and note, to change (only an RTL the viewer sees)."""
    rtl_id = inputs.counter(chosen)
    with connect() as conn:
        row = get_rtl(conn, viewer_scope(), rtl_id) if rtl_id is not None else None
    if row is None:
        return {"value": None, "note": ""}
    return {"value": row["status"], "note": row["catatan"]}


CHANGE = dict(message=Output(ids.STATUS_MESSAGE, "children"), changed=Output(ids.CHANGED, "data"))


@callback(
    output=CHANGE,
    inputs=dict(_click=Input(ids.STATUS_SAVE, "n_clicks")),
    state=dict(chosen=State(ids.STATUS_RTL, "value"), status=State(ids.STATUS_VALUE, "value"),
               catatan=State(ids.STATUS_NOTE, "value"), changed=State(ids.CHANGED, "data")),
    prevent_initial_call=True,
)
def change_status(_click, chosen, status, catatan, changed):
    """Store the chosen RTL's new status and note, when the viewer writes that RTL's Puskesmas."""
    who = viewer()
    rtl_id = inputs.counter(chosen)
    if rtl_id is None:
        return only(CHANGE, message=messages(["RTL: pilih RTL yang diubah statusnya."]))
    checked, errors = check_status(inputs.text(status), _long(catatan, "catatan"))
    if checked is None:
        return only(CHANGE, message=messages(["Status belum disimpan:", *errors]))
    try:
        with engine().begin() as conn:
            update_status(conn, who, rtl_id, *checked)
    except AccessDenied as exc:
        return only(CHANGE, message=messages([str(exc)]))
    count = inputs.counter(changed) or 0
    return {"message": messages([f"Status RTL diubah menjadi {checked[0]}."], ok=True), "changed": count + 1}


@callback(
    Output(ids.DOWNLOAD, "data"),
    Input(ids.DOWNLOAD_CSV, "n_clicks"),
    Input(ids.DOWNLOAD_XLSX, "n_clicks"),
    State(shared_ids.FILTER_STATE, "data"),
    prevent_initial_call=True,
)
def download(_csv, _xlsx, state):
    """The list as `cli.py export rtl` writes it for the same area and year."""
    fmt_ = "xlsx" if ctx.triggered_id == ids.DOWNLOAD_XLSX else "csv"
    who = viewer()
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, who.scope, state)
        except WilayahError:
            return no_update
        if tahun is None:
            raise PreventUpdate
        rows = list_rtl(conn, who.scope, area, tahun)
    level = area.level if area.level in (Level.PUSKESMAS, Level.DESA) else Level.PUSKESMAS
    request = ExportRequest(tingkat=level, wilayah=area, tahun=tahun)
    data = write_export(rtl_table(rows, date.today()), fmt_, view=VIEWS["rtl"], request=request)
    name = f"rtl-{area.kode or 'nasional'}-{tahun}.{fmt_}"
    record(Event.UNDUH, f"daftar RTL, {area.level.label.lower()} {area.kode or 'nasional'}, {tahun}: {name}")
    return dcc.send_bytes(data, name)

