"""Area names with markup in real headless Chromium: on the IKS and Klaster 2 pages a desa
or Puskesmas named '<a href=…>' shows those characters in the charts and is no live link."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.auth_client import PASSWORD, ensure_user
from tests.browser import AppServer, browser_missing, show_lazy_section

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screenshots"))
LINK = '<a href="https://evil.example/login">Login ulang</a>'
BOLD = "<b>Desa</b> & <i>Dua</i>"
PKM = '<a href="https://evil.example/pkm">Pkm Jahat</a>'
IMG = '<img src=x onerror="window.__pwned=1">'  # Pkm B of tests/sample.py
FORMULA = '=HYPERLINK("https://evil.example","Kab")'  # Kab Satu
AT_PKM = "?provinsi=99&kabupaten=99.01&puskesmas=P01"  # Pkm A of tests/sample.py, with desa A1 and A2


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on the small province of tests/sample.py and tests/sample_pws.py (visits,
    registers, square desa boundaries) whose names carry markup, with a national admin
    ("penguji") to sign in as."""
    import geopandas as gpd
    from shapely.geometry import box
    from sqlalchemy import insert

    from data_access import schema
    from data_access.db import dispose_engines, get_engine
    from data_access.store import refresh_iks_summary, refresh_program_summary, write_kunjungan, write_wilayah
    from geo.store import store_desa_boundaries
    from tests import sample, sample_pws

    folder = tmp_path_factory.mktemp("escape")
    url = f"sqlite:///{folder / 'hostile.sqlite'}"
    wilayah = sample.WILAYAH.copy()
    wilayah["nama_desa"] = wilayah["nama_desa"].replace({"Desa A1": LINK, "Desa A2": BOLD})
    wilayah["nama_puskesmas"] = wilayah["nama_puskesmas"].replace({"Pkm A": PKM, "Pkm B": IMG})
    wilayah["nama_kabupaten"] = wilayah["nama_kabupaten"].replace({"Kab Satu": FORMULA})
    squares = gpd.GeoDataFrame({"kode": wilayah["kode_desa"]},
                               geometry=[box(106 + i * 0.1, -6, 106.1 + i * 0.1, -5.9) for i in range(len(wilayah))],
                               crs="EPSG:4326")
    engine = get_engine(url)
    with engine.begin() as conn:
        write_wilayah(conn, wilayah)
        write_kunjungan(conn, sample.VISITS)
        refresh_iks_summary(conn, sample.VISITS["kode_desa"])
        conn.execute(insert(schema.layanan), sample_pws.LAYANAN.to_dict("records"))
        conn.execute(insert(schema.sasaran), sample_pws.SASARAN.to_dict("records"))
        conn.execute(insert(schema.target), sample_pws.TARGET.to_dict("records"))
        refresh_program_summary(conn)
        store_desa_boundaries(conn, squares)
    ensure_user(engine, "penguji")
    dispose_engines()
    with AppServer({"DATA_DIR": str(folder), "DATABASE_URL": url}) as srv:
        yield srv


@pytest.fixture
def driver(server, driver_pool):
    with driver_pool.signed_in(1366, 768, server.url, "penguji", PASSWORD) as drv:
        yield drv


def wait_for(driver, predicate, timeout=40):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(predicate)


# what the page's SVGs hold: links to evil.example, and the text of every tick label
SVG_STATE = """
const svgs = [...document.querySelectorAll('svg')];
const links = svgs.flatMap(s => [...s.querySelectorAll('a')])
  .map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')
  .filter(h => h.includes('evil.example'));
const ticks = svgs.flatMap(s => [...s.querySelectorAll('.ytick text, .xtick text, .legendtext')])
  .map(t => t.textContent);
const hover = svgs.flatMap(s => [...s.querySelectorAll('.hoverlayer text')]).map(t => t.textContent);
return {links: links, ticks: ticks, hover: hover};
"""


def svg_state(driver) -> dict:
    return driver.execute_script(SVG_STATE)


def hover_first_bar(driver, graph_id: str) -> list[str]:
    """Hover the first point of the graph's first trace (as the mouse would) and return the hover text."""
    driver.execute_script(
        "const g = document.getElementById(arguments[0]).querySelector('.js-plotly-plot');"
        "Plotly.Fx.hover(g, [{curveNumber: 0, pointNumber: 0}]);", graph_id)
    wait_for(driver, lambda d: svg_state(d)["hover"], timeout=10)
    return svg_state(driver)["hover"]


def test_iks_ranking_shows_a_desa_named_with_a_link_as_text(server, driver):
    driver.get(server.url + "/iks" + AT_PKM)
    wait_for(driver, lambda d: any(LINK in t for t in svg_state(d)["ticks"]))
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("document.getElementById('iks-bars').scrollIntoView({block: 'center'});")
    driver.save_screenshot(str(SHOTS / "escape-iks-ranking-1366.png"))
    state = svg_state(driver)
    assert state["links"] == []
    assert any(BOLD in t for t in state["ticks"])  # '<b>' and '&' as they were typed
    hover = hover_first_bar(driver, "iks-bars")
    assert not svg_state(driver)["links"]
    assert any("<a href" in t or "<b>Desa" in t for t in hover), hover  # the hovered desa, as typed


def test_klaster2_shows_a_puskesmas_and_desa_named_with_a_link_as_text(server, driver):
    driver.get(server.url + "/klaster-2" + AT_PKM + "&indikator=k1")  # the registers have K1
    show_lazy_section(driver, "klaster-2-pws")  # below the cascade: loads when scrolled to
    # the lines' legend names the Puskesmas (total); the bars' ticks name its desa
    wait_for(driver, lambda d: any(LINK in t for t in svg_state(d)["ticks"])
             and any(PKM in t for t in svg_state(d)["ticks"]))
    state = svg_state(driver)
    assert state["links"] == []
    assert any(BOLD in t for t in state["ticks"])
    assert not [a for a in driver.find_elements("css selector", "svg a")
                if "evil.example" in (a.get_attribute("href") or "")]
    page = driver.execute_script("return document.body.innerText")
    assert PKM in page  # the title (html, escaped by Dash) names it as typed
    assert json.dumps(LINK) not in page
    # the status table (AG Grid) names the desa as typed, as text: no live link anywhere
    table = json.dumps({"page": "klaster-2", "type": "pws-table"}, separators=(",", ":"))
    wait_for(driver, lambda d: LINK in d.execute_script(
        "const g = document.getElementById(arguments[0]); return g ? g.innerText : '';", table))
    assert not driver.find_elements("css selector", "a[href*='evil.example'], b, i")


def test_dashboard_utama_shows_areas_named_with_markup_as_text(server, driver):
    """The scorecard (AG Grid cells and their tooltips), the pinned total, the findings and the
    title name a Puskesmas '<img onerror>' and '<a href>' as typed: no element is made of them."""
    from selenium.webdriver.common.action_chains import ActionChains

    from layouts.ids import Utama as U

    driver.get(server.url + "/?provinsi=99&kabupaten=99.01")
    grid = "return (document.getElementById(arguments[0]) || {innerText: ''}).innerText"
    wait_for(driver, lambda d: IMG in d.execute_script(grid, U.GRID) and PKM in d.execute_script(grid, U.GRID))
    assert FORMULA in driver.find_element("id", U.TITLE).text
    pinned = driver.execute_script(
        "return document.getElementById(arguments[0]).querySelector('.ag-floating-top').innerText", U.GRID)
    assert FORMULA in pinned
    name = driver.execute_script(
        "return document.getElementById(arguments[0]).querySelector('.ag-row[row-id=\"P02\"] "
        ".ag-cell[col-id=\"nama\"]');", U.GRID)

    def hovered(d):
        ActionChains(d).move_to_element_with_offset(name, 3, 0).pause(0.4).move_to_element(name).perform()
        return " ".join(t.text for t in d.find_elements("css selector", ".ag-tooltip"))

    assert IMG in wait_for(driver, hovered, timeout=20)
    findings = wait_for(driver, lambda d: d.find_element("id", U.FINDINGS).text)
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / "escape-utama-1366.png"))
    assert driver.execute_script("return window.__pwned") is None
    assert not driver.find_elements("css selector", "img[src='x'], a[href*='evil.example']")
    assert IMG in findings and FORMULA in findings  # "… belum melapor (<img …>, …)", "… di =HYPERLINK(…)"
