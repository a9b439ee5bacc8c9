"""Every server callback of the app, replayed through Flask's test client with hostile values
of every JSON type (and hostile keys in pattern-matching ids): no request may give HTTP 500
or leak a traceback, and no stored row may change.

The list of callbacks is Dash's own (/_dash-dependencies, built from app.callback_map), so a
new callback is fuzzed without a line here. The cases are generated from a fixed seed: one
property at a time, all at once, and hostile wildcard keys: about 500 requests, 3 s a dialect.

Runs on SQLite and PostgreSQL: it is cheap, and PostgreSQL finds what SQLite lets through
(a NUL character in a code is an error there, not an unknown code).
`FUZZ_ALL=1` replays every hostile value for every property (3,450 requests a dialect)."""
from __future__ import annotations

import hashlib
import json
import os
import random

from sqlalchemy import func, select

from data_access import schema
from tests import dash_client

SEED = 20261202
# Dash Pages' own router (hidden, on _pages_location) is fuzzed too: the app never renders it,
# and callbacks/security.py answers it with "no update" before Dash's own parsing runs
NOT_OURS = ()
MB = "9" * 1_000_000  # a 1 MB value: digits, so that a check on digits alone lets it through

HOSTILE = [
    None, True, False, 0, -1, 1e308, -1e308, 2**63, "NaN", "Infinity", "null", "", " ",
    "²", "%C2%B2", "¹²³⁴", "٢٠٢٥", "2025", "0", "13", "-1", "x" * 1_000_000, MB,
    "?tahun=%C2%B2", "?bulan=%C2%B2", "?tahun=¹²³⁴&bulan=²", "?kabupaten=99.01&tahun=²",
    "?" + "&".join(f"k{i}=v" for i in range(200)), "?desa=" + MB, "../../x", "<script>x</script>",
    "99.01\x00", "?kabupaten=99.01%00&tahun=2025", "'; DROP TABLE wilayah; --",
    [], [[[]]], [1, "a", None], [{"a": 1}], [{"points": [{"location": ["x"]}]}],
    {}, {"a": {"b": []}}, {"page": 1}, {"type": "pws-page", "page": ["MATCH"]},
    {"level": "desa", "kode": ["x"], "tahun": "²", "bulan": {}},
    {"level": "kabupaten", "kode": "99.01", "tahun": 2025, "bulan": "²"},
    {"level": "kabupaten", "kode": MB, "tahun": 1e308, "bulan": [3]},
    {"page": "klaster-2"}, {"page": {"page": "klaster-2"}}, {"page": ["klaster-2"]},
    {"token": ["a"], "suffix": {}, "dataset": ["keluarga"], "filename": None},
    {"token": "0" * 32, "suffix": ".csv", "dataset": "keluarga", "filename": MB},
]
HOSTILE_KEYS = ["../../x", {"page": 1}, 1, None, [], "²", "x" * 10_000, True]

# what a real page sends, so that one hostile value reaches past the others' checks; a
# property not named here starts at None
PLAUSIBLE = {
    "url.search": "?kabupaten=99.01&tahun=2025",
    "url.pathname": "/klaster-2",
    "filter-state.data": {"level": "kabupaten", "kode": "99.01", "tahun": 2025, "bulan": 3},
    "filter-tahun.value": 2025,
    "filter-kabupaten.value": "99.01",
    "pws-page.data": {"page": "klaster-2"},
    "pws-indikator.value": "k1",
    "pws-bulan.value": 3,
    "pws-map-mode.value": "status",
    "kaskade-code.data": "tb",
    "iks-indikator.value": "iks",
    "unggah-dataset.value": "keluarga",
    "unggah-job.data": "0" * 32,
}
PLAUSIBLE_KEYS = {"page": "klaster-2", "kind": "pws", "level": "kabupaten", "path": "/iks",
                  "kaskade": "tb", "rincian": "x"}


def _name(item: dict) -> str:
    parsed = dash_client.parse_id(item["id"])
    return f"{parsed.get('type') if isinstance(parsed, dict) else parsed}.{item['property']}"


def _cases(dep: dict, rng: random.Random, everything: bool) -> list[dict]:
    """(values, match, many) for one callback: each property hostile in turn, all hostile at
    once, and hostile keys in its wildcard ids."""
    items = dep["inputs"] + dep.get("state", [])
    base = [PLAUSIBLE.get(_name(i)) for i in items]
    keys = dash_client.wildcard_keys(dep)
    match = {k: PLAUSIBLE_KEYS.get(k, "x") for k in keys}
    many = [dict(match)]
    cases = []
    for n in range(len(items)):
        chosen = HOSTILE if everything else rng.sample(HOSTILE, 6)
        for value in chosen:
            values = list(base)
            values[n] = value
            cases.append(dict(values=values, match=match, many=many))
    for _ in range(3):
        cases.append(dict(values=[rng.choice(HOSTILE) for _ in items], match=match, many=many))
    if keys:
        for key in (HOSTILE_KEYS if everything else rng.sample(HOSTILE_KEYS, 3)):
            bad = dict.fromkeys(keys, key)
            cases.append(dict(values=base, match=bad, many=[match, bad]))
        cases.append(dict(values=base, match=match, many=[]))  # ALL matching no component
    return cases


# What a callback may write whatever it is sent: the audit log (a download, a refused upload
# attempt) and the import log (a refused upload). Every other table must stay as it was.
LOGS = {schema.audit_log.name, schema.impor_log.name}


def _counts(engine) -> str:
    with engine.connect() as conn:
        counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                  for t in schema.metadata.sorted_tables if t.name not in LOGS}
    return hashlib.sha256(json.dumps(counts, sort_keys=True).encode()).hexdigest()


def test_no_callback_fails_or_writes_on_hostile_values(app_client, loaded):
    client = app_client
    deps = [d for d in client.get("/_dash-dependencies").get_json()
            if not d.get("clientside_function") and not d["output"].startswith(NOT_OURS)]
    assert len(deps) >= 15  # the app's callbacks, not an empty map
    rng = random.Random(SEED)
    everything = bool(os.environ.get("FUZZ_ALL"))
    before = _counts(loaded)
    failures, sent = [], 0
    for dep in deps:
        for case in _cases(dep, rng, everything):
            body = dash_client.body(dep, **case)
            response = client.post("/_dash-update-component", json=body)
            sent += 1
            text = response.get_data(as_text=True)
            if response.status_code not in (200, 204) or "Traceback" in text or "Error" in text:
                shown = json.dumps(body)[:300]
                failures.append(f"{response.status_code} {dep['output'][:60]}: {shown}")
    assert _counts(loaded) == before
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures[:40])


def test_a_callback_request_of_the_wrong_shape_is_a_client_error_not_a_500(app_client, loaded):
    """Bodies Dash's renderer never sends (too few outputs, inputs or state; an unknown
    output; not JSON at all) made Dash itself raise before any callback of ours ran (HTTP 500):
    they are refused with 400, and nothing is stored."""
    client = app_client
    deps = [d for d in client.get("/_dash-dependencies").get_json() if not d.get("clientside_function")]
    # a callback of several outputs whose ids are plain strings (the filter bar)
    many = next(d for d in deps if d["output"].startswith("..") and "{" not in d["output"])
    before = _counts(loaded)
    good = dash_client.body(many, [None] * (len(many["inputs"]) + len(many.get("state", []))))
    shapes = [
        {**good, "outputs": []},
        {**good, "outputs": good["outputs"][:1]},
        {**good, "inputs": good["inputs"][:-1]},
        {**good, "inputs": [{"x": 1}] * len(good["inputs"])},
        {**good, "state": [1, 2, 3]},
        {**good, "output": "tidak-ada.children"},
        {**good, "output": ["daftar"]},
        ["bukan", "objek"],
        "teks",
    ]
    for body in shapes:
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 400, (response.status_code, str(body)[:200])
        assert b"Traceback" not in response.data
    assert client.post("/_dash-update-component", json=good).status_code in (200, 204)
    assert _counts(loaded) == before
