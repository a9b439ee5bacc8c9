"""Benchmark of the Kualitas Data outliers section (issue 16) at province scale (~6,000 desa ×
24 months × every desa register): server time of its callback on a filter change with the widest
range (24 months, every rule: "completeness and outliers for a kabupaten × 24 months × all
registers"), p50/p95 beside a trivial Dash callback in the same run; the summary-row function;
and what the hits cost at import time (data_access.pencilan.refresh_pencilan for the whole
province, and for one Puskesmas' desa as one import of its registers re-judges them). Not a
test: run it, read it, put it in the README.

    python benchmarks/kd_pencilan.py --buat     # builds the province's wilayah and registers once
    python benchmarks/kd_pencilan.py            # measures
    python benchmarks/kd_pencilan.py --peran-wilayah puskesmas
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

DEFAULT_DB = common.OUT / "pencilan_provinsi.sqlite"


def build(db: Path) -> None:
    """The province's wilayah and program registers (demo/program.py), with the summaries and the
    hits written as the demo load writes them (store.insert_program)."""
    from data_access.db import get_engine
    from data_access.schema import metadata
    from data_access.store import insert_program, write_wilayah
    from demo.generate import generate
    from demo.program import generate_program

    db.parent.mkdir(parents=True, exist_ok=True)
    if db.exists():
        db.unlink()
    engine = get_engine(f"sqlite:///{db}")
    metadata.create_all(engine)
    t0 = time.monotonic()
    province = generate("provinsi", 2024)
    with engine.begin() as conn:
        write_wilayah(conn, province.wilayah)
    t1 = time.monotonic()
    program = generate_program(province.wilayah, 2024)
    with engine.begin() as conn:
        insert_program(conn, program.layanan, program.sasaran, program.target)
    t2 = time.monotonic()
    print(f"wilayah {t1 - t0:.0f} s; {len(program.layanan):,} baris layanan disimpan dengan ringkasan dan data "
          f"janggalnya dalam {t2 - t1:.0f} s")


def main() -> None:
    parser = common.parser(__doc__, DEFAULT_DB)
    add_viewer_options(parser)
    parser.add_argument("--tanpa-impor", action="store_true",
                        help="tanpa mengukur penilaian ulang seluruh provinsi saat impor (menit)")
    args, server = common.open_app(parser, build)

    from sqlalchemy import func, select

    from callbacks.common import acting_as, connect
    from callbacks.url_state import area_from_state
    from data_access import pencilan as queries
    from data_access import schema
    from data_access.db import get_engine
    from domain.access import Role, Viewer

    with connect() as conn:
        n = common.area_counts(conn)
        layanan = conn.execute(select(func.count()).select_from(schema.layanan)).scalar()
        found = conn.execute(select(func.count()).select_from(schema.pencilan)).scalar()
        rows = common.desa_rows(conn)
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {n[2]} kabupaten/kota, {layanan:,} baris layanan, "
          f"{found:,} data janggal tersimpan")

    # the import-time cost: the whole province, then one Puskesmas' desa (rolled back)
    engine = get_engine()
    with engine.connect() as conn:
        whole = float("nan")
        if not args.tanpa_impor:
            with conn.begin() as tx:
                t0 = time.perf_counter()
                queries.refresh_pencilan(conn, (2024, 2025))
                whole = time.perf_counter() - t0
                tx.rollback()
        one = sorted({r[3] for r in rows if r[2] == rows[0][2]})
        per_pkm = []
        for _ in range(5):
            with conn.begin() as tx:
                t0 = time.perf_counter()
                queries.refresh_pencilan(conn, (2025,), one)
                per_pkm.append((time.perf_counter() - t0) * 1000)
                tx.rollback()
    print(f"saat impor: menilai ulang seluruh provinsi (2024–2025) {whole:.1f} s; desa satu Puskesmas "
          f"({len(one)} desa, 2025 dan 2026) median {sorted(per_pkm)[2]:.0f} ms")

    scope, rows = viewer_scope_of(args, rows)
    client = Client(server, scope, rows)
    section = client.dep("kd-pencilan-periode", "filter-state")

    rng = random.Random(16)
    levels = [lv for lv in common.choosable(scope) if lv != "provinsi"]  # the section at a kabupaten and below
    changes = [common.random_search(rng, rows, levels, month_share=0.3, landing=i % 3 == 0) for i in range(args.n)]

    def values(state):
        return {"filter-state.data": state, "kd-pencilan-rentang.value": 24, "kd-pencilan-aturan.value": "semua",
                "kd-pencilan-berubah.data": 0}

    for search in changes[:5]:  # warm up
        client.post(section, values(client.filter(search)[2]))
        client.time_trivial("x")

    times = {"trivial": [], "filter": [], "section": [], "ringkasan": []}
    sizes = []
    viewer = Viewer("benchmark", Role.PEMBACA, scope)
    by_level: dict[str, list[float]] = {}
    for search in changes:
        common.forget()
        times["trivial"].append(client.time_trivial(search))
        t, _, state = client.filter(search)
        times["filter"].append(t)
        t, size, _ = client.post(section, values(state))
        times["section"].append(t)
        by_level.setdefault(state.get("level"), []).append(t)
        sizes.append(size)
        with acting_as(viewer), connect() as conn:
            t0 = time.perf_counter()
            area, tahun = area_from_state(conn, scope, state)
            queries.ringkasan(conn, scope, area, tahun or 2025, state.get("bulan"))
            times["ringkasan"].append((time.perf_counter() - t0) * 1000)

    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak (kabupaten dan di bawahnya, sepertiga "
          "tampilan awal), rentang 24 bulan, semua aturan:")
    common.print_times(times, {"trivial": TRIVIAL, "filter": FILTER, "section": "bagian Data janggal",
                               "ringkasan": "ringkasan data janggal (fungsi, tanpa HTTP)"}, 44)
    for level, ts in sorted(by_level.items(), key=lambda kv: str(kv[0])):
        print(f"  bagian Data janggal di tingkat {level}: n {len(ts)}, p50 {pct(ts, 50):.1f}, p95 {pct(ts, 95):.1f}")
    worst = pct(times["section"], 95)
    print(common.target_line(times["trivial"], worst, f"{worst:.1f} ms", what="target p95"))
    print(f"ukuran jawaban bagian Data janggal (gzip): p95 {pct(sizes, 95) / 1024:.1f} KB, "
          f"terbesar {max(sizes) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
