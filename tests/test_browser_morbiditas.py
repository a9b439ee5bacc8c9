"""The morbidity card of the Dashboard Utama in real headless Chromium on the demo province:
the ten most frequent diagnoses, their trend, the map of one diagnosis per 1.000 penduduk
(drawn by the shared map panel, with its outlines), the breakdown, a diagnosis change, a
click on the map opening the area; no error in the console."""
from __future__ import annotations

import json
import os

import pytest

from tests.browser import browser_missing, select_option, severe_errors, show_lazy_section
from tests.test_browser_klaster2 import figure, shot, text_of, wait_for

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

MAP = json.dumps({"kind": "morbiditas", "page": "dashboard-utama", "type": "map"}, separators=(",", ":"))


def test_the_morbidity_card_shows_ranking_trend_map_and_breakdown(app_server, driver):
    driver.get(app_server.url + "/")
    show_lazy_section(driver, "morbiditas")
    wait_for(driver, lambda d: (f := figure(d, MAP)) and f["data"][0]["hasGeo"]
             and figure(d, "morbiditas-top") and figure(d, "morbiditas-breakdown"), timeout=60)
    assert "Provinsi Contoh (Fiktif)" in text_of(driver, "morbiditas-title")
    top = figure(driver, "morbiditas-top")
    labels = [str(y) for y in top["data"][0]["y"]]
    assert len(labels) == 10 and "(J06.9)" in labels[0]  # ISPA: the most frequent
    assert len(figure(driver, "morbiditas-trend")["data"]) == 10
    drawn = figure(driver, MAP)
    assert drawn["data"][0]["name"] == "Kasus per 1.000" and len(drawn["data"][0]["locations"]) >= 2
    assert "kasus per 1.000 penduduk per kabupaten/kota" in text_of(driver, "morbiditas-map-note")
    driver.execute_script("document.getElementById('utama-morbiditas').scrollIntoView()")
    shot(driver, "utama-morbiditas")

    # another diagnosis: the map and the breakdown follow
    _choose(driver, "A09")
    wait_for(driver, lambda d: "(A09)" in text_of(d, "morbiditas-map-note"), timeout=40)
    assert "(A09)" in text_of(driver, "morbiditas-breakdown-note")

    # a click on the map opens the kabupaten (one level down), as on the IKS and PWS pages
    code = figure(driver, MAP)["data"][0]["locations"][0]
    driver.execute_script("const g = document.getElementById(arguments[0]).querySelector('.js-plotly-plot');"
                          "g.emit('plotly_click', {points: [{location: arguments[1]}]});", MAP, code)
    wait_for(driver, lambda d: f"kabupaten={code}" in d.current_url, timeout=30)
    show_lazy_section(driver, "morbiditas")
    wait_for(driver, lambda d: "per puskesmas" in text_of(d, "morbiditas-map-note").lower(), timeout=40)
    assert severe_errors(driver) == []


def _choose(driver, kode: str) -> None:
    """Pick the diagnosis `kode` in the menu the way a person does (open it, type, click)."""
    from selenium.webdriver.common.keys import Keys

    driver.execute_script("const e = document.getElementById('morbiditas-diagnosis');"
                          "e.scrollIntoView({block: 'center', behavior: 'instant'}); e.click();")
    wait_for(driver, lambda d: d.execute_script("return document.querySelectorAll('[role=option]').length"))
    labels = driver.execute_script(
        "return Array.from(document.querySelectorAll('[role=option]')).map(o => o.innerText.trim());")
    label = next(x for x in labels if f"({kode})" in x)
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    select_option(driver, "morbiditas-diagnosis", label)
