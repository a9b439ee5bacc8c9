"""Posting to a Dash app's callbacks the way its renderer does, for the benchmarks (a
callback's server time measured through Flask's test client)."""
from __future__ import annotations

import json
import re


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
