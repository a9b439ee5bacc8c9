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

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402
from benchmarks.common import FILTER, TRIVIAL, pct  # noqa: E402
from benchmarks.dash_client import Client, add_viewer_options, viewer_scope_of  # noqa: E402

DEFAULT_DB = common.OUT / "provinsi.sqlite"


def main() -> None:
    parser = common.parser(__doc__, DEFAULT_DB)
    add_viewer_options(parser)
    args, server = common.open_app(parser, common.build_demo)

    from sqlalchemy import func, select

    from callbacks.common import connect
    from data_access import iks as iks_queries
    from data_access import schema
    from layouts.ids import Iks, dom_id

    with connect() as conn:
        d = schema.desa
        counts = common.area_counts(conn)
        visits = conn.execute(select(func.count()).select_from(schema.kunjungan_keluarga)).scalar()
        families = conn.execute(select(func.sum(d.c.jumlah_keluarga))).scalar()
        rows = common.desa_rows(conn)
    print(f"data: {counts[0]:,} desa, {counts[1]:,} puskesmas, {counts[2]} kabupaten/kota, "
          f"{families:,} keluarga terdaftar, {visits:,} kunjungan")
    scope, rows = viewer_scope_of(args, rows)
    client = Client(server, scope, rows)
    post = client.post
    area = client.dep("iks-title", "filter-state")
    indicator = client.dep(dom_id(Iks.MAP_SPEC), "filter-state")

    rng = random.Random(7)
    levels = common.choosable(scope)
    searches = [common.random_search(rng, rows, levels) for _ in range(args.n)]

    # warm up (imports, first queries, SQLite page cache)
    for s in searches[:5]:
        client.filter(s)
        client.time_trivial("x")

    times = {"trivial": [], "filter": [], "area": [], "indicator": [], "chain": []}
    for s in searches:
        common.forget(iks_queries.iks_area_table)
        times["trivial"].append(client.time_trivial(s))
        t_f, _, state = client.filter(s)
        t_a = post(area, {"filter-state.data": state})[0]
        t_i = post(indicator, {"filter-state.data": state, "iks-indikator.value": "iks"})[0]
        for key, value in (("filter", t_f), ("area", t_a), ("indicator", t_i)):
            times[key].append(value)
        times["chain"].append(t_f + max(t_a, t_i))  # the browser sends the last two together

    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak di semua tingkat, "
          "tembolok dikosongkan sebelum tiap perubahan:")
    labels = {"trivial": TRIVIAL, "filter": FILTER,
              "area": "IKS: KPI, tabel, perubahan", "indicator": "IKS: peta (nilai) dan peringkat",
              "chain": "rantai filter → halaman"}
    common.print_times(times, labels, 34)
    worst = max(pct(times[k], 95) for k in ("filter", "area", "indicator"))
    print(common.target_line(times["trivial"], worst, f"terburuk {worst:.1f} ms"))

    # bytes: first view of the province, then an indicator change
    first = {}
    first["tata letak halaman"] = client.size_of("/_dash-layout")
    _, first["filter bar"], state = client.filter("")
    first["KPI, tabel, perubahan"] = post(area, {"filter-state.data": state})[1]
    _, size_i, raw_i = post(indicator, {"filter-state.data": state, "iks-indikator.value": "iks"})
    first["spesifikasi peta + peringkat"] = size_i
    geo_url = json.loads(raw_i)["response"][dom_id(Iks.MAP_SPEC)]["data"]["geo_url"]
    first[f"geometri {geo_url.split('?')[0]}"] = client.size_of(geo_url)
    print(f"\nbyte tampilan pertama {'provinsi' if scope.kode is None else 'puskesmas'} (gzip):")
    for key, value in first.items():
        print(f"  {key:<40}{value / 1024:8.1f} KB")
    total = sum(first.values())
    print(f"  {'jumlah':<40}{total / 1024:8.1f} KB  (target ≤ 1 MB: {'terpenuhi' if total <= 1 << 20 else 'TIDAK'})")

    change = [post(indicator, {"filter-state.data": state, "iks-indikator.value": code})[1]
              for code in ("jkn", "kb", "air_bersih")]
    print(f"byte ganti indikator (gzip): maks {max(change) / 1024:.1f} KB (target ≤ 100 KB)")

    # the largest geometry any single view loads: a kabupaten's Puskesmas, a Puskesmas' desa
    largest = {}
    for level, key in (("kabupaten", 1), ("puskesmas", 2)):
        if scope.kode is not None and level != scope.level.value:
            continue  # a Puskesmas reader sees no kabupaten's map
        codes = sorted({r[key] for r in rows})
        largest[level] = max(client.size_of(f"/peta/{level}/{c}.json") for c in codes)
    if "kabupaten" in largest:
        print(f"geometri terbesar per tampilan (gzip): puskesmas dalam kabupaten "
              f"{largest['kabupaten'] / 1024:.1f} KB; desa dalam puskesmas {largest['puskesmas'] / 1024:.1f} KB")
    else:
        print(f"geometri desa dalam puskesmas (gzip): {largest['puskesmas'] / 1024:.1f} KB")


if __name__ == "__main__":
    main()
