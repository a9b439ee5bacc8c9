"""`python cli.py demo`: load the synthetic demo province."""
from __future__ import annotations

import argparse
import sys

from data_access import schema
from data_access.db import get_engine, is_empty


def register(sub) -> None:
    demo = sub.add_parser("demo", help="muat provinsi contoh sintetis (fiktif)",
                          description="Membuat provinsi contoh sintetis dengan seed tetap: "
                                      "wilayah, batas desa, data program (layanan bulanan, "
                                      "sasaran dan target 2024–2025) dan dua putaran "
                                      "kunjungan keluarga.")
    demo.add_argument("--skala", choices=["kabupaten", "provinsi"], default="kabupaten",
                      help="kabupaten: ±320 desa (bawaan); provinsi: ±6.000 desa dan ±10 juta "
                           "keluarga, untuk benchmark")
    demo.add_argument("--seed", type=int, default=2024, help="seed acak (bawaan 2024)")
    demo.add_argument("--tanpa-kunjungan", action="store_true",
                      help="tanpa kunjungan keluarga (PIS-PK): hanya wilayah, batas dan data "
                           "program, untuk benchmark PWS")
    demo.add_argument("--ganti", action="store_true", help="hapus semua data yang ada lebih dulu")
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from demo.load import load_demo

    engine = get_engine()
    with engine.connect() as conn:
        empty = is_empty(conn)
    if not empty and not args.ganti:
        print("Basis data sudah berisi data. Pakai --ganti untuk menghapus semuanya dan "
              "memuat data demo.", file=sys.stderr)
        return 2
    if not empty:
        schema.metadata.drop_all(engine)
        schema.metadata.create_all(engine)
    load_demo(engine, skala=args.skala, seed=args.seed, kunjungan=not args.tanpa_kunjungan)
    return 0
