"""Klaster 1 sarpras and kegiatan: queries, summary cards, sections' callbacks, exports and
downloads on SQLite and PostgreSQL, on hand-made rows over tests/sample.py's province (P01, P02
in kabupaten 99.01; P03 in 99.02 reports nothing), and scoping: a viewer never reads another
area's Puskesmas."""
from __future__ import annotations

import base64
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

import callbacks.k1_kegiatan as kcb
import callbacks.k1_sarpras as scb
import cli
from data_access import k1_kegiatan as K
from data_access import k1_sarpras as S
from data_access import schema
from data_access.db import dispose_engines
from data_access.wilayah import resolve_area
from domain.access import Role
from domain.codes import Level
from domain.wilayah import Scope, WilayahError
from exports.views import ExportError, kegiatan_export, sarpras_export
from indicators.k1_sarpras import N_STANDAR, STANDAR
from layouts.k1_kegiatan import KG
from layouts.k1_sarpras import SP
from tests import dash_client

EVERYTHING = Scope.everything()
KAB2 = Scope(Level.KABUPATEN, "99.02")


def _inv(pkm, rows):
    return [{"kode_puskesmas": pkm, "tahun": 2025, "lokasi": r[3] if len(r) > 3 else "", "kode_item": r[0],
             "kondisi": r[1], "nama_item": r[0] + " <b>x</b>", "jumlah": r[2], "kategori": "lainnya"} for r in rows]


# P01: every standard item working except ALK-14 (rusak berat only) and ALK-25 (absent); a
# non-standard =HYPERLINK item. P02: ten standard items, two of them rusak ringan only.
P01_ROWS = _inv("P01", [(i.kode, "baik", 1) for i in STANDAR if i.kode not in ("ALK-14", "ALK-25")]
                + [("ALK-14", "rusak_berat", 1), ("ALK-02", "rusak_ringan", 2, "Pustu A2"),
                   ("=HYPERLINK", "baik", 1)])
P02_ROWS = _inv("P02", [(i.kode, "baik", 1) for i in STANDAR[:8]]
                + [(STANDAR[8].kode, "rusak_ringan", 1), (STANDAR[9].kode, "rusak_ringan", 1)])


def _plan(pkm, rows):
    return [{"kode_puskesmas": pkm, "tahun": 2025, "id_kegiatan": r[0], "nama_kegiatan": r[0], "klaster": r[1],
             "bulan_rencana": r[2], "terlaksana": r[3], "anggaran": r[5], "bulan_terlaksana": r[4],
             "sumber_dana": "BOK"} for r in rows]


# P01 to March: 4 planned, 2 done (b is done in April); P02: 2 planned in January, 1 done
PLAN = _plan("P01", [("a", 2, 1, "Y", 1, 100.0), ("b", 2, 2, "Y", 4, 200.0), ("c", 4, 2, "T", None, 300.0),
                     ("d", 3, 3, "Y", None, None), ("e", 5, 5, "Y", 5, 50.0)]) \
    + _plan("P02", [("x", 1, 1, "Y", 1, 10.0), ("y", 1, 1, "T", None, 10.0)])


def load_k1(engine) -> None:
    from tests import sample

    sample.load(engine)
    with engine.begin() as conn:
        S.replace_sarpras(conn, pd.DataFrame(P01_ROWS + P02_ROWS))
        K.replace_kegiatan(conn, pd.DataFrame(PLAN).astype({"anggaran": float, "bulan_terlaksana": float}))


@pytest.fixture
def db(engine, request):
    from tests.conftest import loaded_with

    return loaded_with(request, engine, "k1_sarpras", load_k1)


def area(conn, level, kode, scope=EVERYTHING):
    return resolve_area(conn, scope, level, kode)


# --- queries and summary cards -----------------------------------------------------------------------

def test_puskesmas_tallies_and_the_kabupaten_sums(db):
    with db.connect() as conn:
        rows = S.puskesmas_tallies(conn, EVERYTHING, area(conn, Level.PROVINSI, "99"), 2025).set_index("kode")
        cards = S.ringkasan(conn, EVERYTHING, area(conn, Level.KABUPATEN, "99.01"), 2025, None)
        pkm_cards = S.ringkasan(conn, EVERYTHING, area(conn, Level.PUSKESMAS, "P01"), 2025, None)
        none = S.ringkasan(conn, EVERYTHING, area(conn, Level.KABUPATEN, "99.02"), 2025, None)
    assert rows.loc["P01", ["ada", "berfungsi", "unit_rusak_berat", "non_standar"]].tolist() == [
        N_STANDAR - 1, N_STANDAR - 2, 1, 1]
    assert rows.loc["P02", ["ada", "berfungsi", "unit_rusak_ringan"]].tolist() == [10, 8, 2]
    assert pd.isna(rows.loc["P03", "standar"])  # no inventory: not 0
    # 35 + 8 working of 2 × 37
    assert [(c.judul, c.nilai) for c in cards] == [("Alat standar berfungsi", f"43 dari {2 * N_STANDAR}"),
                                                   ("Alat rusak berat", "1 unit")]
    assert cards[0].catatan == "58,1%; inventaris 2025; 2 dari 2 Puskesmas melapor"
    assert cards[1].status == "jelek" and "di 1 Puskesmas" in cards[1].catatan
    assert pkm_cards[0].nilai == f"{N_STANDAR - 2} dari {N_STANDAR}"
    assert pkm_cards[0].catatan == "94,6%; inventaris 2025"
    assert none == []


def test_kegiatan_sums_per_puskesmas_klaster_and_card(db):
    with db.connect() as conn:
        kab = area(conn, Level.KABUPATEN, "99.01")
        rows = K.puskesmas_sums(conn, EVERYTHING, kab, 2025, 3).set_index("kode")
        sums = K.klaster_sums(conn, EVERYTHING, kab, 2025, 3).set_index("klaster")
        card = K.ringkasan(conn, EVERYTHING, kab, 2025, 3)
        latest = K.latest_month(conn, EVERYTHING, kab, 2025)
        pkm_card = K.ringkasan(conn, EVERYTHING, area(conn, Level.PUSKESMAS, "P01"), 2025, None)
        empty = K.ringkasan(conn, EVERYTHING, area(conn, Level.PUSKESMAS, "P03"), 2025, None)
    assert rows.loc["P01", ["rencana", "terlaksana", "terlambat", "anggaran_rencana", "anggaran_terlaksana"]].tolist() \
        == [4, 2, 2, 600.0, 100.0]
    assert rows.loc["P02", ["rencana", "terlaksana"]].tolist() == [2, 1]
    assert sums.loc[2, ["rencana", "terlaksana"]].tolist() == [2, 1]
    assert sums.loc[1, ["rencana", "terlaksana"]].tolist() == [2, 1]
    assert [(c.judul, c.nilai) for c in card] == [("Kegiatan terlaksana Jan–Mar", "3 dari 6 (50,0%)")]
    assert latest == 5  # e done in May
    # P01 Jan–May: a, b, c, d, e planned; c not done
    assert [(c.judul, c.nilai) for c in pkm_card] == [("Kegiatan terlaksana Jan–Mei", "4 dari 5 (80,0%)")]
    assert empty == []


def test_a_viewer_reads_only_their_own_wilayah(db):
    with db.connect() as conn:
        kab1 = area(conn, Level.KABUPATEN, "99.01")
        rows = S.puskesmas_tallies(conn, KAB2, area(conn, Level.KABUPATEN, "99.02", KAB2), 2025)
        assert rows["kode"].tolist() == ["P03"]
        for call in (lambda: S.puskesmas_tallies(conn, KAB2, kab1, 2025),
                     lambda: S.inventory(conn, KAB2, area(conn, Level.PUSKESMAS, "P01"), 2025),
                     lambda: K.activities(conn, KAB2, area(conn, Level.PUSKESMAS, "P01"), 2025),
                     lambda: K.ringkasan(conn, KAB2, kab1, 2025, 3),
                     lambda: S.ringkasan(conn, KAB2, area(conn, Level.PROVINSI, "99"), 2025, None)):
            with pytest.raises(WilayahError):
                call()
        with pytest.raises(WilayahError):
            area(conn, Level.PUSKESMAS, "P01", KAB2)


# --- the sections' callbacks -----------------------------------------------------------------------

def state(level, kode, bulan=None, tahun=2025):
    return {"level": level, "kode": kode, "tahun": tahun, "bulan": bulan}


@pytest.fixture
def sections(db, monkeypatch):
    """The sections' callbacks reading `db` (tests/conftest.py use_db would load its own sample)."""
    from contextlib import contextmanager

    @contextmanager
    def connect():
        with db.connect() as conn:
            yield conn

    for module in (scb, kcb):
        monkeypatch.setattr(module, "connect", connect)
    return db


def words(component) -> str:
    """Every text inside a component tree (what the section shows)."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(words(c) for c in component)
    if isinstance(component, dict):
        return " ".join(words(v) for v in component.values())
    return words(getattr(component, "children", None))


def test_the_sarpras_section_of_a_puskesmas(sections):
    out = scb.show_sarpras(state("puskesmas", "P01"))
    assert out["title"] == "Pkm A · inventaris 2025" and out["content"] is None
    assert [g["kode_item"] for g in out["gaps"]] == ["ALK-14", "ALK-25"]
    assert [(b["kondisi_label"], b["kode_item"], b["lokasi_label"]) for b in out["broken"]] == [
        ("Rusak berat", "ALK-14", "Gedung Puskesmas"), ("Rusak ringan", "ALK-02", "Pustu A2")]
    assert [n["kode_item"] for n in out["non"]] == ["=HYPERLINK"]
    assert out["dinkes"] == {"display": "none"} and out["puskesmas"] is None
    assert "94,6%" in words(out["kpi"])


def test_the_sarpras_section_of_a_kabupaten_and_a_desa(sections):
    out = scb.show_sarpras(state("kabupaten", "99.01"))
    assert [r["kode"] for r in out["table"]] == ["P01", "P02"]
    assert out["table"][1]["persen_berfungsi"] == round(8 / N_STANDAR, 4)
    assert out["table"][1]["unit_rusak_berat"] == 0 and "keterangan" not in out["table"][1]
    desa = scb.show_sarpras(state("desa", "99.01.01.2002"))
    assert desa["title"].startswith("Pkm A, Puskesmas yang melayani Desa A2")
    assert [g["kode_item"] for g in desa["gaps"]] == ["ALK-14", "ALK-25"]


@pytest.mark.parametrize("bad", [None, "x", {"level": "puskesmas", "kode": "P99", "tahun": 2025},
                                 {"level": "kabupaten", "kode": "99.01", "tahun": 2024}])
def test_empty_or_hostile_states_get_a_message(sections, bad):
    for out in (scb.show_sarpras(bad), kcb.show_kegiatan(bad)):
        assert out["content"] == {"display": "none"} or out["empty"] is None
    out = scb.show_sarpras({"level": "kabupaten", "kode": "99.01", "tahun": 2024})
    assert "tahun yang ada datanya: 2025" in words(out["empty"])
    assert out["content"] == {"display": "none"}
    out = scb.show_sarpras(state("kabupaten", "99.02"))
    assert "Belum ada data inventaris sarana dan prasarana untuk Kab Dua." in words(out["empty"])
    out = kcb.show_kegiatan(state("puskesmas", "P99"))
    assert "P99" in words(out["empty"]) and out["content"] == {"display": "none"}


def test_the_kegiatan_section_of_a_puskesmas_and_a_kabupaten(sections):
    out = kcb.show_kegiatan(state("puskesmas", "P01", 3))
    assert out["title"] == "Pkm A · Januari s.d. Maret 2025"
    assert [r["id_kegiatan"] for r in out["late"]] == ["b", "c"]
    shown = words(out["matrix"])
    assert "1/1" in shown and "0/1 !" in shown and "50%" in shown  # klaster 2: a done, b late
    kab = kcb.show_kegiatan(state("kabupaten", "99.01", 3))
    assert [(r["kode"], r["rencana"], r["terlaksana"]) for r in kab["table"]] == [("P01", 4, 2), ("P02", 2, 1)]
    assert kab["late"] == []
    latest = kcb.show_kegiatan(state("puskesmas", "P01"))
    assert latest["title"].endswith("Januari s.d. Mei 2025")


# --- exports and downloads -----------------------------------------------------------------------------

def test_the_export_views_sum_per_area_and_refuse_desa(db):
    with db.connect() as conn:
        prov = area(conn, Level.PROVINSI, "99")
        kab = sarpras_export(conn, EVERYTHING, Level.KABUPATEN, prov, 2025).set_index("kode")
        pkm = sarpras_export(conn, EVERYTHING, Level.PUSKESMAS, prov, 2025)
        keg = kegiatan_export(conn, EVERYTHING, Level.PUSKESMAS, prov, 2025, 3).set_index("kode")
        with pytest.raises(ExportError, match="per Puskesmas"):
            sarpras_export(conn, EVERYTHING, Level.DESA, prov, 2025)
        with pytest.raises(ExportError, match="Tahun yang ada datanya: 2025"):
            kegiatan_export(conn, EVERYTHING, Level.PUSKESMAS, prov, 2024, None)
    assert kab.loc["99.01", ["puskesmas", "puskesmas_melapor", "standar", "berfungsi"]].tolist() == [
        2, 2, 2 * N_STANDAR, N_STANDAR - 2 + 8]
    assert kab.loc["99.01", "persen_berfungsi"] == pytest.approx(round(43 / 74, 6))
    assert kab.loc["99.02", "puskesmas_melapor"] == 0 and pd.isna(kab.loc["99.02", "persen_ada"])
    assert pkm["kode"].tolist() == ["P01", "P02", "P03"]
    assert keg.loc["P01", ["rencana", "terlaksana", "terlambat"]].tolist() == [4, 2, 2]
    assert keg.loc["P01", "persen_terlaksana"] == 0.5 and pd.isna(keg.loc["P03", "persen_terlaksana"])


def test_the_cli_export_writes_the_view(db, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    dispose_engines()
    out = tmp_path / "s.csv"
    assert cli.main(["export", "sarpras", "--tahun", "2025", "--tingkat", "puskesmas", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("kode,nama,puskesmas,puskesmas_melapor,standar,ada,berfungsi")
    assert lines[1].startswith("P01,Pkm A,1,1,37,36,35,1,2,1,")
    out = tmp_path / "k.xlsx"
    assert cli.main(["export", "kegiatan", "--tahun", "2025", "--bulan", "3", "--tingkat", "kabupaten",
                     "--out", str(out)]) == 0
    rows = list(load_workbook(out, read_only=True)["KEGIATAN"].iter_rows(values_only=True))
    assert rows[1][:7] == ("99.01", "Kab Satu", 2, 2, 6, 3, 3)
    dispose_engines()


def _download(client, output: str, csv_id: str, xlsx_id: str, fmt: str, filter_state: dict):
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if d["output"] == f"{output}.data")
    body = dash_client.body(dep, [1, 1, filter_state])
    body["changedPropIds"] = [f"{xlsx_id if fmt == 'xlsx' else csv_id}.n_clicks"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    sent = response.get_json()["response"][output]["data"]
    return sent["filename"], base64.b64decode(sent["content"])


def test_downloads_are_audited_formula_safe_and_scoped(db, monkeypatch, tmp_path):
    import app
    from tests.auth_client import login

    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    dispose_engines()
    client = login(app.server.test_client(), db, "pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
    name, data = _download(client, SP.DOWNLOAD, SP.DOWNLOAD_CSV, SP.DOWNLOAD_XLSX, "csv", state("puskesmas", "P01"))
    assert name == "sarpras-inventaris-P01-2025.csv"
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    assert "ALK-25" in text and "tidak ada" in text  # the missing standard item is listed
    name, data = _download(client, KG.DOWNLOAD, KG.DOWNLOAD_CSV, KG.DOWNLOAD_XLSX, "xlsx",
                           state("puskesmas", "P01", 3))
    assert name == "kegiatan-terlambat-P01-2025-03.xlsx"
    sheet = list(load_workbook(io.BytesIO(data), read_only=True)["KEGIATAN"].iter_rows(values_only=True))
    assert [r[2] for r in sheet[1:]] == ["b", "c"]
    # another Puskesmas' area: nothing is sent
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if d["output"] == f"{SP.DOWNLOAD}.data")
    body = dash_client.body(dep, [1, 1, state("puskesmas", "P02")])
    body["changedPropIds"] = [f"{SP.DOWNLOAD_CSV}.n_clicks"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 204 or "P02" not in response.get_data(as_text=True)
    with db.connect() as conn:
        logged = conn.execute(select(schema.audit_log.c.rincian).where(schema.audit_log.c.peristiwa == "unduh")
                              ).scalars().all()
    assert any("sarpras-inventaris-P01-2025.csv" in r for r in logged)
    assert any("kegiatan-terlambat-P01-2025-03.xlsx" in r for r in logged)
    assert not any("P02" in r for r in logged)
    dispose_engines()
