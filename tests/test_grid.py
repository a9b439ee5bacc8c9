"""Every table on AG Grid (layouts/grid.py): each grid the pages build and each set of columns
the callbacks send uses only the functions of assets/grid.js, through {"function": ...}
expressions (the Content-Security-Policy blocks AG Grid's own string expressions), pins its
name column, sorts every column, and exports its CSV with the formula guard."""
from __future__ import annotations

import json
import re
from pathlib import Path

import dash_ag_grid as dag
import pandas as pd
import pytest

from data_access.users import EVENTS
from indicators.program import INDICATORS, KASKADES
from layouts import grid as G
from layouts.admin_parts import audit_page, users_page
from layouts.ids import Grid
from layouts.pages import PAGES
from layouts.pws_parts import kaskade_columns, pws_page, ringkasan_rows, status_columns
from layouts.unggah_parts import DATASET_COLUMNS, LOG_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
JS = (ROOT / "assets" / "grid.js").read_text(encoding="utf-8")
DEFINED = set(re.findall(r"^ {4}(grid\w+): function", JS, re.M))
CALLED = re.compile(r"(?<![.\w])([A-Za-z_]\w*)\s*\(")
# column and grid properties that AG Grid would run as code if given a string
EVALUATED = {"valueFormatter", "valueGetter", "valueParser", "cellStyle", "comparator", "getRowStyle",
             "getRowClass", "processCellCallback", "processHeaderCallback", "tooltipValueGetter"}
RULES = {"cellClassRules", "rowClassRules"}  # each rule's value is evaluated


def components(node):
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, (str, int, float)):
            yield from components(child)


def grids(node) -> list[dag.AgGrid]:
    return [c for c in components(node) if isinstance(c, dag.AgGrid)]


@pytest.fixture(scope="module")
def every_grid() -> list[dag.AgGrid]:
    """The grids of every page layout and those callbacks build whole."""
    import app  # noqa: F401  (registers the pages, which their layouts need)
    from dashboards import iks, unggah

    found = [*grids(iks.layout()), *grids(unggah.layout()), *grids(users_page()), *grids(audit_page(EVENTS))]
    for page in PAGES:
        if page.indicators:
            found += grids(pws_page(page, None, None))
    from layouts.sections import SECTIONS  # the sections a page loads when they are seen

    for section in SECTIONS.values():
        found += grids(section.build({}))
    found += grids(G.grid("pratinjau", [G.text_column(c, c) for c in ("kode_desa", 'a"b.c')],
                          rows=[{"kode_desa": "=1+2", 'a"b.c': "x"}], file_name="pratinjau", pin="kode_desa"))
    return found


def every_column_set(every_grid) -> list[list[dict]]:
    """Column definitions of the grids, and those the callbacks send (every indicator's
    status table, every cascade's table)."""
    sets = [g.columnDefs for g in every_grid]
    sets += [status_columns(ind, "Desa") for ind in INDICATORS]
    return sets + [kaskade_columns(k, "Puskesmas", {k.sasaran: None} if k.sasaran else {}) for k in KASKADES]


def expressions(value):
    """Every {"function": ...} string inside `value`."""
    if isinstance(value, dict):
        if isinstance(value.get("function"), str):
            yield value["function"]
        for v in value.values():
            yield from expressions(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from expressions(v)


def test_the_app_has_grids_and_no_datatable_left(every_grid):
    assert len(every_grid) >= 10
    offenders = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts and p.name != Path(__file__).name
                 and re.search(r"dash_table|DataTable", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_function_named_in_a_grid_is_one_of_assets_grid_js(every_grid):
    assert set(G.GRID_FUNCTIONS) <= DEFINED
    props = [g.to_plotly_json()["props"] for g in every_grid] + every_column_set(every_grid) + [DATASET_COLUMNS]
    called = {name for p in props for expr in expressions(p) for name in CALLED.findall(expr)}
    assert called - DEFINED == set()  # themeQuartz.withParams: a method, not a name called
    assert {G.NUMBER, G.PERCENT, G.TEXT, G.CLASS_OF, G.CSV_CELL, G.CSV_HEADER} <= called


def test_nothing_ag_grid_would_evaluate_is_a_plain_string(every_grid):
    """A string valueFormatter or class rule would go through AG Grid's `new Function`, which
    the Content-Security-Policy (no 'unsafe-eval') blocks."""
    def check(props: dict, where: str):
        for key, value in props.items():
            if key in EVALUATED:
                assert isinstance(value, dict) and "function" in value, (where, key, value)
            if key in RULES:
                assert all(isinstance(v, dict) and "function" in v for v in value.values()), (where, key)
            if key == "cellClass":  # a string is a class name, a dict a function
                assert isinstance(value, str) and re.fullmatch(r"[\w-]+", value) or "function" in value
            if key == "columnTypes":
                for name, column_type in value.items():
                    check(column_type, name)

    for g in every_grid:
        props = g.to_plotly_json()["props"]
        check(props, str(g.id))
        check(props["csvExportParams"], str(g.id))
        check(props["dashGridOptions"], str(g.id))
        assert "theme" in props["dashGridOptions"] and not props.get("dangerously_allow_code")
    for columns in [*every_column_set(every_grid), DATASET_COLUMNS, LOG_COLUMNS]:
        for col in columns:
            check(col, col["field"])


def test_a_label_or_field_cannot_break_out_of_its_expression():
    hostile = '"); alert(1); ("'
    col = G.number_column("x", "X", decimals=1, unit=hostile)  # a unit comes from a declaration
    expr = col["valueFormatter"]["function"]
    assert expr == f"{G.NUMBER}(params.value, 1, {json.dumps(hostile)})"
    assert G.coloured(G.text_column('a"b', "A"), by=hostile, prefix="p-", values=["x"])["cellClass"]["function"] \
        .startswith(f"{G.CLASS_OF}(params.data, {json.dumps(hostile)}, ")
    with pytest.raises(ValueError):
        G.grid("t", [], file_name="t", row_id="nama; alert(1)")


def test_every_grid_sorts_every_column_and_exports_its_csv_with_a_button(every_grid):
    assert G.DEFAULT_COL_DEF["sortable"] is True
    for g in every_grid:
        props = g.to_plotly_json()["props"]
        assert props["defaultColDef"] == G.DEFAULT_COL_DEF
        assert all(c.get("sortable", True) for c in props["columnDefs"])
        csv = props["csvExportParams"]
        assert csv["fileName"].endswith(".csv") and csv["processCellCallback"] == {"function": "gridCsvCell(params)"}
        assert csv["processHeaderCallback"] == {"function": "gridCsvHeader(params)"}
    blocks = [c for page in PAGES if page.indicators for c in components(pws_page(page, None, None))
              if getattr(c, "className", None) == "grid-block"]
    for block in blocks:
        grid_id = grids(block)[0].id
        buttons = [c for c in components(block) if getattr(c, "id", None) == Grid.csv(grid_id)]
        assert len(buttons) == 1 and buttons[0].children == "Unduh CSV tabel ini"


def test_the_name_column_is_pinned_left_and_stays_first(every_grid):
    named = [s for s in every_column_set(every_grid) if s and s[0]["field"] in ("nama", "kelompok", "waktu",
                                                                               "kolom", "kode_desa")]
    assert len(named) >= len(INDICATORS) + len(KASKADES) + 4
    for columns in named:
        assert columns[0]["pinned"] == "left" and columns[0]["width"] >= 150
        flags = [c.get("pinned") == "left" for c in columns]
        assert flags == sorted(flags, reverse=True)  # pinned ones first: pinning moves nothing


def test_numbers_are_numeric_columns_formatted_in_the_browser():
    """A column says what it holds (a column type of GRID_OPTIONS); the browser formats the
    number, which stays a number for sorting."""
    k6 = status_columns(next(i for i in INDICATORS if i.code == "k6"), "Desa")
    by_field = {c["field"]: c for c in k6}
    types = G.COLUMN_TYPES
    assert types[by_field["cakupan_kumulatif"]["type"]]["valueFormatter"] == {
        "function": "gridPercent(params.value, 1)"}
    assert types[by_field["sasaran"]["type"]]["valueFormatter"] == {"function": "gridNumber(params.value, 1, null)"}
    assert types["change3"]["valueFormatter"] == {"function": "gridChange(params.value, 3)"}
    assert G.is_number(by_field["sasaran"]) and not G.is_number(by_field["keterangan"])
    assert "valueFormatter" not in by_field["keterangan"]  # text: DEFAULT_COL_DEF's, "" for none
    assert types[by_field["status_label"]["type"]]["valueFormatter"] == {"function": 'gridText(params.value, "–")'}
    assert by_field["status_label"]["cellClass"]["function"] == (
        'gridClassOf(params.data, "status", "status-", ["baik", "kurang", "cukup", "jelek"], null)')
    unit = G.number_column("x", "X", decimals=1, unit="per 1.000")
    assert unit["valueFormatter"] == {"function": 'gridNumber(params.value, 1, "per 1.000")'}
    with pytest.raises(ValueError):
        G.percent_column("x", "X", decimals=4)


def test_a_status_or_category_colour_keeps_the_numbers_alignment():
    iks = G.coloured(G.number_column("iks", "IKS", decimals=3), by="kategori", prefix="kategori-", values=["sehat"])
    assert iks["cellClass"]["function"].endswith(f', "{G.NUMBER_CELL}")')


def test_the_theme_is_legible_on_a_projector_and_the_grid_speaks_indonesian():
    assert G.THEME_PARAMS["fontSize"] >= 15 and G.THEME_PARAMS["headerFontSize"] >= 15
    assert G.THEME["function"].startswith("themeQuartz.withParams({")
    assert G.LOCALE_TEXT["noRowsToShow"] == "Tidak ada baris" and G.LOCALE_TEXT["loadingOoo"] == "Memuat…"
    assert G.GRID_OPTIONS["localeText"] is G.LOCALE_TEXT and G.GRID_OPTIONS["theme"] is G.THEME
    assert G.GRID_OPTIONS["columnTypes"] is G.COLUMN_TYPES


def test_a_long_table_scrolls_at_a_height_fitted_to_its_rows():
    assert G.height_for(3) == {"height": f"{64 + 3 * G.ROW_HEIGHT + 18}px", "width": "100%"}
    assert G.height_for(500) == G.height_for(15)
    assert G.height_for(0) == G.height_for(1)


def test_the_iks_table_frames_only_the_chosen_desa():
    from layouts.iks_parts import table_columns, table_rows

    numeric = [c["field"] for c in table_columns() if G.is_number(c)]
    rows = pd.DataFrame({"kode": ["a", "b"], "nama": ["A", "B"], "kategori": ["sehat", None],
                         **{c: [0.5, float("nan")] for c in numeric}})
    out = table_rows(rows, selected="b")
    assert [r.get("sorot") for r in out] == [None, True]
    assert out[1]["iks"] is None and out[1]["kategori_label"] == "tanpa data"  # no value: '–', never 0


def test_the_import_log_keeps_counts_as_numbers():
    from callbacks.unggah import log_rows

    log = pd.DataFrame({"id": [2], "waktu": [pd.Timestamp("2026-12-02 11:16")], "dataset": ["layanan"],
                        "nama_berkas": ["a.csv"], "pengguna": [None], "baris": [12], "ditambah": [10],
                        "diubah": [2], "tetap": [0], "hasil": ["berhasil"], "pesan": [""], "checksum": ["x"]})
    assert log_rows(log) == [{"id": 2, "waktu": "2 Des 2026 11.16", "dataset": "layanan", "nama_berkas": "a.csv",
                              "pengguna": None, "baris": 12, "ditambah": 10, "diubah": 2, "tetap": 0,
                              "hasil": "berhasil", "pesan": ""}]


def test_the_summary_sends_what_it_shows_each_value_in_its_unit():
    from layouts.pws_parts import RINGKASAN_COLUMNS

    rows = ringkasan_rows([
        {"indikator": "k1", "label": "Cakupan K1", "kelompok": "kia", "status": "jelek", "alasan": "",
         "cakupan_kumulatif": 0.958, "target_bulan_ini": 1.0, "kode": "99", "sasaran": 100.0},
        {"indikator": "tb_notifikasi", "label": "Notifikasi TB", "kelompok": "tb", "status": None,
         "alasan": "Sasaran belum diunggah", "cakupan_kumulatif": float("nan"), "target_bulan_ini": None}])
    assert rows[0]["cakupan_teks"] == "95,8%" and rows[0]["target_teks"] == "100,0%"
    assert rows[0]["status_label"] == "Jelek" and "sasaran" not in rows[0] and "kode" not in rows[0]
    assert rows[1]["cakupan_kumulatif"] is None and rows[1]["cakupan_teks"] == "–"  # no data: '–', never 0
    shown = ({c["field"] for c in RINGKASAN_COLUMNS} | {"cakupan_teks", "target_teks", "status"}
             | {c["tooltipField"] for c in RINGKASAN_COLUMNS if "tooltipField" in c})  # the status' tooltip
    assert set(rows[0]) == shown
