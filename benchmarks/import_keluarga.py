"""Benchmark: `cli.py import keluarga` of 1M family visits from CSV, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/import_keluarga.py [--baris 1000000] [--pg URL] [--tanpa-pg]

Writes a synthetic wilayah CSV (one fictional province, 400 desa) and a keluarga CSV of
`--baris` visits (every family visited in 2024, about two in three again in 2025) into
benchmarks/out/, imports the wilayah and then the visits into a fresh SQLite file and into
PostgreSQL (DATABASE_URL taken from --pg, default the test server), each import a separate
`python cli.py import` process, and reports its wall time and peak memory (the child's
ru_maxrss, read with os.wait4). Validation, duplicate check and the IKS summary refresh are
all inside the timed import. A second import of the same file is timed too (all unchanged).
Target (issue 3): SQLite ≤ 60 s and ≤ 1.5 GB on 2 cores.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))

from indicators.registry import IKS_CODES  # noqa: E402

N_DESA = 400
DESA_PER_PUSKESMAS = 10
DESA_PER_KECAMATAN = 16
DESA_PER_KABUPATEN = 100


def wilayah_frame() -> pd.DataFrame:
    i = np.arange(N_DESA)
    kab = i // DESA_PER_KABUPATEN + 1
    kec = (i % DESA_PER_KABUPATEN) // DESA_PER_KECAMATAN + 1
    nomor = (i % DESA_PER_KABUPATEN) % DESA_PER_KECAMATAN + 2001
    pkm = i // DESA_PER_PUSKESMAS + 1
    kode_kab = [f"99.{k:02d}" for k in kab]
    return pd.DataFrame({
        "kode_provinsi": "99", "nama_provinsi": "Provinsi Uji Beban (Fiktif)",
        "kode_kabupaten": kode_kab, "nama_kabupaten": [f"Kabupaten Uji {k}" for k in kab],
        "kode_puskesmas": [f"P99{p:04d}" for p in pkm], "nama_puskesmas": [f"Puskesmas Uji {p}" for p in pkm],
        "kode_desa": [f"{kk}.{c:02d}.{n}" for kk, c, n in zip(kode_kab, kec, nomor)],
        "nama_desa": [f"Desa Uji {d + 1}" for d in i],
        "kode_kecamatan": [f"{kk}.{c:02d}" for kk, c in zip(kode_kab, kec)],
        "nama_kecamatan": [f"Kecamatan Uji {kk} {c}" for kk, c in zip(kode_kab, kec)],
        "jumlah_keluarga": 2000,
    })


def keluarga_csv(path: Path, wilayah: pd.DataFrame, rows: int, seed: int = 7) -> None:
    """`rows` visits: families numbered per desa, visited in 2024 and ~2/3 again in 2025;
    codes written without dots in half the rows, answers in mixed case, as real exports do."""
    rng = np.random.default_rng(seed)
    first = int(np.ceil(rows / 1.67))
    second = rows - first
    fam = np.arange(first)
    desa_idx = fam % N_DESA
    again = np.sort(rng.choice(first, size=second, replace=False))
    fam_all = np.r_[fam, again]
    day = np.r_[rng.integers(31, 330, first), rng.integers(0, 330, second)]
    year = np.r_[np.full(first, 2024), np.full(second, 2025)]
    dates = (pd.to_datetime(year.astype(str), format="%Y") + pd.to_timedelta(day, unit="D"))
    kode = wilayah["kode_desa"].to_numpy()[desa_idx[fam_all]]
    plain = np.char.replace(kode.astype(str), ".", "")
    kode = np.where(fam_all % 2 == 0, kode, plain)
    frame = pd.DataFrame({
        "kode_desa": kode,
        "id_keluarga": np.char.add("K", np.char.zfill(fam_all.astype(str), 9)),
        "tanggal_kunjungan": dates.strftime("%Y-%m-%d"),
    })
    p_y = rng.uniform(0.55, 0.95, len(IKS_CODES))
    for j, code in enumerate(IKS_CODES):
        u = rng.random(rows)
        answer = np.where(u < 0.15, "N", np.where(u < 0.15 + 0.85 * p_y[j], "Y", "T"))
        if j == 0:
            answer = np.where(rng.random(rows) < 0.1, np.char.lower(answer), answer)
        frame[code] = answer
    frame.to_csv(path, index=False)


def run_import(dataset: str, path: Path, url: str) -> tuple[float, float, str]:
    """(seconds, peak MB, last output line) of one `cli.py import` in its own process."""
    env = {**os.environ, "DATABASE_URL": url}
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "import", dataset, str(path)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit(f"import {dataset} gagal (status {proc.returncode}) di {url}")
    return seconds, usage.ru_maxrss / 1024, out.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baris", type=int, default=1_000_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="server PostgreSQL; sebuah basis data sementara dibuat di sana")
    parser.add_argument("--tanpa-pg", action="store_true")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    wilayah = wilayah_frame()
    w_path, k_path = OUT / "wilayah_uji.csv", OUT / f"keluarga_{args.baris}.csv"
    wilayah.to_csv(w_path, index=False)
    if not k_path.exists():
        start = time.monotonic()
        keluarga_csv(k_path, wilayah, args.baris)
        print(f"membuat {k_path.name}: {time.monotonic() - start:.0f} s, "
              f"{k_path.stat().st_size / 1e6:.0f} MB")

    targets = []
    db = OUT / "import_keluarga.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    targets.append(("SQLite", f"sqlite:///{db}", None))
    if not args.tanpa_pg:
        from sqlalchemy import create_engine, text

        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        name = f"bench_impor_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))  # name made here, not user input
        targets.append(("PostgreSQL", args.pg.rsplit("/", 1)[0] + "/" + name, (admin, name)))

    print(f"{'basis data':<11} {'impor':<22} {'detik':>7} {'puncak MB':>10}")
    try:
        for label, url, _ in targets:
            for what, dataset, path in (("wilayah", "wilayah", w_path),
                                        (f"keluarga {args.baris:,}".replace(",", "."), "keluarga", k_path),
                                        ("keluarga, ulang", "keluarga", k_path)):
                seconds, peak, line = run_import(dataset, path, url)
                print(f"{label:<11} {what:<22} {seconds:7.1f} {peak:10.0f}   {line}")
    finally:
        for _, _, admin_name in targets:
            if admin_name:
                admin, name = admin_name
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
