"""Benchmark of the IKS page at province scale: server time of its callbacks on a filter
change (p50/p95, beside a trivial Dash callback in the same run) and the bytes sent for a
first map view and for an indicator change. Not a test: run it, read it, put it in the README.

    python benchmarks/iks_page.py --buat        # builds the ~6,000-desa demo once (long)
    python benchmarks/iks_page.py               # measures
    python benchmarks/iks_page.py --peran-wilayah puskesmas   # as a reader of one Puskesmas

The test client signs in first (login is on): as a reader of the whole country, or of one
Puskesmas, whose random filter changes then stay inside that Puskesmas.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dash_client import add_viewer_options, payload, sign_in, viewer_scope_of  # noqa: E402

DEFAULT_DB = ROOT / "benchmarks" / "out" / "provinsi.sqlite"


def build(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    start = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "demo", "--skala", "provinsi", "--ganti"],
                   env=env, check=True)
    print(f"dibangun dalam {time.monotonic() - start:.0f} s: {db} ({db.stat().st_size / 1e9:.2f} GB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--buat", action="store_true", help="bangun basis data skala provinsi dulu")
    parser.add_argument("--n", type=int, default=60, help="perubahan filter yang diukur")
    add_viewer_options(parser)
    args = parser.parse_args()
    if args.buat or not args.db.exists():
        build(args.db)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"

    import dash
    from dash import Input, Output
    from sqlalchemy import func, select

    import app as dashboard
    from callbacks.common import connect
    from data_access import schema
    from layouts.ids import Iks, dom_id

    # the yardstick: a Dash callback that does nothing, through the same server
    dash.callback(Output("bench-out", "children"), Input("bench-in", "value"))(lambda v: v)
    with connect() as conn:
        d = schema.desa
        counts = conn.execute(select(func.count(), func.count(d.c.kode_puskesmas.distinct()),
                                     func.count(d.c.kode_kabupaten.distinct()))).one()
        visits = conn.execute(select(func.count()).select_from(schema.kunjungan_keluarga)).scalar()
        families = conn.execute(select(func.sum(d.c.jumlah_keluarga))).scalar()
        rows = conn.execute(select(d.c.kode_provinsi, d.c.kode_kabupaten, d.c.kode_puskesmas, d.c.kode)).all()
    print(f"data: {counts[0]:,} desa, {counts[1]:,} puskesmas, {counts[2]} kabupaten/kota, "
          f"{families:,} keluarga terdaftar, {visits:,} kunjungan")
    scope, rows = viewer_scope_of(args, rows)
    client = dashboard.server.test_client()
    print(sign_in(client, scope, rows))  # login is on: every request below passes the gate
    deps = client.get("/_dash-dependencies").get_json()

    def dep_with(first_input: str, output_prefix: str) -> dict:
        return next(d for d in deps if d["inputs"] and d["inputs"][0]["id"] == first_input
                    and d["output"].lstrip(".").startswith(output_prefix))

    filters = dep_with("url", "url.search")
    area = dep_with("filter-state", "iks-title")
    indicator = dep_with("filter-state", dom_id(Iks.MAP_SPEC))
    trivial = dep_with("bench-in", "bench-out")

    def post(dep, values):
        body = json.dumps(payload(dep, values))
        t0 = time.perf_counter()
        resp = client.post("/_dash-update-component", data=body, content_type="application/json",
                           headers={"Accept-Encoding": "gzip"})
        elapsed = (time.perf_counter() - t0) * 1000
        assert resp.status_code in (200, 204), resp.data[:500]
        raw = gzip.decompress(resp.data) if resp.headers.get("Content-Encoding") == "gzip" else resp.data
        return elapsed, resp, len(resp.data), raw

    rng = random.Random(7)
    searches = []
    levels = ["provinsi", "kabupaten", "puskesmas", "desa"]
    # the levels the viewer can choose: below a Puskesmas scope, its own view or one of its desa
    choosable = levels[levels.index(scope.level.value):] if scope.kode else levels
    for _ in range(args.n):
        prov, kab, pkm, desa = rng.choice(rows)
        level = rng.choice(choosable)
        parts = {"provinsi": prov, "kabupaten": kab, "puskesmas": pkm, "desa": desa}
        keep = levels[: levels.index(level) + 1]
        searches.append("?" + "&".join(f"{k}={parts[k]}" for k in keep))

    # warm up (imports, first queries, SQLite page cache)
    for s in searches[:5]:
        post(filters, {"url.search": s})
        post(trivial, {"bench-in.value": "x"})

    from data_access import iks as iks_queries
    from data_access import wilayah

    def forget():
        """Cold path: as if this view had never been asked for since the last data change."""
        for fn in (iks_queries.iks_area_table, iks_queries.iks_years, wilayah._lookup,
                   wilayah.children, wilayah.scope_root):
            fn.cache_clear()

    times = {"trivial": [], "filter": [], "area": [], "indicator": [], "chain": []}
    for s in searches:
        forget()
        times["trivial"].append(post(trivial, {"bench-in.value": s})[0])
        t_f, resp, _, raw = post(filters, {"url.search": s})
        state = json.loads(raw)["response"]["filter-state"]["data"]
        t_a = post(area, {"filter-state.data": state})[0]
        t_i = post(indicator, {"filter-state.data": state, "iks-indikator.value": "iks"})[0]
        for key, value in (("filter", t_f), ("area", t_a), ("indicator", t_i)):
            times[key].append(value)
        times["chain"].append(t_f + max(t_a, t_i))  # the browser sends the last two together

    def pct(values, q):
        return statistics.quantiles(values, n=100, method="inclusive")[q - 1]

    p95_trivial = pct(times["trivial"], 95)
    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak di semua tingkat, "
          "tembolok dikosongkan sebelum tiap perubahan:")
    print(f"{'callback':<34}{'p50':>8}{'p95':>8}")
    labels = {"trivial": "callback Dash kosong (pembanding)", "filter": "filter bar (URL → filter)",
              "area": "IKS: KPI, tabel, perubahan", "indicator": "IKS: peta (nilai) dan peringkat",
              "chain": "rantai filter → halaman"}
    for key, label in labels.items():
        print(f"{label:<34}{pct(times[key], 50):8.1f}{pct(times[key], 95):8.1f}")
    target = 3 * p95_trivial + 20
    worst = max(pct(times[k], 95) for k in ("filter", "area", "indicator"))
    print(f"target p95 per callback ≤ 3 × {p95_trivial:.1f} + 20 = {target:.1f} ms: "
          f"{'terpenuhi' if worst <= target else 'TIDAK terpenuhi'} (terburuk {worst:.1f} ms)")

    # bytes: first view of the province, then an indicator change
    first = {}
    layout = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    first["tata letak halaman"] = len(layout.data)
    _, _, size_f, raw = post(filters, {"url.search": ""})
    first["filter bar"] = size_f
    state = json.loads(raw)["response"]["filter-state"]["data"]
    first["KPI, tabel, perubahan"] = post(area, {"filter-state.data": state})[2]
    _, _, size_i, raw_i = post(indicator, {"filter-state.data": state, "iks-indikator.value": "iks"})
    first["spesifikasi peta + peringkat"] = size_i
    geo_url = json.loads(raw_i)["response"][dom_id(Iks.MAP_SPEC)]["data"]["geo_url"]
    geo = client.get(geo_url, headers={"Accept-Encoding": "gzip"})
    first[f"geometri {geo_url.split('?')[0]}"] = len(geo.data)
    print(f"\nbyte tampilan pertama {'provinsi' if scope.kode is None else 'puskesmas'} (gzip):")
    for key, value in first.items():
        print(f"  {key:<40}{value / 1024:8.1f} KB")
    total = sum(first.values())
    print(f"  {'jumlah':<40}{total / 1024:8.1f} KB  (target ≤ 1 MB: {'terpenuhi' if total <= 1 << 20 else 'TIDAK'})")

    change = [post(indicator, {"filter-state.data": state, "iks-indikator.value": code})[2]
              for code in ("jkn", "kb", "air_bersih")]
    print(f"byte ganti indikator (gzip): maks {max(change) / 1024:.1f} KB (target ≤ 100 KB)")

    # the largest geometry any single view loads: a kabupaten's Puskesmas, a Puskesmas' desa
    largest = {}
    for level, key in (("kabupaten", 1), ("puskesmas", 2)):
        if scope.kode is not None and level != scope.level.value:
            continue  # a Puskesmas reader sees no kabupaten's map
        codes = sorted({r[key] for r in rows})
        sizes = [len(client.get(f"/peta/{level}/{c}.json", headers={"Accept-Encoding": "gzip"}).data)
                 for c in codes]
        largest[level] = max(sizes)
    if "kabupaten" in largest:
        print(f"geometri terbesar per tampilan (gzip): puskesmas dalam kabupaten "
              f"{largest['kabupaten'] / 1024:.1f} KB; desa dalam puskesmas {largest['puskesmas'] / 1024:.1f} KB")
    else:
        print(f"geometri desa dalam puskesmas (gzip): {largest['puskesmas'] / 1024:.1f} KB")


if __name__ == "__main__":
    main()
