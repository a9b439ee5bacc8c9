"""The Klaster 1 staff (SDM) section in real headless Chromium on the demo province: the Dinkes
table (one row per kabupaten, its Puskesmas counted) and where the Puskesmas lacking each type are, then one
Puskesmas with its nine-type checklist (the demo's first Puskesmas has no ATLM); no console error."""
from __future__ import annotations

import os

import pytest

from tests.browser import browser_missing, severe_errors, show_lazy_section
from tests.test_browser_klaster2 import text_of, wait_for

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)


def test_the_sdm_section_shows_the_kabupaten_table_and_one_puskesmas_checklist(app_server, driver):
    driver.get(app_server.url + "/klaster-1")
    show_lazy_section(driver, "k1-sdm")
    wait_for(driver, lambda d: "Puskesmas tanpa dokter" in text_of(d, "k1-sdm-tabel"), timeout=60)
    assert "Puskesmas melaporkan data SDM" in text_of(driver, "k1-sdm-judul")
    assert "kabupaten/kota di Provinsi Contoh (Fiktif)" in text_of(driver, "k1-sdm-tabel-catatan")
    lacking = text_of(driver, "k1-sdm-kekurangan")
    assert "ATLM kurang di" in lacking and "Kabupaten " in lacking  # the kabupaten where they are
    rows = driver.execute_script(
        "return [...document.querySelectorAll('#k1-sdm-tabel .ag-pinned-left-cols-container .ag-row')]"
        ".map(r => r.innerText.trim())")
    assert 2 <= len(rows) < 10 and all(r.startswith(("Kabupaten ", "Kota ")) for r in rows)

    driver.get(app_server.url + "/klaster-1?provinsi=99&kabupaten=99.01&puskesmas=P9901010101")
    show_lazy_section(driver, "k1-sdm")
    wait_for(driver, lambda d: "tidak ada" in text_of(d, "k1-sdm-rinci"), timeout=60)
    checklist = driver.execute_script(
        "return [...document.querySelectorAll('.sdm-check')].map(e => e.innerText.replace(/\\s+/g, ' ').trim())")
    assert len(checklist) == 9 and "✗ ATLM tidak ada" in checklist
    assert "8 dari 9 jenis tenaga minimal; kurang: ATLM" in text_of(driver, "k1-sdm-rinci")
    assert severe_errors(driver) == []
