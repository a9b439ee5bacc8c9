"""Benchmark of the lokakarya mini deck export (exports/lokmin.py): the time to build the
deck from the database, to write it as PPTX and as PDF (p50 over --n runs, each starting its
own Chromium, as a download does), and one browser session for N charts against N sessions.
Not a test: run it, read it, put it in the README.

    python benchmarks/lokmin_export.py                                  # the demo in data/ (DATA_DIR)
    python benchmarks/lokmin_export.py --puskesmas P9901010101 --tahun 2025 --bulan 6 --n 5
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_access.db import get_engine  # noqa: E402
from data_access.users import acting_viewer  # noqa: E402
from exports import lokmin, render  # noqa: E402
from figures.lokmin import HEIGHT, WIDTH, slide_figure  # noqa: E402


def timed(fn, n: int) -> tuple[float, float, object]:
    """(p50, max) seconds of n calls of fn, and the last result."""
    times, out = [], None
    for _ in range(n):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--puskesmas", default="P9901010101")
    parser.add_argument("--tahun", type=int, default=2025)
    parser.add_argument("--bulan", type=int, default=6)
    parser.add_argument("--n", type=int, default=5, help="kali setiap ekspor diulang")
    parser.add_argument("--grafik", type=int, default=10, help="grafik untuk perbandingan sesi peramban")
    args = parser.parse_args()

    engine = get_engine()
    with engine.connect() as conn:
        viewer = acting_viewer(conn, None)

    def prepare():
        with engine.connect() as conn:
            return lokmin.prepare_deck(conn, viewer.scope, args.puskesmas, args.tahun, args.bulan)

    p50, worst, deck = timed(prepare, args.n)
    charts = [c for c in lokmin._charts(deck.slides) if c is not None]
    print(f"dek {deck.kode} {deck.tahun}-{deck.bulan:02d}: {len(deck.slides)} slide, {len(charts)} grafik; "
          f"Chromium: {render.browser_path()}")
    rows = [("dek dari basis data", p50, worst, "")]
    for fmt in ("pptx", "pdf"):
        p50, worst, data = timed(lambda fmt=fmt: lokmin.deck_bytes(deck, fmt), args.n)
        rows.append((f"{fmt.upper()} (termasuk start Chromium)", p50, worst, f"{len(data) / 1024:.0f} KB"))

    chart = next((c for c in charts), None) or slide_figure(deck.slides[-1])
    if chart is not None:
        many = [chart] * args.grafik
        p50, worst, _ = timed(lambda: render.render(many, "png", width=WIDTH, height=HEIGHT, scale=2), 1)
        rows.append((f"{args.grafik} grafik PNG, satu sesi peramban", p50, worst, ""))
        p50, worst, _ = timed(lambda: [render.render([c], "png", width=WIDTH, height=HEIGHT, scale=2)
                                       for c in many], 1)
        rows.append((f"{args.grafik} grafik PNG, satu sesi per grafik", p50, worst, ""))

    print("\n| langkah | p50 (s) | maks (s) | ukuran |\n| --- | ---: | ---: | ---: |")
    for name, p50, worst, size in rows:
        print(f"| {name} | {p50:.2f}".replace(".", ",") + f" | {worst:.2f}".replace(".", ",") + f" | {size} |")


if __name__ == "__main__":
    main()
