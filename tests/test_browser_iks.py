"""The IKS page in real headless Chromium: first start on an empty database loads the demo,
the filter changes the view, a click on the map opens a desa, bad URLs explain themselves."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import shapely
from selenium.webdriver.common.by import By

from tests.browser import (
    browser_missing,
    fetch_json,
    make_driver,
    select_option,
    severe_errors,
    wait_text,
)

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screenshots"))
# the map's DOM id (layouts.ids.Iks.MAP, the map panel shared with the PWS pages), as JavaScript
MAP = json.dumps(json.dumps({"kind": "iks", "page": "iks", "type": "map"}, separators=(",", ":")))


@pytest.fixture
def server(app_server):
    return app_server


def wait_map(driver, timeout=30):
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(
        f"const g = document.getElementById({MAP})?.querySelector('.js-plotly-plot');"
        "return !!(g && g._fullLayout && g._fullLayout.map && g.data && g.data.length"
        " && g.data[0].geojson);"))


def shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def test_first_view_is_the_demo_province_map(server, driver):
    driver.get(server.url + "/iks")
    title = wait_text(driver, "#iks-title", "Indeks Keluarga Sehat")
    assert "Provinsi" in title
    wait_map(driver)
    assert "DATA DEMO (sintetis)" in driver.find_element("css selector", ".app-navbar").text
    kpis = driver.find_element("id", "iks-kpi").text
    assert "Keluarga dikunjungi" in kpis and "Cakupan kunjungan" in kpis
    # Indonesian thousands separator in the visited-families card
    visited = driver.find_elements("css selector", "#iks-kpi .kpi-value")[0].text
    assert "." in visited and "," not in visited
    assert "tahun=" in driver.current_url
    shot(driver, "iks-provinsi-1366")
    assert severe_errors(driver) == []
    # works offline: no tile server, no CDN, nothing but this server
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    outside = [r for r in resources if not r.startswith((server.url, "data:", "blob:"))]
    assert outside == []


def test_filter_change_updates_url_and_view(server, driver):
    driver.get(server.url + "/iks")
    wait_map(driver)
    kabupaten = fetch_json(driver, server.url + "/peta/provinsi/99.json")
    name = kabupaten["features"][0]["properties"]["nama"]
    select_option(driver, "filter-kabupaten", name)
    wait_text(driver, "#iks-title", name)
    assert "kabupaten=" + kabupaten["features"][0]["id"] in driver.current_url
    assert name in driver.find_element("id", "breadcrumb").text
    # the map now shows that kabupaten's Puskesmas
    wait_text(driver, "#iks-map-note", "per puskesmas")


def test_click_on_a_desa_opens_it(server, driver):
    pkm_url = server.url + "/peta/kabupaten/99.01.json"
    puskesmas = fetch_json(driver, pkm_url)["features"][0]["id"]
    driver.get(f"{server.url}/iks?provinsi=99&kabupaten=99.01&puskesmas={puskesmas}")
    wait_text(driver, "#iks-map-note", "per desa")
    wait_map(driver)
    desa = fetch_json(driver, f"{server.url}/peta/puskesmas/{puskesmas}.json")
    target = desa["features"][0]
    point = shapely.geometry.shape(target["geometry"]).representative_point()
    # where that point is on screen, asked of the map itself
    driver.execute_script(f"document.getElementById({MAP}).scrollIntoView({{block: 'center', behavior: 'instant'}});")
    from selenium.webdriver.support.ui import WebDriverWait

    def on_screen(d):
        # where that point is on screen, asked of the map itself, once it has been fitted
        xy = d.execute_script(
            f"const g = document.getElementById({MAP})?.querySelector('.js-plotly-plot');"
            "const m = g._fullLayout.map._subplot.map;"
            "const p = m.project([arguments[0], arguments[1]]);"
            "const r = m.getCanvas().getBoundingClientRect();"
            "const x = p.x + r.left, y = p.y + r.top;"
            "return (x > r.left && x < r.right && y > r.top && y < r.bottom"
            " && y < window.innerHeight) ? [x, y] : null;", point.x, point.y)
        return xy or False

    xy = WebDriverWait(driver, 15).until(on_screen)
    from selenium.webdriver.common.action_chains import ActionBuilder

    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(int(xy[0]), int(xy[1])).click()
    actions.perform()
    title = wait_text(driver, "#iks-title", target["properties"]["nama"])
    assert "desa=" + target["id"] in driver.current_url
    assert target["properties"]["nama"] in title
    shot(driver, "iks-desa-1366")
    # the breadcrumb goes back up to the Puskesmas
    # pressed from the keyboard: the map's own scrolling makes a pointer click flaky here
    from selenium.webdriver.common.keys import Keys

    crumbs = driver.find_elements("css selector", "#breadcrumb button.crumb")
    crumbs[-1].send_keys(Keys.ENTER)
    wait_text(driver, "#iks-title", "Puskesmas")
    assert "desa=" not in driver.current_url


def test_unknown_code_in_url_explains_and_shows_nearest_view(server, driver):
    driver.get(server.url + "/iks?provinsi=99&kabupaten=99.77&tahun=2024")
    alert = wait_text(driver, "#filter-alert", "tidak ditemukan")
    assert "99.77" in alert
    wait_text(driver, "#iks-title", "Provinsi")
    assert "kabupaten=" not in driver.current_url


def test_indicator_change_is_kept_in_url(server, driver):
    driver.get(server.url + "/iks")
    wait_map(driver)
    select_option(driver, "iks-indikator", "10. Peserta JKN")
    wait_text(driver, "#iks-map-note", "Peserta JKN")
    assert "indikator=jkn" in driver.current_url
    driver.refresh()
    wait_text(driver, "#iks-map-note", "Peserta JKN")


def test_klaster_1_page_opens_with_its_sections_and_no_errors(server, driver):
    driver.get(server.url + "/klaster-1")
    wait_text(driver, "#k1-judul", "Klaster 1")
    assert driver.find_elements(By.CSS_SELECTOR, ".section-index .section-chip")
    assert severe_errors(driver) == []


def test_projector_width_keeps_the_page_usable(server):
    drv = make_driver(1024, 768, login_to=server.url)
    try:
        drv.get(server.url + "/iks")
        wait_text(drv, "#iks-title", "Indeks Keluarga Sehat")
        wait_map(drv)
        width = drv.execute_script("return document.documentElement.scrollWidth")
        assert width <= 1024, "no horizontal scrolling on a 1024 px projector"
        shot(drv, "iks-provinsi-1024")
    finally:
        drv.quit()
