"""The lokakarya mini's presentation page callbacks (callbacks/lokmin.py) through the real app
(Flask's test client, signed in), with the payloads a browser sends and crafted ones: a
Puskesmas account asking for another Puskesmas gets a refusal and nothing of it, whichever
store it crafts; values of the wrong type get a message, never a server error; the presenter's
arrangement is saved for the Puskesmas and read back on the next visit, by its own writers
only. SQLite and PostgreSQL, on the registers of tests/sample_skor.py (Pkm A P01 and Pkm B
P02 in Kab Satu 99.01, Pkm C P03 in Kab Dua 99.02; data January–February 2025)."""
from __future__ import annotations

import json

import pytest

from data_access.db import dispose_engines
from data_access.lokmin_susunan import read_susunan
from domain.access import Role
from domain.codes import Level
from domain.wilayah import Scope
from layouts.ids import Lokmin as L
from tests import dash_client, sample_skor

WRITER_A = ("pengelola-a", Role.PENGELOLA, Scope(Level.PUSKESMAS, "P01"))
READER_A = ("pembaca-a", Role.PEMBACA, Scope(Level.PUSKESMAS, "P01"))
KAB_SATU = ("dinkes-satu", Role.PENGELOLA, Scope(Level.KABUPATEN, "99.01"))
MB = "9" * 1_000_000


@pytest.fixture
def lokmin_app(loaded, monkeypatch, tmp_path):
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


def _dep(client, output_part: str):
    deps = client.get("/_dash-dependencies").get_json()
    return next(d for d in deps if d["output"].split("@")[0].lstrip(".").startswith(output_part)
                and not d.get("clientside_function"))


def call(client, output_part: str, values: dict, changed: str | None = None, many: list | None = None):
    """Post to the callback whose (first) output is `output_part`, with `values` by
    "id.property" (missing ones None); returns (status, response or None, raw text)."""
    dep = _dep(client, output_part)
    items = dep["inputs"] + dep.get("state", [])
    body = dash_client.body(dep, [values.get(f"{i['id']}.{i['property']}") for i in items], many=many)
    if changed:
        body["changedPropIds"] = [changed]
    response = client.post("/_dash-update-component", json=body)
    text = response.get_data(as_text=True)
    assert response.status_code in (200, 204), text[:500]
    return response.status_code, (response.get_json()["response"] if response.status_code == 200 else None), text


def open_deck(client, asked: dict, chosen=None):
    _, out, text = call(client, L.STATE, {f"{L.ASKED}.data": asked, f"{L.CHOOSER}.value": chosen},
                        changed=f"{L.ASKED}.data")
    return out, text


def arrange(client, keys, changed_type: str, key: str, value, susunan, state):
    """The "Atur slide" callback as the browser posts it when row `key`'s `changed_type`
    (naik, turun, tampil) changed to `value`; the other rows as drawn."""
    many = [{"key": k} for k in keys]
    hidden = set(susunan["sembunyi"])
    naik = [value if (changed_type == L.NAIK and k == key) else None for k in keys]
    turun = [value if (changed_type == L.TURUN and k == key) else None for k in keys]
    tampil = [value if (changed_type == L.TAMPIL and k == key) else ([] if k in hidden else [k]) for k in keys]
    dep = _dep(client, L.SUSUNAN)
    names = [f"{i['id']}.{i['property']}" for i in dep["inputs"] + dep["state"]]
    values = dict(zip(names, [naik, turun, tampil, None, susunan, state, 0]))
    prop = "value" if changed_type == L.TAMPIL else "n_clicks"
    changed = json.dumps({"key": key, "type": changed_type}, sort_keys=True, separators=(",", ":")) + "." + prop
    return call(client, L.SUSUNAN, values, changed=changed, many=many)


def nothing(status, out) -> bool:
    """No output changed (an allow_duplicate output's no_update comes back as an empty response)."""
    return status == 204 or out == {}


def state_of(out) -> dict:
    return out[L.STATE]["data"]


# --- opening: the viewer's own Puskesmas, the latest month --------------------------------------

def test_a_puskesmas_opens_its_own_deck_on_the_latest_month(lokmin_app):
    client = client_of(lokmin_app, WRITER_A)
    out, _ = open_deck(client, {})
    assert state_of(out) == {"puskesmas": "P01", "tahun": 2025, "bulan": 2}
    assert out[L.MESSAGE]["children"] is None
    assert out[L.EXIT]["href"] == "/?puskesmas=P01&tahun=2025&bulan=2"
    susunan = out[L.SUSUNAN]["data"]
    assert len(susunan["urutan"]) >= 2 and susunan["sembunyi"] == []

    texts = out[L.SLIDES]["data"]
    assert [t["key"] for t in texts] == susunan["urutan"]
    assert all(t["judul"] and t["sumber"] for t in texts)
    assert "Pkm A" in texts[0]["judul"]
    # the first two charts come with the texts (the first slide draws at once), no more
    assert set(out[L.FIGURES]["data"]) == set(susunan["urutan"][:2])
    # a writer gets a "Catat RTL" link for a finding, pre-filled with the slide's title
    finding = next(t for t in texts if t["jenis"] not in ("judul", "penutup"))
    assert finding["rtl"].startswith("/rtl?baru=1&puskesmas=P01&tahun=2025&bulan=2")
    assert "masalah=" in finding["rtl"]


def test_a_month_asked_is_the_month_shown(lokmin_app):
    client = client_of(lokmin_app, WRITER_A)
    out, _ = open_deck(client, {"puskesmas": "P01", "tahun": "2025", "bulan": "1"})
    assert state_of(out) == {"puskesmas": "P01", "tahun": 2025, "bulan": 1}


def test_a_reader_gets_no_rtl_link(lokmin_app):
    client = client_of(lokmin_app, READER_A)
    out, _ = open_deck(client, {})
    assert out[L.SLIDES]["data"] and all(t["rtl"] is None for t in out[L.SLIDES]["data"])


# --- scope: another Puskesmas by crafted request ------------------------------------------------

@pytest.mark.parametrize("kode", ["P02", "P03", "TIDAK-ADA"])
def test_a_puskesmas_asking_for_another_gets_a_refusal_and_nothing_of_it(lokmin_app, kode):
    client = client_of(lokmin_app, WRITER_A)
    out, text = open_deck(client, {"puskesmas": kode, "tahun": "2025", "bulan": "2"})
    assert state_of(out) is None and out[L.SUSUNAN]["data"] is None
    message = out[L.MESSAGE]["children"]
    assert f"'{kode}'" in message and "tidak dapat ditampilkan" in message
    assert out[L.SLIDES]["data"] == [] and out[L.FIGURES]["data"] == {} and out[L.PANEL]["children"] is None
    assert "Pkm B" not in text and "Pkm C" not in text


def test_a_crafted_state_fetches_no_chart_of_another_puskesmas(lokmin_app):
    client = client_of(lokmin_app, WRITER_A)
    status, out, text = call(client, L.FIGURES, {
        f"{L.POS}.data": 0, f"{L.SLIDES}.data": [{"key": "judul"}, {"key": "skor"}], f"{L.HAVE}.data": [],
        f"{L.STATE}.data": {"puskesmas": "P02", "tahun": 2025, "bulan": 2}})
    assert nothing(status, out)


def test_a_crafted_arrangement_for_another_puskesmas_is_neither_applied_nor_saved(lokmin_app):
    client = client_of(lokmin_app, WRITER_A)
    susunan = {"urutan": ["skor", "judul"], "sembunyi": []}
    status, out, _ = arrange(client, ["skor", "judul"], L.TURUN, "skor", 1, susunan,
                             {"puskesmas": "P02", "tahun": 2025, "bulan": 2})
    assert nothing(status, out)
    with lokmin_app.connect() as conn:
        assert read_susunan(conn, "P02") == ([], [])


def test_the_navbar_button_names_the_filters_puskesmas_and_month(lokmin_app):
    client = client_of(lokmin_app, WRITER_A)
    _, out, _ = call(client, L.BUTTON, {"filter-state.data": {"level": "desa", "kode": "99.01.01.2001", "tahun": 2025,
                                                              "bulan": 2}})
    assert out[L.BUTTON]["href"] == "/lokmin?puskesmas=P01&tahun=2025&bulan=2"
    _, out, _ = call(client, L.BUTTON, {"filter-state.data": {"level": "puskesmas", "kode": "P02",
                                                              "tahun": 2025}})
    assert out[L.BUTTON]["href"] == "/lokmin"  # outside the scope: the page's own default


# --- a Dinkes viewer chooses among its own Puskesmas --------------------------------------------

def test_a_dinkes_viewer_chooses_among_the_puskesmas_of_its_scope(lokmin_app):
    client = client_of(lokmin_app, KAB_SATU)
    out, _ = open_deck(client, {})
    assert state_of(out) is None and "Pilih Puskesmas" in out[L.MESSAGE]["children"]
    assert out[L.CHOOSER_WRAP]["hidden"] is False
    assert [o["value"] for o in out[L.CHOOSER]["options"]] == ["P01", "P02"]
    _, chosen, _ = call(client, L.STATE, {f"{L.ASKED}.data": {}, f"{L.CHOOSER}.value": "P02"},
                        changed=f"{L.CHOOSER}.value")
    assert state_of(chosen) == {"puskesmas": "P02", "tahun": 2025, "bulan": 2}
    _, refused, text = call(client, L.STATE, {f"{L.ASKED}.data": {}, f"{L.CHOOSER}.value": "P03"},
                            changed=f"{L.CHOOSER}.value")
    assert state_of(refused) is None and "Pkm C" not in text


# --- bad types and ranges -----------------------------------------------------------------------

@pytest.mark.parametrize("asked, says", [
    ({"puskesmas": "P01", "tahun": "²⁰²⁵"}, "Tahun '²⁰²⁵' tidak dikenal"),
    ({"puskesmas": "P01", "tahun": "2025", "bulan": "13"}, "Bulan '13' tidak dikenal"),
    ({"puskesmas": "P01", "tahun": "2025", "bulan": "²"}, "Bulan '²' tidak dikenal"),
    ({"puskesmas": "P01", "tahun": MB}, "Tahun '999"),
    ({"puskesmas": "P01", "tahun": [2025]}, "Tahun '[2025]' tidak dikenal"),
    ({"puskesmas": "P01", "tahun": "1800"}, "Tahun '1800' tidak dikenal"),
    ({"puskesmas": "P01", "tahun": "2019"}, "Belum ada register layanan untuk Pkm A tahun 2019"),
    # a month does not make a year without registers presentable
    ({"puskesmas": "P01", "tahun": "2019", "bulan": "6"}, "Belum ada register layanan untuk Pkm A tahun 2019"),
])
def test_bad_values_in_the_query_get_a_message(lokmin_app, asked, says):
    client = client_of(lokmin_app, WRITER_A)
    out, text = open_deck(client, asked)
    assert state_of(out) is None
    assert says in out[L.MESSAGE]["children"]
    assert len(text) < 20_000


@pytest.mark.parametrize("asked", [None, 42, "?puskesmas=P02", {"puskesmas": {"kode": "P02"}},
                                   {"puskesmas": ["P02"]}, {"puskesmas": MB}])
def test_a_store_of_the_wrong_shape_opens_the_viewers_own_deck_or_refuses(lokmin_app, asked):
    client = client_of(lokmin_app, WRITER_A)
    out, text = open_deck(client, asked)
    assert state_of(out) in (None, {"puskesmas": "P01", "tahun": 2025, "bulan": 2})
    assert "Pkm B" not in text


@pytest.mark.parametrize("state", [None, 42, {"puskesmas": "P01"}, {"puskesmas": "P01", "tahun": "x", "bulan": 2},
                                   {"puskesmas": "P01", "tahun": 2025, "bulan": 13},
                                   {"puskesmas": ["P01"], "tahun": 2025, "bulan": 2}])
def test_a_crafted_page_state_arranges_nothing(lokmin_app, state):
    client = client_of(lokmin_app, WRITER_A)
    susunan = {"urutan": ["judul", "skor"], "sembunyi": []}
    status, out, _ = arrange(client, ["judul", "skor"], L.TURUN, "judul", 1, susunan, state)
    assert nothing(status, out)
    with lokmin_app.connect() as conn:
        assert read_susunan(conn, "P01") == ([], [])


@pytest.mark.parametrize("pos, slides", [("x", [{"key": "skor"}]), (-1, [{"key": "skor"}]), (10**9, [{"key": "skor"}]),
                                         (0, "skor"), (0, [{"key": {"a": 1}}]), (0, [{"key": "tidak-ada"}])])
def test_a_crafted_position_or_slide_list_fetches_nothing(lokmin_app, pos, slides):
    client = client_of(lokmin_app, WRITER_A)
    status, out, _ = call(client, L.FIGURES, {
        f"{L.POS}.data": pos, f"{L.SLIDES}.data": slides, f"{L.HAVE}.data": [],
        f"{L.STATE}.data": {"puskesmas": "P01", "tahun": 2025, "bulan": 2}})
    assert nothing(status, out)


def test_the_next_chart_is_fetched_and_the_old_ones_dropped(lokmin_app):
    client = client_of(lokmin_app, WRITER_A)
    out, _ = open_deck(client, {})
    keys = out[L.SUSUNAN]["data"]["urutan"]
    _, fetched, _ = call(client, L.FIGURES, {
        f"{L.POS}.data": 1, f"{L.SLIDES}.data": [{"key": k} for k in keys], f"{L.HAVE}.data": ["tua", keys[0]],
        f"{L.STATE}.data": state_of(out)})
    operations = fetched[L.FIGURES]["data"]["operations"]
    assigned = {op["location"][0] for op in operations if op["operation"] == "Assign"}
    deleted = {op["location"][0] for op in operations if op["operation"] == "Delete"}
    assert assigned == set(keys[1:3])  # the current slide and the next, not the one held
    assert deleted == {"tua"}


# --- the arrangement, saved and read back --------------------------------------------------------

def test_a_writer_moves_and_hides_slides_saved_and_read_back_next_time(lokmin_app):
    client = client_of(lokmin_app, WRITER_A)
    out, _ = open_deck(client, {})
    state, susunan = state_of(out), out[L.SUSUNAN]["data"]
    keys = susunan["urutan"]
    first, second = keys[0], keys[1]

    _, moved, _ = arrange(client, keys, L.TURUN, first, 1, susunan, state)
    new = moved[L.SUSUNAN]["data"]
    assert new["urutan"][:2] == [second, first]
    # the slides come back in the new order, with the charts of the slide on screen and the next
    assert [t["key"] for t in moved[L.SLIDES]["data"]] == new["urutan"]
    assert set(moved[L.FIGURES]["data"]) == {second, first}
    assert "disimpan" in moved[L.ATUR_PESAN]["children"]

    _, hidden, _ = arrange(client, new["urutan"], L.TAMPIL, first, [], new, state)
    assert hidden[L.SUSUNAN]["data"]["sembunyi"] == [first]
    with lokmin_app.connect() as conn:
        assert read_susunan(conn, "P01") == ([second, first, *keys[2:]], [first])

    # the next visit opens with it; the hidden slide is not shown, and its row stays in the panel
    again, _ = open_deck(client, {})
    assert again[L.SUSUNAN]["data"] == {"urutan": [second, first, *keys[2:]], "sembunyi": [first]}
    assert [t["key"] for t in again[L.SLIDES]["data"]] == [second, *keys[2:]]
    assert len(json.dumps(again[L.PANEL]["children"]).split(f'"type": "{L.TAMPIL}"')) - 1 == len(keys)

    # "Kembalikan urutan awal"
    dep = _dep(client, L.SUSUNAN)
    names = [f"{i['id']}.{i['property']}" for i in dep["inputs"] + dep["state"]]
    many = [{"key": k} for k in again[L.SUSUNAN]["data"]["urutan"]]
    values = dict(zip(names, [[None] * len(many), [None] * len(many), [[k] for k in keys], 1,
                              again[L.SUSUNAN]["data"], state, 0]))
    _, reset, _ = call(client, L.SUSUNAN, values, changed=f"{L.RESET}.n_clicks", many=many)
    assert reset[L.SUSUNAN]["data"] == {"urutan": keys, "sembunyi": []}
    with lokmin_app.connect() as conn:
        assert read_susunan(conn, "P01") == ([], [])


def test_a_row_drawn_again_changes_nothing(lokmin_app):
    client = client_of(lokmin_app, WRITER_A)
    out, _ = open_deck(client, {})
    susunan = out[L.SUSUNAN]["data"]
    status, changed, _ = arrange(client, susunan["urutan"], L.TURUN, susunan["urutan"][0], None, susunan,
                                 state_of(out))
    assert nothing(status, changed)
    status, changed, _ = arrange(client, susunan["urutan"], L.TAMPIL, susunan["urutan"][0], [susunan["urutan"][0]],
                           susunan, state_of(out))
    assert nothing(status, changed)


@pytest.mark.parametrize("who", [READER_A, KAB_SATU])
def test_a_viewer_who_may_not_write_rearranges_for_the_session_only(lokmin_app, who):
    client = client_of(lokmin_app, who)
    out, _ = open_deck(client, {"puskesmas": "P01"})
    state, susunan = state_of(out), out[L.SUSUNAN]["data"]
    keys = susunan["urutan"]
    _, moved, _ = arrange(client, keys, L.TURUN, keys[0], 1, susunan, state)
    assert moved[L.SUSUNAN]["data"]["urutan"][:2] == [keys[1], keys[0]]
    assert "berlaku untuk presentasi ini saja" in moved[L.ATUR_PESAN]["children"]
    with lokmin_app.connect() as conn:
        assert read_susunan(conn, "P01") == ([], [])
