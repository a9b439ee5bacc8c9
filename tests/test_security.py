"""Security on the server, through Flask's test client: the headers on every kind of
response (signed in, and the login page and refusals without a session), and an oversized
request refused with 413 before any view reads it."""
from __future__ import annotations

import json

import pytest

from callbacks.security import MAX_REQUEST_BYTES, content_security_policy
from layouts.ids import MAX_UPLOAD_BYTES
from layouts.ids import Unggah as U

HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}


@pytest.fixture
def client(app_client):
    """Signed in (a national admin): the pages, callbacks and routes behind the login."""
    return app_client


def assert_secured(response):
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name
    csp = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'"
    assert csp["script-src"].startswith("'self'")
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    assert csp["connect-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'self'"
    return csp


def describe_request(dataset="keluarga") -> dict:
    """The callback request the upload page sends when a dataset is chosen (callbacks.unggah.describe)."""
    outputs = [{"id": U.DATASET_HELP, "property": "children"},
               {"id": U.TEMPLATE_CSV, "property": "disabled"},
               {"id": U.TEMPLATE_XLSX, "property": "disabled"},
               {"id": U.DATASET, "property": "options"}]
    return {"output": ".." + "...".join(f"{o['id']}.{o['property']}" for o in outputs) + "..",
            "outputs": outputs, "inputs": [{"id": U.DATASET, "property": "value", "value": dataset}],
            "changedPropIds": [f"{U.DATASET}.value"], "state": []}


def inline_scripts(html: str) -> list[str]:
    """The bodies of a page's inline scripts (not JSON data, not IE's alert, which never runs)."""
    import re

    html = html.split("<![endif]-->")[-1]
    return [body for attrs, body in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S)
            if "application/json" not in attrs]


def test_a_page_carries_the_security_headers_and_a_csp_that_allows_dashs_inline_scripts(client):
    import base64
    import hashlib

    response = client.get("/klaster-2")
    assert response.status_code == 200
    csp = assert_secured(response)
    # every inline script Dash writes into the page is allowed by its hash, and only those
    scripts = inline_scripts(response.get_data(as_text=True))
    assert scripts  # Dash's `new DashRenderer()`
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]


def test_the_login_page_carries_the_security_headers_and_needs_no_inline_script(anonymous_client):
    response = anonymous_client.get("/masuk")
    assert response.status_code == 200
    assert 'name="sandi"' in response.get_data(as_text=True)
    csp = assert_secured(response)
    assert csp["form-action"] == "'self'"  # the login form posts only to this site
    assert inline_scripts(response.get_data(as_text=True)) == []
    assert response.headers["Cache-Control"] == "no-store"


def test_the_refusals_without_a_session_carry_the_security_headers(anonymous_client):
    page = anonymous_client.get("/klaster-2")
    assert page.status_code == 302 and page.headers["Location"].startswith("/masuk")
    assert_secured(page)
    anonymous_client.get("/masuk")  # Dash finishes its set-up on the first request
    callback = anonymous_client.post("/_dash-update-component", json=describe_request())
    assert callback.status_code == 401
    assert U.DATASET_HELP not in callback.get_data(as_text=True)
    assert_secured(callback)


def test_a_callback_response_carries_the_security_headers(client):
    client.get("/unggah")  # Dash finishes its set-up on the first request
    response = client.post("/_dash-update-component", json=describe_request())
    assert response.status_code == 200
    assert U.DATASET_HELP in json.loads(response.get_data())["response"]
    assert_secured(response)


def test_the_map_outlines_route_carries_the_security_headers(client, use_db):
    from callbacks import peta_route

    use_db(peta_route)
    response = client.get("/peta/provinsi/99.json")
    assert response.status_code == 200
    assert_secured(response)
    assert_secured(client.get("/peta/tidak-ada/1.json"))  # and so does a 404


def test_a_static_asset_carries_the_security_headers(client):
    assert_secured(client.get("/assets/style.css"))


def test_the_request_limit_lets_a_50_mb_upload_through():
    # the file as a base64 data URL inside the callback's JSON, with a generous filename
    encoded = 4 * -(-MAX_UPLOAD_BYTES // 3)
    envelope = len(json.dumps(describe_request())) + len("data:application/vnd.ms-excel;base64,") + 1000
    assert encoded + envelope < MAX_REQUEST_BYTES < MAX_UPLOAD_BYTES * 1.4


def test_an_oversized_post_gets_413_before_any_view_reads_it(client, monkeypatch):
    server = client.application
    client.get("/unggah")
    reached = []
    for rule in server.url_map.iter_rules():
        view = server.view_functions[rule.endpoint]
        monkeypatch.setitem(server.view_functions, rule.endpoint,
                            lambda *a, _view=view, **k: reached.append(1) or _view(*a, **k))
    for path in ("/_dash-update-component", "/unggah"):
        # the body claims to be one byte over the limit; its 16 real bytes are never read
        response = client.post(path, data=b"x" * 16, content_type="application/json",
                               environ_overrides={"CONTENT_LENGTH": str(MAX_REQUEST_BYTES + 1)})
        assert response.status_code == 413
        assert_secured(response)
    assert reached == []
    assert client.get("/unggah").status_code == 200 and reached  # the spies do see a normal request


def test_a_normal_callback_request_is_not_refused_for_its_size(client):
    client.get("/unggah")
    body = json.dumps(describe_request()).encode()
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 200


def test_the_csp_names_the_script_hashes_it_is_given():
    csp = content_security_policy(["'sha256-abc='"])
    assert "script-src 'self' 'sha256-abc='" in csp


def test_dash_dev_tools_are_off_unless_debug_is_set(tmp_path):
    from data_access.settings import load_settings

    assert load_settings({"DATA_DIR": str(tmp_path)}).debug is False
    assert load_settings({"DATA_DIR": str(tmp_path), "DASH_DEBUG": "1"}).debug is False
    assert load_settings({"DATA_DIR": str(tmp_path), "DEBUG": "1"}).debug is True
