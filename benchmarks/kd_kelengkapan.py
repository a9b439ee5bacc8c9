"""Benchmark of the Kualitas Data completeness section (issue 16): server time of its callback on
a filter change inside one large kabupaten (p50/p95, beside a trivial Dash callback in the same
run, caches emptied before each change), the long-form rows of the kabupaten × 24 months × every
register (data_access.kelengkapan.kelengkapan_rows, what the score column and the export read),
and the summary cards. Not a test: run it, read it, put it in the README.

The database holds a province's wilayah (generate('provinsi')) and two years of the demo's
registers with their arrivals for its largest kabupaten only: the reads of a kabupaten touch its
own rows of the summary (an index range per area), so the rest of the province only deepens the
B-tree; building 7 million register rows for the whole province was more than this machine could
spare. The builder prints how long the import-time refresh of that kabupaten took.

    python benchmarks/kd_kelengkapan.py --buat     # builds the database once
    python benchmarks/kd_kelengkapan.py            # measures
    python benchmarks/kd_kelengkapan.py --db benchmarks/out/pws_provinsi.sqlite   # the whole province
                                                   # (`cli.py demo --skala provinsi --tanpa-kunjungan`)
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
from benchmarks.dash_client import Client  # noqa: E402

DEFAULT_DB = common.OUT / "kelengkapan_provinsi.sqlite"


def build(db: Path) -> None:
    import pandas as pd

    from data_access import kelengkapan
    from data_access.db import get_engine
    from data_access.store import insert_program, write_wilayah
    from demo.generate import generate
    from demo.kelengkapan import with_arrivals
    from demo.program import generate_program

    db.parent.mkdir(parents=True, exist_ok=True)
    if db.exists():
        db.unlink()
    engine = get_engine(f"sqlite:///{db}")
    t0 = time.monotonic()
    province = generate("provinsi", 2024)
    w = province.wilayah
    with engine.begin() as conn:
        write_wilayah(conn, w)
    big = w.groupby("kode_kabupaten").size().idxmax()
    part = w[w["kode_kabupaten"] == big]
    program = generate_program(part, 2024)
    arrivals = with_arrivals(program.layanan, part, 2024) if "P9901010101" in set(part["kode_puskesmas"]) else None
    layanan = arrivals.layanan if arrivals else program.layanan
    masuk = arrivals.masuk if arrivals else None
    t1 = time.monotonic()
    empty_sasaran = pd.DataFrame(columns=["kode_desa", "tahun", "sasaran", "jumlah"])
    empty_target = pd.DataFrame(columns=["indikator", "tahun", "kode_wilayah", "target_persen"])
    with engine.begin() as conn:
        insert_program(conn, layanan, empty_sasaran, empty_target, masuk=masuk)
    t2 = time.monotonic()
    with engine.begin() as conn:
        kelengkapan.refresh_kelengkapan(conn)
    t3 = time.monotonic()
    print(f"wilayah {len(w):,} desa; kabupaten {big}: {part['kode_puskesmas'].nunique()} Puskesmas, "
          f"{len(part):,} desa, {len(layanan):,} baris layanan ({t1 - t0:.0f} s dibuat); disimpan dengan "
          f"ringkasannya {t2 - t1:.0f} s; ringkasan kelengkapan sendiri {t3 - t2:.1f} s")


def main() -> None:
    parser = common.parser(__doc__, DEFAULT_DB)
    args, server = common.open_app(parser, build)

    from sqlalchemy import func, select

    from callbacks.common import acting_as, connect
    from callbacks.url_state import area_from_state
    from data_access import kelengkapan as queries
    from data_access import schema
    from data_access.wilayah import resolve_area
    from domain.access import Role, Viewer
    from domain.codes import Level
    from domain.wilayah import Scope
    from indicators.kelengkapan import jendela

    scope = Scope()
    with connect() as conn:
        n = common.area_counts(conn)
        lay = conn.execute(select(func.count()).select_from(schema.layanan)).scalar()
        kab = conn.execute(select(schema.desa.c.kode_kabupaten).where(schema.desa.c.kode.in_(
            select(schema.layanan.c.kode_desa).limit(1)))).scalar()
        rows = [r for r in common.desa_rows(conn) if r[1] == kab]
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {n[2]} kabupaten/kota; {lay:,} baris layanan "
          f"(kabupaten {kab}: {len({r[2] for r in rows})} Puskesmas, {len(rows)} desa)")
    client = Client(server, scope, rows)
    section = client.dep("kd-kel-judul", "filter-state")
    rng = random.Random(16)
    changes = [common.random_search(rng, rows, ["kabupaten", "puskesmas", "desa"], landing=i % 3 == 0)
               + "&tahun=2025" for i in range(args.n)]
    registers = ["", "", "k1", "idl"]
    caches = (queries.monthly_by_child, queries.silent_desa, queries.arrival_times)

    for search in changes[:5]:  # warm up
        client.post(section, {"filter-state.data": client.filter(search)[2], "kd-kel-register.value": ""})
        client.time_trivial("x")

    times = {"trivial": [], "section": [], "ringkasan": [], "score": [], "long": []}
    sizes = []
    viewer = Viewer("benchmark", Role.PEMBACA, scope)
    with connect() as conn:
        kabupaten = resolve_area(conn, scope, Level.KABUPATEN, kab)
    months24 = jendela(2025, 12, 24)
    for i, search in enumerate(changes):
        common.forget(*caches)
        times["trivial"].append(client.time_trivial(search))
        _, _, state = client.filter(search)
        t, size, _ = client.post(section, {"filter-state.data": state, "kd-kel-register.value": registers[i % 4]})
        times["section"].append(t)
        sizes.append(size)
        common.forget(*caches)
        with acting_as(viewer), connect() as conn:
            t0 = time.perf_counter()
            area, tahun = area_from_state(conn, scope, state)
            queries.ringkasan(conn, scope, area, tahun or 2025, state.get("bulan"))
            times["ringkasan"].append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            score = queries.kelengkapan_rows(conn, scope, kabupaten, Level.PUSKESMAS, 2025, months=months24,
                                             registers=[])
            times["score"].append((time.perf_counter() - t0) * 1000)

    # the whole long form is an export, not a page's read: timed on its own after the changes
    # (a 140.000-row frame between two timed callbacks left the next one a garbage collection
    # to pay, which is not the section's cost)
    for _ in range(max(3, args.n // 4)):
        common.forget(*caches)
        with acting_as(viewer), connect() as conn:
            t0 = time.perf_counter()
            long = queries.kelengkapan_rows(conn, scope, kabupaten, Level.PUSKESMAS, 2025, months=months24)
            times["long"].append((time.perf_counter() - t0) * 1000)

    print(f"\nwaktu server (ms), {args.n} perubahan filter acak di kabupaten {kab} (sepertiga tampilan "
          "kabupaten; register semua/k1/idl bergantian), tembolok dikosongkan sebelum tiap perubahan:")
    common.print_times(times, {"trivial": TRIVIAL, "section": "bagian Kelengkapan (callback)",
                               "ringkasan": "kartu ringkasan (fungsi, tanpa HTTP)",
                               "score": f"semua register, kabupaten × 24 bulan ({len(score):,} baris)",
                               "long": f"tiap register, kabupaten × 24 bulan ({len(long):,} baris)"}, 56)
    worst = max(pct(times["section"], 95), pct(times["score"], 95))
    print(common.target_line(times["trivial"], worst, f"terlama p95 {worst:.1f} ms", what="target p95"))
    print(f"ukuran jawaban bagian (gzip): p95 {pct(sizes, 95) / 1024:.1f} KB, terbesar {max(sizes) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
