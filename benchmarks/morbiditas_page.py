"""Benchmark of the Dashboard Utama's morbidity section at province scale: server time of its
two callbacks (the overview: ten most frequent diagnoses, trend, menu; the chosen diagnosis:
map spec and breakdown) on a filter change and on a diagnosis change (p50/p95, beside a
trivial Dash callback in the same run), caches emptied before each change, and the gzip size
of each response. Not a test: run it, read it, put it in the README.

    python benchmarks/morbiditas_page.py --buat       # builds ~6,000 desa × 24 months once (no visits)
    python benchmarks/morbiditas_page.py              # measures
    python benchmarks/morbiditas_page.py --peran-wilayah puskesmas
"""
from __future__ import annotations

import json
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
    from data_access import morbiditas as queries
    from data_access import pws as pws_queries
    from data_access import schema

    with connect() as conn:
        n = common.area_counts(conn)
        raw = conn.execute(select(func.count()).select_from(schema.morbiditas)).scalar()
        codes = sorted(conn.execute(select(schema.diagnosis.c.kode_icd)).scalars())
        rows = common.desa_rows(conn)
    print(f"data: {n[0]:,} desa, {n[1]:,} puskesmas, {raw:,} baris morbiditas, {len(codes)} diagnosis")
    scope, rows = viewer_scope_of(args, rows)
    client = Client(server, scope, rows)
    post = client.post
    overview = client.dep("morbiditas-top.figure")
    diagnosis = client.dep("morbiditas-breakdown.figure")

    rng = random.Random(13)
    levels = common.choosable(scope)
    changes = [(common.random_search(rng, rows, levels, month_share=0.5), rng.choice(["bulan", "kumulatif"]),
                rng.choice(codes)) for _ in range(args.n)]

    def run(search, periode, other):
        state = client.filter(search)[2]
        t1, s1, text = post(overview, {"filter-state.data": state, "morbiditas-periode.value": periode,
                                       "morbiditas-diagnosis.value": None})
        chosen = json.loads(text)["response"]["morbiditas-diagnosis"]["value"]
        values = {"filter-state.data": state, "morbiditas-periode.value": periode}
        t2, s2, _ = post(diagnosis, {**values, "morbiditas-diagnosis.value": chosen})
        t3, s3, _ = post(diagnosis, {**values, "morbiditas-diagnosis.value": other})
        return t1, s1, t2, s2, t3, s3

    for search, periode, other in changes[:5]:  # warm up
        run(search, periode, other)
        client.time_trivial("x")

    times = {"trivial": [], "ringkasan": [], "diagnosis": [], "ganti diagnosis": []}
    sizes = {"ringkasan": [], "diagnosis": [], "ganti diagnosis": []}
    for search, periode, other in changes:
        common.forget(queries.morbiditas_years, queries.latest_month, queries.diagnosis_names,
                      queries.diagnoses_in_scope, queries.ranked_diagnoses, queries.trend, queries.cases_by_area,
                      queries.breakdown,
                      pws_queries.program_years)
        times["trivial"].append(client.time_trivial(search))
        t1, s1, t2, s2, t3, s3 = run(search, periode, other)
        for key, t, s in (("ringkasan", t1, s1), ("diagnosis", t2, s2), ("ganti diagnosis", t3, s3)):
            times[key].append(t)
            sizes[key].append(s)

    print(f"\nwaktu server per callback (ms), {args.n} perubahan filter acak di semua tingkat "
          "(separuh dengan bulan tertentu, periode bulan/kumulatif acak), tembolok dikosongkan:")
    labels = {"trivial": TRIVIAL,
              "ringkasan": "10 terbanyak, tren, menu diagnosis",
              "diagnosis": "diagnosis terbanyak: peta dan rincian",
              "ganti diagnosis": "ganti diagnosis: peta dan rincian"}
    common.print_times(times, labels, 44, sizes)
    worst = max(pct(times[k], 95) for k in sizes)
    print(common.target_line(times["trivial"], worst, f"terburuk {worst:.1f} ms"))
    if args.rinci:
        common.print_slowest(times, labels, [c[0] for c in changes], sizes)


if __name__ == "__main__":
    main()
