"""The Kualitas Data completeness section in real headless Chromium on the demo province: the
kabupaten of the demo Puskesmas shows the late Puskesmas at the top of its table (0% on time),
the silent desa with its months named, and the heat map; no console error."""
from __future__ import annotations

import os

import pytest

from tests.browser import browser_missing, severe_errors, show_lazy_section
from tests.test_browser_klaster2 import text_of, wait_for

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)


def test_the_completeness_section_finds_the_silent_desa_and_the_late_puskesmas(app_server, driver):
    driver.get(app_server.url + "/kualitas-data?provinsi=99&kabupaten=99.01&tahun=2025&bulan=12")
    show_lazy_section(driver, "kd-kelengkapan")
    wait_for(driver, lambda d: "tanpa laporan" in text_of(d, "kd-kel-diam"), timeout=60)
    silent = text_of(driver, "kd-kel-diam")
    assert "Watujaya (Puskesmas Kalijaya): tanpa laporan" in silent and "–Desember 2025" in silent
    first_row = driver.execute_script(
        "const r = document.querySelector('#kd-kel-tabel .ag-center-cols-container .ag-row[row-index=\"0\"]');"
        "return r ? r.innerText : '';")
    assert "sebagian besar laporan bulan ini terlambat" in first_row and "0,0%" in first_row
    assert driver.execute_script("return document.querySelectorAll('#kd-kel-peta-panas .heatmaplayer').length") == 1
    assert "Kelengkapan laporan Desember 2025" in text_of(driver, "kd-ringkasan")
    assert severe_errors(driver) == []
