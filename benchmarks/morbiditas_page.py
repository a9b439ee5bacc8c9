"""Benchmark of the Dashboard Utama's morbidity section at province scale: server time of its
two callbacks (the overview: ten most frequent diagnoses, trend, menu; the chosen diagnosis:
map spec and breakdown) on a filter change and on a diagnosis change (p50/p95, beside a
trivial Dash callback in the same run), caches emptied before each change, and the gzip size
of each response. Not a test: run it, read it, put it in the README.

    python benchmarks/morbiditas_page.py --buat       # builds ~6,000 desa × 24 months once (no visits)
    python benchmarks/morbiditas_page.py              # measures
    python benchmarks/morbiditas_page.py --peran-wilayah puskesmas
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dash_client import add_viewer_options, payload, sign_in, viewer_scope_of  # noqa: E402
from benchmarks.pws_page import DEFAULT_DB, build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--buat", action="store_true", help="bangun basis data skala provinsi dulu")
    parser.add_argument("--n", type=int, default=60, help="perubahan filter yang diukur")
    parser.add_argument("--rinci", action="store_true", help="tampilkan perubahan filter paling lambat")
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
    from data_access import morbiditas as queries
    from data_access import pws as pws_queries
    from data_access import schema, wilayah

    dash.callback(Output("bench-out", "children"), Input("bench-in", "value"))(lambda v: v)
    with connect() as conn:
        d = schema.desa
        n = conn.execute(select(func.count(), func.count(d.c.kode_puskesmas.distinct()))).one()
        raw = conn.execute(select(func.count()).select_from(schema.morbiditas)).scalar()
        codes = sorted(conn.execute(select(schema.diagnosis.c.kode_icd)).scalars())
        rows = conn.execute(select(d.c.kode_provinsi, d.c.kode_kabupaten, d.c.kode_puskesmas, d.c.kode)).all()
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {raw:,} baris morbiditas, {len(codes)} diagnosis")
    scope, rows = viewer_scope_of(args, rows)
    client = dashboard.server.test_client()
    print(sign_in(client, scope, rows))
    deps = client.get("/_dash-dependencies").get_json()

    def dep(output_part: str) -> dict:
        return next(x for x in deps if output_part in x["output"] and "@" not in x["output"].split("...")[0])

    filters = dep("filter-state.data")
    trivial = dep("bench-out")
    overview = dep("morbiditas-top.figure")
    diagnosis = dep("morbiditas-breakdown.figure")

    def post(d_, values):
        body = json.dumps(payload(d_, values))
        import time
        t0 = time.perf_counter()
        resp = client.post("/_dash-update-component", data=body, content_type="application/json",
                           headers={"Accept-Encoding": "gzip"})
        elapsed = (time.perf_counter() - t0) * 1000
        assert resp.status_code in (200, 204), resp.data[:500]
        text = gzip.decompress(resp.data) if resp.headers.get("Content-Encoding") == "gzip" else resp.data
        return elapsed, len(resp.data), text

    rng = random.Random(13)
    levels = ["provinsi", "kabupaten", "puskesmas", "desa"]
    choosable = levels[levels.index(scope.level.value):] if scope.kode else levels
    changes = []
    for _ in range(args.n):
        parts = dict(zip(levels, rng.choice(rows)))
        level = rng.choice(choosable)
        search = "?" + "&".join(f"{k}={parts[k]}" for k in levels[: levels.index(level) + 1])
        if rng.random() < 0.5:
            search += f"&bulan={rng.randint(1, 12)}"
        changes.append((search, rng.choice(["bulan", "kumulatif"]), rng.choice(codes)))

    def run(search, periode, other):
        _, _, text = post(filters, {"url.search": search})
        state = json.loads(text)["response"]["filter-state"]["data"]
        t1, s1, text = post(overview, {"filter-state.data": state, "morbiditas-periode.value": periode,
                                       "morbiditas-diagnosis.value": None})
        chosen = json.loads(text)["response"]["morbiditas-diagnosis"]["value"]
        values = {"filter-state.data": state, "morbiditas-periode.value": periode}
        t2, s2, _ = post(diagnosis, {**values, "morbiditas-diagnosis.value": chosen})
        t3, s3, _ = post(diagnosis, {**values, "morbiditas-diagnosis.value": other})
        return t1, s1, t2, s2, t3, s3

    for search, periode, other in changes[:5]:  # warm up
        run(search, periode, other)
        post(trivial, {"bench-in.value": "x"})

    def forget():
        for fn in (queries.morbiditas_years, queries.latest_month, queries.diagnosis_names, queries.diagnoses_in_scope,
                   queries.ranked_diagnoses, queries.trend, queries.cases_by_area, queries.breakdown,
                   pws_queries.program_years, iks_queries.iks_years, wilayah._lookup, wilayah.children,
                   wilayah.scope_root):
            fn.cache_clear()

    times = {"trivial": [], "ringkasan": [], "diagnosis": [], "ganti diagnosis": []}
    sizes = {"ringkasan": [], "diagnosis": [], "ganti diagnosis": []}
    for search, periode, other in changes:
        forget()
        times["trivial"].append(post(trivial, {"bench-in.value": search})[0])
        t1, s1, t2, s2, t3, s3 = run(search, periode, other)
        for key, t, s in (("ringkasan", t1, s1), ("diagnosis", t2, s2), ("ganti diagnosis", t3, s3)):
            times[key].append(t)
            sizes[key].append(s)

    def pct(vals, q):
        return statistics.quantiles(vals, n=100, method="inclusive")[q - 1]

    p95_trivial = pct(times["trivial"], 95)
    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak di semua tingkat "
          "(separuh dengan bulan tertentu, periode bulan/kumulatif acak), tembolok dikosongkan:")
    print(f"{'callback':<44}{'p50':>8}{'p95':>8}{'KB gzip p95':>14}")
    labels = {"trivial": "callback Dash kosong (pembanding)",
              "ringkasan": "10 terbanyak, tren, menu diagnosis",
              "diagnosis": "diagnosis terbanyak: peta dan rincian",
              "ganti diagnosis": "ganti diagnosis: peta dan rincian"}
    for key, label in labels.items():
        size = f"{pct(sizes[key], 95) / 1024:14.1f}" if key in sizes else ""
        print(f"{label:<44}{pct(times[key], 50):8.1f}{pct(times[key], 95):8.1f}{size}")
    target = 3 * p95_trivial + 20
    worst = max(pct(times[k], 95) for k in sizes)
    print(f"target p95 per callback ≤ 3 × {p95_trivial:.1f} + 20 = {target:.1f} ms: "
          f"{'terpenuhi' if worst <= target else 'TIDAK terpenuhi'} (terburuk {worst:.1f} ms)")
    if args.rinci:
        for key in sizes:
            slow = sorted(zip(times[key], (c[0] for c in changes)), reverse=True)[:4]
            print(f"paling lambat, {labels[key]}: " + "; ".join(f"{t:.0f} ms {s}" for t, s in slow))


if __name__ == "__main__":
    main()
