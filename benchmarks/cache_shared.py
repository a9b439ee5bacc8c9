"""Benchmark of the shared result cache (REDIS_URL): does keeping the results in Redis make
the page callbacks slower? The PWS page's callbacks (Klaster 2) on random filter changes at
province scale, each change measured five ways in turn, beside a trivial Dash callback:

- per proses, dingin: REDIS_URL unset, every cache emptied (after an import)
- per proses, hangat: the same view again (this process' cache)
- Redis, dingin: REDIS_URL set, both emptied: computed, and written to Redis as well
- Redis, pekerja lain: this process' cache emptied, Redis kept: as a worker that has not
  computed the view but another has
- Redis, hangat: the same view again

    python benchmarks/cache_shared.py --redis-url redis://127.0.0.1:6379/14 [--db …] [--n 30]

Uses its own Redis database (14 by default): its keys are emptied before each change.
Not a test: run it, read it, put it in the README.
"""
from __future__ import annotations

import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402
from benchmarks.common import TRIVIAL, pct  # noqa: E402
from benchmarks.dash_client import Client, add_viewer_options, viewer_scope_of  # noqa: E402

PAGE = "klaster-2"
MODES = ["per proses, dingin", "per proses, hangat", "Redis, dingin", "Redis, pekerja lain", "Redis, hangat"]


def main() -> None:
    parser = common.parser(__doc__, common.PWS_DB, n=30)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    add_viewer_options(parser)
    args, server = common.open_app(parser, common.build_pws)

    from callbacks.common import connect
    from data_access import cache
    from data_access import pws as pws_queries
    from layouts.pages import PAGE_BY_KEY

    declared = PAGE_BY_KEY[PAGE]
    codes = list(declared.indicators)
    with connect() as conn:
        rows = common.desa_rows(conn)
    scope, rows = viewer_scope_of(args, rows)
    client = Client(server, scope, rows)
    callbacks = [(client.dep("pws-title", "filter-state"), {"page": PAGE}),
                 (client.dep("pws-kpi", "filter-state"), {"page": PAGE}),
                 (client.dep("pws-bars", "filter-state"), {"page": PAGE}),
                 (client.dep("pws-map-note", "filter-state"), {"page": PAGE}),
                 (client.dep("pws-ringkasan", "filter-state"), {"page": PAGE}),
                 *[(client.dep("kaskade-funnel", "filter-state"), {"kaskade": s.code})
                   for s in declared.sections if s.kind == "kaskade"]]
    caches = [pws_queries._inputs, pws_queries.areas_at, pws_queries._targets_of_year, pws_queries.pws_view,
              pws_queries.kaskade_view, pws_queries.pws_totals, pws_queries.rincian_view,
              pws_queries.default_month, pws_queries.program_years]

    def redis(on: bool) -> None:
        if on:
            os.environ["REDIS_URL"] = args.redis_url
        else:
            os.environ.pop("REDIS_URL", None)

    def forget(shared: bool) -> None:
        from data_access import iks, wilayah

        for fn in (*caches, iks.iks_years, wilayah._lookup, wilayah.children, wilayah.scope_root):
            fn.cache_clear(shared=shared)

    def page(search: str, code: str) -> float:
        """The filter bar and every callback of the page on this view: their server time (ms)."""
        spent, _, state = client.filter(search)
        for dep, keys in callbacks:
            values = {"filter-state.data": state, "pws-page.data": {"page": PAGE}, "pws-indikator.value": code,
                      "pws-map-mode.value": "status", "kaskade-code.data": keys.get("kaskade"),
                      "rincian-code.data": None}
            spent += client.post(dep, values, keys)[0]
        return spent

    redis(True)
    if cache.shared_client() is None:
        sys.exit(f"Redis tidak menjawab di {args.redis_url}")
    cache.shared_client().flushdb()  # its own database (--redis-url)
    rng = random.Random(17)
    changes = [(common.random_search(rng, rows, common.choosable(scope), month_share=0.5), rng.choice(codes))
               for _ in range(args.n)]
    for search, code in changes[:3]:  # warm up: imports, statement compilation
        page(search, code)
        client.time_trivial("x")

    times = {m: [] for m in MODES}
    trivial = []
    for search, code in changes:
        trivial.append(client.time_trivial(search))
        redis(False)
        forget(shared=False)
        times["per proses, dingin"].append(page(search, code))
        times["per proses, hangat"].append(page(search, code))
        redis(True)
        forget(shared=True)
        times["Redis, dingin"].append(page(search, code))
        cache.wait_for_writes()  # (written behind the requests: not in their time)
        forget(shared=False)
        times["Redis, pekerja lain"].append(page(search, code))
        times["Redis, hangat"].append(page(search, code))
    used = cache.shared_client().info("memory")["used_memory_human"]
    redis(False)

    load = os.getloadavg()
    print(f"\nwaktu server halaman {PAGE} (filter + {len(callbacks)} callback, jumlah ms per perubahan), "
          f"{args.n} perubahan filter acak; beban {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}:")
    print(f"{'':<36}{'p50':>8}{'p95':>8}")
    print(f"{TRIVIAL:<36}{pct(trivial, 50):8.1f}{pct(trivial, 95):8.1f}  (satu callback)")
    for mode in MODES:
        print(f"{mode:<36}{pct(times[mode], 50):8.1f}{pct(times[mode], 95):8.1f}")
    print(f"memori Redis terpakai: {used}")


if __name__ == "__main__":
    main()
