"""The map panel's callbacks, shared by the IKS and PWS pages: what a map spec needs to be
drawn in the browser (its graph's DOM id, its geometry's URL), the one clientside callback
that draws every map (assets/peta.js), and the one drill-down that a click on any map runs."""
from __future__ import annotations

from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    no_update,
)

from callbacks import inputs
from callbacks.common import connect, viewer_scope
from callbacks.url_state import area_from_state, child_search, parse_search
from domain.wilayah import Area, WilayahError
from layouts import ids
from layouts.ids import Map, dom_id


def geo_url(shown: Area, version: str) -> str:
    """The URL of the child outlines of `shown` (callbacks.peta_route); the boundary version
    in it makes the browser fetch them anew after an import."""
    return f"/peta/{shown.level.value}/{shown.kode or 'nasional'}.json?v={version}"


def for_browser(spec: dict, graph: dict, shown: Area, version: str) -> dict:
    """`spec` (a figures/ map spec) with what assets/peta.js needs to draw it in `graph`."""
    spec["graph_id"] = dom_id(graph)
    spec["geo_url"] = geo_url(shown, version)
    return spec


clientside_callback(
    ClientsideFunction(namespace="peta", function_name="figure"),
    Output(Map.of(Map.GRAPH, MATCH, MATCH), "figure"),
    Input(Map.of(Map.SPEC, MATCH, MATCH), "data"),
)


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(Map.of(Map.GRAPH, ALL, ALL), "clickData"),
    State(ids.FILTER_STATE, "data"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def drill_down(clicks, state, search):
    """A click on an area of a map opens that area (one level down)."""
    clicked = next((inputs.mapping(c) for c in inputs.items(clicks) if c), {})
    points = inputs.items(clicked.get("points"))
    location = inputs.mapping(points[0]).get("location") if points else None
    code = inputs.text(location)  # the maps' locations are area codes, strings
    if code is None:
        return no_update
    with connect() as conn:
        try:
            area, tahun = area_from_state(conn, viewer_scope(), state)
        except WilayahError:
            return no_update
    return child_search(area.map_area, code, tahun, parse_search(search).extra)
