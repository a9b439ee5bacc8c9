"""Reusable components: navbar, filter bar, KPI card, map panel, empty state, demo banner."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from domain.access import Role, Viewer
from domain.codes import Level
from layouts import ids
from layouts.graph_config import map_config
from layouts.ids import Map

DEMO_TEXT = "DATA DEMO (sintetis)"
DEMO_NOTE = "semua wilayah, nama dan angka di sini fiktif."

DROPDOWN_LABELS = {
    "select_all": "Pilih semua", "deselect_all": "Batalkan semua", "search": "Cari",
    "clear_search": "Hapus pencarian", "clear_selection": "Hapus pilihan",
    "no_options_found": "Tidak ada pilihan",
}


def dropdown(**props) -> dcc.Dropdown:
    """dcc.Dropdown that speaks Bahasa Indonesia."""
    return dcc.Dropdown(labels=DROPDOWN_LABELS, **props)


def navbar(demo: bool, viewer: Viewer | None = None, csrf: str = "") -> dbc.Navbar:
    """One compact line (a 1024×768 projector keeps its screen for the page): the brand, one
    DATA DEMO mark, the area and year chosen with an "Ubah wilayah" button that opens the
    filter panel, the pages the viewer may open (a page's `role` in layouts/pages.py; a menu
    below 1400 px), the Presentasi button, the viewer's name and the logout button (a POST
    form with the session's token). assets/chrome.js opens and closes the menus."""
    pages = sorted(dash.page_registry.values(), key=lambda p: p["order"])
    links = [
        dbc.NavItem(dbc.NavLink(p["name"], href=p["path"], id=ids.nav_link(p["path"]),
                                active="exact"))
        for p in pages if p.get("order") is not None and p["order"] < 100
        and viewer is not None and viewer.role.at_least(p.get("role", Role.PEMBACA))
    ]
    brand = html.Span([html.Span("PWS · ILP · IKS", className="brand-title"),
                       html.Span("Dasbor Puskesmas", className="brand-sub")])
    badge = html.Span([html.Span("DATA DEMO"), html.Span(" (sintetis)", className="demo-badge-more")],
                      className="badge text-bg-warning demo-badge", id=ids.DEMO_BADGE,
                      title=DEMO_TEXT + ": " + DEMO_NOTE) if demo else html.Span(id=ids.DEMO_BADGE)
    menu = html.Div([
        html.Button([html.Span("☰", className="menu-icon", **{"aria-hidden": "true"}),
                     html.Span("Halaman", className="pages-current")],
                    type="button", className="btn btn-outline-light btn-sm pages-toggle",
                    title="Daftar halaman dasbor", **{"aria-expanded": "false"}),
        dbc.Nav(links, navbar=True, className="main-nav"),
    ], className="pages-menu", id=ids.PAGES_MENU)
    return dbc.Navbar(
        html.Div([
            dbc.NavbarBrand(brand, href="/", className="me-2"),
            badge,
            area_summary(),
            menu,
            dcc.Link("Presentasi", href="/lokmin", id=ids.Lokmin.BUTTON,
                     className="btn btn-warning btn-sm lokmin-button",
                     title="Buka mode presentasi lokakarya mini (layar penuh)"),
            user_menu(viewer, csrf) if viewer is not None else None,
        ], className="chrome-line"),
        color="dark", dark=True, className="app-navbar", expand=True,
    )


def area_summary() -> html.Div:
    """The area and year chosen (the breadcrumb, whose crumbs go back up; the filter callback
    fills it) and the button that opens the filter panel. Hidden with the filter panel on
    pages without a wilayah filter (assets/style.css)."""
    return html.Div([
        html.Nav(id=ids.BREADCRUMB, className="breadcrumb-bar", **{"aria-label": "Jejak wilayah"}),
        html.Button([html.Span("Ubah wilayah", className="ubah-long"),
                     html.Span("Ubah", className="ubah-short")],
                    id=ids.FILTER_TOGGLE, type="button", className="btn btn-light btn-sm filter-toggle",
                    title="Pilih provinsi, kabupaten/kota, puskesmas, desa dan tahun",
                    **{"aria-controls": ids.FILTER_BAR, "aria-expanded": "false"}),
    ], className="area-summary")


def admin_links(viewer: Viewer) -> dbc.DropdownMenu | None:
    """A small "Admin" menu of the admin pages (order ≥ 100 in layouts/pages.py), for admins only."""
    if not viewer.is_admin:
        return None
    pages = sorted((p for p in dash.page_registry.values()
                    if p.get("order", 0) >= 100 and p.get("role") == Role.ADMIN), key=lambda p: p["order"])
    return dbc.DropdownMenu(
        [dbc.DropdownMenuItem(p["name"], href=p["path"]) for p in pages],
        label="Admin", id=ids.ADMIN_LINKS, size="sm", color="dark", align_end=True,
        toggle_class_name="admin-toggle", class_name="admin-links me-2")


def user_menu(viewer: Viewer, csrf: str) -> html.Div:
    """The admin pages for an admin, who is signed in (name · role), and the logout button
    (the admin menu stays outside the logout form: none of its buttons may submit it)."""
    return html.Div([admin_links(viewer), html.Form([
        html.Span([html.Span(viewer.label, className="user-name"),
                   html.Span(f" · {viewer.role.label}", className="user-role")],
                  className="navbar-text user-label", id=ids.USER_LABEL),
        dcc.Input(type="hidden", name="csrf", value=csrf),
        html.Button("Keluar", type="submit", className="btn btn-outline-light btn-sm ms-2",
                    id=ids.LOGOUT),
    ], method="POST", action="/keluar", className="d-flex align-items-center")],
        className="user-menu d-flex align-items-center ms-2")


def filter_bar() -> html.Div:
    """Provinsi → Kabupaten/Kota → Puskesmas → Desa and a year; the callback fills options.
    A panel that the navbar's "Ubah wilayah" button opens (closed, it takes no room)."""
    def level_dropdown(level: Level) -> dbc.Col:
        return dbc.Col([
            html.Label(level.label, htmlFor=ids.DROPDOWN[level], className="filter-label"),
            dropdown(id=ids.DROPDOWN[level], placeholder=f"Semua {level.label.lower()}",
                     clearable=level != Level.PROVINSI, optionHeight=40),
        ], xs=12, sm=6, lg=True)

    return html.Div([
        dbc.Row([
            *[level_dropdown(level) for level in ids.DROPDOWN],
            dbc.Col([
                html.Label("Tahun", htmlFor=ids.TAHUN, className="filter-label"),
                dropdown(id=ids.TAHUN, clearable=False, searchable=False),
            ], xs=6, sm=3, lg=2),
        ], className="g-2"),
    ], className="filter-bar", id=ids.FILTER_BAR)


def breadcrumb(items: list[tuple[str, str]], tahun: int | None = None) -> list:
    """items: (level, nama) from the top down; all but the last are buttons going back up;
    then the year (the period the page shows)."""
    parts = []
    for i, (level, nama) in enumerate(items):
        if i:
            parts.append(html.Span("›", className="crumb-sep"))
        if i < len(items) - 1:
            parts.append(html.Button(nama, id=ids.crumb(level), className="crumb", n_clicks=0))
        else:
            parts.append(html.Span(nama, className="crumb-current"))
    if tahun:
        parts.append(html.Span(f"· {tahun}", className="crumb-period"))
    return parts


def kpi_card(title: str, value: str, note: str | None = None, colour: str | None = None) -> dbc.Col:
    style = {"borderTopColor": colour} if colour else None
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.Div(title, className="kpi-title"),
        html.Div(value, className="kpi-value"),
        html.Div(note or "\u00a0", className="kpi-note"),
    ]), className="kpi-card", style=style), xs=6, md=4, xl=2)


def map_panel(kind: str, page: str, height: int) -> list:
    """The map of the IKS and PWS pages: a graph that the one clientside callback draws
    from the spec store beside it (assets/peta.js) and that the one drill-down listens to."""
    return [
        dcc.Loading(dcc.Graph(id=Map.of(Map.GRAPH, kind, page), config=map_config(kind),
                              style={"height": f"{height}px"}), delay_show=300),
        dcc.Store(id=Map.of(Map.SPEC, kind, page)),
    ]


def empty_state(message: str, hint: str | None = None) -> html.Div:
    return html.Div([
        html.Div("Tidak ada data", className="empty-title"),
        html.P(message, className="empty-message"),
        html.P(hint, className="empty-hint") if hint else None,
    ], className="empty-state", role="status")


def not_allowed(name: str, role: Role) -> html.Div:
    return html.Div([
        html.H2(name, className="page-title"),
        dbc.Alert(f"Halaman ini hanya untuk pengguna dengan peran {role.label.lower()} atau lebih. "
                  "Hubungi admin dasbor bila Anda memerlukannya.", color="warning"),
    ])


def page_shell(filters: html.Div, demo: bool, viewer: Viewer | None = None, csrf: str = "") -> html.Div:
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.FILTER_STATE),
        navbar(demo, viewer, csrf),
        dbc.Container([filters, html.Div(id=ids.FILTER_ALERT, role="status"), html.Div(id=ids.PAGE)],
                      fluid=True, className="app-body"),
    ])


def not_found(pathname: str) -> html.Div:
    return html.Div([
        html.H2("Halaman tidak ditemukan", className="page-title"),
        html.P(f"Alamat {pathname[:80]} tidak ada di dasbor ini."),
        dcc.Link("Kembali ke Dashboard Utama", href="/"),
    ])
