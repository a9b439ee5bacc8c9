"""The admin pages in headless Chromium, signed in as the demo admin: the Admin menu, the
demo accounts in the users table, a user added through the form, the audit log."""
from __future__ import annotations

import os

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from domain.access import DEMO_ACCOUNTS
from layouts.ids import Admin as ids
from layouts.ids import dom_id
from tests.browser import browser_missing, select_option, severe_errors, wait_text

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)


def click(driver, element_id: str) -> None:
    element = driver.find_element("id", element_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()


def test_the_admin_sees_the_demo_accounts_adds_a_user_and_reads_the_audit_log(app_server, driver):
    driver.get(app_server.url + "/")
    wait_text(driver, ".admin-links", "Admin")
    toggle = driver.find_element("css selector", ".admin-links .admin-toggle")
    toggle.click()
    wait_text(driver, ".admin-links .dropdown-menu", "Log audit")
    driver.find_element("link text", "Pengguna").click()
    table = wait_text(driver, f"#{ids.USERS}", "dinkes-kabupaten")
    for nama in DEMO_ACCOUNTS:
        assert nama in table
    assert "Seluruh Indonesia" in table and "Pengelola data" in table
    assert not driver.find_element("id", "filter-bar").is_displayed()

    driver.find_element("id", ids.ADD_NAMA).send_keys("petugas-uji")
    driver.find_element("id", ids.ADD_NAMA_LENGKAP).send_keys("Petugas <b>Uji</b>")
    select_option(driver, dom_id(ids.of(ids.LEVEL, ids.ADD)), "Kabupaten/Kota")
    select_option(driver, dom_id(ids.of(ids.AREA, ids.ADD)), "Kabupaten Tegalasri (99.01)")
    driver.find_element("id", ids.ADD_SANDI).send_keys("sandi-uji-browser")
    driver.find_element("id", ids.ADD_SANDI2).send_keys("sandi-uji-browser")
    click(driver, ids.ADD_SUBMIT)
    message = WebDriverWait(driver, 20).until(
        lambda d: d.find_elements("css selector", f"#{ids.ADD_MESSAGE} .alert"))[0].text
    assert message == "Pengguna 'petugas-uji' ditambahkan: pembaca, Kabupaten Tegalasri."
    table = wait_text(driver, f"#{ids.USERS}", "petugas-uji")
    assert "Petugas <b>Uji</b>" in table  # shown as text, never as markup
    assert driver.find_element("id", ids.ADD_SANDI).get_attribute("value") == ""

    driver.get(app_server.url + "/audit")
    log = wait_text(driver, f"#{ids.AUDIT_TABLE}", "tambah pengguna petugas-uji")
    assert "login" in log and "admin" in log and "127.0.0.1" in log
    assert "sandi-uji-browser" not in log
    assert severe_errors(driver) == []
