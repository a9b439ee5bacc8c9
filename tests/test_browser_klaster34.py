"""The Klaster 3 and 4 pages in real headless Chromium on the demo province: their cascades
with derived rates, the PWS panel (TB notification per 100.000), maps and summaries."""
from __future__ import annotations

import os

import pytest

from tests.browser import browser_missing, make_driver, select_option, severe_errors, show_lazy_sections
from tests.test_browser_klaster2 import figure, shot, text_of, wait_for

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)


def dom(kind: str, **key) -> str:
    import json

    return json.dumps(dict(sorted({"type": kind, **key}.items())), separators=(",", ":"))


def wait_page(driver, page: str, kaskade: str):
    # the sections below the first cascade load when scrolled to (layouts/lazy_parts.py)
    show_lazy_sections(driver)
    wait_for(driver, lambda d: figure(d, dom("pws-bars", page=page))
             and figure(d, dom("kaskade-funnel", kaskade=kaskade)))


def test_klaster3_shows_both_control_cascades_from_the_estimate(app_server, driver):
    driver.get(app_server.url + "/klaster-3")
    wait_page(driver, "klaster-3", "ht")
    assert "Klaster 3" in text_of(driver, dom("pws-title", page="klaster-3"))
    for code, estimate in (("ht", "Estimasi"), ("dm", "Estimasi")):
        funnel = figure(driver, dom("kaskade-funnel", kaskade=code))
        labels = [str(x) for t in funnel["data"] for x in (t["x"] or [])]
        assert labels and labels[0].startswith(estimate)  # the estimate is the first bar
        assert "Terkendali dari yang diobati" in text_of(driver, dom("kaskade-rates", kaskade=code))
    assert "Pasung dibebaskan" in text_of(driver, dom("kaskade-rates", kaskade="jiwa"))
    # screening by age group and sex: two groups, men and women
    wait_for(driver, lambda d: figure(d, dom("rincian-bars", rincian="skrining_ptm_umur")))
    bars = figure(driver, dom("rincian-bars", rincian="skrining_ptm_umur"))
    assert [t["name"] for t in bars["data"]] == ["Laki-laki", "Perempuan"]
    assert bars["data"][0]["x"] == ["15–59 tahun", "≥60 tahun"]
    risks = figure(driver, dom("rincian-bars", rincian="faktor_risiko_ptm"))
    assert "Tekanan darah tinggi" in risks["data"][0]["x"]
    summary = text_of(driver, dom("pws-ringkasan", page="klaster-3"))
    for label in ("Penderita hipertensi mendapat pelayanan sesuai standar", "Lansia diskrining ICOPE",
                  "ODGJ berat mendapat pelayanan sesuai standar"):
        assert label in summary
    shot(driver, "klaster3-provinsi-1366")
    assert severe_errors(driver) == []


def test_klaster4_tb_cascade_rates_contact_investigation_and_notification(app_server, driver):
    driver.get(app_server.url + "/klaster-4?provinsi=99&kabupaten=99.01")
    wait_page(driver, "klaster-4", "tb")
    rates = text_of(driver, dom("kaskade-rates", kaskade="tb"))
    assert "Kasus ditemukan per orang diskrining" in rates and "Orang diskrining untuk satu kasus" in rates \
        and "Putus berobat awal" in rates
    contacts = text_of(driver, dom("kaskade-rates", kaskade="ik"))
    assert "Kontak diberi TPT" in contacts and "Kontak tanpa TPT/OAT" in contacts
    select_option(driver, dom("pws-indikator", page="klaster-4"), "Notifikasi kasus TB")
    wait_for(driver, lambda d: "indikator=tb_notifikasi" in d.current_url)
    wait_for(driver, lambda d: "per 100.000 penduduk" in text_of(d, dom("pws-kpi", page="klaster-4")))
    bars = figure(driver, dom("pws-bars", page="klaster-4"))
    values = [x for t in bars["data"] for x in (t["x"] or []) if isinstance(x, (int, float))]
    assert values and max(values) > 10  # cases per 100.000, not a fraction like 0,003
    shot(driver, "klaster4-kabupaten-1366")
    assert severe_errors(driver) == []


@pytest.mark.parametrize("page,kaskade", [("klaster-3", "ht"), ("klaster-4", "tb")])
def test_klaster34_fit_a_1024_projector(app_server, page, kaskade):
    drv = make_driver(1024, 768, login_to=app_server.url)
    try:
        drv.get(f"{app_server.url}/{page}")
        wait_page(drv, page, kaskade)
        assert drv.execute_script("return document.documentElement.scrollWidth") <= 1024
        shot(drv, f"{page}-1024")
    finally:
        drv.quit()
