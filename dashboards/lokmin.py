"""Presentation mode of the lokakarya mini (/lokmin?puskesmas=…&tahun=…&bulan=…): one message
per slide, full screen, keyboard and clicker navigation; the deck is indicators/lokmin.py's,
the page layouts/lokmin_parts.py's, its callbacks callbacks/lokmin.py's."""
from urllib.parse import parse_qsl

from dash import ctx
from dash.exceptions import MissingCallbackContextException

from layouts import ids
from layouts.lokmin_parts import deck_layout
from layouts.pages import PAGE_BY_KEY, register_page

PAGE = PAGE_BY_KEY["lokmin"]
register_page(__name__, PAGE)


def _opened_with() -> str | None:
    """The query string the page was opened with, as the router read it (its State): read
    here, before the filter bar rewrites the URL to the area it resolved (a Puskesmas outside
    the viewer's scope must get a refusal, not silently the viewer's own deck)."""
    try:
        return ctx.states.get(f"{ids.URL}.search")
    except MissingCallbackContextException:  # outside a callback (a test, Dash's layout check)
        return None


def layout(bulan: str | None = None, **_query):
    search = _opened_with()
    query = dict(parse_qsl(search.lstrip("?"))) if isinstance(search, str) else {}
    asked = {"puskesmas": query.get("puskesmas"), "tahun": query.get("tahun"), "bulan": bulan}
    return deck_layout(asked)
