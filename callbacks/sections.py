"""A long page's section, once the browser says it came into view or was opened from the
page's index (layouts/lazy_parts.py, assets/lazy.js). Its name and the URL come from the
browser: only a section of the registry is built, with the URL's parameters validated by
its builder; its own callbacks then fill it (scoped to the viewer) as on any page."""
from __future__ import annotations

from dash import MATCH, Input, Output, State, callback, ctx
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.url_state import parse_search
from layouts import ids
from layouts.lazy_parts import BODY, SEEN
from layouts.sections import SECTIONS


@callback(Output({"type": BODY, "section": MATCH}, "children"),
          Input({"type": SEEN, "section": MATCH}, "data"),
          State(ids.URL, "search"), prevent_initial_call=True)
def show_section(seen, search):
    section = SECTIONS.get(inputs.text(inputs.mapping(ctx.triggered_id).get("section"), 200))
    if seen is not True or section is None:
        raise PreventUpdate
    return section.build(parse_search(search).extra)
