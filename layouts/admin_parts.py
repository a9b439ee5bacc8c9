"""The parts of the admin pages: the users table and its two forms (add a user; change the
selected one), and the audit log table. The callbacks (callbacks/admin.py) fill them."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from domain.access import Role
from layouts.components import dropdown
from layouts.grid import grid, text_column
from layouts.ids import Admin as ids

ROLE_OPTIONS = [{"label": r.label, "value": r.value} for r in Role]
USER_COLUMNS = [text_column("nama", "Nama"), text_column("nama_lengkap", "Nama lengkap", min_width=160, wrap=True),
                text_column("peran", "Peran"), text_column("wilayah", "Wilayah", min_width=200, wrap=True),
                text_column("aktif", "Aktif", min_width=90),
                text_column("login_terakhir", "Login terakhir", min_width=150)]
AUDIT_COLUMNS = [text_column("waktu", "Waktu", width=170), text_column("pengguna", "Pengguna", min_width=130),
                 text_column("peristiwa", "Peristiwa", min_width=140),
                 text_column("rincian", "Rincian", min_width=300, wrap=True, flex=3), text_column("alamat", "Alamat")]


def _field(label: str, component, md: int = 4) -> dbc.Col:
    return dbc.Col([dbc.Label(label, html_for=component.id if isinstance(component.id, str) else None),
                    component], xs=12, md=md)


def _password(component_id: str, label: str, md: int = 6) -> dbc.Col:
    return _field(label, dbc.Input(id=component_id, type="password", autocomplete="new-password",
                                   maxLength=1024, placeholder="paling sedikit 10 karakter"), md=md)


def _wilayah(form: str) -> list[dbc.Col]:
    """Level, then an area of that level inside the admin's wilayah."""
    return [
        _field("Tingkat wilayah", dropdown(id=ids.of(ids.LEVEL, form), searchable=False,
                                           placeholder="Pilih tingkat")),
        _field("Wilayah", dropdown(id=ids.of(ids.AREA, form), placeholder="Pilih wilayah",
                                   disabled=True)),
    ]


def users_page() -> html.Div:
    return html.Div([
        html.H2("Pengguna", className="page-title"),
        html.P(id=ids.SCOPE_NOTE, className="section-note"),
        dcc.Store(id=ids.REFRESH, data=0),
        dcc.Store(id=ids.TARGET),
        dbc.Card([
            dbc.CardHeader("Daftar pengguna"),
            dbc.CardBody([
                html.P("Klik satu baris untuk mengubah pengguna itu.", className="text-muted small mb-1"),
                grid(ids.USERS, USER_COLUMNS, file_name="daftar-pengguna", page_size=15, row_id="nama",
                     select=True, pin_width=170),
            ]),
        ], className="mb-2"),
        dbc.Row([
            dbc.Col(dbc.Card([
                dbc.CardHeader("Tambah pengguna"),
                dbc.CardBody([
                    dbc.Row([
                        _field("Nama pengguna", dbc.Input(id=ids.ADD_NAMA, maxLength=64,
                                                          autocomplete="off"), md=6),
                        _field("Nama lengkap", dbc.Input(id=ids.ADD_NAMA_LENGKAP, maxLength=120), md=6),
                        _field("Peran", dropdown(id=ids.ADD_PERAN, options=ROLE_OPTIONS,
                                                 value=Role.PEMBACA.value, clearable=False,
                                                 searchable=False)),
                        *_wilayah(ids.ADD),
                        _password(ids.ADD_SANDI, "Kata sandi"),
                        _password(ids.ADD_SANDI2, "Ulangi kata sandi"),
                    ], className="g-2 admin-form"),
                    dbc.Button("Tambah pengguna", id=ids.ADD_SUBMIT, color="primary", className="mt-2"),
                    html.Div(id=ids.ADD_MESSAGE, className="mt-2", role="status"),
                ]),
            ], className="mb-2 h-100"), lg=6),
            dbc.Col(dbc.Card([
                dbc.CardHeader("Ubah pengguna terpilih"),
                dbc.CardBody([
                    html.P("Belum ada pengguna yang dipilih.", id=ids.TARGET_NOTE, className="admin-target"),
                    dbc.Row([
                        _field("Peran baru", dropdown(id=ids.EDIT_PERAN, options=ROLE_OPTIONS,
                                                      searchable=False, placeholder="Tetap")),
                        *_wilayah(ids.EDIT),
                    ], className="g-2 admin-form"),
                    dbc.Button("Simpan peran dan wilayah", id=ids.EDIT_SAVE, color="primary",
                               className="mt-2 me-2"),
                    dbc.Button("Nonaktifkan", id=ids.DEACTIVATE, color="danger", outline=True,
                               className="mt-2 me-2"),
                    dbc.Button("Aktifkan", id=ids.ACTIVATE, color="success", outline=True, className="mt-2"),
                    dbc.Row([
                        _password(ids.EDIT_SANDI, "Kata sandi baru"),
                        _password(ids.EDIT_SANDI2, "Ulangi kata sandi"),
                    ], className="g-2 mt-2 admin-form"),
                    dbc.Button("Atur kata sandi", id=ids.EDIT_PASSWORD, color="secondary", className="mt-2"),
                    html.Div(id=ids.EDIT_MESSAGE, className="mt-2", role="status"),
                ]),
            ], className="mb-2 h-100"), lg=6),
        ], className="g-2 mb-4"),
    ])


def audit_page(events: tuple[str, ...]) -> html.Div:
    return html.Div([
        html.H2("Log audit", className="page-title"),
        html.P(id=ids.AUDIT_NOTE, className="section-note"),
        dbc.Row(_field("Peristiwa", dropdown(id=ids.AUDIT_PERISTIWA, placeholder="Semua peristiwa",
                                             options=[{"label": e.capitalize(), "value": e} for e in events],
                                             searchable=False)),
                className="mb-2 admin-form"),
        dbc.Card(dbc.CardBody(grid(ids.AUDIT_TABLE, AUDIT_COLUMNS, file_name="log-audit", pin="waktu",
                                   page_size=25)), className="mb-4"),
    ])
