"""Benchmark of the Klaster 1 medicines section (LPLPO, issue 15) at province scale: server time of
its callbacks (the section on a filter change: headline, trend and the item lists of a Puskesmas
or the table of Puskesmas; the two downloads) at every level, half with a chosen month (p50/p95,
beside a trivial Dash callback in the same run), caches emptied before each change, and the gzip
size of each response. Not a test: run it, read it, put it in the README.

    python benchmarks/k1_obat.py --buat       # builds the province (1,078 Puskesmas × 300 items × 24 months)
    python benchmarks/k1_obat.py              # measures
    python benchmarks/k1_obat.py --peran-wilayah puskesmas
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402
from benchmarks.common import TRIVIAL, pct  # noqa: E402
from benchmarks.dash_client import Client, add_viewer_options, viewer_scope_of  # noqa: E402


def main() -> None:
    parser = common.parser(__doc__, common.PWS_DB)
    parser.add_argument("--rinci", action="store_true", help="tampilkan perubahan filter paling lambat")
    add_viewer_options(parser)
    args, server = common.open_app(parser, common.build_pws)

    from sqlalchemy import func, select

    from callbacks.common import connect
    from data_access import k1_obat as queries
    from data_access import schema
    from layouts.k1_obat import ObatIds as ID

    with connect() as conn:
        n = common.area_counts(conn)
        raw = conn.execute(select(func.count()).select_from(schema.obat)).scalar()
        rows = common.desa_rows(conn)
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {raw:,} baris LPLPO obat")
    scope, rows = viewer_scope_of(args, rows)
    client = Client(server, scope, rows)
    post = client.post
    section = client.dep(f"{ID.HEAD}.children")
    trend_dep = client.dep(f"{ID.TREND}.figure")
    below = client.dep(f"{ID.LISTS}.children")
    table_download = client.dep(f"{ID.DOWNLOAD}.data")
    item_download = client.dep(f"{ID.ITEM_DOWNLOAD}.data")

    rng = random.Random(15)
    levels = common.choosable(scope)
    changes = [common.random_search(rng, rows, levels, month_share=0.5) for _ in range(args.n)]

    def run(search):
        state = client.filter(search)[2]
        t1, s1, _ = post(section, {"filter-state.data": state})
        t3, s3, _ = post(trend_dep, {"filter-state.data": state})
        t4, s4, _ = post(below, {"filter-state.data": state})
        at_puskesmas = state.get("level") in ("puskesmas", "desa")
        dep, button = (item_download, ID.ITEM_CSV) if at_puskesmas else (table_download, ID.DOWNLOAD_CSV)
        values = {f"{button}.n_clicks": 1, "filter-state.data": state}
        t2, s2, _ = post(dep, values)
        return t1, s1, t2, s2, t3, s3, t4, s4, at_puskesmas

    for search in changes[:5]:  # warm up
        run(search)
        client.time_trivial("x")

    times = {"trivial": [], "bagian": [], "tren": [], "rincian": [], "unduh tabel": [], "unduh item": []}
    sizes = {"bagian": [], "tren": [], "rincian": [], "unduh tabel": [], "unduh item": []}
    searched = {"bagian": [], "tren": [], "rincian": [], "unduh tabel": [], "unduh item": []}
    for search in changes:
        common.forget(queries.obat_years, queries.latest_month, queries.puskesmas_table, queries.kabupaten_table,
                      queries.trend, queries.item_detail)
        times["trivial"].append(client.time_trivial(search))
        t1, s1, t2, s2, t3, s3, t4, s4, at_puskesmas = run(search)
        key = "unduh item" if at_puskesmas else "unduh tabel"
        for k, t, s in (("bagian", t1, s1), ("tren", t3, s3), ("rincian", t4, s4), (key, t2, s2)):
            times[k].append(t)
            sizes[k].append(s)
            searched[k].append(search)
    for key in [k for k, v in times.items() if not v]:
        times.pop(key), sizes.pop(key), searched.pop(key)

    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak di semua tingkat "
          "(separuh dengan bulan tertentu), tembolok dikosongkan:")
    labels = {"trivial": TRIVIAL,
              "bagian": "bagian obat: ringkasan (kartu)",
              "rincian": "daftar item Puskesmas / tabel Puskesmas atau kabupaten",
              "tren": "tren ketersediaan setahun",
              "unduh tabel": "unduh CSV tabel (di atas Puskesmas)",
              "unduh item": "unduh CSV item satu Puskesmas"}
    common.print_times(times, labels, 48, sizes)
    worst = max(pct(times[k], 95) for k in sizes)
    print(common.target_line(times["trivial"], worst, f"terburuk {worst:.1f} ms"))
    common.print_by_level(times, labels, changes, [k for k in sizes if not k.startswith("unduh")])
    if args.rinci:
        for key in sizes:
            common.print_slowest({key: times[key]}, labels, searched[key], [key])


if __name__ == "__main__":
    main()
