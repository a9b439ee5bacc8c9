"""The shared filter bar: URL ⇄ dropdowns ⇄ breadcrumb, kept in one callback so the URL
can be both read (shared link, back button) and written (a dropdown change)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, no_update

from callbacks import inputs
from callbacks.common import connect, viewer_scope
from callbacks.url_state import (
    FILTER_LEVELS,
    FilterRequest,
    parse_search,
    resolve_filter,
)
from layouts import ids
from layouts.components import breadcrumb


def _request_from(trigger, search: str, values: list, tahun) -> FilterRequest:
    """What the user asked for: the URL, or the URL with one dropdown or crumb changed
    (changing a level clears the levels below it)."""
    request = parse_search(search)
    if isinstance(trigger, dict) and trigger.get("type") == "crumb":
        level = inputs.text(trigger.get("level"))
        names = [lv.value for lv in FILTER_LEVELS]
        keep = FILTER_LEVELS[: names.index(level) + 1] if level in names else ()
        request.codes = {lv: c for lv, c in request.codes.items() if lv in keep}
    elif trigger in ids.DROPDOWN.values():
        changed = next(lv for lv, i in ids.DROPDOWN.items() if i == trigger)
        codes = {}
        # a code is read like the URL's (a string, cut): the filter's message names it
        for level, value in zip(FILTER_LEVELS, inputs.items(values)):
            code = inputs.text(value)
            if code:
                codes[level] = code
            if level == changed:
                break
        request.codes = codes
    elif trigger == ids.TAHUN and tahun is not None:
        year = inputs.whole(tahun, 0, 9999)
        request.tahun = str(year) if year is not None else inputs.text(tahun)
    return request


FILTER_BAR = dict(
    search=Output(ids.URL, "search"),
    state=Output(ids.FILTER_STATE, "data"),
    options=[Output(ids.DROPDOWN[lv], "options") for lv in FILTER_LEVELS],
    values=[Output(ids.DROPDOWN[lv], "value") for lv in FILTER_LEVELS],
    disabled=[Output(ids.DROPDOWN[lv], "disabled") for lv in FILTER_LEVELS],
    years=Output(ids.TAHUN, "options"),
    tahun=Output(ids.TAHUN, "value"),
    breadcrumb=Output(ids.BREADCRUMB, "children"),
    alert=Output(ids.FILTER_ALERT, "children"),
)


@callback(
    output=FILTER_BAR,
    inputs=dict(search=Input(ids.URL, "search"),
                levels=[Input(ids.DROPDOWN[lv], "value") for lv in FILTER_LEVELS],
                tahun=Input(ids.TAHUN, "value"),
                _crumbs=Input(ids.crumb(ALL), "n_clicks")),
    state=dict(old_state=State(ids.FILTER_STATE, "data")),
)
def sync_filters(search, levels, tahun, _crumbs, old_state):
    trigger = ctx.triggered_id
    if isinstance(trigger, dict) and not any(t.get("value") for t in ctx.triggered):
        return no_update  # crumbs re-rendered, not clicked: nothing changes
    request = _request_from(trigger, search, levels, tahun)
    with connect() as conn:
        view = resolve_filter(conn, viewer_scope(), request)
    area = view.area
    options = [[{"label": n, "value": k} for k, n in zip(view.options[lv]["kode"], view.options[lv]["nama"])]
               for lv in FILTER_LEVELS]
    values = [area.code_at(lv) for lv in FILTER_LEVELS]
    disabled = [len(opts) <= 1 and values[i] is not None for i, opts in enumerate(options)]
    crumbs = [(lv.value, nama) for lv, _, nama in area.ancestors] + [(area.level.value, area.nama)]
    alert = dbc.Alert(" ".join(view.messages), color="warning", dismissable=True,
                      className="py-2") if view.messages else None
    new_search = view.search()
    state = view.state()
    return {
        "search": new_search if new_search != (search or "") else no_update,
        "state": state if state != old_state else no_update,
        "options": options, "values": values, "disabled": disabled,
        "years": [{"label": str(y), "value": y} for y in view.years]
        or [{"label": "–", "value": 0, "disabled": True}],
        "tahun": view.tahun,
        "breadcrumb": breadcrumb(crumbs, view.tahun),
        "alert": alert,
    }


# the navbar's links keep the wilayah, year and month (assets/nav.js: the browser's own
# address, no round trip; url_state.shared_search is the same rule on the server)
clientside_callback(
    ClientsideFunction(namespace="nav", function_name="links"),
    Output(ids.nav_link(ALL), "href"),
    Input(ids.URL, "search"),
)
