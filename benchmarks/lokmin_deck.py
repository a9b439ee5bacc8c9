"""How long the lokakarya mini deck takes to write itself: data_access.lokmin.build_deck and
figures.lokmin.slide_figure for every slide, for random Puskesmas (and kabupaten/kota) of
the demo, cold (the result caches emptied, as after an import) and warm (the same deck
asked again, as the presenter's page and the download do). Not a test: run it, read it.

    python benchmarks/lokmin_deck.py                  # the demo (kabupaten scale, with visits)
    python benchmarks/lokmin_deck.py --db benchmarks/out/pws_provinsi.sqlite   # province scale
    python benchmarks/lokmin_deck.py --buat           # build the demo database first

The demo database is benchmarks/out/lokmin_demo.sqlite (`load_demo`, kabupaten scale, family
visits included so the IKS slide is there); the province one is the PWS benchmarks' (no
family visits: no IKS slide there).
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from benchmarks.common import OUT, pct  # noqa: E402
from data_access import schema  # noqa: E402
from data_access.db import get_engine  # noqa: E402
from data_access.lokmin import build_deck  # noqa: E402
from data_access.wilayah import resolve_area  # noqa: E402
from domain.codes import Level  # noqa: E402
from domain.wilayah import Scope  # noqa: E402
from figures.lokmin import slide_figure  # noqa: E402
from indicators.pws import BULAN  # noqa: E402

DEMO_DB = OUT / "lokmin_demo.sqlite"
ALL = Scope.everything()


def build(db: Path) -> None:
    from demo.load import load_demo

    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    start = time.monotonic()
    load_demo(get_engine(f"sqlite:///{db}"))
    print(f"demo dibangun dalam {time.monotonic() - start:.0f} s: {db}")


def forget() -> None:
    """Empty every result cache of the data layer (cold path)."""
    import data_access.iks as iks
    import data_access.pws as pws
    import data_access.skor as skor
    import data_access.wilayah as wilayah

    for module in (pws, skor, iks, wilayah):
        for value in vars(module).values():
            if callable(value) and hasattr(value, "cache_clear") and value.__module__ == module.__name__:
                value.cache_clear()


def measure(conn, level: Level, codes: list[str], tahun: int, bulan: int, n: int, rng) -> dict:
    out = {"build_cold": [], "build_warm": [], "figures": [], "slides": []}
    for kode in rng.sample(codes, min(n, len(codes))):
        area = resolve_area(conn, ALL, level, kode)
        forget()
        start = time.perf_counter()
        deck = build_deck(conn, ALL, area, tahun, bulan, hari_ini=date.today())
        out["build_cold"].append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        build_deck(conn, ALL, area, tahun, bulan, hari_ini=date.today())
        out["build_warm"].append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        for slide in deck.slides:
            slide_figure(slide)
        out["figures"].append((time.perf_counter() - start) * 1000)
        out["slides"].append(len(deck.slides))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEMO_DB)
    parser.add_argument("--buat", action="store_true", help="bangun basis data demo dulu")
    parser.add_argument("--n", type=int, default=20, help="Puskesmas (dan kabupaten/kota) yang diukur")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if args.buat or not args.db.exists():
        build(args.db)
    engine = get_engine(f"sqlite:///{args.db}")
    rng = random.Random(args.seed)
    with engine.connect() as conn:
        lay = schema.layanan
        tahun = conn.execute(select(func.max(lay.c.tahun))).scalar()
        bulan = conn.execute(select(func.max(lay.c.bulan)).where(lay.c.tahun == tahun)).scalar()
        d = schema.desa
        puskesmas = sorted(conn.execute(select(d.c.kode_puskesmas).distinct()).scalars())
        kabupaten = sorted(conn.execute(select(d.c.kode_kabupaten).distinct()).scalars())
        print(f"{args.db.name}: {len(puskesmas)} Puskesmas, {len(kabupaten)} kabupaten/kota; "
              f"deck {BULAN[bulan - 1]} {tahun}")
        print(f"{'wilayah':<12}{'n':>4}{'slide':>8}  {'yang diukur':<20}{'p50 ms':>9}{'p95 ms':>9}")
        for label, level, codes, n in (("Puskesmas", Level.PUSKESMAS, puskesmas, args.n),
                                       ("kabupaten", Level.KABUPATEN, kabupaten, max(1, args.n // 4))):
            res = measure(conn, level, codes, tahun, bulan, n, rng)
            slides = f"{min(res['slides'])}–{max(res['slides'])}"
            for key, what in (("build_cold", "build_deck dingin"), ("build_warm", "build_deck hangat"),
                              ("figures", "semua slide_figure")):
                print(f"{label:<12}{len(res[key]):>4}{slides:>8}  {what:<20}{pct(res[key], 50):9.1f}"
                      f"{pct(res[key], 95):9.1f}")


if __name__ == "__main__":
    main()
