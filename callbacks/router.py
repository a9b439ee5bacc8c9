"""Page routing on the path only. Dash Pages' own router re-renders the page on every
query-string change, and here the query string is the filter state: a filter change must
update the charts, not rebuild the page (and refetch the map)."""
from __future__ import annotations

import dash
from dash import Input, Output, State, callback

from data_access.filters import parse_search
from layouts import ids
from layouts.components import not_found


@callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), State(ids.URL, "search"))
def route(pathname, search):
    page = next((p for p in dash.page_registry.values() if p["path"] == pathname), None)
    if page is None:
        return not_found(pathname)
    layout = page["layout"]
    return layout(**parse_search(search).extra) if callable(layout) else layout
