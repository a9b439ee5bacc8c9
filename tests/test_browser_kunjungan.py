"""The visits section of the Dashboard Utama in real headless Chromium, on the demo province, as
the `puskesmas` demo account on a 1024×768 projector: its Puskesmas' month, the silent Pustu
named, the trend per place, and nothing wider than the screen."""
from __future__ import annotations

import os

import pytest

from layouts.ids import Kunjungan as K
from tests.browser import browser_missing, make_driver, severe_errors, show_lazy_section
from tests.test_browser_klaster2 import figure, shot, text_of, wait_for

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)


def test_the_puskesmas_user_sees_its_visits_and_the_silent_pustu_at_1024(app_server):
    driver = make_driver(1024, 768, login_to=app_server.url, nama="puskesmas")
    try:
        driver.get(app_server.url + "/")
        show_lazy_section(driver, "kunjungan")
        wait_for(driver, lambda d: figure(d, K.TREND) and "Kunjungan Desember 2025" in text_of(d, K.KPI))
        assert text_of(driver, K.PERIOD).startswith("Puskesmas Kalijaya · Desember 2025")
        assert "Pustu Girigede belum melapor sejak Oktober 2025." in text_of(driver, K.WARNINGS)
        kpi = text_of(driver, K.KPI)
        assert "Dibanding bulan lalu" in kpi and "November 2025:" in kpi and "Desember 2024:" in kpi
        trend = figure(driver, K.TREND)
        assert [t["name"] for t in trend["data"]] == ["Puskesmas", "Pustu", "Posyandu", "Kunjungan rumah",
                                                      "Semua tempat"]
        assert len(trend["data"][-1]["y"]) == 24
        assert figure(driver, K.UMUR) and figure(driver, K.JENIS_KELAMIN) and figure(driver, K.DISABILITAS)
        driver.execute_script("document.getElementById('utama-kunjungan').scrollIntoView();")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 1024
        shot(driver, "utama-kunjungan-puskesmas-1024")
        assert severe_errors(driver) == []
    finally:
        driver.quit()
