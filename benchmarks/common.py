"""What the page benchmarks share: their database (built once at province scale), their
command line, the random filter changes, the result caches they empty, and the percentiles
and table lines they print. Each page's script keeps what is its own: which callbacks, with
which values, at which levels."""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
PWS_DB = OUT / "pws_provinsi.sqlite"  # the province without family visits (PWS, Utama, morbiditas)
LEVELS = ["provinsi", "kabupaten", "puskesmas", "desa"]
TRIVIAL = "callback Dash kosong (pembanding)"
FILTER = "filter bar (URL → filter)"


# --- the database ------------------------------------------------------------------------------

def build_demo(db: Path, kunjungan: bool = True) -> None:
    """The province-scale demo in a new SQLite at `db` (`cli.py demo --skala provinsi`),
    without the family visits unless `kunjungan`."""
    db.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    start = time.monotonic()
    without = [] if kunjungan else ["--tanpa-kunjungan"]
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "demo", "--skala", "provinsi", *without, "--ganti"],
                   env=env, check=True)
    print(f"dibangun dalam {time.monotonic() - start:.0f} s: {db} ({db.stat().st_size / 1e9:.2f} GB)")


def build_pws(db: Path) -> None:
    build_demo(db, kunjungan=False)


def parser(doc: str, default_db: Path, n: int = 60, n_help: str = "perubahan filter yang diukur"):
    """The options every page benchmark has: --db (or --database-url), --buat, --n."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=default_db)
    parser.add_argument("--database-url", help="ukur pada basis data ini (mis. PostgreSQL: postgresql+psycopg://…) "
                        "alih-alih --db; isi dulu dengan `DATABASE_URL=… python cli.py demo --skala provinsi "
                        "[--tanpa-kunjungan]`")
    parser.add_argument("--buat", action="store_true", help="bangun basis data skala provinsi dulu")
    parser.add_argument("--n", type=int, default=n, help=n_help)
    return parser


def open_app(parser, build):
    """Read the command line; build the database with `build` if asked or missing (SQLite),
    point the app at it (or at --database-url), import the app with the trivial callback
    added. The options and the app's Flask server."""
    args = parser.parse_args()
    if args.database_url:
        if args.buat:
            parser.error("--buat membangun berkas SQLite --db; untuk --database-url jalankan "
                         "`DATABASE_URL=… python cli.py demo --skala provinsi` dulu")
        os.environ["DATABASE_URL"] = args.database_url
    else:
        if args.buat or not args.db.exists():
            build(args.db)
        os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"

    import app as dashboard
    from benchmarks.dash_client import add_trivial_callback

    add_trivial_callback()
    return args, dashboard.server


def area_counts(conn):
    """(desa, Puskesmas, kabupaten/kota) in the database."""
    from sqlalchemy import func, select

    from data_access import schema

    d = schema.desa
    return conn.execute(select(func.count(), func.count(d.c.kode_puskesmas.distinct()),
                               func.count(d.c.kode_kabupaten.distinct()))).one()


def desa_rows(conn):
    """Every desa as (provinsi, kabupaten, puskesmas, desa) codes: where filter changes go."""
    from sqlalchemy import select

    from data_access import schema

    d = schema.desa
    return conn.execute(select(d.c.kode_provinsi, d.c.kode_kabupaten, d.c.kode_puskesmas, d.c.kode)).all()


# --- the filter changes ------------------------------------------------------------------------

def choosable(scope) -> list[str]:
    """The levels the viewer can choose: below a Puskesmas scope, its own view or one of its desa."""
    return LEVELS[LEVELS.index(scope.level.value):] if scope.kode else LEVELS


def random_search(rng, rows, levels: list[str], month_share: float = 0.0, landing: bool = False) -> str:
    """A random filter change as its URL query: a random desa's area at a random level of
    `levels` (the first of them if `landing`), with a random month in `month_share` of them."""
    parts = dict(zip(LEVELS, rng.choice(rows)))
    level = levels[0] if landing else rng.choice(levels)
    search = "?" + "&".join(f"{k}={parts[k]}" for k in LEVELS[: LEVELS.index(level) + 1])
    if month_share and rng.random() < month_share:
        search += f"&bulan={rng.randint(1, 12)}"
    return search


def forget(*caches) -> None:
    """Cold path: as if this view had never been asked for since the last data change (the
    caches given, and those of the area lookups and the filter bar's IKS years)."""
    from data_access import iks, wilayah

    for fn in (*caches, iks.iks_years, wilayah._lookup, wilayah.children, wilayah.scope_root):
        fn.cache_clear()


# --- what is printed ---------------------------------------------------------------------------

def pct(vals, q):
    return statistics.quantiles(vals, n=100, method="inclusive")[q - 1] if len(vals) > 1 else vals[0]


def print_times(times: dict, labels: dict, width: int, sizes: dict | None = None) -> None:
    """The table of p50 and p95 per callback, in the order of `labels` (and the p95 of the
    gzip sizes of those in `sizes`)."""
    print(f"{'callback':<{width}}{'p50':>8}{'p95':>8}" + (f"{'KB gzip p95':>14}" if sizes else ""))
    for key, label in labels.items():
        size = f"{pct(sizes[key], 95) / 1024:14.1f}" if sizes and key in sizes else ""
        print(f"{label:<{width}}{pct(times[key], 50):8.1f}{pct(times[key], 95):8.1f}{size}")


def target(trivial: list) -> float:
    """The target p95 of a callback: 3 × the trivial callback's p95 + 20 ms."""
    return 3 * pct(trivial, 95) + 20


def target_line(trivial: list, worst: float, note: str, what: str = "target p95 per callback") -> str:
    return (f"{what} ≤ 3 × {pct(trivial, 95):.1f} + 20 = {target(trivial):.1f} ms: "
            f"{'terpenuhi' if worst <= target(trivial) else 'TIDAK terpenuhi'} ({note})")


def print_slowest(times: dict, labels: dict, searches: list, keys) -> None:
    """For --rinci: the four slowest filter changes of each callback in `keys`."""
    for key in keys:
        slow = sorted(zip(times[key], searches), reverse=True)[:4]
        print(f"paling lambat, {labels[key]}: " + "; ".join(f"{t:.0f} ms {s}" for t, s in slow))


def level_of(search: str) -> str:
    """The level a random_search chose: the deepest level named in its query."""
    named = [part.split("=")[0] for part in search.lstrip("?").split("&")]
    return next(level for level in reversed(LEVELS) if level in named)


def print_by_level(times: dict, labels: dict, searches: list, keys) -> None:
    """p50 / p95 (and how many) of each callback in `keys` per level of the filter change: the
    province's view (one row per kabupaten) beside a kabupaten's, a Puskesmas' and a desa's."""
    for key in keys:
        parts = []
        for level in LEVELS:
            spent = [t for t, s in zip(times[key], searches) if level_of(s) == level]
            if spent:
                parts.append(f"{level} {pct(spent, 50):.0f} / {pct(spent, 95):.0f} (n={len(spent)})")
        print(f"per tingkat, {labels[key]} (p50 / p95 ms): " + "; ".join(parts))
