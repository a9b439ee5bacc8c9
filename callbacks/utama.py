"""Dashboard Utama: a lower section's layout once the browser says it came into view
(layouts/utama_parts.py, assets/lazy.js). The section's name comes from the browser, so only
a name of the registry is built; its own callbacks then fill it as on any page."""
from __future__ import annotations

from dash import MATCH, Input, Output, callback, ctx
from dash.exceptions import PreventUpdate

from callbacks import inputs
from layouts.utama_parts import BODY, LAZY_SECTIONS, SEEN


@callback(Output({"type": BODY, "section": MATCH}, "children"),
          Input({"type": SEEN, "section": MATCH}, "data"), prevent_initial_call=True)
def show_section(seen):
    name = inputs.text(inputs.mapping(ctx.triggered_id).get("section"))
    if seen is not True or name not in LAZY_SECTIONS:
        raise PreventUpdate
    _title, build = LAZY_SECTIONS[name]
    return build()
