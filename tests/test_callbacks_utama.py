"""The Dashboard Utama's lower sections load when the browser says they came on screen
(layouts/utama_parts.py, assets/lazy.js, callbacks/utama.py): only a section of the
registry is built, whatever name a crafted request sends; nothing without a login."""
from __future__ import annotations

import json

import pytest

from layouts.utama_parts import BODY, LAZY_SECTIONS, SEEN

PATTERN = json.dumps({"section": ["MATCH"], "type": BODY}, separators=(",", ":")) + ".children"


def _post(client, section, seen):
    body = {"output": PATTERN,
            "outputs": {"id": {"section": section, "type": BODY}, "property": "children"},
            "inputs": [{"id": {"section": section, "type": SEEN}, "property": "data", "value": seen}],
            "changedPropIds": [json.dumps({"section": section, "type": SEEN}, separators=(",", ":")) + ".data"],
            "state": []}
    return client.post("/_dash-update-component", json=body)


@pytest.mark.parametrize("section", sorted(LAZY_SECTIONS))
def test_a_section_seen_gets_its_layout(app_client, section):
    response = _post(app_client, section, True)
    assert response.status_code == 200
    layout = json.dumps(response.get_json()["response"], ensure_ascii=False)
    assert f'"id": "utama-{section}"' in layout or f'"id":"utama-{section}"' in layout


@pytest.mark.parametrize("section, seen", [("kunjungan", False), ("kunjungan", "true"), ("kunjungan", None),
                                           ("skor", True), ("<img src=x>", True), ("x" * 5000, True),
                                           ({"nested": 1}, True)])
def test_a_crafted_or_unseen_section_builds_nothing(app_client, section, seen):
    response = _post(app_client, section, seen)
    assert response.status_code in (204, 400), response.get_data(as_text=True)[:300]
    assert "utama-kunjungan" not in response.get_data(as_text=True)


def test_no_section_without_a_login(anonymous_client):
    assert _post(anonymous_client, "kunjungan", True).status_code == 401
