"""The families to visit (Kualitas Data) in real headless Chromium on the demo province: the demo
`puskesmas` account chooses a desa and an indicator, sees its fictional families sorted by RW/RT
and downloads the XLSX for the kader; the `dinkes-kabupaten` account gets the explanation and
no list; no console error."""
from __future__ import annotations

import io
import os

import pytest
from openpyxl import load_workbook

from layouts.kd_kunjungan_rumah import KR
from tests.browser import browser_missing, select_option, severe_errors, show_lazy_section
from tests.test_browser_grid import click
from tests.test_browser_klaster2 import text_of, wait_for

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

SECTION = "kd-kunjungan-rumah"


def test_the_puskesmas_downloads_its_families_and_the_kabupaten_gets_the_reason(app_server, driver_pool,
                                                                               tmp_path):
    with driver_pool.signed_in(1366, 768, app_server.url, "puskesmas") as driver:
        driver.get(app_server.url + "/kualitas-data?kr_indikator=jkn")
        show_lazy_section(driver, SECTION)
        select_option(driver, KR.DESA, "Girigede")
        wait_for(driver, lambda d: "menjawab T" in text_of(d, KR.SUMMARY), timeout=60)
        first = driver.execute_script(
            "const r = document.querySelector('#kd-kr-tabel .ag-center-cols-container .ag-row[row-index=\"0\"]');"
            "return r ? r.innerText : '';")
        assert "Keluarga Contoh" in first and "001" in first
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
        click(driver, driver.find_element("id", KR.DOWNLOAD_XLSX))
        files = wait_for(driver, lambda d: list(tmp_path.glob("*.xlsx")), timeout=30)
        wait_for(driver, lambda d: files[0].stat().st_size > 0 and not list(tmp_path.glob("*.crdownload")),
                 timeout=10)
        sheet = load_workbook(io.BytesIO(files[0].read_bytes())).active
        assert "Girigede" in sheet["A1"].value and sheet["A4"].value.startswith("Rahasia: data keluarga")
        assert str(sheet["D6"].value).startswith("Keluarga Contoh")
        assert severe_errors(driver) == []

    with driver_pool.signed_in(1366, 768, app_server.url, "dinkes-kabupaten") as driver:
        driver.get(app_server.url + "/kualitas-data?kr_indikator=jkn")
        show_lazy_section(driver, SECTION)
        wait_for(driver, lambda d: "Daftar keluarga tidak ditampilkan" in text_of(d, KR.REFUSED), timeout=60)
        assert "Keluarga Contoh" not in driver.find_element("tag name", "body").text
        assert severe_errors(driver) == []
