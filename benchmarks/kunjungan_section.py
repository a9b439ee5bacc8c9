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

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import common  # noqa: E402
from benchmarks.common import FILTER, TRIVIAL, pct  # noqa: E402
from benchmarks.dash_client import Client, add_viewer_options, viewer_scope_of  # noqa: E402

DEFAULT_DB = common.OUT / "kunjungan_provinsi.sqlite"


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
    parser = common.parser(__doc__, DEFAULT_DB)
    add_viewer_options(parser)
    args, server = common.open_app(parser, build)

    from sqlalchemy import func, select

    from callbacks.common import connect
    from data_access import kunjungan as queries
    from data_access import pws as pws_queries
    from data_access import schema

    with connect() as conn:
        n = common.area_counts(conn)
        visits = conn.execute(select(func.count()).select_from(schema.kunjungan_bulanan)).scalar()
        summary = conn.execute(select(func.count()).select_from(schema.kunjungan_wilayah)).scalar()
        rows = common.desa_rows(conn)
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {n[2]} kabupaten/kota, {visits:,} baris kunjungan, "
          f"{summary:,} baris ringkasan")
    scope, rows = viewer_scope_of(args, rows)
    client = Client(server, scope, rows)
    section = client.dep("kunjungan-kpi", "filter-state")

    rng = random.Random(13)
    levels = common.choosable(scope)
    # the landing view (the viewer's own area, no parameters) every fourth change
    changes = [common.random_search(rng, rows, levels, month_share=0.3, landing=i % 4 == 0)
               for i in range(args.n)]

    for search in changes[:5]:  # warm up
        client.post(section, {"filter-state.data": client.filter(search)[2]})
        client.time_trivial("x")

    times = {"trivial": [], "filter": [], "section": []}
    sizes = []
    for search in changes:
        common.forget(queries.kunjungan_view, queries.latest_month, queries.kunjungan_years,
                      pws_queries.program_years)
        times["trivial"].append(client.time_trivial(search))
        t, _, state = client.filter(search)
        times["filter"].append(t)
        t, size, _ = client.post(section, {"filter-state.data": state})
        times["section"].append(t)
        sizes.append(size)

    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak (seperempat tampilan awal), "
          "tembolok dikosongkan sebelum tiap perubahan:")
    common.print_times(times, {"trivial": TRIVIAL, "filter": FILTER, "section": "bagian Kunjungan layanan"}, 40)
    worst = pct(times["section"], 95)
    print(common.target_line(times["trivial"], worst, f"{worst:.1f} ms", what="target p95"))
    print(f"ukuran jawaban bagian kunjungan (gzip): p95 {pct(sizes, 95) / 1024:.1f} KB, "
          f"terbesar {max(sizes) / 1024:.1f} KB (batas 150 KB)")


if __name__ == "__main__":
    main()
