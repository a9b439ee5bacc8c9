"""Benchmark of Klaster 1's staff (SDM) section at province scale (1,078 Puskesmas, ~40 staff
each): server time of its callback on a filter change (p50/p95, beside a trivial Dash callback in
the same run), caches emptied before each change, and its response size; and the time of the
page's summary-row function (data_access.k1_sdm.ringkasan) for the same areas. Not a test: run it,
read it, put it in the README.

    python benchmarks/k1_sdm.py --buat        # builds the province's wilayah and staff once (~10 s)
    python benchmarks/k1_sdm.py               # measures
    python benchmarks/k1_sdm.py --peran-wilayah puskesmas
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

DEFAULT_DB = common.OUT / "sdm_provinsi.sqlite"


def build(db: Path) -> None:
    from data_access import schema
    from data_access.db import copy_insert, get_engine
    from data_access.k1_sdm import refresh_sdm_summary
    from data_access.store import write_wilayah
    from demo.generate import generate
    from demo.k1_sdm import generate_sdm

    db.parent.mkdir(parents=True, exist_ok=True)
    if db.exists():
        db.unlink()
    engine = get_engine(f"sqlite:///{db}")
    t0 = time.monotonic()
    province = generate("provinsi", 2024)
    with engine.begin() as conn:
        write_wilayah(conn, province.wilayah)
    t1 = time.monotonic()
    staff = generate_sdm(province.wilayah, 2024)
    t2 = time.monotonic()
    with engine.begin() as conn:
        copy_insert(conn, schema.sdm, staff)
        refresh_sdm_summary(conn)
    t3 = time.monotonic()
    print(f"wilayah {t1 - t0:.0f} s; sdm: {len(staff):,} pegawai dibuat dalam {t2 - t1:.1f} s, "
          f"disimpan dalam {t3 - t2:.1f} s")


def main() -> None:
    parser = common.parser(__doc__, DEFAULT_DB)
    add_viewer_options(parser)
    args, server = common.open_app(parser, build)

    from sqlalchemy import func, select

    from callbacks.common import acting_as, connect
    from callbacks.url_state import area_from_state
    from data_access import k1_sdm as queries
    from data_access import schema
    from domain.access import Role, Viewer

    with connect() as conn:
        n = common.area_counts(conn)
        staff = conn.execute(select(func.count()).select_from(schema.sdm)).scalar()
        rows = common.desa_rows(conn)
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {n[2]} kabupaten/kota, {staff:,} pegawai")
    scope, rows = viewer_scope_of(args, rows)
    client = Client(server, scope, rows)
    section = client.dep("k1-sdm-judul", "filter-state")

    rng = random.Random(13)
    levels = common.choosable(scope)
    changes = [common.random_search(rng, rows, levels, month_share=0.3, landing=i % 4 == 0) for i in range(args.n)]

    for search in changes[:5]:  # warm up
        client.post(section, {"filter-state.data": client.filter(search)[2]})
        client.time_trivial("x")

    times = {"trivial": [], "filter": [], "section": [], "ringkasan": [], "warm": []}
    sizes = []
    viewer = Viewer("benchmark", Role.PEMBACA, scope)
    for search in changes:
        common.forget(queries.per_puskesmas, queries.by_kabupaten, queries.has_staff)
        times["trivial"].append(client.time_trivial(search))
        t, _, state = client.filter(search)
        times["filter"].append(t)
        t, size, _ = client.post(section, {"filter-state.data": state})
        times["section"].append(t)
        sizes.append(size)
        # cold, as if the section had not run
        common.forget(queries.per_puskesmas, queries.by_kabupaten, queries.has_staff)
        with acting_as(viewer), connect() as conn:
            t0 = time.perf_counter()
            area, tahun = area_from_state(conn, scope, state)
            queries.ringkasan(conn, scope, area, tahun or 2025, state.get("bulan"))
            times["ringkasan"].append((time.perf_counter() - t0) * 1000)
        # the section again with the summary row's tables cached (as when the page opens: the
        # summary row and the section ask for the same area)
        times["warm"].append(client.post(section, {"filter-state.data": state})[0])

    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak (seperempat tampilan awal), "
          "tembolok dikosongkan sebelum tiap perubahan:")
    common.print_times(times, {"trivial": TRIVIAL, "filter": FILTER, "section": "bagian Ketenagaan (SDM)",
                               "ringkasan": "ringkasan SDM (fungsi, tanpa HTTP)",
                               "warm": "bagian SDM sesudah ringkasan (tembolok)"}, 40)
    worst = pct(times["section"], 95)
    print(common.target_line(times["trivial"], worst, f"{worst:.1f} ms", what="target p95"))
    common.print_by_level(times, {"section": "bagian SDM"}, changes, ["section"])
    print(f"ukuran jawaban bagian SDM (gzip): p95 {pct(sizes, 95) / 1024:.1f} KB, terbesar {max(sizes) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
