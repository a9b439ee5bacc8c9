"""How the demo province looks on the PWS pages: for each month of the demo's last year, how
many areas (kabupaten/kota, Puskesmas, desa) are baik / kurang / cukup / jelek on every PWS
indicator of Klaster 2–4. Not a test: run it, read it (the demo's default month must look
like a real province: most areas baik or cukup, a few standing out; issue 13).

    python benchmarks/demo_status.py                      # the table for December, months summed
    python benchmarks/demo_status.py --bulan 3 --bulan 12 # per-indicator tables of these months
    python benchmarks/demo_status.py --skala provinsi     # the big province (slower)

The counts come from the pages' own query (data_access.pws.pws_by_level) on the demo loaded
into a temporary SQLite (without the family visits, which the PWS does not read).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_access.db import get_engine  # noqa: E402
from data_access.pws import default_month, pws_by_level  # noqa: E402
from data_access.wilayah import resolve_area  # noqa: E402
from domain.codes import Level  # noqa: E402
from domain.wilayah import Scope  # noqa: E402
from indicators.program import INDICATORS  # noqa: E402
from indicators.pws import STATUSES  # noqa: E402

KLASTER = (2, 3, 4)
CODES = tuple(i.code for i in INDICATORS if i.klaster in KLASTER)
KLASTER_OF = {i.code: i.klaster for i in INDICATORS}
LEVELS = (Level.KABUPATEN, Level.PUSKESMAS, Level.DESA)
EVERYTHING = Scope.everything()
COLUMNS = ["bulan", "tingkat", "klaster", "indikator", *STATUSES, "kosong"]


def load(path: Path, skala: str = "kabupaten", seed: int = 2024) -> tuple[object, float]:
    """The demo (no family visits) in a new SQLite at `path`; the engine and the seconds
    load_demo took."""
    from demo.load import load_demo

    engine = get_engine(f"sqlite:///{path}")  # brought to the current schema
    start = time.monotonic()
    load_demo(engine, skala=skala, seed=seed, kunjungan=False)
    return engine, time.monotonic() - start


def province(conn):
    """The demo's province as an Area (the pages open on it)."""
    kode = conn.exec_driver_sql("SELECT DISTINCT kode_provinsi FROM desa").scalar()
    return resolve_area(conn, EVERYTHING, Level.PROVINSI, kode)


def opening_month(conn, tahun: int = 2025) -> int | None:
    """The month the Klaster pages open on: the latest with any report of their registers."""
    registers = tuple(sorted({r for i in INDICATORS if i.code in CODES for r in i.numerator}))
    return default_month(conn, EVERYTHING, province(conn), tahun, registers)


def status_rows(engine, tahun: int = 2025, months=range(1, 13), levels=LEVELS,
                codes=CODES) -> pd.DataFrame:
    """Areas per status (COLUMNS), one row per month, level and indicator."""
    rows = []
    with engine.connect() as conn:
        top = province(conn)
        for bulan in months:
            for level in levels:
                for code in codes:
                    words = pws_by_level(conn, EVERYTHING, top, level, tahun, bulan, code)["status"].tolist()
                    counts = [words.count(s) for s in STATUSES]
                    rows.append([bulan, level.value, KLASTER_OF[code], code, *counts,
                                 len(words) - sum(counts)])
    return pd.DataFrame(rows, columns=COLUMNS)


def statuses_of(engine, level: Level, tahun: int, bulan: int, codes=CODES) -> pd.DataFrame:
    """Status words per area (rows, by kode) and indicator (columns) at one level."""
    with engine.connect() as conn:
        top = province(conn)
        return pd.DataFrame({code: pws_by_level(conn, EVERYTHING, top, level, tahun, bulan, code)
                             .set_index("kode")["status"] for code in codes})


def memory_inputs(wilayah: pd.DataFrame, program, level: Level):
    """The Inputs of every area of `level` straight from generate_program's frames (the
    summaries the data layer reads, summed here: each desa reporting counts one), and the
    areas' codes with their ancestors (for target resolution)."""
    from indicators.columns import Columns
    from indicators.pws import Inputs

    key = f"kode_{level.value}"
    w = wilayah.set_index("kode_desa", drop=False)
    lay = program.layanan.assign(kode=lambda f: w[key].reindex(f["kode_desa"]).to_numpy())
    counts = (lay.groupby(["kode", "tahun", "bulan", "indikator"], as_index=False)["nilai"]
              .agg(nilai="sum", desa_lapor="size"))
    sas = program.sasaran.assign(kode=lambda f: w[key].reindex(f["kode_desa"]).to_numpy())
    sasaran = (sas.groupby(["kode", "tahun", "sasaran"], as_index=False)["jumlah"]
               .agg(jumlah="sum", desa_ada="size"))
    up = ["kode_puskesmas", "kode_kabupaten", "kode_provinsi"]
    areas = wilayah.drop_duplicates(key).sort_values(key)
    columns = {"kode": areas[key].to_numpy(dtype=object)}
    for c in up:
        below = up.index(c) < up.index(key) if key in up else False
        columns[c] = (areas[c].to_numpy(dtype=object) if not below and c != key
                      else np.full(len(areas), None, dtype=object))
    return Inputs.of(counts, sasaran), Columns(columns)


def memory_statuses(wilayah: pd.DataFrame, program, level: Level, tahun: int, months,
                    codes=CODES, data=None) -> dict[int, pd.DataFrame]:
    """statuses_of without a database, for each of `months`: the same formulas
    (indicators.pws.pws_columns) and target resolution on generate_program's frames.
    `data`: memory_inputs of this level."""
    from data_access.pws import resolve_targets
    from indicators.program import INDICATOR_BY_CODE
    from indicators.pws import matrix, pws_columns

    inputs, areas = data or memory_inputs(wilayah, program, level)
    kode = list(areas["kode"])
    t = program.target[program.target["tahun"] == tahun]
    out: dict[int, dict] = {bulan: {} for bulan in months}
    for code in codes:
        ind = INDICATOR_BY_CODE[code]
        mine = t[t["indikator"] == code]
        targets = resolve_targets(ind, dict(zip(mine["kode_wilayah"], mine["target_persen"].astype(float))), areas)
        m = matrix(inputs, None, ind, tahun, kode)  # once for every month
        for bulan in months:
            words = pws_columns(inputs, None, ind, tahun, bulan, kode, targets, m=m)["status"]
            out[bulan][code] = pd.Series(list(words), index=kode)
    return {bulan: pd.DataFrame(columns) for bulan, columns in out.items()}


def memory_rows(wilayah: pd.DataFrame, program, tahun: int = 2025, months=range(1, 13),
                levels=LEVELS, codes=CODES) -> pd.DataFrame:
    """status_rows without a database (fast enough to tune the demo's rates on)."""
    rows = []
    for level in levels:
        for bulan, table in memory_statuses(wilayah, program, level, tahun, months, codes).items():
            for code in codes:
                words = table[code].tolist()
                counts = [words.count(s) for s in STATUSES]
                rows.append([bulan, level.value, KLASTER_OF[code], code, *counts,
                             len(words) - sum(counts)])
    return pd.DataFrame(rows, columns=COLUMNS).sort_values(["bulan", "tingkat"], kind="stable",
                                                           key=lambda c: c.map(_ORDER) if c.name == "tingkat" else c)


_ORDER = {level.value: i for i, level in enumerate(LEVELS)}


def shares(rows: pd.DataFrame) -> pd.Series:
    """Share of each status among the cells with one (kosong left out), and how many."""
    total = rows[list(STATUSES)].sum()
    n = total.sum()
    return pd.concat([total / n if n else total * 0.0, pd.Series({"n": n})])


def print_month(rows: pd.DataFrame, bulan: int) -> None:
    month = rows[rows["bulan"] == bulan]
    print(f"\n== bulan {bulan}: wilayah per status, per indikator (kab / pkm / desa)")
    wide = {}
    for level in LEVELS:
        r = month[month["tingkat"] == level.value].set_index("indikator")
        wide[level.value[:3]] = r.apply(lambda x: "/".join(str(x[s]) for s in (*STATUSES, "kosong")), axis=1)
    table = pd.DataFrame(wide)
    table.insert(0, "klaster", [KLASTER_OF[c] for c in table.index])
    print("  (baik/kurang/cukup/jelek/kosong)")
    print(table.to_string())


def print_summary(rows: pd.DataFrame) -> None:
    print("\n== share of status cells (kosong left out), per month and level")
    out = []
    for (bulan, level), r in rows.groupby(["bulan", "tingkat"], sort=False):
        s = shares(r)
        out.append({"bulan": bulan, "tingkat": level, **{k: round(100 * s[k]) for k in STATUSES},
                    "baik+cukup": round(100 * (s[STATUSES[0]] + s[STATUSES[2]])), "n": int(s["n"])})
    print(pd.DataFrame(out).to_string(index=False))


def report(rows: pd.DataFrame, months, opening: int, pkm: pd.DataFrame) -> None:
    for bulan in months or [opening]:
        print_month(rows, bulan)
    print_summary(rows)
    jelek = (pkm == "jelek").sum(axis=1).sort_values(ascending=False)
    print(f"\n== Puskesmas with the most jelek indicators in month {opening}: "
          + ", ".join(f"{k} {v}" for k, v in jelek.head(6).items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skala", choices=("kabupaten", "provinsi"), default="kabupaten")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--bulan", type=int, action="append", help="per-indicator table of this month")
    parser.add_argument("--memori", action="store_true",
                        help="without a database: the same formulas on the generated frames (fast)")
    parser.add_argument("--periksa", action="store_true",
                        help="check that --memori gives the database's statuses in every month")
    args = parser.parse_args()
    if args.memori:
        from demo.generate import generate
        from demo.program import generate_program
        from indicators.pws import last_reported_month

        wilayah = generate(args.skala, args.seed).wilayah
        start = time.monotonic()
        program = generate_program(wilayah, args.seed)
        seconds = time.monotonic() - start
        registers = tuple(sorted({r for i in INDICATORS if i.code in CODES for r in i.numerator}))
        lay = program.layanan.rename(columns={"kode_desa": "kode"})
        opening = last_reported_month(lay, 2025, registers)
        rows = memory_rows(wilayah, program)
        print(f"generate_program (skala {args.skala}): {seconds:.2f} s; pages open on month {opening}")
        report(rows, args.bulan, opening, memory_statuses(wilayah, program, Level.PUSKESMAS, 2025, [opening])[opening])
        return
    with tempfile.TemporaryDirectory() as folder:
        engine, seconds = load(Path(folder) / "demo.sqlite", args.skala, args.seed)
        with engine.connect() as conn:
            opening = opening_month(conn)
        start = time.monotonic()
        rows = status_rows(engine)
        print(f"load_demo (skala {args.skala}, tanpa kunjungan): {seconds:.1f} s; "
              f"statuses of 12 months: {time.monotonic() - start:.1f} s; pages open on month {opening}")
        report(rows, args.bulan, opening, statuses_of(engine, Level.PUSKESMAS, 2025, opening))
        if args.periksa:
            from demo.generate import generate
            from demo.program import generate_program

            wilayah = generate(args.skala, args.seed).wilayah
            memory = memory_rows(wilayah, generate_program(wilayah, args.seed))
            key = ["bulan", "tingkat", "indikator"]
            same = rows.set_index(key).sort_index().equals(memory.set_index(key).sort_index())
            print(f"\n--memori gives the same counts as the database: {same}")
        engine.dispose()


if __name__ == "__main__":
    main()
