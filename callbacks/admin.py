"""Admin pages' callbacks: list, add and change the users inside the admin's wilayah; show
the audit log of that wilayah. Each callback asks the server who is signed in (never the
browser): anyone may post to a callback, and a non-admin gets a refusal and changes nothing."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, ctx, no_update
from flask import request

from callbacks import inputs
from callbacks.common import connect, viewer
from data_access.db import get_engine
from data_access.users import (
    EVENTS,
    PASSWORD_MAX,
    USER_LEVELS,
    UserError,
    admin_add_user,
    admin_set_password,
    admin_update_user,
    areas_inside,
    audit_rows,
    find_user,
    levels_inside,
    list_users,
    may_manage,
    scope_label,
)
from domain.access import AccessDenied, Viewer, parse_role
from domain.codes import Level
from domain.wilayah import Scope
from indicators import format as fmt
from layouts.ids import Admin as ids

REFUSAL = "Hanya admin yang boleh membuka halaman ini dan mengelola pengguna; tidak ada yang diubah."
LEVEL_VALUES = {lv.value: lv for lv in USER_LEVELS}


def _admin() -> Viewer | None:
    """The signed-in admin, or None for anyone else."""
    who = viewer()
    return who if who.is_admin else None


def _refused(message: str) -> dbc.Alert:
    return dbc.Alert(message, color="danger", className="mb-0")


def _done(message: str) -> dbc.Alert:
    return dbc.Alert(message, color="success", className="mb-0")


def _scope_of(level, kode) -> Scope:
    """The wilayah chosen in a form (whether it exists and lies inside the admin's own is
    checked by data_access.users)."""
    level = LEVEL_VALUES.get(inputs.text(level))
    if level == Level.NASIONAL:
        return Scope.everything()
    kode = inputs.text(kode, 64)
    if level is None or kode is None:
        raise UserError("Pilih tingkat wilayah dan wilayahnya.")
    return Scope(level, kode)


def _password(sandi, ulang) -> str:
    sandi, ulang = inputs.secret(sandi, PASSWORD_MAX), inputs.secret(ulang, PASSWORD_MAX)
    if sandi != ulang:
        raise UserError("Kedua kata sandi tidak sama.")
    return sandi or ""


def _address() -> str:
    return (request.remote_addr or "")[:64]


def _wilayah(conn, tingkat: str, kode) -> str:
    kode = kode if isinstance(kode, str) else None  # NULL comes out of a DataFrame as NaN
    scope = Scope.everything() if tingkat == Level.NASIONAL else Scope(Level(tingkat), kode)
    name = scope_label(conn, scope)
    return name if kode is None else f"{name} ({kode})"


def _user_rows(conn, scope: Scope) -> list[dict]:
    users = list_users(conn, scope)
    return [{"nama": u.nama, "nama_lengkap": u.nama_lengkap or "", "peran": parse_role(u.peran).label,
             "wilayah": _wilayah(conn, u.tingkat_wilayah, u.kode_wilayah), "aktif": "ya" if u.aktif else "tidak",
             "login_terakhir": fmt.waktu(u.login_terakhir)} for u in users.itertuples()]


def _level_options(scope: Scope) -> list[dict]:
    return [{"label": lv.label, "value": lv.value} for lv in levels_inside(scope)]


USERS_OUT = {"data": Output(ids.USERS, "rowData"), "selected": Output(ids.USERS, "selectedRows"),
             "note": Output(ids.SCOPE_NOTE, "children"),
             "add_levels": Output(ids.of(ids.LEVEL, ids.ADD), "options"),
             "edit_levels": Output(ids.of(ids.LEVEL, ids.EDIT), "options")}


@callback(output=USERS_OUT, inputs=[Input(ids.REFRESH, "data")], state=[State(ids.TARGET, "data")])
def show_users(_refresh, target):
    """The users inside the admin's wilayah; the selected one stays selected."""
    admin = _admin()
    if admin is None:
        return {"data": [], "selected": [], "note": _refused(REFUSAL), "add_levels": [], "edit_levels": []}
    with connect() as conn:
        rows = _user_rows(conn, admin.scope)
        where = scope_label(conn, admin.scope)
    target = inputs.text(target, 64)
    selected = [row for row in rows if row["nama"] == target]
    options = _level_options(admin.scope)
    return {"data": rows, "selected": selected, "add_levels": options, "edit_levels": options,
            "note": f"Pengguna dengan wilayah di dalam wilayah Anda ({where}). Anda dapat menambah "
                    "pengguna dan mengubah peran, wilayah, status, dan kata sandinya. Waktu dalam UTC."}


@callback(
    Output(ids.of(ids.AREA, MATCH), "options"),
    Output(ids.of(ids.AREA, MATCH), "value"),
    Output(ids.of(ids.AREA, MATCH), "disabled"),
    Input(ids.of(ids.LEVEL, MATCH), "value"),
)
def area_options(level):
    """The areas of the chosen level inside the admin's wilayah."""
    admin = _admin()
    level = LEVEL_VALUES.get(inputs.text(level))
    if admin is None or level is None or level == Level.NASIONAL:
        return [], None, True
    with connect() as conn:
        areas = areas_inside(conn, admin.scope, level)
    return [{"label": f"{nama} ({kode})", "value": kode} for kode, nama in areas], None, False


ADD_OUT = {"message": Output(ids.ADD_MESSAGE, "children"),
           "refresh": Output(ids.REFRESH, "data", allow_duplicate=True),
           "sandi": Output(ids.ADD_SANDI, "value"), "sandi2": Output(ids.ADD_SANDI2, "value")}


@callback(
    output=ADD_OUT,
    inputs=[Input(ids.ADD_SUBMIT, "n_clicks")],
    state=[State(ids.ADD_NAMA, "value"), State(ids.ADD_NAMA_LENGKAP, "value"), State(ids.ADD_PERAN, "value"),
           State(ids.of(ids.LEVEL, ids.ADD), "value"), State(ids.of(ids.AREA, ids.ADD), "value"),
           State(ids.ADD_SANDI, "value"), State(ids.ADD_SANDI2, "value"), State(ids.REFRESH, "data")],
    prevent_initial_call=True,
)
def add_user(_n, nama, nama_lengkap, peran, level, kode, sandi, ulang, refresh):
    admin = _admin()
    if admin is None:
        return {"message": _refused(REFUSAL), "refresh": no_update, "sandi": "", "sandi2": ""}
    try:
        with get_engine().begin() as conn:
            user = admin_add_user(conn, admin, inputs.text(nama, 64) or "", _password(sandi, ulang),
                                  inputs.text(peran) or "", _scope_of(level, kode),
                                  inputs.text(nama_lengkap, 120) or "", alamat=_address())
            where = scope_label(conn, user.scope)
    except (UserError, AccessDenied) as refused:
        return {"message": _refused(str(refused)), "refresh": no_update, "sandi": "", "sandi2": ""}
    return {"message": _done(f"Pengguna '{user.nama}' ditambahkan: {user.role.label.lower()}, {where}."),
            "refresh": (inputs.whole(refresh, 0, 10**9) or 0) + 1, "sandi": "", "sandi2": ""}


@callback(
    Output(ids.TARGET, "data"),
    Output(ids.TARGET_NOTE, "children"),
    Output(ids.EDIT_PERAN, "value"),
    Output(ids.of(ids.LEVEL, ids.EDIT), "value"),
    Input(ids.USERS, "selectedRows"),
    prevent_initial_call=True,
)
def select_user(selected):
    """The selected row's user, read again from the database (the row comes back from the
    browser)."""
    admin = _admin()
    if admin is None:
        return None, _refused(REFUSAL), None, None
    row = inputs.mapping((inputs.items(selected) or [None])[0])
    with connect() as conn:
        user = find_user(conn, inputs.text(row.get("nama"), 64) or "")
        if user is None or not may_manage(conn, admin, user.scope):
            return None, "Belum ada pengguna yang dipilih.", None, None
        where = scope_label(conn, user.scope)
    status = "aktif" if user.aktif else "nonaktif"
    return user.nama, f"Dipilih: {user.nama} · {user.role.label} · {where} · {status}", None, None


EDIT_OUT = {"message": Output(ids.EDIT_MESSAGE, "children"),
            "refresh": Output(ids.REFRESH, "data", allow_duplicate=True),
            "sandi": Output(ids.EDIT_SANDI, "value"), "sandi2": Output(ids.EDIT_SANDI2, "value")}


@callback(
    output=EDIT_OUT,
    inputs=[Input(ids.EDIT_SAVE, "n_clicks"), Input(ids.DEACTIVATE, "n_clicks"),
            Input(ids.ACTIVATE, "n_clicks"), Input(ids.EDIT_PASSWORD, "n_clicks")],
    state=[State(ids.TARGET, "data"), State(ids.EDIT_PERAN, "value"),
           State(ids.of(ids.LEVEL, ids.EDIT), "value"), State(ids.of(ids.AREA, ids.EDIT), "value"),
           State(ids.EDIT_SANDI, "value"), State(ids.EDIT_SANDI2, "value"), State(ids.REFRESH, "data")],
    prevent_initial_call=True,
)
def change_user(_save, _deactivate, _activate, _password_clicks, target, peran, level, kode, sandi, ulang,
                refresh):
    """Save the role and wilayah, deactivate, activate, or set a new password: whichever
    button was pressed, for the selected user."""
    admin = _admin()
    if admin is None:
        return {"message": _refused(REFUSAL), "refresh": no_update, "sandi": "", "sandi2": ""}
    nama = inputs.text(target, 64)
    pressed = ctx.triggered_id
    try:
        if nama is None:
            raise UserError("Pilih dulu seorang pengguna di tabel.")
        with get_engine().begin() as conn:
            message = _change(conn, admin, nama, pressed, peran, level, kode, sandi, ulang)
    except (UserError, AccessDenied) as refused:
        return {"message": _refused(str(refused)), "refresh": no_update, "sandi": "", "sandi2": ""}
    return {"message": _done(message), "refresh": (inputs.whole(refresh, 0, 10**9) or 0) + 1,
            "sandi": "", "sandi2": ""}


def _change(conn, admin: Viewer, nama: str, pressed, peran, level, kode, sandi, ulang) -> str:
    address = _address()
    if pressed == ids.EDIT_PASSWORD:
        user = admin_set_password(conn, admin, nama, _password(sandi, ulang), alamat=address)
        return f"Kata sandi baru untuk '{user.nama}' disimpan; sesinya diakhiri."
    if pressed in (ids.DEACTIVATE, ids.ACTIVATE):
        user = admin_update_user(conn, admin, nama, aktif=pressed == ids.ACTIVATE, alamat=address)
        return f"Pengguna '{user.nama}' {'diaktifkan' if user.aktif else 'dinonaktifkan; sesinya diakhiri'}."
    role = inputs.text(peran)
    scope = _scope_of(level, kode) if inputs.text(level) else None
    if role is None and scope is None:
        raise UserError("Pilih peran baru atau wilayah baru lebih dulu.")
    user = admin_update_user(conn, admin, nama, role=role, scope=scope, alamat=address)
    return f"Pengguna '{user.nama}' diubah: {user.role.label.lower()}, {scope_label(conn, user.scope)}."


@callback(
    Output(ids.AUDIT_TABLE, "rowData"),
    Output(ids.AUDIT_NOTE, "children"),
    Input(ids.AUDIT_PERISTIWA, "value"),
)
def show_audit(peristiwa):
    """The newest audit rows of the actors inside the admin's wilayah."""
    admin = _admin()
    if admin is None:
        return [], _refused(REFUSAL)
    peristiwa = inputs.text(peristiwa)
    with connect() as conn:
        rows = audit_rows(conn, admin.scope, peristiwa=peristiwa if peristiwa in EVENTS else None)
        where = scope_label(conn, admin.scope)
    data = [{"waktu": fmt.waktu(r.waktu), "pengguna": r.pengguna or "–", "peristiwa": r.peristiwa,
             "rincian": r.rincian or "–", "alamat": r.alamat or "–"} for r in rows.itertuples()]
    return data, (f"Peristiwa para pengguna di wilayah Anda ({where}), terbaru lebih dulu; "
                  f"{fmt.angka(len(data))} baris terakhir. Waktu dalam UTC.")
