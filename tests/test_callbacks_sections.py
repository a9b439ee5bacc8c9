"""A long page's sections load when the browser says they came on screen or were opened
(layouts/lazy_parts.py, assets/lazy.js, callbacks/sections.py): only a section of the
registry is built, whatever name a crafted request sends; the URL's indicator reaches the
PWS panel only when the page knows it; nothing without a login."""
from __future__ import annotations

import json

import pytest

from layouts.lazy_parts import BODY, SEEN
from layouts.sections import SECTIONS
from layouts.utama_parts import LAZY_SECTIONS

PATTERN = json.dumps({"section": ["MATCH"], "type": BODY}, separators=(",", ":")) + ".children"


def _post(client, section, seen, search=""):
    body = {"output": PATTERN,
            "outputs": {"id": {"section": section, "type": BODY}, "property": "children"},
            "inputs": [{"id": {"section": section, "type": SEEN}, "property": "data", "value": seen}],
            "changedPropIds": [json.dumps({"section": section, "type": SEEN}, separators=(",", ":")) + ".data"],
            "state": [{"id": "url", "property": "search", "value": search}]}
    return client.post("/_dash-update-component", json=body)


def _layout(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return json.dumps(response.get_json()["response"], separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize("section", sorted(LAZY_SECTIONS))
def test_a_section_of_the_landing_page_seen_gets_its_layout(app_client, section):
    assert f'"id":"utama-{section}"' in _layout(_post(app_client, section, True))


@pytest.mark.parametrize("section, part", [
    ("klaster-2-pws", '"type":"pws-bars"'), ("klaster-2-ringkasan", '"type":"pws-ringkasan-table"'),
    ("klaster-1-pws", '"type":"pws-bars"'),
    ("klaster-3-kaskade-dm", '"kaskade":"dm"'),
    ("klaster-3-rincian-faktor_risiko_ptm", '"rincian":"faktor_risiko_ptm"'),
    ("klaster-4-kaskade-ik", '"kaskade":"ik"'), ("iks-tabel", '"id":"iks-table"')])
def test_a_section_of_a_long_page_seen_gets_its_layout(app_client, section, part):
    assert part in _layout(_post(app_client, section, True))


def test_every_page_leads_with_one_section_and_loads_the_others_when_seen():
    from layouts.pages import PAGES
    from layouts.pws_parts import section_name

    for page in (p for p in PAGES if p.indicators):
        names = [section_name(page, s) for s in page.sections]
        if not page.lead_eager:  # the page's own lead comes first (Klaster 1's summary row)
            assert all(n in SECTIONS for n in names), page.key
            continue
        assert names[0] not in SECTIONS and all(n in SECTIONS for n in names[1:]), page.key


def test_the_pws_panel_opens_on_the_urls_indicator_only_when_the_page_knows_it(app_client):
    def chosen(search):
        layout = json.loads(_layout(_post(app_client, "klaster-4-pws", True, search)))

        def find(node):
            if isinstance(node, dict):
                if node.get("props", {}).get("id") == {"page": "klaster-4", "type": "pws-indikator"}:
                    return node["props"]["value"]
                return next((v for v in map(find, node.values()) if v is not None), None)
            if isinstance(node, list):
                return next((v for v in map(find, node) if v is not None), None)
            return None

        return find(layout)

    assert chosen("?indikator=tb_notifikasi&kabupaten=99.01") == "tb_notifikasi"
    assert chosen("?indikator=k6") == "tb_pengobatan"  # Klaster 2's code: the page's default
    assert chosen("?indikator=%3Cimg%20src%3Dx%3E") == "tb_pengobatan"
    assert chosen("") == "tb_pengobatan"


@pytest.mark.parametrize("section, seen", [("kunjungan", False), ("kunjungan", "true"), ("kunjungan", None),
                                           ("klaster-3-pws", 1), ("klaster-3-kaskade-ht", True),
                                           ("skor", True), ("<img src=x>", True), ("x" * 5000, True),
                                           ({"nested": 1}, True), (["klaster-2-pws"], True)])
def test_a_crafted_or_unseen_section_builds_nothing(app_client, section, seen):
    response = _post(app_client, section, seen)
    assert response.status_code in (204, 400), response.get_data(as_text=True)[:300]
    text = response.get_data(as_text=True)
    assert "utama-kunjungan" not in text and "pws-bars" not in text and "kaskade-funnel" not in text


def test_no_section_without_a_login(anonymous_client):
    assert _post(anonymous_client, "kunjungan", True).status_code == 401
    assert _post(anonymous_client, "klaster-2-pws", True).status_code == 401
