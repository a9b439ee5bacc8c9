"""Benchmark of the PWS pages (Klaster 2, 3, 4) at province scale: server time of each of
their callbacks on a filter change and on an indicator change (p50/p95, beside a trivial Dash
callback in the same run), caches emptied before each change. Not a test: run it, read it,
put it in the README.

    python benchmarks/pws_page.py --buat                  # builds ~6,000 desa × 24 months once (no visits)
    python benchmarks/pws_page.py                         # measures Klaster 2
    python benchmarks/pws_page.py --halaman klaster-4     # or another page
    python benchmarks/pws_page.py --peran-wilayah puskesmas   # as a reader of one Puskesmas

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
from layouts.pages import PAGE_BY_KEY  # noqa: E402

DEFAULT_DB = ROOT / "benchmarks" / "out" / "pws_provinsi.sqlite"
PAGES = [key for key, p in PAGE_BY_KEY.items() if p.indicators]  # the PWS pages of the registry


def build(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    start = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "demo", "--skala", "provinsi",
                    "--tanpa-kunjungan", "--ganti"], env=env, check=True)
    print(f"dibangun dalam {time.monotonic() - start:.0f} s: {db} ({db.stat().st_size / 1e9:.2f} GB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--buat", action="store_true", help="bangun basis data skala provinsi dulu")
    parser.add_argument("--n", type=int, default=60, help="perubahan filter yang diukur")
    parser.add_argument("--halaman", choices=list(PAGES), default="klaster-2")
    parser.add_argument("--rinci", action="store_true", help="tampilkan perubahan filter paling lambat")
    add_viewer_options(parser)
    args = parser.parse_args()
    page = args.halaman
    declared = PAGE_BY_KEY[page]
    kaskades = [s.code for s in declared.sections if s.kind == "kaskade"]
    rincian = [s.code for s in declared.sections if s.kind == "rincian"]
    codes = list(declared.indicators)
    if args.buat or not args.db.exists():
        build(args.db)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"

    import dash
    from dash import Input, Output
    from sqlalchemy import func, select

    import app as dashboard
    from callbacks.common import connect
    from data_access import iks as iks_queries
    from data_access import pws as pws_queries
    from data_access import schema, wilayah

    dash.callback(Output("bench-out", "children"), Input("bench-in", "value"))(lambda v: v)
    with connect() as conn:
        d = schema.desa
        n = conn.execute(select(func.count(), func.count(d.c.kode_puskesmas.distinct()),
                                func.count(d.c.kode_kabupaten.distinct()))).one()
        layanan = conn.execute(select(func.count()).select_from(schema.layanan)).scalar()
        month_key = schema.layanan.c.tahun * 100 + schema.layanan.c.bulan
        months = conn.execute(select(func.count(func.distinct(month_key)))).scalar()
        rows = conn.execute(select(d.c.kode_provinsi, d.c.kode_kabupaten, d.c.kode_puskesmas, d.c.kode)).all()
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {n[2]} kabupaten/kota, {layanan:,} baris "
          f"register layanan, {months} bulan, halaman {page}: {len(codes)} indikator Klaster {declared.klaster}")
    scope, rows = viewer_scope_of(args, rows)
    client = dashboard.server.test_client()
    print(sign_in(client, scope, rows))  # login is on: every request below passes the gate
    deps = client.get("/_dash-dependencies").get_json()

    def dep(first_input: str, output_part: str) -> dict:
        return next(d for d in deps if d["inputs"] and first_input in d["inputs"][0]["id"]
                    and output_part in d["output"] and "@" not in d["output"].split("...")[0])

    filters = dep("url", "url.search")
    trivial = dep("bench-in", "bench-out")
    callbacks = {
        "judul dan periode": (dep("filter-state", "pws-title"), {"page": page}),
        "PWS: KPI dan tabel status": (dep("filter-state", "pws-kpi"), {"page": page}),
        "PWS: batang dan garis": (dep("filter-state", "pws-bars"), {"page": page}),
        "PWS: peta (nilai)": (dep("filter-state", "pws-map-note"), {"page": page}),
        "ringkasan semua indikator": (dep("filter-state", "pws-ringkasan"), {"page": page}),
        **{f"kaskade {k}": (dep("filter-state", "kaskade-funnel"), {"kaskade": k}) for k in kaskades},
        **{f"rincian {r}": (dep("filter-state", "rincian-bars"), {"rincian": r}) for r in rincian},
    }
    page_info = {"page": page}

    def post(d, values, keys=None):
        body = json.dumps(payload(d, values, keys))
        t0 = time.perf_counter()
        resp = client.post("/_dash-update-component", data=body, content_type="application/json",
                           headers={"Accept-Encoding": "gzip"})
        elapsed = (time.perf_counter() - t0) * 1000
        assert resp.status_code in (200, 204), resp.data[:500]
        raw = gzip.decompress(resp.data) if resp.headers.get("Content-Encoding") == "gzip" else resp.data
        return elapsed, len(resp.data), raw

    rng = random.Random(11)
    levels = ["provinsi", "kabupaten", "puskesmas", "desa"]
    # the levels the viewer can choose: below a Puskesmas scope, its own view or one of its desa
    choosable = levels[levels.index(scope.level.value):] if scope.kode else levels
    changes = []
    for _ in range(args.n):
        parts = dict(zip(levels, rng.choice(rows)))
        level = rng.choice(choosable)
        search = "?" + "&".join(f"{k}={parts[k]}" for k in levels[: levels.index(level) + 1])
        if rng.random() < 0.5:
            search += f"&bulan={rng.randint(1, 12)}"
        changes.append((search, rng.choice(codes), rng.choice(codes)))

    def values(state, indikator, keys=None):
        keys = keys or {}
        return {"filter-state.data": state, "pws-page.data": page_info, "pws-indikator.value": indikator,
                "pws-map-mode.value": "status", "kaskade-code.data": keys.get("kaskade"),
                "rincian-code.data": keys.get("rincian")}

    for search, code, _ in changes[:5]:  # warm up: imports, statement compilation, page cache
        _, _, raw = post(filters, {"url.search": search})
        state = json.loads(raw)["response"]["filter-state"]["data"]
        for d_, keys in callbacks.values():
            post(d_, values(state, code, keys), keys)
        post(trivial, {"bench-in.value": "x"})

    def forget():
        """Cold path: as if this view had never been asked for since the last data change."""
        for fn in (pws_queries._inputs, pws_queries.areas_at, pws_queries._targets_of_year,
                   pws_queries.pws_view, pws_queries.kaskade_view, pws_queries.pws_totals,
                   pws_queries.rincian_view, pws_queries.default_month,
                   pws_queries.program_years, iks_queries.iks_years, wilayah._lookup,
                   wilayah.children, wilayah.scope_root):
            fn.cache_clear()

    times = {"trivial": [], "filter": [], "indikator": [], **{k: [] for k in callbacks}}
    sizes = {"indikator": []}
    for search, code, other in changes:
        forget()
        times["trivial"].append(post(trivial, {"bench-in.value": search})[0])
        t, _, raw = post(filters, {"url.search": search})
        times["filter"].append(t)
        state = json.loads(raw)["response"]["filter-state"]["data"]
        for label, (d_, keys) in callbacks.items():
            times[label].append(post(d_, values(state, code, keys), keys)[0])
        # then an indicator change on the same view: the PWS panel and the map again
        changed = [post(callbacks[k][0], values(state, other), {"page": page})
                   for k in ("PWS: KPI dan tabel status", "PWS: batang dan garis", "PWS: peta (nilai)")]
        times["indikator"].append(max(t for t, _, _ in changed))
        sizes["indikator"].append(sum(size for _, size, _ in changed))

    def pct(vals, q):
        return statistics.quantiles(vals, n=100, method="inclusive")[q - 1]

    p95_trivial = pct(times["trivial"], 95)
    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak di semua tingkat "
          "(separuh dengan bulan tertentu), tembolok dikosongkan sebelum tiap perubahan:")
    print(f"{'callback':<40}{'p50':>8}{'p95':>8}")
    labels = {"trivial": "callback Dash kosong (pembanding)", "filter": "filter bar (URL → filter)",
              **{k: k for k in callbacks}, "indikator": "ganti indikator (terlama dari tiga)"}
    for key, label in labels.items():
        print(f"{label:<40}{pct(times[key], 50):8.1f}{pct(times[key], 95):8.1f}")
    target = 3 * p95_trivial + 20
    worst_key = max((k for k in times if k != "trivial"), key=lambda k: pct(times[k], 95))
    worst = pct(times[worst_key], 95)
    print(f"target p95 per callback ≤ 3 × {p95_trivial:.1f} + 20 = {target:.1f} ms: "
          f"{'terpenuhi' if worst <= target else 'TIDAK terpenuhi'} (terburuk: {labels[worst_key]}, {worst:.1f} ms)")
    print(f"byte ganti indikator (gzip): p95 {pct(sizes['indikator'], 95) / 1024:.1f} KB")
    if args.rinci:
        for key in times:
            slow = sorted(zip(times[key], (c[0] for c in changes)), reverse=True)[:4]
            print(f"paling lambat, {labels[key]}: " + "; ".join(f"{t:.0f} ms {s}" for t, s in slow))


if __name__ == "__main__":
    main()
