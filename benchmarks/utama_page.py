"""Benchmark of the Dashboard Utama's scorecard and league table at province scale: server
time of their callbacks (p50/p95) on the landing view of the province and of each kabupaten,
beside a trivial Dash callback in the same run, and the gzip size of each response. Each
view is measured twice: cold (every result cache emptied first: the first visitor after a
data change) and warm (the same view again, as every later visitor of that landing page
gets it from the per-process cache). Not a test: run it, read it, put it in the README.

    python benchmarks/utama_page.py --db /work/bench/pws_provinsi.sqlite   # builds it first if missing
    python benchmarks/utama_page.py --rinci                                  # the slowest views too

The test client signs in first (login is on), as a reader of the whole country.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402
from benchmarks.common import pct  # noqa: E402
from benchmarks.dash_client import Client  # noqa: E402


def main() -> None:
    parser = common.parser(__doc__, common.PWS_DB, n=40, n_help="tampilan kabupaten yang diukur (acak)")
    parser.add_argument("--hangat", type=int, default=5, help="ulangan hangat per tampilan")
    parser.add_argument("--rinci", action="store_true", help="tampilkan tampilan paling lambat")
    args, server = common.open_app(parser, common.build_pws)

    from sqlalchemy import func, select

    from callbacks.common import connect
    from data_access import iks as iks_queries
    from data_access import pws as pws_queries
    from data_access import schema, skor
    from domain.wilayah import Scope
    from layouts.ids import Utama as U

    with connect() as conn:
        d = schema.desa
        n = common.area_counts(conn)
        rows = conn.execute(select(d.c.kode_provinsi, d.c.kode_kabupaten).distinct()).all()
        per_kabupaten = dict(conn.execute(select(d.c.kode_kabupaten, func.count(d.c.kode_puskesmas.distinct()))
                                          .group_by(d.c.kode_kabupaten)).all())
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {n[2]} kabupaten/kota "
          f"({min(per_kabupaten.values())}–{max(per_kabupaten.values())} Puskesmas per kabupaten/kota)")
    client = Client(server, Scope.everything(), rows)
    post = client.post
    callbacks = {"judul": client.dep(U.TITLE, "filter-state"),
                 "scorecard": client.dep(f"{U.GRID}.rowData", "filter-state"),
                 "peringkat": client.dep(f"{U.LEAGUE}.rowData", "filter-state")}

    def forget():
        common.forget(pws_queries._inputs, pws_queries.inputs_of_two_years, pws_queries.areas_at,
                      pws_queries._targets_of_year, pws_queries.default_month, pws_queries.program_years,
                      skor.scorecard, skor.league_table, iks_queries.iks_area_table)

    province = rows[0][0]
    kabupaten = sorted(per_kabupaten)
    rng = random.Random(13)
    # the province's landing view for every month, and random kabupaten landing views (the
    # month of the URL or, half the time, none: the latest month with registers)
    views = [("provinsi", f"?provinsi={province}" + (f"&bulan={m}" if m else "")) for m in (None, *range(1, 13))]
    for _ in range(args.n):
        k = rng.choice(kabupaten)
        month = rng.choice([None, rng.randint(1, 12)])
        views.append(("kabupaten", f"?provinsi={province}&kabupaten={k}" + (f"&bulan={month}" if month else "")))

    for _level, search in views[:3]:  # warm up: imports, statement compilation
        state = client.filter(search)[2]
        for d_ in callbacks.values():
            post(d_, {"filter-state.data": state})

    times: dict = {}
    sizes: dict = {}
    slow: list = []
    for level, search in views:
        forget()
        times.setdefault("trivial", []).append(client.time_trivial(search))
        t, _, state = client.filter(search)
        times.setdefault(("filter", level, "dingin"), []).append(t)
        for label, d_ in callbacks.items():
            t, size, _ = post(d_, {"filter-state.data": state})
            times.setdefault((label, level, "dingin"), []).append(t)
            sizes.setdefault((label, level), []).append(size)
            slow.append((t, label, search))
        for _ in range(args.hangat):
            times["trivial"].append(client.time_trivial(search))
            for label, d_ in callbacks.items():
                times.setdefault((label, level, "hangat"), []).append(post(d_, {"filter-state.data": state})[0])

    p95_trivial = pct(times["trivial"], 95)
    target = common.target(times["trivial"])
    print(f"\nwaktu server per callback (ms): tampilan awal provinsi (13: tanpa bulan dan bulan 1–12) dan "
          f"{args.n} tampilan awal kabupaten/kota acak; dingin = semua tembolok dikosongkan dulu, "
          f"hangat = tampilan yang sama lagi ({args.hangat}×)")
    print(f"{'callback':<44}{'n':>5}{'p50':>9}{'p95':>9}")
    print(f"{common.TRIVIAL:<44}{len(times['trivial']):>5}"
          f"{pct(times['trivial'], 50):9.1f}{p95_trivial:9.1f}")
    for key in sorted(k for k in times if k != "trivial"):
        label, level, path = key
        vals = times[key]
        flag = "" if path == "dingin" and label == "filter" else ("  ok" if pct(vals, 95) <= target else "  >")
        print(f"{f'{label}, {level}, {path}':<44}{len(vals):>5}{pct(vals, 50):9.1f}{pct(vals, 95):9.1f}{flag}")
    print(f"target p95 per callback ≤ 3 × {p95_trivial:.1f} + 20 = {target:.1f} ms")
    print("\nukuran jawaban (gzip, KB), target ≤ 150 KB:")
    for (label, level), vals in sorted(sizes.items()):
        print(f"  {label}, {level}: p50 {pct(vals, 50) / 1024:.1f}, maks {max(vals) / 1024:.1f}")
    if args.rinci:
        for t, label, search in sorted(slow, reverse=True)[:8]:
            print(f"paling lambat (dingin): {t:.0f} ms {label} {search}")


if __name__ == "__main__":
    main()
