"""The page registry (layouts.pages): every page declared once and registered with Dash from
there; the PWS callbacks read a page from it by its key and refuse a key it does not hold."""
import pytest
from dash import no_update

import callbacks.pws as cb
from callbacks.common import only
from layouts.pages import PAGES, Page, Section
from tests.components import text_of


def test_every_declared_page_is_registered_with_dash_as_declared():
    import dash

    import app  # noqa: F401  (registers the pages)

    registered = {p["path"]: p for p in dash.page_registry.values()}
    assert set(registered) == {p.path for p in PAGES}
    for page in PAGES:
        entry = registered[page.path]
        assert (entry["name"], entry["order"], entry["title"]) == (page.name, page.order, page.title)
        assert entry["uses_filter"] is page.uses_filter and callable(entry["layout"])


def test_every_pws_page_shows_its_panel_once_and_opens_on_one_of_its_indicators():
    pws_pages = [p for p in PAGES if p.indicators]
    assert {p.key for p in pws_pages} == {"klaster-1", "klaster-2", "klaster-3", "klaster-4"}
    for page in pws_pages:
        assert [s.kind for s in page.sections].count("pws") == 1
        assert page.default_indicator in page.indicators and page.klaster and page.heading


def test_a_declaration_that_cannot_be_read_is_refused():
    with pytest.raises(ValueError, match="default"):
        Page("x", "/x", "X", 9, "X", klaster=2, indicators=("k1",), default_indicator="k6")
    with pytest.raises(ValueError, match="unknown"):
        Page("x", "/x", "X", 9, "X", indicators=("tidak_ada",), default_indicator="tidak_ada")
    with pytest.raises(ValueError, match="kaskade"):
        Section("kaskade", "judul", "tidak_ada")


def test_named_outputs_change_only_what_is_named():
    outputs = {"empty": None, "content": None, "kpi": None}
    assert only(outputs, content={"display": "none"}) == {
        "empty": no_update, "content": {"display": "none"}, "kpi": no_update}
    with pytest.raises(KeyError):
        only(outputs, kpis=[])


@pytest.fixture
def pws(use_db):
    return use_db(cb)


STATE = {"level": "kabupaten", "kode": "99.01", "tahun": 2024}


@pytest.mark.parametrize("page_info", [{"page": "klaster-9"}, {"page": "iks"}, {"page": ["klaster-2"]},
                                       None, "klaster-2"])
def test_a_page_the_registry_does_not_hold_is_refused_with_a_message(pws, page_info):
    out = pws.show_pws(STATE, "k6", page_info)
    assert "tidak dikenal" in text_of(out["empty"]) and out["content"] == {"display": "none"}
    assert out["kpi"] is no_update
    assert pws.show_pws_charts(STATE, "k6", page_info) is no_update
    assert pws.show_map(STATE, "k6", "status", page_info) == {"spec": None, "note": None, "map_col": None,
                                                             "bars_width": 6}
    assert "tidak dikenal" in text_of(pws.show_ringkasan(STATE, page_info)["empty"])
    assert "tidak dikenal" in pws.show_period(STATE, page_info)["title"]


def test_the_store_gives_only_the_pages_key(pws):
    """What else the browser sends back in the store (a title, a klaster) is not read."""
    out = pws.show_period(STATE, {"page": "klaster-3", "klaster": 2, "judul": "<b>palsu</b>"})
    assert out["title"].startswith("Klaster 3 · Dewasa dan Lansia")


def test_the_iks_page_draws_its_map_in_the_shared_panel_under_the_ids_its_callbacks_use():
    import app  # noqa: F401  (registers the pages)
    import dashboards.iks as page
    from layouts.ids import Iks

    found = {str(c.id) for c in page.layout()._traverse() if getattr(c, "id", None) is not None}
    assert {str(Iks.MAP), str(Iks.MAP_SPEC)} <= found


def test_an_unknown_page_leaves_the_url_alone(pws):
    assert pws.remember_choice(["k6"], ["6"], "?kabupaten=99.01", [{"page": "klaster-9"}]) is no_update
