"""The month dropdown of a page's header, kept in the URL (a shared link opens the same month):
one callback body for every page that has one (Dashboard Utama, Klaster 1, Kualitas Data)."""
from __future__ import annotations

from dash import Input, Output, State, callback, no_update

from callbacks.url_state import with_month
from layouts import ids


def keep_month_in_url(dropdown_id: str):
    """Registers the callback writing the month chosen in `dropdown_id` into the URL; the month
    reaches every callback of the page through the filter state. Returns it (for tests)."""

    @callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(dropdown_id, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def remember_month(bulan, search):
        return with_month(search, bulan) or no_update

    return remember_month
