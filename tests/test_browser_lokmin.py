"""The lokakarya mini's presentation mode in real headless Chromium on the demo, as the
Puskesmas account uses it on a 1024×768 projector: no navbar or filter bar, the whole deck
walked with the keys a presenter and a clicker send (→ ← PageDown PageUp Home End), the
counter following, each slide with its title sentence and its chart, no severe console error
under the app's CSP (the keys are handled by assets/lokmin.js, never an inline script)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from layouts.ids import Lokmin as L
from tests.browser import browser_missing, make_driver, severe_errors

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screenshots"))


def wait_for(driver, predicate, timeout=40):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(predicate)


def counter(driver) -> tuple[int, int] | None:
    text = driver.execute_script("const e = document.getElementById(arguments[0]); return e ? e.innerText : '';",
                                 L.COUNTER)
    found = re.fullmatch(r"\s*(\d+) / (\d+)\s*", text or "")
    return (int(found[1]), int(found[2])) if found else None


def slide_state(driver) -> dict:
    """What is on screen: the title, whether the slide has a chart and whether it is drawn
    (a plotly SVG with at least one trace), the frame's classes."""
    return driver.execute_script("""
        const frame = document.getElementById(arguments[0]);
        const graph = document.getElementById(arguments[1]);
        return {title: document.getElementById(arguments[2]).innerText, cls: frame.className,
                drawn: Boolean(graph && graph.querySelector(
                    '.main-svg .trace, .main-svg .point, .main-svg path.bar, .main-svg .table')),
                graphShown: Boolean(graph && graph.offsetHeight > 200)};
    """, L.FRAME, L.GRAPH, L.TITLE)


def press(driver, key):
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(key).perform()


def settled(driver, position):
    """The slide at `position` (1-based) shown with its chart drawn (or known to have none)."""
    def ready(d):
        if counter(d) is None or counter(d)[0] != position:
            return False
        state = slide_state(d)
        return "loading" not in state["cls"] and ("no-chart" in state["cls"] or state["drawn"])
    wait_for(driver, ready)
    return slide_state(driver)


def visible(driver, css) -> bool:
    return driver.execute_script("return [...document.querySelectorAll(arguments[0])]"
                                 ".some(e => e.offsetParent !== null && e.getClientRects().length > 0);", css)


def test_the_puskesmas_walks_the_whole_deck_with_the_keys_at_1024(app_server):
    from selenium.webdriver.common.keys import Keys

    driver = make_driver(1024, 768, login_to=app_server.url, nama="puskesmas")
    try:
        driver.get(app_server.url + "/lokmin")
        wait_for(driver, lambda d: counter(d) is not None)
        first = settled(driver, 1)
        total = counter(driver)[1]
        assert total >= 2
        assert first["title"] and first["title"] != "Menyiapkan presentasi…"
        assert not visible(driver, ".app-navbar") and not visible(driver, "#filter-bar")
        assert not visible(driver, ".demo-strip")
        assert visible(driver, f"#{L.DEMO}")  # the demo data is marked on the slide
        SHOTS.mkdir(parents=True, exist_ok=True)

        titles, charts = [first["title"]], ["no-chart" not in first["cls"]]
        for position in range(2, total + 1):
            press(driver, Keys.ARROW_RIGHT if position % 2 else Keys.PAGE_DOWN)
            state = settled(driver, position)
            assert state["title"]
            titles.append(state["title"])
            charts.append("no-chart" not in state["cls"])
            if charts[-1]:
                assert state["graphShown"], f"slide {position}: chart not drawn at full size"
            driver.save_screenshot(str(SHOTS / f"lokmin-{position:02d}.png"))
        assert any(charts), "no slide with a chart"
        assert len(set(titles)) == total, "two slides with the same title"

        press(driver, Keys.ARROW_RIGHT)  # past the end: stays on the last slide
        assert settled(driver, total)["title"] == titles[-1]
        press(driver, Keys.HOME)
        assert settled(driver, 1)["title"] == titles[0]
        press(driver, Keys.ARROW_LEFT)  # before the start: stays on the first
        assert settled(driver, 1)["title"] == titles[0]
        press(driver, Keys.END)
        assert settled(driver, total)["title"] == titles[-1]
        press(driver, Keys.PAGE_UP)
        assert settled(driver, total - 1)["title"] == titles[-2]
        press(driver, Keys.ARROW_LEFT)
        here = max(total - 2, 1)
        settled(driver, here)

        # the on-screen buttons do the same
        driver.find_element("id", L.NEXT).click()
        settled(driver, here + 1)

        # F toggles full screen (the Fullscreen API; a key press is the user gesture it asks for)
        fullscreen = "return Boolean(document.fullscreenElement);"
        press(driver, "f")
        wait_for(driver, lambda d: d.execute_script(fullscreen), timeout=10)
        press(driver, "F")
        wait_for(driver, lambda d: not d.execute_script(fullscreen), timeout=10)
        assert severe_errors(driver) == []
    finally:
        driver.quit()


def test_keys_typed_in_a_field_do_not_move_the_slides(app_server):
    from selenium.webdriver.common.keys import Keys

    driver = make_driver(1024, 768, login_to=app_server.url, nama="puskesmas")
    try:
        driver.get(app_server.url + "/lokmin")
        settled(driver, 1)
        driver.execute_script("const i = document.createElement('input'); i.id = 'uji-ketik';"
                              "document.getElementById(arguments[0]).appendChild(i); i.focus();", L.FRAME)
        press(driver, Keys.ARROW_RIGHT)
        press(driver, Keys.END)
        assert counter(driver)[0] == 1
        driver.execute_script("document.activeElement.blur();")
        press(driver, Keys.ARROW_RIGHT)
        settled(driver, 2)
    finally:
        driver.quit()


def test_the_navbar_button_opens_the_filters_puskesmas(app_server):
    driver = make_driver(1024, 768, login_to=app_server.url, nama="puskesmas")
    try:
        driver.get(app_server.url + "/klaster-2")
        wait_for(driver, lambda d: "puskesmas=" in (d.find_element("id", L.BUTTON).get_attribute("href") or ""))
        driver.find_element("id", L.BUTTON).click()
        settled(driver, 1)
        assert driver.execute_script("return location.pathname") == "/lokmin"
        assert not visible(driver, ".app-navbar")
        driver.find_element("id", L.EXIT).click()
        wait_for(driver, lambda d: visible(d, ".app-navbar"))
    finally:
        driver.quit()


def test_atur_slide_moves_and_hides_a_slide_and_resets(app_server):
    """The presenter moves the first slide down and hides one, in the panel; the deck follows
    at once; "Kembalikan urutan awal" brings the agenda back (and leaves the demo as it was)."""
    driver = make_driver(1024, 768, login_to=app_server.url, nama="puskesmas")
    try:
        driver.get(app_server.url + "/lokmin")
        first = settled(driver, 1)["title"]
        total = counter(driver)[1]
        driver.find_element("css selector", ".lokmin-atur > summary").click()
        rows = lambda d: d.find_elements("css selector", ".lokmin-atur-row")  # noqa: E731
        wait_for(driver, lambda d: len(rows(d)) == total)
        rows(driver)[0].find_elements("css selector", "button")[1].click()  # ▼ of the first row
        wait_for(driver, lambda d: counter(d) == (1, total) and slide_state(d)["title"] != first)
        wait_for(driver, lambda d: "disimpan" in d.find_element("id", L.ATUR_PESAN).text)
        second = slide_state(driver)["title"]
        rows(driver)[0].find_element("css selector", "input[type=checkbox]").click()  # hide it
        wait_for(driver, lambda d: counter(d) == (1, total - 1) and slide_state(d)["title"] == first)
        driver.save_screenshot(str(SHOTS / "lokmin-atur.png"))
        driver.find_element("id", L.RESET).click()
        wait_for(driver, lambda d: counter(d) == (1, total) and slide_state(d)["title"] == first)
        driver.find_element("id", L.NEXT).click()
        assert settled(driver, 2)["title"] == second
        assert severe_errors(driver) == []
    finally:
        driver.quit()
