"""The Kualitas Data outliers section in real headless Chromium on the demo: the demo Puskesmas'
list opens on the outlier built into the demo (a month ten times its usual count); marking it
"sudah dicek: benar" moves it to the checked list with who marked it, and undoing the mark brings
it back; no console error."""
from __future__ import annotations

import os

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from layouts.kd_pencilan import PencilanIds as ID
from tests.browser import browser_missing, severe_errors, show_lazy_section, wait_idle
from tests.test_browser_klaster2 import text_of

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)


def _click(driver, element) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()


def _first_row(driver, table_id: str) -> str:
    return driver.execute_script(
        "const r = document.querySelector(arguments[0] + ' tbody tr'); return r ? r.innerText : '';", f"#{table_id}")


def test_the_demo_outlier_is_listed_first_marked_and_unmarked(app_server, driver):
    driver.get(app_server.url + "/kualitas-data?provinsi=99&kabupaten=99.01&puskesmas=P9901010101&tahun=2025")
    show_lazy_section(driver, "kd-pencilan")
    WebDriverWait(driver, 60).until(lambda d: "Skrining hipertensi" in _first_row(d, ID.LIST))
    first = _first_row(driver, ID.LIST)
    assert "Juni 2025" in first and "Jauh dari riwayatnya" in first
    assert "skor-z termodifikasi" in driver.find_element(By.ID, "bagian-kd-pencilan").text

    _click(driver, driver.find_element(By.CSS_SELECTOR, f"#{ID.LIST} tbody tr button"))
    WebDriverWait(driver, 20).until(lambda d: "Dipilih:" in text_of(d, ID.CHOSEN_TEXT))
    driver.find_element(By.ID, ID.NOTE).send_keys("uji: dicek ke register desa")
    _click(driver, driver.find_element(By.ID, ID.SAVE))
    WebDriverWait(driver, 20).until(lambda d: "Ditandai sudah dicek" in text_of(d, ID.MESSAGE))
    WebDriverWait(driver, 20).until(lambda d: "uji: dicek ke register desa" in text_of(d, ID.CHECKED))
    assert "admin" in text_of(driver, ID.CHECKED)
    assert "Juni 2025" not in _first_row(driver, ID.LIST)

    # undone: flagged again (and the shared demo left as it was)
    _click(driver, driver.find_element(By.CSS_SELECTOR, f"#{ID.CHECKED} tbody tr button"))
    WebDriverWait(driver, 20).until(lambda d: "Juni 2025" in _first_row(d, ID.LIST))
    wait_idle(driver)
    assert severe_errors(driver) == []
