"""The Klaster 1 medicines section (issue 15) in real headless Chromium on the demo province: at
the demo Puskesmas in December 2025 the headline against 80 %, the indicator stock-out, the rows
that do not balance with their sum written out; at its kabupaten the table of Puskesmas and the
share meeting the rule; no error in the console."""
from __future__ import annotations

import os

import pytest

from layouts.k1_obat import ObatIds as ID
from tests.browser import browser_missing, severe_errors, show_lazy_section
from tests.test_browser_klaster2 import shot, text_of, wait_for

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)


def test_the_medicines_section_at_a_puskesmas_and_its_kabupaten(app_server, driver):
    driver.get(app_server.url + "/klaster-1?provinsi=99&kabupaten=99.01&puskesmas=P9901010101&tahun=2025&bulan=12")
    show_lazy_section(driver, "k1-obat")
    wait_for(driver, lambda d: "dari 40" in text_of(d, ID.HEAD), timeout=60)
    assert text_of(driver, ID.PERIOD).startswith("Desember 2025")
    head = text_of(driver, ID.HEAD)
    assert "Obat indikator tersedia" in head and "standar ≥ 80%" in head
    lists = text_of(driver, ID.LISTS)
    assert "Amoksisilin sirup kering 125 mg/5 ml (OI-03) · obat indikator" in lists
    assert "Data perlu dicek: baris tidak seimbang" in lists and " = " in lists
    shot(driver, "klaster1-obat-puskesmas")

    driver.get(app_server.url + "/klaster-1?provinsi=99&kabupaten=99.01&tahun=2025&bulan=12")
    show_lazy_section(driver, "k1-obat")
    wait_for(driver, lambda d: "Puskesmas dengan obat indikator ≥ 80%" in text_of(d, ID.HEAD), timeout=60)
    wait_for(driver, lambda d: d.execute_script(
        "return document.querySelectorAll(arguments[0] + ' .ag-center-cols-container .ag-row').length",
        f"#{ID.GRID}") >= 2, timeout=30)
    assert "Puskesmas di Kabupaten" in text_of(driver, ID.PERIOD)
    assert severe_errors(driver) == []
