"""A long page in real headless Chromium draws its lead section at once and the others only
when they come on screen or are opened from the page's index of sections
(layouts/lazy_parts.py, assets/lazy.js, callbacks/sections.py)."""
from __future__ import annotations

import json
import os

import pytest

from tests.browser import browser_missing, show_lazy_section, wait_idle

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)


def dom(kind: str, **key) -> str:
    return json.dumps(dict(sorted({"type": kind, **key}.items())), separators=(",", ":"))


def present(driver, element_id: str) -> bool:
    return driver.execute_script("return document.getElementById(arguments[0]) !== null", element_id)


def wait_for(driver, predicate, timeout=60):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(predicate)


def drawn(driver, element_id: str) -> bool:
    return driver.execute_script("const e = document.getElementById(arguments[0]);"
                                 "return !!(e && e.querySelector('.main-svg'));", element_id)


def test_sections_below_the_fold_load_only_when_scrolled_to_or_opened(app_server, driver):
    driver.get(app_server.url + "/klaster-3?provinsi=99&kabupaten=99.01")
    # the lead section (the hypertension cascade) is drawn at once
    wait_for(driver, lambda d: drawn(d, dom("kaskade-funnel", kaskade="ht")))
    # ... and once the page watches its placeholders and has nothing left to do, the sections
    # below the fold are still placeholders: none of their charts or tables exists
    wait_for(driver, lambda d: d.execute_script(
        "const s = [...document.querySelectorAll('.lazy-section')];"
        "return s.length === 6 && s.every(e => e.dataset.watched === '1');"))
    wait_idle(driver)
    wait_idle(driver)
    assert not present(driver, dom("kaskade-funnel", kaskade="dm"))
    assert not present(driver, dom("rincian-bars", rincian="skrining_ptm_umur"))
    assert not present(driver, dom("pws-bars", page="klaster-3"))
    assert not present(driver, dom("pws-ringkasan-table", page="klaster-3"))
    assert driver.execute_script("return document.querySelectorAll('.lazy-placeholder').length") == 6
    assert driver.execute_script("return window.scrollY") == 0

    # scrolled to, as a person scrolling down: the diabetes cascade loads and draws
    show_lazy_section(driver, "klaster-3-kaskade-dm")
    wait_for(driver, lambda d: drawn(d, dom("kaskade-funnel", kaskade="dm")))
    assert not present(driver, dom("pws-ringkasan-table", page="klaster-3"))

    # opened from the index of sections at the top: the summary loads and fills its rows
    chip = driver.find_element("css selector", ".section-chip[data-target='bagian-klaster-3-ringkasan']")
    assert chip.text == "Ringkasan indikator"

    # the chip's own click handler, as a click runs it: the page above is still growing (the
    # cascade just drawn moves the scroll position), so a pointer click can land off screen
    driver.execute_script("arguments[0].click();", chip)
    wait_for(driver, lambda d: "Penderita hipertensi mendapat pelayanan sesuai standar" in d.execute_script(
        "const e = document.getElementById(arguments[0]); return e ? e.innerText : '';",
        dom("pws-ringkasan", page="klaster-3")))
    assert driver.execute_script("return window.scrollY") > 0


def test_a_link_to_the_pws_panel_opens_it_on_the_linked_indicator(app_server, driver):
    driver.get(app_server.url + "/klaster-2?provinsi=99&kabupaten=99.01&indikator=idl#panel-pws")
    wait_for(driver, lambda d: "Imunisasi dasar lengkap" in d.execute_script(
        "const e = document.getElementById(arguments[0]); return e ? e.innerText : '';",
        dom("pws-bars-note", page="klaster-2")))
    assert drawn(driver, dom("pws-bars", page="klaster-2")) or wait_for(
        driver, lambda d: drawn(d, dom("pws-bars", page="klaster-2")))
