"""Posting to a Dash app's callbacks the way its renderer does, for the benchmarks (a
callback's server time measured through Flask's test client)."""
from __future__ import annotations

import gzip
import json
import re
import time


def concrete(raw_id: str, keys: dict):
    """A dependency's id with MATCH replaced by this page's key ('{"page":["MATCH"],…}')."""
    if not raw_id.startswith("{"):
        return raw_id
    parsed = json.loads(raw_id)
    return {k: (keys[k] if v == ["MATCH"] else v) for k, v in parsed.items()}


def payload(dep: dict, values: dict, keys: dict | None = None) -> dict:
    """The body the Dash renderer posts for callback `dep` with these input/state values
    (values keyed by 'type.property' for dict ids, 'id.property' otherwise; `keys` fills
    the MATCH wildcards of dict ids)."""
    keys = keys or {}
    def key_of(raw_id, prop):
        parsed = concrete(raw_id, keys)
        return f"{parsed['type'] if isinstance(parsed, dict) else parsed}.{prop}"

    def props(items):
        return [{"id": concrete(i["id"], keys), "property": i["property"],
                 "value": values.get(key_of(i["id"], i["property"]))} for i in items]
    text = dep["output"]
    many = text.startswith("..")
    parts = text.strip(".").split("...") if many else [text]
    outputs = []
    for part in parts:
        raw, prop = part.rsplit(".", 1)
        outputs.append({"id": concrete(raw, keys), "property": prop.split("@")[0]})
    first = dep["inputs"][0]
    changed = (json.dumps(concrete(first["id"], keys), separators=(",", ":"))
               if first["id"].startswith("{") else first["id"])
    return {
        "output": text,
        "outputs": outputs if many else outputs[0],
        "inputs": props(dep["inputs"]),
        "changedPropIds": [f"{changed}.{first['property']}"],
        "state": props(dep.get("state", [])),
    }


# --- signing in --------------------------------------------------------------------------------
# With login on, every callback needs a signed-in user. The benchmarks sign their test client in
# the way a browser does (the login form with its token), as a reader of the whole country or
# of one Puskesmas, so that the gate's session lookup is part of every measured request.

VIEWERS = ("nasional", "puskesmas")
PASSWORD = "sandi-benchmark-panjang"


def add_viewer_options(parser) -> None:
    parser.add_argument("--peran-wilayah", choices=VIEWERS, default="nasional",
                        help="masuk sebagai pembaca seluruh wilayah (bawaan) atau pembaca satu "
                             "Puskesmas; filter acak tetap di dalam wilayahnya")
    parser.add_argument("--puskesmas", help="kode Puskesmas untuk --peran-wilayah puskesmas "
                                            "(bawaan: Puskesmas dengan desa terbanyak)")


def viewer_scope_of(args, rows):
    """The benchmark user's scope and the desa rows (provinsi, kabupaten, puskesmas, desa codes)
    its random filter changes may pick from."""
    from domain.codes import Level  # imported once DATABASE_URL is set, like the app
    from domain.wilayah import Scope

    if args.peran_wilayah == "nasional":
        return Scope.everything(), rows
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[2]] = counts.get(row[2], 0) + 1
    kode = args.puskesmas or max(sorted(counts), key=counts.get)
    if kode not in counts:
        raise SystemExit(f"Puskesmas '{kode}' tidak ada di basis data ini.")
    return Scope(Level.PUSKESMAS, kode), [r for r in rows if r[2] == kode]


def sign_in(client, scope, rows) -> str:
    """Create (if missing) a reader with this scope and sign `client` in through POST /masuk;
    returns a line saying who it is (`rows`: the desa it may see)."""
    from data_access.db import get_engine
    from data_access.users import add_user, find_user, update_user
    from domain.access import Role
    from domain.codes import Level

    nama = "benchmark-" + ("nasional" if scope.level == Level.NASIONAL else scope.kode.lower())
    with get_engine().begin() as conn:
        user = find_user(conn, nama)
        if user is None:
            add_user(conn, nama, PASSWORD, Role.PEMBACA, scope, nama_lengkap="Benchmark")
        elif user.scope != scope or user.role != Role.PEMBACA or not user.aktif:
            update_user(conn, nama, role=Role.PEMBACA, scope=scope, aktif=True)
    page = client.get("/masuk").get_data(as_text=True)
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    if not found:
        raise SystemExit("Halaman masuk tidak punya token formulir.")
    response = client.post("/masuk", data={"csrf": found.group(1), "nama": nama, "sandi": PASSWORD,
                                           "next": "/"})
    if response.status_code != 302:
        raise SystemExit(f"Gagal masuk sebagai {nama} (HTTP {response.status_code}).")
    where = "seluruh wilayah" if scope.kode is None else f"{scope.level.value} {scope.kode}, {len(rows):,} desa"
    return f"masuk sebagai {nama} (pembaca, {where})"


# --- timing callbacks --------------------------------------------------------------------------
# Every page benchmark posts to the app through Flask's test client, signed in, beside a Dash
# callback that does nothing (the yardstick of the targets: 3 × its p95 + 20 ms).

def add_trivial_callback() -> None:
    """The yardstick: a Dash callback that does nothing, served by the same app."""
    import dash
    from dash import Input, Output

    dash.callback(Output("bench-out", "children"), Input("bench-in", "value"))(lambda v: v)


class Client:
    """The app's test client, signed in as a reader of `scope` (prints who), with the app's
    callback list, posting to a callback and timing the server's answer."""

    def __init__(self, server, scope, rows):
        self.client = server.test_client()
        print(sign_in(self.client, scope, rows))  # login is on: every request below passes the gate
        self.deps = self.client.get("/_dash-dependencies").get_json()
        self.filters = self.dep("url.search", "url")
        self.trivial = self.dep("bench-out", "bench-in")

    def dep(self, output_part: str, first_input: str | None = None) -> dict:
        """The callback whose output names `output_part` (and whose first input's id contains
        `first_input`), not one of the extra writers of an output shared with allow_duplicate."""
        return next(d for d in self.deps if output_part in d["output"]
                    and "@" not in d["output"].split("...")[0]
                    and (first_input is None or (d["inputs"] and first_input in d["inputs"][0]["id"])))

    def post(self, dep: dict, values: dict, keys: dict | None = None):
        """Post to callback `dep` as the renderer does; the server time (ms), the gzip size
        of the answer (bytes) and its decompressed body."""
        body = json.dumps(payload(dep, values, keys))
        t0 = time.perf_counter()
        resp = self.client.post("/_dash-update-component", data=body, content_type="application/json",
                                headers={"Accept-Encoding": "gzip"})
        elapsed = (time.perf_counter() - t0) * 1000
        assert resp.status_code in (200, 204), resp.data[:500]
        raw = gzip.decompress(resp.data) if resp.headers.get("Content-Encoding") == "gzip" else resp.data
        return elapsed, len(resp.data), raw

    def size_of(self, path: str) -> int:
        """The gzip size (bytes) of GET `path`."""
        return len(self.client.get(path, headers={"Accept-Encoding": "gzip"}).data)

    def time_trivial(self, value) -> float:
        return self.post(self.trivial, {"bench-in.value": value})[0]

    def filter(self, search: str):
        """The filter bar on URL `search`: its time (ms), size (bytes) and the filter state."""
        elapsed, size, raw = self.post(self.filters, {"url.search": search})
        return elapsed, size, json.loads(raw)["response"]["filter-state"]["data"]
