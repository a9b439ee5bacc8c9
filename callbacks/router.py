"""Page routing on the path only. Dash Pages' own router re-renders the page on every
query-string change, and here the query string is the filter state: a filter change must
update the charts, not rebuild the page (and refetch the map)."""
from __future__ import annotations

import dash
from dash import Input, Output, State, callback

from callbacks import inputs
from callbacks.common import viewer
from callbacks.url_state import parse_search
from domain.access import Role
from layouts import ids
from layouts.components import not_allowed, not_found

HIDDEN = {"display": "none"}


@callback(
    Output(ids.PAGE, "children"),
    Output(ids.FILTER_BAR, "style"),
    Input(ids.URL, "pathname"),
    State(ids.URL, "search"),
)
def route(pathname, search):
    """The page for this path; the wilayah filter is hidden on pages that declare
    `uses_filter=False` in register_page (the upload page)."""
    pathname = inputs.text(pathname, 200) or "/"
    page = next((p for p in dash.page_registry.values() if p["path"] == pathname), None)
    if page is None:
        return not_found(pathname), HIDDEN
    role = page.get("role", Role.PEMBACA)
    if not viewer().role.at_least(role):
        return not_allowed(page["name"], role), HIDDEN
    layout = page["layout"]
    content = layout(**parse_search(search).extra) if callable(layout) else layout
    return content, HIDDEN if page.get("uses_filter") is False else None
