"""The Klaster 1 sections 'Peralatan dan sarana prasarana' and 'Perencanaan' in real headless
Chromium on the demo province: at the province one row per kabupaten in each, at the demo
account's Puskesmas its broken vaccine refrigerator and its klaster × month table with the
late activities; no error in the console."""
from __future__ import annotations

import os

import pytest

from tests.browser import browser_missing, severe_errors, show_lazy_section
from tests.test_browser_klaster2 import shot, text_of, wait_for

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)


def _rows(driver, grid_id: str) -> int:
    return driver.execute_script("const g = document.getElementById(arguments[0]);"
                                 "return g ? g.querySelectorAll('.ag-center-cols-container [role=row]').length : 0;",
                                 grid_id)


def test_sarpras_and_kegiatan_at_the_province_and_at_a_puskesmas(app_server, driver):
    driver.get(app_server.url + "/klaster-1")
    show_lazy_section(driver, "k1-sarpras")
    wait_for(driver, lambda d: _rows(d, "k1-sarpras-tabel") >= 2, timeout=60)
    assert _rows(driver, "k1-sarpras-tabel") < 10  # the demo's few kabupaten/kota, not its 34 Puskesmas
    assert "Provinsi Contoh (Fiktif) · inventaris 2025" in text_of(driver, "k1-sarpras-judul")
    assert "kabupaten/kota di Provinsi Contoh (Fiktif)" in text_of(driver, "k1-sarpras-tabel-catatan")
    assert "Item standar berfungsi" in text_of(driver, "k1-sarpras-kpi")
    show_lazy_section(driver, "k1-kegiatan")
    wait_for(driver, lambda d: 2 <= _rows(d, "k1-kegiatan-tabel") < 10, timeout=60)
    assert "Januari s.d. November 2025" in text_of(driver, "k1-kegiatan-judul")
    assert "K4 Penyakit menular" in text_of(driver, "k1-kegiatan-matriks")

    driver.get(app_server.url + "/klaster-1?provinsi=99&kabupaten=99.01&puskesmas=P9901010101")
    show_lazy_section(driver, "k1-sarpras")
    wait_for(driver, lambda d: "Lemari es vaksin" in text_of(d, "k1-sarpras-rusak"), timeout=60)
    broken = text_of(driver, "k1-sarpras-rusak")
    assert broken.index("Rusak berat") < broken.index("Rusak ringan")
    assert "USG portabel" in text_of(driver, "k1-sarpras-nonstandar")
    assert "rusak ringan belum dihitung berfungsi" in text_of(driver, "bagian-k1-sarpras")
    shot(driver, "klaster1-sarpras")
    show_lazy_section(driver, "k1-kegiatan")
    wait_for(driver, lambda d: _rows(d, "k1-kegiatan-terlambat") >= 1, timeout=60)
    matrix = text_of(driver, "k1-kegiatan-matriks")
    assert "Jan–Nov" in matrix and "Okt" in matrix
    assert "dihitung terlaksana mulai bulan pelaksanaannya" in text_of(driver, "bagian-k1-kegiatan")
    shot(driver, "klaster1-kegiatan")
    assert severe_errors(driver) == []
