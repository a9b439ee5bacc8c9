"""The Klaster 2 page in real headless Chromium on the demo province: the continuum-of-care
funnel, the PWS bars with their target line, the status table and the map; the indicator
and the month live in the URL; the page fits a 1024 px projector."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.browser import (
    browser_missing,
    make_driver,
    select_option,
    severe_errors,
    show_lazy_section,
    show_lazy_sections,
)

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screenshots"))
PAGE = "klaster-2"


def dom(kind: str, **key) -> str:
    """The DOM id Dash gives a dict id (layouts.ids.dom_id)."""
    key = key or {"page": PAGE}
    return json.dumps(dict(sorted({"type": kind, **key}.items())), separators=(",", ":"))


# the map's DOM id: the map panel shared with the IKS page (layouts.ids.Map)
MAP = json.dumps({"kind": "pws", "page": PAGE, "type": "map"}, separators=(",", ":"))


def text_of(driver, element_id: str) -> str:
    return driver.execute_script("const e = document.getElementById(arguments[0]);"
                                 "return e ? e.innerText : '';", element_id)


def wait_for(driver, predicate, timeout=40):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(predicate)


def figure(driver, element_id: str):
    """The plotly figure (data and layout) drawn inside the dcc.Graph `element_id`, or None."""
    return driver.execute_script(
        "const e = document.getElementById(arguments[0]);"
        "const g = e && e.querySelector('.js-plotly-plot');"
        "if (!g || !g.data || !g.data.length) return null;"
        "return {data: g.data.map(t => ({type: t.type, x: t.x, y: t.y, text: t.text,"
        "  locations: t.locations, hasGeo: !!t.geojson, name: t.name})),"
        "  shapes: (g.layout.shapes || []).length,"
        "  annotations: (g.layout.annotations || []).map(a => a.text)};", element_id)


def wait_loaded(driver):
    # the sections below the cascade load when scrolled to (layouts/lazy_parts.py)
    show_lazy_sections(driver)
    wait_for(driver, lambda d: "Klaster 2" in text_of(d, dom("pws-title"))
             and figure(d, dom("pws-bars")) and figure(d, dom("kaskade-funnel", kaskade="kia")))


def shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def test_klaster2_shows_funnel_pws_bars_status_table_and_map(app_server, driver):
    driver.get(app_server.url + "/klaster-2")
    wait_loaded(driver)
    title = text_of(driver, dom("pws-title"))
    assert "Provinsi Contoh (Fiktif)" in title and "2025" in title
    assert "Data Januari s.d." in text_of(driver, dom("pws-asof"))
    # the funnel: five steps K1 → KN lengkap, in the cascade's order
    funnel = figure(driver, dom("kaskade-funnel", kaskade="kia"))
    labels = [str(x).replace("<br>", " ") for t in funnel["data"] for x in (t["x"] or [])]
    assert labels[:1] == ["K1"] and any("KN lengkap" in x for x in labels)
    # its box holds the figure's height from the moment the data came (so the sections below
    # may start loading before Plotly has drawn)
    box, drawn = driver.execute_script(
        "const e = document.getElementById(arguments[0]);"
        "return [e.style.minHeight, e.querySelector('.main-svg').getAttribute('height')];",
        dom("kaskade-funnel-bingkai", kaskade="kia"))
    assert box == f"{drawn}px"
    # the PWS bars: one bar per kabupaten/kota and a target line
    bars = figure(driver, dom("pws-bars"))
    assert bars["shapes"] >= 1 or any("Target" in (a or "") for a in bars["annotations"])
    assert any(len(t["y"] or []) == 3 for t in bars["data"])
    # the status table: counted statuses and a row per area, each with a status word or reason
    wait_for(driver, lambda d: d.execute_script(  # (AG Grid draws its rows once they arrive)
        "return document.getElementById(arguments[0]).querySelectorAll('.ag-row').length", dom("pws-table")))
    table = text_of(driver, dom("pws-table"))
    assert "Kabupaten Tegalasri" in table
    assert any(word in table for word in ("Baik", "Kurang", "Cukup", "Jelek"))
    assert "Jumlah wilayah per status" in text_of(driver, dom("pws-kpi"))
    # the map joins the area GeoJSON in the browser
    wait_for(driver, lambda d: (f := figure(d, MAP)) and f["data"][0]["hasGeo"])
    # the summary of every Klaster 2 indicator
    summary = text_of(driver, dom("pws-ringkasan"))
    for label in ("Imunisasi dasar lengkap", "Partisipasi penimbangan (D/S)", "Prevalensi stunting",
                  "Remaja putri minum TTD"):
        assert label in summary
    assert "DATA DEMO (sintetis)" in driver.find_element("css selector", ".app-navbar").text
    shot(driver, "klaster2-provinsi-1366")
    assert severe_errors(driver) == []


def test_indicator_and_month_are_kept_in_the_url(app_server, driver):
    driver.get(app_server.url + "/klaster-2?provinsi=99&kabupaten=99.01")
    wait_loaded(driver)
    select_option(driver, dom("pws-indikator"), "Imunisasi dasar lengkap (IDL)")
    wait_for(driver, lambda d: "indikator=idl" in d.current_url)
    wait_for(driver, lambda d: "Imunisasi dasar lengkap" in text_of(d, dom("pws-bars-note")))
    select_option(driver, dom("pws-bulan"), "Maret")
    wait_for(driver, lambda d: "bulan=3" in d.current_url)
    wait_for(driver, lambda d: "Maret" in text_of(d, dom("pws-title")))
    assert "s.d. Maret" in text_of(driver, dom("pws-bars-note"))
    # a reload opens the same view
    driver.refresh()
    show_lazy_section(driver, f"{PAGE}-pws")
    wait_for(driver, lambda d: "Maret" in text_of(d, dom("pws-title"))
             and "Imunisasi dasar lengkap" in text_of(d, dom("pws-bars-note")))


def test_puskesmas_view_lists_desa_and_explains_empty_values(app_server, driver):
    driver.get(app_server.url + "/klaster-2?provinsi=99&kabupaten=99.01&bulan=99&indikator=nonsense")
    wait_loaded(driver)
    # nonsense parameters fall back to the defaults instead of failing
    assert "Cakupan K6" in text_of(driver, dom("pws-bars-note"))
    puskesmas = driver.execute_script(
        "return fetch('/peta/kabupaten/99.01.json').then(r => r.json()).then(j => j.features[0].id)")
    driver.get(f"{app_server.url}/klaster-2?provinsi=99&kabupaten=99.01&puskesmas={puskesmas}")
    wait_loaded(driver)
    assert "per desa" in text_of(driver, dom("pws-bars-note")).lower()
    # AG Grid: the header is its own element (a "Memuat…" overlay may sit above the rows while
    # the table's callback runs); the table has caught up once its first header says Desa
    header = "return document.getElementById(arguments[0]).querySelector('.ag-header-cell').innerText"
    wait_for(driver, lambda d: d.execute_script(header, dom("pws-table")).strip().startswith("Desa"))
    rows = driver.execute_script(  # a row per desa in the scrolling part (no header row)
        "return document.getElementById(arguments[0]).querySelectorAll('.ag-center-cols-container .ag-row').length",
        dom("pws-table"))
    assert rows + 1 > 3  # header + the Puskesmas' desa
    assert driver.execute_script(header, dom("pws-table")).strip().startswith("Desa")


def test_klaster2_fits_a_1024_projector(app_server):
    drv = make_driver(1024, 768, login_to=app_server.url)
    try:
        drv.get(app_server.url + "/klaster-2")
        wait_loaded(drv)
        width = drv.execute_script("return document.documentElement.scrollWidth")
        assert width <= 1024
        shot(drv, "klaster2-provinsi-1024")
    finally:
        drv.quit()


def test_bad_link_is_named_not_silently_replaced(app_server, driver):
    driver.get(app_server.url + "/klaster-2?provinsi=99&kabupaten=99.77&bulan=13&indikator=nonsense")
    wait_loaded(driver)
    alert = wait_for(driver, lambda d: d.find_element("id", "filter-alert").text)
    assert "'99.77' tidak ditemukan" in alert and "Bulan '13' tidak dikenal" in alert
    page = driver.find_element("id", "page-content").text
    assert "Kode indikator 'nonsense' tidak ada di halaman ini" in page
    # the message stays: nothing rewrote the URL behind it
    import time

    time.sleep(1.5)
    assert "'99.77' tidak ditemukan" in driver.find_element("id", "filter-alert").text
