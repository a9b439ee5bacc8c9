"""A Puskesmas user sees their Puskesmas and nothing else, whatever the browser sends.

Every server callback of Dash's own callback map (/_dash-dependencies, so a new callback is
checked without a line here) is replayed for a pembaca of Puskesmas P01 (tests/sample.py)
with every place an area can come from (the URL's query string, the filter-state store, the
dropdowns, a map click, any other property) naming a sibling Puskesmas in the same
kabupaten, its desa, the kabupaten or province above, or another kabupaten. No answer may be
a 500, and no answer may carry a name, a code or a number of an area outside P01: the names
and codes are read from the database, the downloads are decoded before they are read. A
code the request itself sent may come back (a refusal names the code that was asked: that
tells nothing), a name never.

The geometry route is checked the same way. Runs on SQLite and PostgreSQL."""
from __future__ import annotations

import base64
import io
import itertools
import json
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd
import pytest
from sqlalchemy import select

from data_access import schema
from data_access.store import write_peta
from domain.access import Role
from domain.codes import Level
from domain.wilayah import Scope
from indicators.program import KASKADE_BY_CODE, RINCIAN_BY_CODE
from layouts.pages import PAGES
from tests import dash_client, sample_kunjungan

OWN = "P01"
TAHUN = 2025


@dataclass
class Ancestry:
    """P01's path, the areas around it, and what must never reach its user."""
    provinsi: str
    kabupaten: str
    desa: list[str]
    sibling: str  # a Puskesmas of the same kabupaten
    sibling_desa: str
    other_kabupaten: str | None
    other_puskesmas: str | None
    other_desa: str | None
    names: set[str] = field(default_factory=set)  # forbidden names
    codes: set[str] = field(default_factory=set)  # forbidden codes
    numbers: set[str] = field(default_factory=set)  # forbidden numbers, as text

    def targets(self) -> list[tuple[Level, str | None]]:
        """The areas a request names instead of P01."""
        found = [(Level.PUSKESMAS, self.sibling), (Level.DESA, self.sibling_desa),
                 (Level.KABUPATEN, self.kabupaten), (Level.PROVINSI, self.provinsi), (Level.NASIONAL, None)]
        if self.other_kabupaten:
            found += [(Level.KABUPATEN, self.other_kabupaten), (Level.PUSKESMAS, self.other_puskesmas),
                      (Level.DESA, self.other_desa)]
        return found

    def path_of(self, level: Level, kode: str | None) -> dict[Level, str]:
        """The query-string codes a shared link to (level, kode) carries."""
        if level == Level.NASIONAL:
            return {}
        path = {Level.PROVINSI: self.provinsi}
        if level == Level.PROVINSI:
            return path
        kab = self.other_kabupaten if kode in (self.other_kabupaten, self.other_puskesmas,
                                              self.other_desa) else self.kabupaten
        path[Level.KABUPATEN] = kab
        if level == Level.KABUPATEN:
            return {Level.PROVINSI: self.provinsi, Level.KABUPATEN: kode}
        pkm = {self.sibling_desa: self.sibling, self.other_desa: self.other_puskesmas}.get(kode, kode)
        path[Level.PUSKESMAS] = pkm
        if level == Level.DESA:
            path[Level.DESA] = kode
        return path


def _ancestry(conn) -> Ancestry:
    d, p, k, pr = schema.desa, schema.puskesmas, schema.kabupaten, schema.provinsi
    rows = pd.DataFrame(conn.execute(
        select(d.c.kode, d.c.nama, d.c.kode_puskesmas, p.c.nama.label("nama_puskesmas"), d.c.kode_kabupaten,
               k.c.nama.label("nama_kabupaten"), d.c.kode_provinsi, pr.c.nama.label("nama_provinsi"))
        .join(p, p.c.kode == d.c.kode_puskesmas).join(k, k.c.kode == d.c.kode_kabupaten)
        .join(pr, pr.c.kode == d.c.kode_provinsi).order_by(d.c.kode)).all(),
        columns=["kode", "nama", "pkm", "nama_pkm", "kab", "nama_kab", "prov", "nama_prov"])
    own = rows[rows.pkm == OWN]
    kab, prov = own.kab.iloc[0], own.prov.iloc[0]
    outside = rows[rows.pkm != OWN]
    siblings = outside[outside.kab == kab]
    assert not siblings.empty, "the sample needs a second Puskesmas in P01's kabupaten"
    others = outside[outside.kab != kab]
    found = Ancestry(prov, kab, list(own.kode), siblings.pkm.iloc[0], siblings.kode.iloc[0],
                     others.kab.iloc[0] if len(others) else None, others.pkm.iloc[0] if len(others) else None,
                     others.kode.iloc[0] if len(others) else None)
    found.names = set(outside.nama) | set(outside.nama_pkm) | set(rows[rows.kab != kab].nama_kab) \
        | set(rows[rows.prov != prov].nama_prov)
    found.codes = set(outside.kode) | set(outside.pkm) | set(rows[rows.kab != kab].kab) \
        | set(rows[rows.prov != prov].prov)
    found.numbers = _foreign_numbers(conn, list(own.kode), list(rows[rows.kab == kab].kode))
    assert not found.names & {*own.nama, own.nama_pkm.iloc[0], own.nama_kab.iloc[0], own.nama_prov.iloc[0]}
    return found


def _foreign_numbers(conn, own: list[str], kabupaten: list[str]) -> set[str]:
    """Sasaran only another Puskesmas has (fractional, so that they cannot be a count of
    P01's) and the kabupaten's sums where they differ from P01's: as the JSON and the
    Indonesian format write them."""
    s = schema.sasaran
    rows = pd.DataFrame(conn.execute(select(s.c.kode_desa, s.c.tahun, s.c.sasaran, s.c.jumlah)).all(),
                        columns=["kode_desa", "tahun", "sasaran", "jumlah"])
    values = set(rows[~rows.kode_desa.isin(own)].jumlah)
    in_kab = rows[rows.kode_desa.isin(kabupaten)].groupby(["tahun", "sasaran"]).jumlah.sum()
    in_own = rows[rows.kode_desa.isin(own)].groupby(["tahun", "sasaran"]).jumlah.sum()
    values |= {v for key, v in in_kab.items() if abs(v - in_own.get(key, 0)) > 1e-9}
    numbers = set()
    for v in values:
        if round(v, 1) != round(v):
            numbers |= {f"{v:.1f}", f"{v:.1f}".replace(".", ",")}
    return numbers


def _outlines(conn) -> None:
    """A square for every desa, Puskesmas and kabupaten, so that the maps have geometry."""
    for i, table in enumerate((schema.desa, schema.puskesmas, schema.kabupaten)):
        kodes = conn.execute(select(table.c.kode).order_by(table.c.kode)).scalars().all()
        geo = [json.dumps({"type": "Polygon", "coordinates": [[[n, i], [n + 1, i], [n + 1, i + 1], [n, i]]]})
               for n, _ in enumerate(kodes)]
        write_peta(conn, ("desa", "puskesmas", "kabupaten")[i], pd.DataFrame({"kode": kodes, "geojson": geo}))


@pytest.fixture
def province(loaded, monkeypatch, tmp_path):
    """The sample province with its registers and outlines, served by the real app."""
    from tests import sample_pws
    from tests.auth_client import cheap_hashes

    cheap_hashes(monkeypatch)

    sample_pws.load(loaded)
    sample_kunjungan.load(loaded)  # the Dashboard Utama's visits section has rows to show too
    from tests import sample_morbiditas

    sample_morbiditas.load(loaded)  # the Dashboard Utama's morbidity card has rows of every desa
    with loaded.begin() as conn:
        _outlines(conn)
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return loaded


def _client(engine, nama: str, role: Role, scope: Scope):
    import app
    from tests.auth_client import login

    return login(app.server.test_client(), engine, nama, role, scope)


@pytest.fixture
def puskesmas_client(province):
    """The real app's test client signed in as a pembaca of Puskesmas P01."""
    return _client(province, "pkm-a", Role.PEMBACA, Scope(Level.PUSKESMAS, OWN))


@pytest.fixture
def around(province) -> Ancestry:
    with province.connect() as conn:
        return _ancestry(conn)


# --- what the browser sends ----------------------------------------------------------------------

def _search(codes: dict[Level, str], **extra) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode([(lv.value, c) for lv, c in codes.items()]
                           + [("tahun", TAHUN)] + sorted(extra.items()))


def _state(level: Level, kode: str | None, bulan: int | None = 3) -> dict:
    return {"level": level.value, "kode": kode, "tahun": TAHUN, "bulan": bulan}


class Values:
    """Per property of the callback map (`id.property`, the type of a dict id): P01's own
    value, and the values that name another area."""

    def __init__(self, a: Ancestry):
        own_path = {Level.PROVINSI: a.provinsi, Level.KABUPATEN: a.kabupaten, Level.PUSKESMAS: OWN}
        self.own = {"url.search": _search(own_path), "filter-state.data": _state(Level.PUSKESMAS, OWN),
                    "filter-tahun.value": TAHUN, "iks-indikator.value": "iks", "pws-map-mode.value": "status",
                    "pws-bulan.value": 3, "unggah-dataset.value": "keluarga",
                    **{f"filter-{lv.value}.value": c for lv, c in own_path.items()}}
        targets = a.targets()
        searches = [_search(a.path_of(lv, k)) for lv, k in targets]
        # a link naming the sibling alone (no kabupaten above it), with page parameters
        searches += [_search({Level.PUSKESMAS: a.sibling}, bulan="3", indikator="k1"),
                     _search({Level.DESA: a.sibling_desa})]
        states = [_state(lv, k) for lv, k in targets] + [_state(Level.PUSKESMAS, a.sibling, None)]
        codes = self.codes = [k for _, k in targets if k]
        self.foreign = {"url.search": searches, "filter-state.data": states,
                        "clickData": [{"points": [{"location": c}]} for c in codes]}
        for level in (Level.PROVINSI, Level.KABUPATEN, Level.PUSKESMAS, Level.DESA):
            self.foreign[f"filter-{level.value}.value"] = [k for lv, k in targets if lv == level]
        # a property this test does not know may carry a code too
        self.unknown = [None, *codes, states[0], searches[0]]

    def for_item(self, item: dict) -> list:
        name = _name(item)
        if name in self.foreign:
            return self.foreign[name]
        if item["property"] == "clickData":
            return self.foreign["clickData"]
        if name in self.own or name in CONTEXT or item["property"] == "n_clicks":
            return []
        return self.unknown


# properties whose value follows the wildcard keys or a page, not an area
CONTEXT = {"pws-page.data", "kaskade-code.data", "rincian-code.data", "pws-indikator.value",
           "url.pathname", "_pages_location.pathname", "_pages_location.search"}
KEYS = {"page": [p.key for p in PAGES if p.indicators], "kaskade": sorted(KASKADE_BY_CODE),
        "rincian": sorted(RINCIAN_BY_CODE)}
FIXED_KEYS = {"kind": "pws", "level": "puskesmas", "path": "/iks"}
PATHS = [p.path for p in PAGES]


def _name(item: dict) -> str:
    parsed = dash_client.parse_id(item["id"])
    return f"{parsed.get('type') if isinstance(parsed, dict) else parsed}.{item['property']}"


def _contexts(dep: dict) -> list[dict]:
    """The wildcard keys (every PWS page, every cascade...) and page paths a callback runs for."""
    keys = sorted(dash_client.wildcard_keys(dep))
    items = dep["inputs"] + dep.get("state", [])
    paths = PATHS if any(_name(i) in ("url.pathname", "_pages_location.pathname") for i in items) else [None]
    found = []
    for combo in itertools.product(*[KEYS.get(k, [FIXED_KEYS.get(k, "x")]) for k in keys]):
        for path in paths:
            found.append({"match": dict(zip(keys, combo)), "path": path})
    return found


def _context_value(name: str, context: dict, values: Values):
    match = context["match"]
    if name == "pws-page.data":
        return {"page": match.get("page")}
    if name == "kaskade-code.data":
        return match.get("kaskade")
    if name == "rincian-code.data":
        return match.get("rincian")
    if name in ("url.pathname", "_pages_location.pathname"):
        return context["path"]
    if name == "_pages_location.search":
        return values.own["url.search"]
    return values.own.get(name, 1 if name.endswith(".n_clicks") else None)


def requests_for(dep: dict, values: Values) -> list[dict]:
    """P01's own request, then each area-carrying property naming another area in turn."""
    items = dep["inputs"] + dep.get("state", [])
    found = []
    for context in _contexts(dep):
        base = [_context_value(_name(i), context, values) for i in items]
        many = [context["match"]]
        found.append(_body(dep, base, context, many, None, own=True))
        for n, item in enumerate(items):
            for value in values.for_item(item):
                changed = list(base)
                changed[n] = value
                found.append(_body(dep, changed, context, many, n))
    # a code in the pattern-matching ids themselves (the page, the cascade, the crumb's level)
    keys = dash_client.wildcard_keys(dep)
    for code in values.codes if keys else ():
        context = {"match": dict.fromkeys(keys, code), "path": PATHS[0]}
        base = [_context_value(_name(i), context, values) for i in items]
        found.append(_body(dep, base, context, [context["match"]], None))
    return found


def _body(dep, values, context, many, changed: int | None, own: bool = False) -> dict:
    body = dash_client.body(dep, values, match=context["match"], many=many)
    items = dep["inputs"]
    if changed is not None and changed < len(items) and not dash_client.is_multi(items[changed]["id"]):
        # the renderer names the property that changed: the filter bar reads a dropdown then
        concrete = dash_client.concrete(items[changed]["id"], context["match"])
        body["changedPropIds"] = [f"{dash_client._id_text(concrete)}.{items[changed]['property']}"]
    return {"body": body, "own": own}


# --- what comes back -----------------------------------------------------------------------------

def readable(raw: bytes) -> str:
    """The response as text, with every download (base64 CSV or XLSX) decoded."""
    text = raw.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        return text
    parts = [text]

    def walk(node):
        if isinstance(node, dict):
            if node.get("base64") and isinstance(node.get("content"), str):
                content = base64.b64decode(node["content"])
                if content[:2] == b"PK":
                    with zipfile.ZipFile(io.BytesIO(content)) as archive:
                        parts.extend(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
                else:
                    parts.append(content.decode("utf-8", "replace"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return "\n".join(parts)


def _pattern(word: str) -> re.Pattern:
    return re.compile(r"(?<![\w.])" + re.escape(word) + r"(?!\w|\.?\d)")


def leaks(text: str, sent: str, a: Ancestry) -> list[str]:
    """The foreign names, codes and numbers in `text`; codes that `sent` holds may come back."""
    found = [n for n in a.names if n in text]
    echoed = sorted((c for c in a.codes if c in sent), key=len, reverse=True)
    for code in echoed:
        text = text.replace(code, "")
    found += [c for c in a.codes if _pattern(c).search(text)]
    found += [n for n in a.numbers if _pattern(n).search(text)]
    return found


def _callbacks(client) -> list[dict]:
    deps = [d for d in client.get("/_dash-dependencies").get_json() if not d.get("clientside_function")]
    assert len(deps) >= 15  # the app's callbacks, not an empty map
    return deps


def test_no_callback_shows_a_puskesmas_user_another_area(puskesmas_client, around):
    client, values = puskesmas_client, Values(around)
    failures, sent, own_text = [], 0, []
    for dep in _callbacks(client):
        for request in requests_for(dep, values):
            body = request["body"]
            response = client.post("/_dash-update-component", json=body)
            sent += 1
            text = readable(response.data)
            shown = f"{response.status_code} {dep['output'][:70]}: {json.dumps(body)[:400]}"
            if response.status_code not in (200, 204) or "Traceback" in text:
                failures.append(shown)
                continue
            found = leaks(text, json.dumps(body), around)
            if found:
                failures.append(f"{sorted(found)} in {shown}")
            if request["own"]:
                own_text.append(text)
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures[:30])
    # the own requests did show P01 (the test can see a name when there is one)
    with_desa = "\n".join(own_text)
    assert sent > 300
    assert all(d in with_desa for d in around.desa)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_the_leak_check_sees_a_foreign_name_code_and_number(around):
    """The check itself: a sibling's desa code, a Puskesmas name and a sasaran of theirs are
    found, inside a CSV download too; the code the request sent is not a leak."""
    assert leaks(f'{{"x": "{around.sibling_desa}"}}', "{}", around) == [around.sibling_desa]
    assert leaks(f'{{"x": "{around.sibling_desa}"}}', around.sibling_desa, around) == []
    assert leaks('{"x": "Pkm B"}', "Pkm B", around) == ["Pkm B"]
    csv = base64.b64encode(b"kode;sasaran\nx;101,2\n").decode()
    assert leaks(readable(json.dumps({"content": csv, "base64": True}).encode()), "", around) == ["101,2"]
    assert leaks('{"y": [12.0, 99.0, 2001]}', "", around) == []


def _filter_bar(client, search: str) -> dict:
    dep = next(d for d in _callbacks(client) if d["output"].startswith("..url.search...filter-state.data"))
    values = [search, None, None, None, None, None, [], None]
    response = client.post("/_dash-update-component", json=dash_client.body(dep, values))
    assert response.status_code == 200
    return response.get_json()["response"]


def test_a_link_to_a_sibling_puskesmas_opens_the_users_own_with_a_refusal(puskesmas_client, around):
    out = _filter_bar(puskesmas_client, _search({Level.PROVINSI: around.provinsi,
                                                 Level.KABUPATEN: around.kabupaten, Level.PUSKESMAS: around.sibling}))
    assert out["filter-state"]["data"] == {"level": "puskesmas", "kode": OWN, "tahun": TAHUN, "bulan": None}
    assert f"puskesmas={OWN}" in out["url"]["search"] and around.sibling not in out["url"]["search"]
    alert = json.dumps(out["filter-alert"]["children"])
    assert "di luar wilayah Anda" in alert and "Pkm A" in alert
    assert not [n for n in around.names if n in json.dumps(out)]
    # the dropdowns offer P01 and its desa, nothing of the sibling
    options = json.dumps(out["filter-puskesmas"]["options"]) + json.dumps(out["filter-desa"]["options"])
    assert OWN in options and around.sibling not in options and around.sibling_desa not in options
    # a link to the sibling's desa names only the code asked
    out = _filter_bar(puskesmas_client, _search({Level.DESA: around.sibling_desa}))
    assert out["filter-state"]["data"]["kode"] == OWN
    alert = json.dumps(out["filter-alert"]["children"])
    assert "tidak ditemukan di wilayah yang boleh Anda lihat" in alert
    assert not [n for n in around.names if n in alert]


# --- the geometry route --------------------------------------------------------------------------

def test_the_outlines_of_another_area_are_refused_and_the_own_are_the_own_desa(puskesmas_client, around):
    client = puskesmas_client
    refused = [f"/peta/puskesmas/{around.sibling}.json", f"/peta/desa/{around.sibling_desa}.json",
               "/peta/nasional/x.json", f"/peta/provinsi/{around.provinsi}.json",
               f"/peta/kabupaten/{around.kabupaten}.json"]
    if around.other_kabupaten:
        refused += [f"/peta/kabupaten/{around.other_kabupaten}.json",
                    f"/peta/puskesmas/{around.other_puskesmas}.json"]
    for path in refused:
        response = client.get(path)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert not leaks(response.get_data(as_text=True), path, around), path
        assert "Pkm A" not in response.get_data(as_text=True)
    # the page shell and the pages themselves, opened with a link to the sibling
    search = _search(around.path_of(Level.PUSKESMAS, around.sibling))
    for path in ["/_dash-layout", *(p + search for p in PATHS)]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not leaks(response.get_data(as_text=True), path, around), path
    # the user's own outlines: their desa only
    response = client.get(f"/peta/puskesmas/{OWN}.json")
    assert response.status_code == 200
    features = response.get_json()["features"]
    assert sorted(f.get("id") or f["properties"].get("kode") for f in features) == sorted(around.desa)
    assert not leaks(response.get_data(as_text=True), "", around)


def test_a_kabupaten_user_sees_the_sibling_and_the_cache_does_not_hand_it_on(puskesmas_client, province, around):
    """The other side of the coin: the same requests show the sibling to a user of the
    kabupaten (the refusals above come from the scope, not from missing data), and what they
    warmed in the query cache is not handed to the Puskesmas user asking the same."""
    client = _client(province, "dinkes-uji", Role.PEMBACA, Scope(Level.KABUPATEN, around.kabupaten))
    response = client.get(f"/peta/puskesmas/{around.sibling}.json")
    assert response.status_code == 200 and around.sibling_desa in response.get_data(as_text=True)
    search = _search(around.path_of(Level.PUSKESMAS, around.sibling))
    out = _filter_bar(client, search)
    assert out["filter-state"]["data"]["kode"] == around.sibling
    assert "Pkm B" in json.dumps(out["breadcrumb"])
    values = Values(around)
    sibling_state = _state(Level.PUSKESMAS, around.sibling)
    bodies = []
    for dep in _callbacks(client):
        items = dep["inputs"] + dep.get("state", [])
        if not any(_name(i) == "filter-state.data" for i in items):
            continue
        context = _contexts(dep)[0]
        dep_values = [sibling_state if _name(i) == "filter-state.data" else _context_value(_name(i), context, values)
                      for i in items]
        bodies.append(_body(dep, dep_values, context, [context["match"]], None)["body"])
    seen = "".join(client.post("/_dash-update-component", json=b).get_data(as_text=True) for b in bodies)
    assert "Desa B1" in seen and len(bodies) >= 8
    assert puskesmas_client.get(f"/peta/puskesmas/{around.sibling}.json").status_code == 404
    assert _filter_bar(puskesmas_client, search)["filter-state"]["data"]["kode"] == OWN
    for body in bodies:
        response = puskesmas_client.post("/_dash-update-component", json=body)
        assert response.status_code in (200, 204)
        assert not leaks(readable(response.data), json.dumps(body), around), body["output"][:80]


def _import_row(conn, when, tingkat: Level | None, kode: str | None) -> None:
    conn.execute(schema.impor_log.insert().values(
        waktu=when, dataset="layanan", nama_berkas="register.csv", baris=1, ditambah=1, diubah=0, tetap=0,
        hasil="berhasil", pesan="", pengguna="uji", tingkat_wilayah=tingkat.value if tingkat else None,
        kode_wilayah=kode))


def test_the_last_import_date_is_of_the_users_own_registers(puskesmas_client, province, around):
    """The PWS title says when registers were last imported: an import by a sibling
    Puskesmas is not the user's to know (nor is it their data); one by the kabupaten above
    them, or by the operator, updated their registers too."""
    from datetime import datetime

    dep = next(d for d in _callbacks(puskesmas_client) if "pws-asof" in d["output"])

    def shown() -> str:
        body = dash_client.body(dep, [_state(Level.PUSKESMAS, OWN), {"page": "klaster-2"}],
                                match={"page": "klaster-2"})
        response = puskesmas_client.post("/_dash-update-component", json=body)
        assert response.status_code == 200
        return json.dumps(response.get_json())

    with province.begin() as conn:
        _import_row(conn, datetime(2025, 4, 2, 9), Level.KABUPATEN, around.kabupaten)
    assert "02-04-2025" in shown()
    with province.begin() as conn:
        _import_row(conn, datetime(2025, 5, 3, 9), Level.PUSKESMAS, around.sibling)
    assert "03-05-2025" not in shown() and "02-04-2025" in shown()
    with province.begin() as conn:
        _import_row(conn, datetime(2025, 6, 4, 9), None, None)  # the operator, the whole country
        _import_row(conn, datetime(2025, 5, 5, 9), Level.PUSKESMAS, OWN)
    assert "04-06-2025" in shown()


def test_the_import_log_shows_a_puskesmas_user_only_their_own_imports(puskesmas_client, province, around):
    from datetime import datetime

    with province.begin() as conn:
        conn.execute(schema.impor_log.insert().values(
            waktu=datetime(2025, 5, 3, 9), dataset="layanan", nama_berkas=f"register {around.sibling}.csv",
            baris=1, ditambah=1, diubah=0, tetap=0, hasil="ditolak",
            pesan=f"Baris 2: kode desa {around.sibling_desa} ({sorted(around.names)[0]}) ...",
            pengguna="petugas-b", tingkat_wilayah="puskesmas", kode_wilayah=around.sibling))
    dep = next(d for d in _callbacks(puskesmas_client) if "unggah-log.rowData" in d["output"])
    response = puskesmas_client.post("/_dash-update-component", json=dash_client.body(dep, [1, None]))
    assert response.status_code == 200
    assert not leaks(readable(response.data), "", around)
