"""Login in real headless Chromium: a page opened without a session lands on the login page
(under the CSP, with the demo accounts marked DATA DEMO), the demo "puskesmas" account sees
only its own wilayah, and Keluar ends the session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from domain.access import DEMO_PASSWORD
from tests.browser import browser_missing, make_driver, open_filter

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screenshots"))
LEVELS = ("provinsi", "kabupaten", "puskesmas")


def wait_for(driver, predicate, timeout=40):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(predicate)


def console_problems(driver) -> list[str]:
    """SEVERE console entries and anything the CSP refused (favicon misses aside)."""
    return [e["message"] for e in driver.get_log("browser")
            if (e["level"] == "SEVERE" or "Content Security Policy" in e["message"]
                or "Refused to" in e["message"]) and "favicon" not in e["message"]]


def demo_table(driver) -> dict[str, list[str]]:
    """The login page's demo accounts: name -> [sandi, peran, wilayah]."""
    rows = driver.find_elements("css selector", ".login-demo tbody tr")
    cells = [[td.text for td in row.find_elements("css selector", "td")] for row in rows]
    return {c[0]: c[1:] for c in cells}


def dropdown(driver, level: str) -> dict:
    """What the filter bar's dropdown holds in Dash's store (its options, value, disabled):
    a disabled dropdown cannot be opened to read its list."""
    return driver.execute_script(
        "const s = window.store.getState(); let n = s.layout;"
        "for (const k of s.paths.strs[arguments[0]]) n = n[k];"
        "return {options: n.props.options, value: n.props.value, disabled: !!n.props.disabled};",
        f"filter-{level}")


def test_puskesmas_account_signs_in_sees_only_its_puskesmas_and_signs_out(app_server):
    drv = make_driver(1366, 768)  # not signed in
    try:
        drv.get(app_server.url + "/klaster-2")
        wait_for(drv, lambda d: "/masuk" in d.current_url)
        assert "next=%2Fklaster-2" in drv.current_url
        demo = drv.find_element("css selector", ".login-demo")
        assert "DATA DEMO" in demo.find_element("css selector", ".badge").text
        accounts = demo_table(drv)
        assert set(accounts) == {"admin", "dinkes-provinsi", "dinkes-kabupaten", "puskesmas"}
        assert accounts["puskesmas"][:2] == [DEMO_PASSWORD, "Pengelola data"]
        assert console_problems(drv) == []  # the login page works under the CSP

        drv.find_element("id", "nama").send_keys("puskesmas")
        drv.find_element("id", "sandi").send_keys(DEMO_PASSWORD)
        drv.find_element("css selector", "form.login-card button[type=submit]").click()
        wait_for(drv, lambda d: "/klaster-2" in d.current_url and "/masuk" not in d.current_url)
        label = wait_for(drv, lambda d: d.find_element("id", "user-label").text)
        assert label == "puskesmas · Pengelola data"
        logout = drv.find_element("id", "logout-button")
        assert logout.text == "Keluar" and logout.is_displayed()
        # the filter bar (opened from the header) is fixed to the account's own wilayah,
        # which the demo table named
        open_filter(drv)
        own = {"provinsi": accounts["dinkes-provinsi"][2], "kabupaten": accounts["dinkes-kabupaten"][2],
               "puskesmas": accounts["puskesmas"][2]}
        wait_for(drv, lambda d: d.find_element("id", "filter-puskesmas").text == own["puskesmas"])
        for level in LEVELS:
            state = dropdown(drv, level)
            assert [o["label"] for o in state["options"]] == [own[level]], level
            assert state["value"] == state["options"][0]["value"] and state["disabled"], level
            assert drv.find_element("id", f"filter-{level}").text == own[level]
        assert f"puskesmas={dropdown(drv, 'puskesmas')['value']}" in drv.current_url
        assert console_problems(drv) == []

        logout.click()
        wait_for(drv, lambda d: "/masuk" in d.current_url)
        assert "Anda sudah keluar." in drv.find_element("css selector", ".alert-info").text
        drv.get(app_server.url + "/klaster-2")  # the session is over: back to the login page
        wait_for(drv, lambda d: "/masuk" in d.current_url)
    finally:
        drv.quit()


@pytest.mark.parametrize("width", [1366, 1024])
def test_login_page_fits_a_projector_with_the_demo_accounts_in_view(app_server, width):
    drv = make_driver(width, 768)
    try:
        drv.get(app_server.url + "/masuk")
        wait_for(drv, lambda d: d.find_elements("css selector", ".login-demo tbody tr"))
        SHOTS.mkdir(parents=True, exist_ok=True)
        drv.save_screenshot(str(SHOTS / f"login-{width}.png"))
        assert drv.execute_script("return document.documentElement.scrollWidth") <= width
        # the form and the demo accounts are on the first screen, not below it
        for css in ("form.login-card button[type=submit]", ".login-demo tbody tr:last-child"):
            bottom = drv.execute_script("return document.querySelector(arguments[0])"
                                        ".getBoundingClientRect().bottom", css)
            assert bottom <= drv.execute_script("return window.innerHeight"), css
        assert console_problems(drv) == []
    finally:
        drv.quit()
