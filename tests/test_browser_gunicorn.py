"""The app as production serves it (gunicorn.conf.py, two workers) in real headless Chromium: a
demo account signs in, a page with charts draws with no console error, and the session is
accepted by both workers (they sign cookies with the same key)."""
from __future__ import annotations

import http.client
import os
import re
import time

import pytest

from tests.browser import AppServer, browser_missing, severe_errors, wait_idle

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="module")
def gunicorn_server(app_server):
    """gunicorn with 2 workers on the demo database app_server built (the same DATA_DIR: the
    same SQLite file and session key file)."""
    with AppServer({"DATA_DIR": app_server.env["DATA_DIR"], "DATABASE_URL": ""}, workers=2) as srv:
        yield srv


def _log(server) -> str:
    server.log.flush()
    return open(server.log.name).read()


def test_a_demo_account_signs_in_and_draws_klaster_2_under_gunicorn_with_2_workers(gunicorn_server, driver_pool):
    with driver_pool.signed_in(1366, 768, gunicorn_server.url, "dinkes-kabupaten") as driver:
        driver.get(gunicorn_server.url + "/klaster-2")
        wait_idle(driver, timeout=90)
        charts = driver.execute_script(
            "return [...document.querySelectorAll('.js-plotly-plot')].filter(g => g.data && g.data.length).length")
        assert charts >= 2, "no chart drawn on /klaster-2"
        title = driver.execute_script("return document.getElementById(arguments[0]).innerText",
                                      '{"page":"klaster-2","type":"pws-title"}')
        assert "Klaster 2" in title
        assert severe_errors(driver) == []
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())

    booted = set(re.findall(r"pekerja (\d+) siap \(halaman masuk: 200;", _log(gunicorn_server)))
    assert len(booted) == 2  # both workers warmed before taking traffic
    # every callback of the page was answered (a cold worker answered "Callback function not found")
    callbacks = re.findall(r'"POST /_dash-update-component(?:\?\S*)? HTTP/1.1" (\d+)', _log(gunicorn_server))
    assert callbacks and set(callbacks) <= {"200", "204"}

    # The same session cookie, on new connections, until each worker has answered one: a page
    # answers 200 only to a session it accepts (else 302 to /masuk)
    statuses, answered_by = [], set()
    for n in range(200):
        conn = http.client.HTTPConnection("127.0.0.1", gunicorn_server.port, timeout=30)
        conn.request("GET", f"/?uji={n}", headers={"Cookie": cookie})
        statuses.append(conn.getresponse().status)
        conn.close()
        time.sleep(0.05)  # give the access log line time to be written
        answered_by = set(re.findall(r'"GET /\?uji=\d+ HTTP/1.1" \d+ \d+ \d+ms <(\d+)>', _log(gunicorn_server)))
        if len(answered_by) == 2:
            break
    assert answered_by == booted
    assert set(statuses) == {200}
