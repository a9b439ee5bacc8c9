"""What only a browser shows about security: no chart offers to upload itself to Plotly Cloud,
and every page works under the Content-Security-Policy with nothing refused in the console."""
from __future__ import annotations

import os
import re

import pytest

from tests.browser import PLOTLY_MAP_RACE, browser_missing, note_map_race, wait_idle

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

PAGES = ["/", "/klaster-1", "/klaster-2", "/klaster-3", "/klaster-4", "/iks", "/unggah"]
INTERNET = re.compile(r"share|cloud|chart studio|plotly\.com", re.I)


def wait_for(driver, predicate, timeout=40):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(predicate)


def mode_bar_titles(driver) -> list[str]:
    """The titles of every mode-bar button on the page (the bar is in the DOM before hover)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('.modebar-btn')]"
        ".map(b => (b.getAttribute('data-title') || '') + ' ' + (b.getAttribute('title') || ''));")


def wait_graphs(driver, count: int):
    wait_for(driver, lambda d: len(d.find_elements("css selector", ".js-plotly-plot .modebar")) >= count)


@pytest.mark.parametrize("path", ["/klaster-2", "/iks"])
def test_no_chart_offers_to_share_itself_to_plotly_cloud(app_server, driver, path):
    driver.get(app_server.url + path)
    wait_graphs(driver, 2)
    # hover a chart so its mode bar is drawn as a person would see it
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).move_to_element(driver.find_element("css selector", ".js-plotly-plot")).perform()
    titles = mode_bar_titles(driver)
    assert any("unduh" in t.lower() or "download" in t.lower() for t in titles), titles
    assert not [t for t in titles if INTERNET.search(t)], titles
    assert not driver.find_elements("css selector", "[data-attr='sendChartToCloud'], .plotlyjsicon")


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_under_the_csp_with_no_console_errors(app_server, driver, path):
    driver.get(app_server.url + path)
    wait_for(driver, lambda d: d.execute_script(
        "return !!document.querySelector('.page-title') && !document.querySelector('._dash-loading');"))
    if path in ("/klaster-2", "/iks"):
        wait_graphs(driver, 2)
    wait_idle(driver)  # the maps have fetched their outlines and drawn
    log = driver.get_log("browser")
    note_map_race(log)
    refused = [e["message"] for e in log if "Content Security Policy" in e["message"]
               or "Refused to" in e["message"]]
    assert not refused, refused
    severe = [e["message"] for e in log if e["level"] == "SEVERE" and "favicon" not in e["message"]
              and PLOTLY_MAP_RACE not in e["message"]]
    assert not severe, severe


SEARCHES = [
    "?kabupaten=99.01&tahun=2025&indikator=k1",
    "?kabupaten=99.01&kabupaten=99.02&bulan=03&bulan=4",  # a key twice: the last one, as the server reads it
    "?puskesmas=P9901010101&bulan=13&tahun=2025",  # no month 13
    "?desa=" + "9" * 60 + "&bulan=%C2%B2",  # a long code is cut like inputs.text; '²' is no month
    "?provinsi=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&x=javascript:alert(1)",
    "",
]


def test_nav_links_keep_what_the_server_rule_keeps_whatever_the_url_holds(app_server, driver):
    """assets/nav.js builds the navbar's links in the browser; url_state.shared_search is the
    same rule in Python (and the filter reads the URL with it): both must agree, on the page's
    own links and on any address."""
    from urllib.parse import urlsplit

    from callbacks.url_state import shared_search

    driver.get(app_server.url + "/iks?kabupaten=99.01&tahun=2025&indikator=jkn")
    wait_idle(driver, 60)
    hrefs = driver.execute_script(
        "return [...document.querySelectorAll('#pages-menu a.nav-link')].map(a => a.getAttribute('href'))")
    assert "/klaster-2" + shared_search(driver.execute_script("return location.search")) in hrefs
    assert all("indikator" not in h for h in hrefs)
    for search in SEARCHES:
        got = driver.execute_script(
            "window.dash_clientside.callback_context = {outputs_list: [{id: {path: '/iks', type: 'nav-link'}},"
            " {id: {path: 'javascript:alert(1)', type: 'nav-link'}}]};"
            "return window.dash_clientside.nav.links(arguments[0]);", search)
        assert got == ["/iks" + shared_search(search), "/" + shared_search(search)], search
        assert all(urlsplit(h).scheme == "" for h in got)
