"""Benchmark of the Dashboard Utama's visits section at province scale: server time of its
callback on a filter change (p50/p95, beside a trivial Dash callback in the same run), caches
emptied before each change, and its response size. Not a test: run it, read it, put it in the
README.

    python benchmarks/kunjungan_section.py --buat     # builds ~6,000 desa × 24 months of visits once
    python benchmarks/kunjungan_section.py            # measures
    python benchmarks/kunjungan_section.py --peran-wilayah puskesmas

The database holds the province's wilayah and its monthly service visits only (what the section
reads; `--buat` also says how long the demo's visits take to generate and store).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dash_client import add_viewer_options, payload, sign_in, viewer_scope_of  # noqa: E402

DEFAULT_DB = ROOT / "benchmarks" / "out" / "kunjungan_provinsi.sqlite"


def build(db: Path) -> None:
    from data_access.db import get_engine
    from data_access.store import insert_kunjungan_bulanan, write_wilayah
    from demo.generate import generate
    from demo.kunjungan import generate_kunjungan

    db.parent.mkdir(parents=True, exist_ok=True)
    if db.exists():
        db.unlink()
    engine = get_engine(f"sqlite:///{db}")
    t0 = time.monotonic()
    province = generate("provinsi", 2024)
    with engine.begin() as conn:
        write_wilayah(conn, province.wilayah)
    t1 = time.monotonic()
    visits = generate_kunjungan(province.wilayah, 2024)
    t2 = time.monotonic()
    with engine.begin() as conn:
        insert_kunjungan_bulanan(conn, visits.rows)
    t3 = time.monotonic()
    print(f"wilayah {t1 - t0:.0f} s; kunjungan: {len(visits.rows):,} baris dibuat dalam {t2 - t1:.0f} s, "
          f"disimpan dengan ringkasannya dalam {t3 - t2:.0f} s ({db.stat().st_size / 1e9:.2f} GB)")


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
    from data_access import iks as iks_queries
    from data_access import kunjungan as queries
    from data_access import pws as pws_queries
    from data_access import schema, wilayah

    dash.callback(Output("bench-out", "children"), Input("bench-in", "value"))(lambda v: v)
    with connect() as conn:
        d = schema.desa
        n = conn.execute(select(func.count(), func.count(d.c.kode_puskesmas.distinct()),
                                func.count(d.c.kode_kabupaten.distinct()))).one()
        visits = conn.execute(select(func.count()).select_from(schema.kunjungan_bulanan)).scalar()
        summary = conn.execute(select(func.count()).select_from(schema.kunjungan_wilayah)).scalar()
        rows = conn.execute(select(d.c.kode_provinsi, d.c.kode_kabupaten, d.c.kode_puskesmas, d.c.kode)).all()
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {n[2]} kabupaten/kota, {visits:,} baris kunjungan, "
          f"{summary:,} baris ringkasan")
    scope, rows = viewer_scope_of(args, rows)
    client = dashboard.server.test_client()
    print(sign_in(client, scope, rows))
    deps = client.get("/_dash-dependencies").get_json()

    def dep(first_input: str, output_part: str) -> dict:
        return next(d for d in deps if d["inputs"] and first_input in d["inputs"][0]["id"]
                    and output_part in d["output"])

    filters = dep("url", "url.search")
    trivial = dep("bench-in", "bench-out")
    section = dep("filter-state", "kunjungan-kpi")

    def post(d, values):
        body = json.dumps(payload(d, values))
        t0 = time.perf_counter()
        resp = client.post("/_dash-update-component", data=body, content_type="application/json",
                           headers={"Accept-Encoding": "gzip"})
        elapsed = (time.perf_counter() - t0) * 1000
        assert resp.status_code in (200, 204), resp.data[:500]
        raw = gzip.decompress(resp.data) if resp.headers.get("Content-Encoding") == "gzip" else resp.data
        return elapsed, len(resp.data), raw

    rng = random.Random(13)
    levels = ["provinsi", "kabupaten", "puskesmas", "desa"]
    choosable = levels[levels.index(scope.level.value):] if scope.kode else levels
    changes = []
    for i in range(args.n):
        parts = dict(zip(levels, rng.choice(rows)))
        # the landing view (the viewer's own area, no parameters) every fourth change
        level = choosable[0] if i % 4 == 0 else rng.choice(choosable)
        search = "?" + "&".join(f"{k}={parts[k]}" for k in levels[: levels.index(level) + 1])
        if rng.random() < 0.3:
            search += f"&bulan={rng.randint(1, 12)}"
        changes.append(search)

    for search in changes[:5]:  # warm up
        _, _, raw = post(filters, {"url.search": search})
        post(section, {"filter-state.data": json.loads(raw)["response"]["filter-state"]["data"]})
        post(trivial, {"bench-in.value": "x"})

    def forget():
        for fn in (queries.kunjungan_view, queries.latest_month, queries.kunjungan_years, pws_queries.program_years,
                   iks_queries.iks_years, wilayah._lookup, wilayah.children, wilayah.scope_root):
            fn.cache_clear()

    times = {"trivial": [], "filter": [], "section": []}
    sizes = []
    for search in changes:
        forget()
        times["trivial"].append(post(trivial, {"bench-in.value": search})[0])
        t, _, raw = post(filters, {"url.search": search})
        times["filter"].append(t)
        t, size, _ = post(section, {"filter-state.data": json.loads(raw)["response"]["filter-state"]["data"]})
        times["section"].append(t)
        sizes.append(size)

    def pct(vals, q):
        return statistics.quantiles(vals, n=100, method="inclusive")[q - 1]

    p95_trivial = pct(times["trivial"], 95)
    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak (seperempat tampilan awal), "
          "tembolok dikosongkan sebelum tiap perubahan:")
    labels = {"trivial": "callback Dash kosong (pembanding)", "filter": "filter bar (URL → filter)",
              "section": "bagian Kunjungan layanan"}
    print(f"{'callback':<40}{'p50':>8}{'p95':>8}")
    for key, label in labels.items():
        print(f"{label:<40}{pct(times[key], 50):8.1f}{pct(times[key], 95):8.1f}")
    target = 3 * p95_trivial + 20
    worst = pct(times["section"], 95)
    print(f"target p95 ≤ 3 × {p95_trivial:.1f} + 20 = {target:.1f} ms: "
          f"{'terpenuhi' if worst <= target else 'TIDAK terpenuhi'} ({worst:.1f} ms)")
    print(f"ukuran jawaban bagian kunjungan (gzip): p95 {pct(sizes, 95) / 1024:.1f} KB, "
          f"terbesar {max(sizes) / 1024:.1f} KB (batas 150 KB)")


if __name__ == "__main__":
    main()
