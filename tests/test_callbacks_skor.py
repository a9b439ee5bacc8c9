"""The Dashboard Utama's scorecard callbacks through the real app (Flask's test client, signed
in), with the payloads a browser sends and crafted ones: a click on a cell opens that
indicator's PWS panel for that area and nothing else; the grids stay inside the viewer's
wilayah; the page's download is exactly `cli.py export scorecard`. SQLite and PostgreSQL, on
the hand-made registers of tests/sample_skor.py."""
from __future__ import annotations

import base64
import io
import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

import cli
from data_access import schema
from data_access.db import dispose_engines
from domain.access import Role
from domain.codes import Level
from domain.wilayah import Scope
from layouts.ids import Utama as U
from tests import dash_client, sample_skor

ADMIN = ("admin-uji", Role.ADMIN, Scope.everything())
PKM_A = ("pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))


@pytest.fixture
def skor_app(loaded, monkeypatch, tmp_path):
    sample_skor.load(loaded, wilayah=False)
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    yield loaded
    dispose_engines()


def client_of(engine, who):
    import app
    from tests.auth_client import login

    nama, role, scope = who
    return login(app.server.test_client(), engine, nama, role, scope)


def state(level: str, kode: str | None, bulan: int | None = 2, tahun: int = 2025) -> dict:
    return {"level": level, "kode": kode, "tahun": tahun, "bulan": bulan}


def post(client, output_part: str, values: list, trigger: int = 0, first_input: str | None = None):
    """Post to the callback whose output names `output_part` (and whose first input is
    `first_input`, when given), values in its input/state order."""
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if output_part in d["output"] and not d.get("clientside_function")
               and (first_input is None or d["inputs"][0]["id"] == first_input))
    body = dash_client.body(dep, values)
    first = dep["inputs"][trigger]
    body["changedPropIds"] = [f"{first['id']}.{first['property']}"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in (200, 204), response.get_data(as_text=True)[:500]
    return None if response.status_code == 204 else response.get_json()["response"]


def click(client, clicked, filter_state):
    return post(client, "url.pathname", [clicked, filter_state])


def query(search: str) -> dict:
    return dict(parse_qsl(urlsplit(search).query or search.lstrip("?")))


# --- a click on a cell --------------------------------------------------------------------------

def test_a_click_on_a_cell_opens_the_pws_panel_of_that_indicator_for_that_area(skor_app):
    client = client_of(skor_app, ADMIN)
    out = click(client, {"colId": "tb_pengobatan", "rowId": "P02", "rowIndex": 1, "value": 0.86},
                state("kabupaten", "99.01"))
    assert out["url"]["pathname"] == "/klaster-4"
    assert out["url"]["hash"] == "#panel-pws"  # the page scrolls to the PWS panel (assets/anchor.js)
    assert query(out["url"]["search"]) == {"provinsi": "99", "kabupaten": "99.01", "puskesmas": "P02",
                                           "tahun": "2025", "bulan": "2", "indikator": "tb_pengobatan"}
    # the pinned row is the area itself
    out = click(client, {"colId": "k1", "rowId": "_total"}, state("kabupaten", "99.01"))
    assert out["url"]["pathname"] == "/klaster-2"
    assert query(out["url"]["search"]) == {"provinsi": "99", "kabupaten": "99.01", "tahun": "2025", "bulan": "2",
                                           "indikator": "k1"}
    # Klaster 3, a desa among its Puskesmas' desa, and the IKS column
    out = click(client, {"colId": "ht_spm", "rowId": sample_skor.A2}, state("desa", sample_skor.A1))
    assert out["url"]["pathname"] == "/klaster-3"
    assert query(out["url"]["search"])["desa"] == sample_skor.A2
    out = click(client, {"colId": "iks", "rowId": "P01"}, state("kabupaten", "99.01", bulan=None))
    assert out["url"]["pathname"] == "/iks" and "indikator" not in query(out["url"]["search"])
    assert out["url"]["hash"] == ""
    assert query(out["url"]["search"])["bulan"] == "2"  # the month the page opened on


@pytest.mark.parametrize("clicked", [
    {"colId": "nama", "rowId": "P02"},  # not an indicator's column
    {"colId": "peringkat", "rowId": "P02"},
    {"colId": "k1_x", "rowId": "P02"},
    {"colId": "bogus' OR 1=1", "rowId": "P02"},
    {"colId": "tb_pengobatan", "rowId": "P03"},  # a Puskesmas of another kabupaten: not a row here
    {"colId": "tb_pengobatan", "rowId": "t-0"},
    {"colId": "k1", "rowId": None},
    {"colId": ["k1"], "rowId": "P02"},
    {"colId": "k1", "rowId": {"kode": "P02"}},
    "k1", None, [], 7,
])
def test_a_click_the_scorecard_does_not_hold_changes_nothing(skor_app, clicked):
    client = client_of(skor_app, ADMIN)
    assert click(client, clicked, state("kabupaten", "99.01")) is None


def test_a_puskesmas_user_cannot_open_another_area_through_a_click(skor_app):
    client = client_of(skor_app, PKM_A)
    for filter_state, row in ((state("puskesmas", "P01"), "P02"), (state("puskesmas", "P01"), sample_skor.B1),
                              (state("kabupaten", "99.01"), "P02"), (state("puskesmas", "P02"), sample_skor.B1),
                              (state("provinsi", "99"), "_total")):
        assert click(client, {"colId": "k1", "rowId": row}, filter_state) is None, (filter_state, row)
    out = click(client, {"colId": "k1", "rowId": sample_skor.A2}, state("puskesmas", "P01"))
    assert out["url"]["pathname"] == "/klaster-2" and query(out["url"]["search"])["desa"] == sample_skor.A2


def test_a_click_in_the_league_table_opens_that_puskesmas_landing_page(skor_app):
    client = client_of(skor_app, ADMIN)
    def league_click(who, clicked, filter_state):
        return post(who, "url.search", [clicked, filter_state], first_input=U.LEAGUE)

    out = league_click(client, {"colId": "nama", "rowId": "P03"}, state("provinsi", "99"))
    assert query(out["url"]["search"]) == {"provinsi": "99", "kabupaten": "99.02", "puskesmas": "P03",
                                           "tahun": "2025", "bulan": "2"}
    assert league_click(client, {"colId": "nama", "rowId": "P03"}, state("kabupaten", "99.01")) is None
    assert league_click(client, {"colId": "nama", "rowId": "P03"}, state("puskesmas", "P01")) is None
    pkm = client_of(skor_app, PKM_A)
    assert league_click(pkm, {"colId": "nama", "rowId": "P02"}, state("provinsi", "99")) is None
    assert league_click(pkm, {"colId": "nama", "rowId": "P01"}, state("puskesmas", "P01")) is None


# --- the grids --------------------------------------------------------------------------------

def test_the_scorecard_grid_shows_the_rows_the_total_and_the_status_of_each_cell(skor_app):
    client = client_of(skor_app, ADMIN)
    out = post(client, f"{U.GRID}.rowData", [state("kabupaten", "99.01")])
    rows = out[U.GRID]["rowData"]
    assert [r["nama"] for r in rows] == ["Pkm A", "Pkm B"]
    a = rows[0]
    assert (a["k1"], a["t_k1"], a["s_k1"], a["g_k1"]) == (0.22, "22,0% ✓", "baik", "16,7%")
    assert a["s_d_s"] == "jelek" and a["t_d_s"] == "80,0% ✗" and a["g_d_s"] == "85,0%"
    assert "s_k6" not in a and a["a_k6"] == "Belum ada laporan Cakupan K6 tahun 2025 sampai Februari"
    assert a["t_k6"] == "–" and a["k6"] is None
    assert a["g_bb_kurang"] == "maks. 7,0%"  # a prevalence's target is a ceiling
    assert (a["peringkat"], a["t_skor"], a["jumlah_jelek"]) == (1, "75,0", 1)
    total = out[U.GRID]["dashGridOptions"]["pinnedTopRowData"]
    assert [t["nama"] for t in total] == ["Kab Satu"] and total[0]["kode"] == "_total"
    assert total[0]["s_k1"] == "kurang" and total[0]["t_k1"] == "19,2% ▽"
    columns = json.dumps(out[U.GRID]["columnDefs"], ensure_ascii=False)
    assert '"pinned": "left"' in columns and "Klaster 4 · Penyakit Menular" in columns
    # the cell colours and tooltips are dash-ag-grid functions (its own interpreter: no eval
    # under our CSP); a tooltip's words come once per column, the row holds its short fields
    assert "'skor-sel status-' + (params.data.s_k1 || 'kosong')" in columns
    d_s = next(c for g in out[U.GRID]["columnDefs"] for c in g.get("children", []) if c["field"] == "d_s")
    tooltip = d_s["tooltipValueGetter"]["function"]
    assert tooltip.startswith("'Partisipasi penimbangan (D/S): ' + params.data.t_d_s + '\\n' + (")
    assert "params.data.s_d_s == 'jelek' ? 'Jelek ✗: di bawah target, tren turun'" in tooltip
    assert "'Tanpa status: ' + (params.data.a_d_s || 'tidak dapat dinilai')" in tooltip
    assert "'\\nTarget s.d. Februari: ' + params.data.g_d_s" in tooltip
    assert "Hipertensi terkendali di antara yang diobati" in columns  # the full label in the header's tooltip


def test_the_league_table_is_shown_for_a_dinkes_view_only(skor_app):
    client = client_of(skor_app, ADMIN)
    out = post(client, f"{U.LEAGUE}.rowData", [state("provinsi", "99")])
    rows = out[U.LEAGUE]["rowData"]
    assert [(r["nama"], r["peringkat"], r["t_perubahan"]) for r in rows] == [
        ("Pkm C", 1, "▲2"), ("Pkm A", 2, "▼1"), ("Pkm B", 3, "▼1")]
    assert out[U.LEAGUE_SECTION]["style"] is None
    assert "dibanding Januari 2025" in out[U.LEAGUE_NOTE]["children"]
    january = post(client, f"{U.LEAGUE}.rowData", [state("provinsi", "99", bulan=1)])[U.LEAGUE]["rowData"]
    assert [(r["nama"], r["t_perubahan"]) for r in january] == [("Pkm A", "="), ("Pkm B", "▲1"), ("Pkm C", "▼1")]
    for below in (state("puskesmas", "P01"), state("desa", sample_skor.A1)):
        hidden = post(client, f"{U.LEAGUE}.rowData", [below])
        assert hidden[U.LEAGUE_SECTION]["style"] == {"display": "none"} and U.LEAGUE not in hidden


def test_a_puskesmas_user_sees_only_their_desa_and_a_refusal_for_another_area(skor_app):
    client = client_of(skor_app, PKM_A)
    out = post(client, f"{U.GRID}.rowData", [state("puskesmas", "P01")])
    assert [r["nama"] for r in out[U.GRID]["rowData"]] == ["Desa A1", "Desa A2"]
    for foreign in (state("puskesmas", "P02"), state("kabupaten", "99.01"), state("desa", sample_skor.B1)):
        out = post(client, f"{U.GRID}.rowData", [foreign])
        text = json.dumps(out)
        assert "tidak ditemukan di wilayah yang boleh Anda lihat" in text
        assert "Pkm B" not in text and "Desa B1" not in text and U.GRID not in out
        assert post(client, f"{U.LEAGUE}.rowData", [foreign])[U.LEAGUE_SECTION]["style"] == {"display": "none"}


def test_a_month_without_registers_says_so_and_points_to_the_upload_page(skor_app):
    client = client_of(skor_app, ADMIN)
    out = post(client, f"{U.GRID}.rowData", [state("provinsi", "99", bulan=2, tahun=2023)])
    assert out[U.CONTENT]["style"] == {"display": "none"}
    text = json.dumps(out[U.EMPTY]["children"])
    assert "Belum ada register layanan" in text and "Unggah data" in text and "/unggah" in text


def test_the_header_names_the_area_and_the_period(skor_app):
    client = client_of(skor_app, ADMIN)
    out = post(client, f"{U.TITLE}.children", [state("puskesmas", "P01")])
    assert out[U.TITLE]["children"] == "Dashboard Utama · Pkm A · Januari–Februari 2025"
    out = post(client, f"{U.TITLE}.children", [state("kabupaten", "99.01", bulan=None)])
    assert out[U.TITLE]["children"].endswith("Januari–Februari 2025")  # the latest month with registers


def test_the_month_goes_into_the_url(skor_app):
    client = client_of(skor_app, ADMIN)
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if d["inputs"][0]["id"] == U.BULAN)
    response = client.post("/_dash-update-component", json=dash_client.body(dep, [5, "?kabupaten=99.01"]))
    assert query(response.get_json()["response"]["url"]["search"]) == {"kabupaten": "99.01", "bulan": "5"}
    for hostile in ("13", "²", ["5"], {"x": 1}):
        response = client.post("/_dash-update-component", json=dash_client.body(dep, [hostile, "?kabupaten=99.01"]))
        assert response.status_code in (200, 204)
        assert "bulan" not in json.dumps(response.get_json() if response.status_code == 200 else {})


# --- the download is the export ------------------------------------------------------------------

def _download(client, fmt: str, filter_state: dict):
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if d["output"] == f"{U.DOWNLOAD}.data")
    body = dash_client.body(dep, [1, 1, filter_state])
    body["changedPropIds"] = [f"{U.DOWNLOAD_XLSX if fmt == 'xlsx' else U.DOWNLOAD_CSV}.n_clicks"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    sent = response.get_json()["response"][U.DOWNLOAD]["data"]
    return sent["filename"], base64.b64decode(sent["content"])


def _cli_export(tmp_path, fmt: str, *args) -> bytes:
    dispose_engines()
    out = tmp_path / f"cli.{fmt}"
    status = cli.main(["export", "scorecard", "--tahun", "2025", "--bulan", "2", *args, "--out", str(out)])
    assert status == 0
    return out.read_bytes()


def _sheet(data: bytes, name: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data), read_only=True)[name].iter_rows(values_only=True))


@pytest.mark.parametrize("filter_state, args", [
    (state("kabupaten", "99.01"), ("--tingkat", "puskesmas", "--wilayah", "99.01")),
    (state("provinsi", "99"), ("--tingkat", "kabupaten", "--wilayah", "99")),
    (state("desa", sample_skor.A2), ("--tingkat", "desa", "--wilayah", "P01")),
])
def test_the_pages_download_is_the_cli_export_of_the_same_area_level_and_month(skor_app, tmp_path, filter_state,
                                                                              args):
    client = client_of(skor_app, ADMIN)
    name, csv = _download(client, "csv", filter_state)
    assert name.endswith("-2025-02.csv")
    assert csv == _cli_export(tmp_path, "csv", *args)
    assert csv.decode().splitlines()[0].startswith("kode,nama,k1,status_k1,k6,status_k6,")
    _name, xlsx = _download(client, "xlsx", filter_state)
    exported = _cli_export(tmp_path, "xlsx", *args)
    assert _sheet(xlsx, "SCORECARD") == _sheet(exported, "SCORECARD")
    notes, cli_notes = _sheet(xlsx, "Keterangan"), _sheet(exported, "Keterangan")
    assert [r for r in notes if r[0] != "Dibuat"] == [r for r in cli_notes if r[0] != "Dibuat"]
    with skor_app.connect() as conn:
        logged = conn.execute(select(schema.audit_log.c.peristiwa, schema.audit_log.c.rincian)
                              .where(schema.audit_log.c.peristiwa == "unduh")).all()
    assert any("tabel scorecard" in r.rincian and name in r.rincian for r in logged)


def test_the_export_columns_are_documented(skor_app):
    from exports.views import SCORECARD_COLUMNS, SCORECARD_MEANING

    assert set(SCORECARD_COLUMNS) <= set(SCORECARD_MEANING)
    with open("docs/ekspor.md", encoding="utf-8") as f:
        docs = f.read()
    assert "## Tampilan `scorecard`" in docs
    for column in ("status_<kode>", "jumlah_baik", "jumlah_jelek", "skor", "peringkat", "iks"):
        assert f"`{column}`" in docs, column


def test_the_findings_above_the_scorecard_link_to_their_evidence(skor_app):
    """Kab Satu, February 2025: Pkm A's D/S is jelek (sample_skor), so a finding names it, and
    its link opens the Klaster 2 page's PWS panel of D/S for Pkm A in February."""
    client = client_of(skor_app, ADMIN)
    out = post(client, f"{U.GRID}.rowData", [state("puskesmas", "P01")])
    section = json.dumps(out[U.FINDINGS]["children"], ensure_ascii=False)
    assert "Temuan utama" in section and "80,0%" in section
    hrefs = [h for h in _hrefs(out[U.FINDINGS]["children"]) if "indikator=d_s" in h]
    assert hrefs, section
    target = urlsplit(hrefs[0])
    assert target.path == "/klaster-2" and target.fragment == "panel-pws"
    assert query(target.query) == {"provinsi": "99", "kabupaten": "99.01", "puskesmas": "P01",
                                   "tahun": "2025", "bulan": "2", "indikator": "d_s"}


def _hrefs(tree) -> list[str]:
    """Every href in a serialised component tree."""
    if isinstance(tree, list):
        return [h for item in tree for h in _hrefs(item)]
    if isinstance(tree, dict):
        props = tree.get("props", {})
        own = [props["href"]] if isinstance(props.get("href"), str) else []
        return own + _hrefs(props.get("children")) + [h for k, v in tree.items() if k != "props"
                                                       for h in _hrefs(v) if isinstance(v, (list, dict))]
    return []
