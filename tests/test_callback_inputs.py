"""Hostile values from the browser or a shared link get the page's usual message, cut short:
superscript digits in the URL, a 1 MB dropdown value, a number where a string goes."""
import json

import pytest

from callbacks import inputs
from callbacks.url_state import parse_search, resolve_filter
from domain.wilayah import Scope
from indicators.pws import month_of
from tests import dash_client

MB = "9" * 1_000_000


def test_superscript_digits_are_not_a_year_or_a_month():
    assert inputs.whole("²", 1, 12) is None
    assert inputs.whole("¹²³⁴", 1900, 2200) is None
    assert inputs.whole("٢٠٢٥", 1900, 2200) is None
    assert inputs.whole(MB, 1900, 2200) is None
    assert inputs.whole(True, 0, 12) is None
    assert inputs.whole(" 2025", 1900, 2200) == 2025
    assert month_of("²") is None and month_of(MB) is None and month_of("12") == 12


def test_a_code_is_a_string_cut_short_without_nul():
    assert inputs.text("99.01\x00") == "99.01"
    assert inputs.text(MB) == "9" * inputs.MAX_TEXT
    assert inputs.text(["99.01"]) is None and inputs.text(9901) is None and inputs.text("  ") is None
    assert inputs.cut("x" * 100) == "x" * (inputs.MAX_TEXT - 1) + "…"


def test_a_number_or_a_list_as_url_search_is_an_empty_query():
    assert parse_search(42).codes == {} and parse_search(["?tahun=2025"]).tahun is None


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_superscript_year_in_a_shared_link_names_it_and_shows_the_latest(loaded):
    with loaded.connect() as conn:
        view = resolve_filter(conn, Scope.everything(), parse_search("?tahun=%C2%B2"))
    assert view.tahun == 2025
    assert any("Tahun '²' tidak ada datanya" in m for m in view.messages)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_superscript_month_in_a_shared_link_names_it(loaded):
    with loaded.connect() as conn:
        view = resolve_filter(conn, Scope.everything(), parse_search("?tahun=2025&bulan=%C2%B2"))
    assert any("Bulan '²' tidak dikenal" in m for m in view.messages)


def _filter_bar(client, changed: str, values: dict):
    """The filter bar's callback as the browser posts it when `changed` changes."""
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if d["output"].startswith("..url.search...filter-state.data"))
    names = [f"{i['id']}.{i['property']}" for i in dep["inputs"] + dep["state"]]
    body = dash_client.body(dep, [values.get(n) for n in names], many=[])
    body["changedPropIds"] = [changed]
    return client.post("/_dash-update-component", json=body)


def _alert(response) -> str:
    return json.dumps(response.get_json()["response"]["filter-alert"], ensure_ascii=False)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_superscript_year_link_gives_the_filters_message_not_a_server_error(app_client):
    response = _filter_bar(app_client, "url.search", {"url.search": "?kabupaten=99.01&tahun=%C2%B2"})
    assert response.status_code == 200
    assert "Tahun '²' tidak ada datanya untuk Kab Satu" in _alert(response)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_1_mb_dropdown_value_is_named_cut_short_in_the_alert(app_client):
    response = _filter_bar(app_client, "filter-kabupaten.value",
                           {"url.search": "?provinsi=99", "filter-provinsi.value": "99",
                            "filter-kabupaten.value": MB})
    assert response.status_code == 200
    assert len(response.get_data()) < 100_000
    alert = _alert(response)
    assert "tidak ditemukan" in alert and "9" * 30 in alert and "9" * 41 not in alert


