"""Benchmark of the Klaster 1 sections 'Peralatan dan sarana prasarana' (sarpras) and
'Perencanaan' (kegiatan) at province scale: server time of each section's callback on a filter
change (p50/p95, beside a trivial Dash callback in the same run), and the gzip size of each
response, at every level (provinsi: one row per Puskesmas of 1,078; kabupaten; a Puskesmas;
a desa, which shows its Puskesmas). Also the two summary functions of the page's summary row.
Not a test: run it, read it, put it in the report.

    python benchmarks/k1_sarpras.py --buat       # builds the province once (no family visits)
    python benchmarks/k1_sarpras.py              # measures
    python benchmarks/k1_sarpras.py --peran-wilayah puskesmas
"""
from __future__ import annotations

import random
import sys
import time
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
    from data_access import k1_kegiatan, k1_sarpras, schema
    from domain.wilayah import Scope

    with connect() as conn:
        n = common.area_counts(conn)
        sarpras = conn.execute(select(func.count()).select_from(schema.sarpras)).scalar()
        kegiatan = conn.execute(select(func.count()).select_from(schema.kegiatan)).scalar()
        rows = common.desa_rows(conn)
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {sarpras:,} baris sarpras, {kegiatan:,} baris kegiatan")
    scope, rows = viewer_scope_of(args, rows)
    client = Client(server, scope, rows)
    post = client.post
    deps = {"sarpras": client.dep("k1-sarpras-judul.children"), "kegiatan": client.dep("k1-kegiatan-judul.children")}

    rng = random.Random(15)
    levels = common.choosable(scope)
    changes = [common.random_search(rng, rows, levels, month_share=0.5) for _ in range(args.n)]

    def run(search):
        state = client.filter(search)[2]
        return {k: post(dep, {"filter-state.data": state})[:2] for k, dep in deps.items()}

    for search in changes[:5]:  # warm up
        run(search)
        client.time_trivial("x")

    times = {"trivial": [], "sarpras": [], "kegiatan": []}
    sizes = {"sarpras": [], "kegiatan": []}
    for search in changes:
        common.forget()
        times["trivial"].append(client.time_trivial(search))
        for key, (t, s) in run(search).items():
            times[key].append(t)
            sizes[key].append(s)

    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak di semua tingkat "
          "(separuh dengan bulan tertentu):")
    labels = {"trivial": TRIVIAL, "sarpras": "sarpras: ubin dan tabel", "kegiatan": "kegiatan: klaster × bulan, tabel"}
    common.print_times(times, labels, 36, sizes)
    worst = max(pct(times[k], 95) for k in sizes)
    print(common.target_line(times["trivial"], worst, f"terburuk {worst:.1f} ms"))
    common.print_by_level(times, labels, changes, sizes)
    if args.rinci:
        common.print_slowest(times, labels, changes, sizes)

    # the page's summary row (callbacks/klaster_1.py calls these once the lead wires them in)
    from data_access.wilayah import scope_root

    with connect() as conn:
        root = scope_root(conn, Scope.everything())
        for name, fn in (("ringkasan sarpras", k1_sarpras.ringkasan), ("ringkasan kegiatan", k1_kegiatan.ringkasan)):
            spent = []
            for _ in range(20):
                t0 = time.perf_counter()
                fn(conn, Scope.everything(), root, 2025, None)
                spent.append((time.perf_counter() - t0) * 1000)
            print(f"{name} (provinsi, {n[1]:,} Puskesmas): p50 {pct(spent, 50):.1f} ms, p95 {pct(spent, 95):.1f} ms")


if __name__ == "__main__":
    main()
