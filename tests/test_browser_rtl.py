"""The follow-up plan (RTL) in real headless Chromium on the demo, at a 1024×768 projector: the
demo Puskesmas account follows "Catat RTL" from a finding of its Dashboard Utama, finds the
form filled from it, records the RTL, sees it in the list, and changes its status."""
from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from layouts.ids import Rtl as ids
from layouts.rtl_parts import rtl_choice
from tests.browser import browser_missing, make_driver, severe_errors, wait_idle

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screenshots"))
TINDAKAN = "Uji peramban: kelas di sekolah setiap Sabtu"


def text_of(driver, element_id: str) -> str:
    return driver.execute_script("const e = document.getElementById(arguments[0]); return e ? e.innerText : '';",
                                 element_id)


def click(driver, element) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()


@pytest.fixture
def puskesmas(app_server):
    driver = make_driver(1024, 768, login_to=app_server.url, nama="puskesmas")
    yield driver
    driver.quit()


def test_a_puskesmas_records_an_rtl_from_a_finding_and_changes_its_status(app_server, puskesmas):
    driver = puskesmas
    driver.get(app_server.url + "/")
    links = WebDriverWait(driver, 40).until(lambda d: d.find_elements(By.CSS_SELECTOR, "a.temuan-catat"))
    finding = links[0].find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, ".temuan-teks").text
    href = urlsplit(links[0].get_attribute("href"))
    query = dict(parse_qsl(href.query))
    assert query["baru"] == "1" and dict(parse_qsl(href.fragment))["masalah"] == finding
    click(driver, links[0])

    # the form, filled from the finding
    masalah = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, ids.MASALAH))
    WebDriverWait(driver, 30).until(lambda d: masalah.get_attribute("value") == finding)
    wait_idle(driver)
    assert "untuk Puskesmas" in text_of(driver, ids.FOR)
    if query.get("indikator"):
        assert text_of(driver, ids.INDIKATOR).strip().endswith(f"({query['indikator']})")
    driver.find_element(By.ID, ids.TINDAKAN).send_keys(TINDAKAN)
    driver.find_element(By.ID, ids.PJ).send_keys("PJ UKS")
    click(driver, driver.find_element(By.ID, ids.SAVE))
    WebDriverWait(driver, 20).until(lambda d: "RTL tersimpan untuk rapat" in text_of(d, ids.SAVE_MESSAGE))
    WebDriverWait(driver, 20).until(lambda d: TINDAKAN in text_of(d, ids.LIST))
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / "rtl-tersimpan.png"))

    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, ".rtl-table tbody tr") if TINDAKAN in r.text)
    assert row.find_element(By.CSS_SELECTOR, ".rtl-status").text == "Belum"
    assert "PJ UKS" in row.text and finding in row.text

    # its status, with a note
    tahun, bulan = int(query["tahun"]), int(query["bulan"])
    label = rtl_choice(SimpleNamespace(tahun=tahun, bulan=bulan, masalah=finding, status="belum", id=0))["label"]
    # the row's own "Ubah status" opens the status editor on it
    click(driver, row.find_element(By.LINK_TEXT, "Ubah status"))
    WebDriverWait(driver, 10).until(lambda d: label in text_of(d, ids.STATUS_RTL))
    # and the page went to it (the link is an anchor to the editor)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
        "return r.top >= 0 && r.top < window.innerHeight;", ids.STATUS_CARD))
    wait_idle(driver)
    choice = WebDriverWait(driver, 10).until(lambda d: d.find_element(
        By.XPATH, f"//*[@id='{ids.STATUS_VALUE}']//*[normalize-space(text())='Berjalan']"))
    click(driver, choice)
    driver.find_element(By.ID, ids.STATUS_NOTE).send_keys("dua sekolah sudah mulai")
    click(driver, driver.find_element(By.ID, ids.STATUS_SAVE))
    WebDriverWait(driver, 20).until(lambda d: "Status RTL diubah menjadi berjalan." in text_of(d, ids.STATUS_MESSAGE))

    def changed(d):
        rows = [r for r in d.find_elements(By.CSS_SELECTOR, ".rtl-table tbody tr") if TINDAKAN in r.text]
        return rows and rows[0].find_element(By.CSS_SELECTOR, ".rtl-status").text == "Berjalan" and rows[0]

    from selenium.common.exceptions import StaleElementReferenceException

    # the list is drawn again after the save: a row read during that may go stale, read it again
    WebDriverWait(driver, 20, ignored_exceptions=(StaleElementReferenceException,)).until(changed)
    row = WebDriverWait(driver, 20, ignored_exceptions=(StaleElementReferenceException,)).until(changed)
    assert "dua sekolah sudah mulai" in row.text
    # the status is a word on its colour, the colour of the palette
    colour = row.find_element(By.CSS_SELECTOR, ".rtl-status").value_of_css_property("background-color")
    assert colour == "rgba(86, 180, 233, 1)"  # STATUS_WARNA[KURANG], sky blue
    driver.save_screenshot(str(SHOTS / "rtl-status.png"))
    assert severe_errors(driver) == []
