"""The Dashboard Utama's scorecard in real headless Chromium on the demo province: coloured
cells (the grid's cell classes are dash-ag-grid functions, which run under our CSP), the
area's total pinned on top, and a click on a jelek cell that lands on the indicator's PWS
panel for that area; the page fits a 1024 px projector."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from indicators.program import INDICATOR_BY_CODE
from indicators.skor import SKOR_CODES
from layouts.ids import Utama as U
from tests.browser import browser_missing, make_driver, severe_errors

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screenshots"))


def wait_for(driver, predicate, timeout=40):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(predicate)


def status_cells(driver) -> list[dict]:
    """Every indicator cell of the scorecard's body rows: its row (area code), column (the
    indicator's code), classes, text and background colour."""
    return driver.execute_script(
        "const g = document.getElementById(arguments[0]);"
        "if (!g) return [];"
        "return [...g.querySelectorAll('.ag-center-cols-container .ag-row .ag-cell')].map(c => ({"
        "  row: c.closest('.ag-row').getAttribute('row-id'), col: c.getAttribute('col-id'),"
        "  cls: c.className, text: c.innerText, bg: getComputedStyle(c).backgroundColor}));", U.GRID)


def pws_text(driver, page: str, part: str) -> str:
    element_id = json.dumps({"page": page, "type": part}, separators=(",", ":"))
    return driver.execute_script("const e = document.getElementById(arguments[0]);"
                                 "return e ? e.innerText : '';", element_id)


def shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def test_scorecard_is_coloured_and_a_click_on_a_jelek_cell_opens_its_pws_panel(app_server, driver):
    driver.get(app_server.url + "/")
    wait_for(driver, lambda d: any(c["col"] in SKOR_CODES and "status-" in c["cls"] for c in status_cells(d)))
    title = driver.find_element("id", U.TITLE).text
    assert title.startswith("Dashboard Utama · Provinsi Contoh (Fiktif) · Januari–")
    cells = [c for c in status_cells(driver) if c["col"] in SKOR_CODES]
    # coloured by status, the PWS pages' colours (figures/palette.py), with a marker beside the value
    jelek = [c for c in cells if "status-jelek" in c["cls"]]
    assert jelek, "the demo's latest month has no jelek cell"
    assert all(c["bg"] == "rgb(213, 94, 0)" and c["text"].removesuffix(" !").endswith("✗") for c in jelek)
    # a status resting on months without report keeps its colour and marker, and gets '!' and
    # the frame class (indicators/tanpa_laporan.py; the class is a grid function under the CSP)
    marked = [c for c in cells if "skor-tanpa-laporan" in c["cls"]]
    assert marked and all(c["text"].endswith(" !") and "status-" in c["cls"] for c in marked)
    assert {c["bg"] for c in cells if "status-baik" in c["cls"]} <= {"rgb(0, 114, 178)"}
    # the province itself is pinned on top
    pinned = driver.execute_script(
        "return document.getElementById(arguments[0]).querySelector('.ag-floating-top').innerText", U.GRID)
    assert "Provinsi Contoh (Fiktif)" in pinned
    # the league table of every Puskesmas, for a Dinkes view
    wait_for(driver, lambda d: d.find_element("id", U.LEAGUE_SECTION).is_displayed())
    shot(driver, "utama-provinsi-1366")
    assert severe_errors(driver) == []  # no CSP refusal of the grid's functions, no error

    target = jelek[0]
    area = target["row"]
    ind = INDICATOR_BY_CODE[target["col"]]
    element = driver.execute_script(
        "return document.getElementById(arguments[0]).querySelector("
        "`.ag-center-cols-container .ag-row[row-id=\"${arguments[1]}\"] .ag-cell[col-id=\"${arguments[2]}\"]`);",
        U.GRID, area, ind.code)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", element)
    time.sleep(0.5)  # the grid draws the columns scrolled into view
    element = driver.execute_script(
        "return document.getElementById(arguments[0]).querySelector("
        "`.ag-center-cols-container .ag-row[row-id=\"${arguments[1]}\"] .ag-cell[col-id=\"${arguments[2]}\"]`);",
        U.GRID, area, ind.code)
    # its tooltip (put together in the browser by a dash-ag-grid function) says the status in words
    from selenium.webdriver.common.action_chains import ActionChains

    def hovered(d):
        ActionChains(d).move_to_element_with_offset(element, 3, 0).pause(0.4).move_to_element(element).perform()
        return " ".join(t.text for t in d.find_elements("css selector", ".ag-tooltip"))

    tip = wait_for(driver, hovered, timeout=20)
    assert tip.startswith(f"{ind.label}: ") and "Jelek ✗: " in tip and "Target s.d. " in tip
    element.click()
    wait_for(driver, lambda d: urlsplit(d.current_url).path == f"/klaster-{ind.klaster}")
    query = dict(parse_qsl(urlsplit(driver.current_url).query))
    assert query["indikator"] == ind.code and query["kabupaten"] == area and query["tahun"] == "2025"
    page = f"klaster-{ind.klaster}"
    # the PWS panel of that indicator, for that kabupaten
    wait_for(driver, lambda d: ind.label in pws_text(d, page, "pws-bars-note"))
    wait_for(driver, lambda d: "Kabupaten" in pws_text(d, page, "pws-title"))
    assert "per puskesmas" in pws_text(driver, page, "pws-bars-note").lower()
    shot(driver, "utama-klik-ke-pws")
    time.sleep(1)
    assert severe_errors(driver) == []


def test_the_scorecard_fits_a_1024_projector_with_the_names_pinned(app_server):
    drv = make_driver(1024, 768, login_to=app_server.url)
    try:
        drv.get(app_server.url + "/?provinsi=99&kabupaten=99.01")
        wait_for(drv, lambda d: any(c["col"] in SKOR_CODES for c in status_cells(d)))
        assert drv.execute_script("return document.documentElement.scrollWidth") <= 1024
        names = drv.execute_script(
            "return [...document.getElementById(arguments[0]).querySelectorAll("
            "'.ag-pinned-left-cols-container .ag-cell[col-id=\"nama\"]')].map(c => c.innerText);", U.GRID)
        assert names and all(n.startswith("Puskesmas") for n in names)
        # scrolled to the last column, the names are still in sight
        drv.execute_script("const v = document.getElementById(arguments[0]).querySelector('.ag-center-cols-viewport');"
                           "v.scrollLeft = v.scrollWidth;", U.GRID)
        time.sleep(0.5)
        box = drv.execute_script(
            "const c = document.getElementById(arguments[0]).querySelector("
            "'.ag-pinned-left-cols-container .ag-cell[col-id=\"nama\"]').getBoundingClientRect();"
            "return [c.left, c.right];", U.GRID)
        assert 0 <= box[0] and box[1] <= 1024
        shot(drv, "utama-kabupaten-1024")
    finally:
        drv.quit()
