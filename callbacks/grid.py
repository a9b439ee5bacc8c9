"""The "Unduh CSV tabel ini" button of every table (layouts/grid.py): one clientside callback
(assets/grid.js) sets the pressed button's grid's exportDataAsCsv, and AG Grid writes the
CSV in the browser from what the table shows. Nothing reaches the server."""
from __future__ import annotations

from dash import ALL, ClientsideFunction, Input, clientside_callback

from layouts.grid import CLIENTSIDE_EXPORT, CLIENTSIDE_NAMESPACE
from layouts.ids import Grid

clientside_callback(
    ClientsideFunction(namespace=CLIENTSIDE_NAMESPACE, function_name=CLIENTSIDE_EXPORT),
    Input({"type": Grid.CSV, "grid": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
