"""The server's CPU per request of the load test's journey (benchmarks/load.py), without a load
generator or other people: the journey's callbacks replayed in this process through Flask's test
client, one after the other, through other areas each round (as in the load test), beside the
trivial callback. What the load test's throughput target (≥ 50 % of the trivial callback's) asks
is that a journey request cost at most twice a trivial one; this says where a request's time goes,
per callback, as CPU time of this thread (time.thread_time: SQLite's work included, PostgreSQL's
not) and as wall time.

    python benchmarks/journey_cpu.py --db benchmarks/out/pws_provinsi.sqlite --putaran 60
    python benchmarks/journey_cpu.py --database-url postgresql+psycopg://… --putaran 60

The journey is recorded once in headless Chromium against a gunicorn of one worker and kept in
benchmarks/out/perjalanan-<halaman>.json (--rekam-ulang records it again).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import signal
import sys
import time
import types
from array import array
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import pct  # noqa: E402
from benchmarks.load import STEPS, Journey, areas_of, record, rss_mb, start_gunicorn, swap  # noqa: E402
from indicators.format import angka  # noqa: E402


def journey_for(database_url: str, page: str, akun: str, sandi: str, seed: int, again: bool) -> Journey:
    path = ROOT / "benchmarks" / "out" / f"perjalanan-{page.strip('/')}.json"
    if path.exists() and not again:
        saved = json.loads(path.read_text())
        return Journey(saved["page"], saved["codes"], saved["steps"])
    from tests.browser import free_port

    port = free_port()
    proc = start_gunicorn(1, port, {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)})
    try:
        every = areas_of(database_url)
        rng = random.Random(seed)
        first = rng.choice(every)
        journey = record(f"http://127.0.0.1:{port}", akun, sandi, page,
                         [first, rng.choice([a for a in every if a[0] != first[0]])])
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(60)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"page": journey.page, "codes": journey.codes, "steps": journey.steps}))
    return journey


def output_of(body: str) -> str:
    return json.loads(body).get("output", "?")[:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=ROOT / "benchmarks" / "out" / "pws_provinsi.sqlite")
    parser.add_argument("--database-url")
    parser.add_argument("--halaman", default="/klaster-2")
    parser.add_argument("--akun", default="dinkes-provinsi")
    parser.add_argument("--putaran", type=int, default=60, help="perjalanan yang diulang (diukur)")
    parser.add_argument("--pemanasan", type=int, default=5, help="perjalanan sebelum diukur")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--rekam-ulang", action="store_true")
    parser.add_argument("--sidik", type=Path, help="tulis sidik (sha256) tiap jawaban perjalanan di berkas ini, "
                                                   "untuk membandingkan dua versi kode: jawabannya harus sama")
    parser.add_argument("--profil", type=Path, help="simpan profil cProfile perjalanan yang diukur di berkas ini")
    parser.add_argument("--memori", type=int, metavar="N",
                        help="tiap N perjalanan: memori proses (RSS) dan jumlah hasil di tembolok, "
                             "untuk melihat apakah memori berhenti naik saat tembolok penuh")
    args = parser.parse_args()

    from domain.access import DEMO_PASSWORD

    database_url = args.database_url or f"sqlite:///{args.db.resolve()}"
    journey = journey_for(database_url, args.halaman, args.akun, DEMO_PASSWORD, args.seed, args.rekam_ulang)
    os.environ["DATABASE_URL"] = database_url
    from benchmarks.dash_client import payload
    from benchmarks.load_app import app, server

    client = server.test_client()
    page = client.get("/masuk").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    signed = client.post("/masuk", data={"csrf": token, "nama": args.akun, "sandi": DEMO_PASSWORD, "next": "/"})
    if signed.status_code != 302:
        raise SystemExit(f"Gagal masuk sebagai {args.akun} (HTTP {signed.status_code}).")
    headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}

    prints: list[str] = []

    def post(body: str, keep: bool = False) -> tuple[float, float, int]:
        c0, w0 = time.thread_time(), time.perf_counter()
        response = client.post("/_dash-update-component", data=body, headers=headers)
        spent = (time.thread_time() - c0) * 1000, (time.perf_counter() - w0) * 1000
        if keep and args.sidik:
            data = response.get_data()
            if response.headers.get("Content-Encoding") == "gzip":
                data = gzip.decompress(data)
            prints.append(f"{response.status_code} {hashlib.sha256(data).hexdigest()} {output_of(body)}")
        return *spent, response.status_code

    deps = json.loads(client.get("/_dash-dependencies").get_data(as_text=True))
    trivial = next(d for d in deps if d["output"] == "bench-out.children")
    trivial_body = json.dumps(payload(trivial, {"bench-in.value": 1}))
    for _ in range(200):
        post(trivial_body)
    trivial_cpu = [post(trivial_body)[0] for _ in range(2000)]

    every = areas_of(database_url)
    rng = random.Random(args.seed)
    # each request's figures in arrays of doubles (8 bytes each): what this bookkeeping holds is
    # known (own_bytes), and --memori takes it out of the process' growth
    per_output: dict[str, array] = defaultdict(lambda: array("d"))
    wall_output: dict[str, array] = defaultdict(lambda: array("d"))
    per_step: dict[str, array] = defaultdict(lambda: array("d"))
    cpu_all, wall_all, errors = array("d"), array("d"), 0

    def own_bytes() -> int:
        arrays = [cpu_all, wall_all, *per_output.values(), *wall_output.values(), *per_step.values()]
        return sum(a.buffer_info()[1] * a.itemsize for a in arrays)

    profile = None
    memory: list[tuple] = []
    for i in range(args.pemanasan + args.putaran):
        if i == args.pemanasan and args.profil:
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        (kab_a, _), (kab_b, pkm) = rng.choice(every), rng.choice(every)
        mine = {"kab_a": kab_a, "kab_b": kab_b, "pkm": pkm}
        for name, rounds in zip(STEPS, journey.steps):
            step_cpu = 0.0
            for bodies in rounds:
                for body in bodies:
                    cpu, wall, status = post(swap(body, journey.codes, mine), keep=i >= args.pemanasan)
                    step_cpu += cpu
                    if i >= args.pemanasan:
                        errors += status not in (200, 204)
                        cpu_all.append(cpu)
                        wall_all.append(wall)
                        per_output[f"{name}: {output_of(body)}"].append(cpu)
                        wall_output[f"{name}: {output_of(body)}"].append(wall)
            if i >= args.pemanasan:
                per_step[name].append(step_cpu)
        if args.memori and (i + 1) % args.memori == 0:
            memory.append((i + 1, len(cpu_all), rss_mb(os.getpid()), own_bytes() / 2**20, *cached_results()))

    if profile:
        profile.disable()
        profile.dump_stats(args.profil)
    if args.sidik:
        args.sidik.write_text("\n".join(prints) + "\n")
    mean_trivial = sum(trivial_cpu) / len(trivial_cpu)
    mean_journey = sum(cpu_all) / len(cpu_all)
    print(f"\n{args.halaman}, {database_url.split('://')[0]}, {args.putaran} perjalanan "
          f"({len(cpu_all)} permintaan, galat {errors}); beban mesin {os.getloadavg()[0]:.1f}")
    print(f"callback kosong: CPU rata-rata {angka(mean_trivial, 2)} ms, p50 {angka(pct(trivial_cpu, 50), 2)} ms")
    print(f"perjalanan: CPU rata-rata {angka(mean_journey, 2)} ms per permintaan "
          f"(p50 {angka(pct(cpu_all, 50), 2)} / p95 {angka(pct(cpu_all, 95), 2)}), waktu rata-rata "
          f"{angka(sum(wall_all) / len(wall_all), 2)} ms; perbandingan {angka(100 * mean_trivial / mean_journey, 0)} %")
    print("\n| langkah | CPU rata-rata ms | p95 |\n| --- | ---: | ---: |")
    for name in STEPS:
        values = per_step[name]
        print(f"| {name} | {angka(sum(values) / len(values), 1)} | {angka(pct(values, 95), 1)} |")
    print("\n| callback (terberat dulu) | n | CPU rata-rata ms | waktu rata-rata ms | CPU per perjalanan ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    rows = sorted(per_output.items(), key=lambda kv: -sum(kv[1]))
    for key, values in rows[:25]:
        walls = wall_output[key]
        print(f"| {key} | {len(values)} | {angka(sum(values) / len(values), 2)} | "
              f"{angka(sum(walls) / len(walls), 2)} | {angka(sum(values) / args.putaran, 1)} |")
    if memory:
        print("\n| perjalanan | permintaan | RSS MB | catatan benchmark MB | RSS tanpa catatan MB | "
              "hasil di tembolok | fungsi bertembolok penuh |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for done, requests, mb, own, held, full in memory:
            print(f"| {done} | {requests} | {angka(mb, 1)} | {angka(own, 1)} | {angka(mb - own, 1)} | "
                  f"{held} | {full} |")
    del app


def cached_results() -> tuple[int, int]:
    """The results held by this process' caches (functools.lru_cache and
    data_access.cache.cached_by_version) in the app's modules, and how many of those caches
    are full."""
    held = full = 0
    seen: set[int] = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith(("data_access", "callbacks", "layouts", "indicators", "figures", "dashboards")):
            continue
        for value in list(vars(module).values()):
            if id(value) in seen:
                continue
            seen.add(id(value))
            if callable(getattr(type(value), "cache_info", None)):  # functools.lru_cache
                info = value.cache_info()
                held += info.currsize
                full += info.maxsize is not None and info.currsize >= info.maxsize
            elif isinstance(value, types.FunctionType) and "cache_maxsize" in vars(value):  # cached_by_version
                held += value.cache_len()
                full += value.cache_len() >= value.cache_maxsize
    return held, full


if __name__ == "__main__":
    main()
