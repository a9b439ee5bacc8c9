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

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402
from benchmarks.common import FILTER, TRIVIAL, pct  # noqa: E402
from benchmarks.dash_client import Client, add_viewer_options, viewer_scope_of  # noqa: E402
from layouts.pages import PAGE_BY_KEY  # noqa: E402

PAGES = [key for key, p in PAGE_BY_KEY.items() if p.indicators]  # the PWS pages of the registry


def main() -> None:
    parser = common.parser(__doc__, common.PWS_DB)
    parser.add_argument("--halaman", choices=list(PAGES), default="klaster-2")
    parser.add_argument("--rinci", action="store_true", help="tampilkan perubahan filter paling lambat")
    add_viewer_options(parser)
    args, server = common.open_app(parser, common.build_pws)
    page = args.halaman
    declared = PAGE_BY_KEY[page]
    kaskades = [s.code for s in declared.sections if s.kind == "kaskade"]
    rincian = [s.code for s in declared.sections if s.kind == "rincian"]
    codes = list(declared.indicators)

    from sqlalchemy import func, select

    from callbacks.common import connect
    from data_access import pws as pws_queries
    from data_access import schema

    with connect() as conn:
        n = common.area_counts(conn)
        layanan = conn.execute(select(func.count()).select_from(schema.layanan)).scalar()
        month_key = schema.layanan.c.tahun * 100 + schema.layanan.c.bulan
        months = conn.execute(select(func.count(func.distinct(month_key)))).scalar()
        rows = common.desa_rows(conn)
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {n[2]} kabupaten/kota, {layanan:,} baris "
          f"register layanan, {months} bulan, halaman {page}: {len(codes)} indikator Klaster {declared.klaster}")
    scope, rows = viewer_scope_of(args, rows)
    client = Client(server, scope, rows)
    callbacks = {
        "judul dan periode": (client.dep("pws-title", "filter-state"), {"page": page}),
        "PWS: KPI dan tabel status": (client.dep("pws-kpi", "filter-state"), {"page": page}),
        "PWS: batang dan garis": (client.dep("pws-bars", "filter-state"), {"page": page}),
        "PWS: peta (nilai)": (client.dep("pws-map-note", "filter-state"), {"page": page}),
        "ringkasan semua indikator": (client.dep("pws-ringkasan", "filter-state"), {"page": page}),
        **{f"kaskade {k}": (client.dep("kaskade-funnel", "filter-state"), {"kaskade": k}) for k in kaskades},
        **{f"rincian {r}": (client.dep("rincian-bars", "filter-state"), {"rincian": r}) for r in rincian},
    }
    page_info = {"page": page}

    rng = random.Random(11)
    levels = common.choosable(scope)
    changes = [(common.random_search(rng, rows, levels, month_share=0.5), rng.choice(codes), rng.choice(codes))
               for _ in range(args.n)]

    def values(state, indikator, keys=None):
        keys = keys or {}
        return {"filter-state.data": state, "pws-page.data": page_info, "pws-indikator.value": indikator,
                "pws-map-mode.value": "status", "kaskade-code.data": keys.get("kaskade"),
                "rincian-code.data": keys.get("rincian")}

    for search, code, _ in changes[:5]:  # warm up: imports, statement compilation, page cache
        state = client.filter(search)[2]
        for d_, keys in callbacks.values():
            client.post(d_, values(state, code, keys), keys)
        client.time_trivial("x")

    times = {"trivial": [], "filter": [], "indikator": [], **{k: [] for k in callbacks}}
    sizes = {"indikator": []}
    for search, code, other in changes:
        common.forget(pws_queries._inputs, pws_queries.areas_at, pws_queries._targets_of_year,
                      pws_queries.pws_view, pws_queries.kaskade_view, pws_queries.pws_totals,
                      pws_queries.rincian_view, pws_queries.default_month, pws_queries.program_years)
        times["trivial"].append(client.time_trivial(search))
        t, _, state = client.filter(search)
        times["filter"].append(t)
        for label, (d_, keys) in callbacks.items():
            times[label].append(client.post(d_, values(state, code, keys), keys)[0])
        # then an indicator change on the same view: the PWS panel and the map again
        changed = [client.post(callbacks[k][0], values(state, other), {"page": page})
                   for k in ("PWS: KPI dan tabel status", "PWS: batang dan garis", "PWS: peta (nilai)")]
        times["indikator"].append(max(t for t, _, _ in changed))
        sizes["indikator"].append(sum(size for _, size, _ in changed))

    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak di semua tingkat "
          "(separuh dengan bulan tertentu), tembolok dikosongkan sebelum tiap perubahan:")
    labels = {"trivial": TRIVIAL, "filter": FILTER, **{k: k for k in callbacks},
              "indikator": "ganti indikator (terlama dari tiga)"}
    common.print_times(times, labels, 40)
    worst_key = max((k for k in times if k != "trivial"), key=lambda k: pct(times[k], 95))
    worst = pct(times[worst_key], 95)
    print(common.target_line(times["trivial"], worst, f"terburuk: {labels[worst_key]}, {worst:.1f} ms"))
    print(f"byte ganti indikator (gzip): p95 {pct(sizes['indikator'], 95) / 1024:.1f} KB")
    if args.rinci:
        common.print_slowest(times, labels, [c[0] for c in changes], times)


if __name__ == "__main__":
    main()
