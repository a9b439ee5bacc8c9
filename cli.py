"""Command line: `python cli.py demo` and (as the issues land) import and export."""
from __future__ import annotations

import argparse
import sys

from data_access import schema
from data_access.db import get_engine, is_empty


def cmd_demo(args: argparse.Namespace) -> int:
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
    load_demo(engine, skala=args.skala, seed=args.seed)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python cli.py",
        description="Dasbor PWS · ILP · IKS. Basis data dipilih dengan DATABASE_URL "
                    "(kosong: berkas SQLite di folder data/).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    demo = sub.add_parser("demo", help="muat provinsi contoh sintetis (fiktif)",
                          description="Membuat provinsi contoh sintetis dengan seed tetap: "
                                      "wilayah, batas desa, dan dua putaran kunjungan keluarga.")
    demo.add_argument("--skala", choices=["kabupaten", "provinsi"], default="kabupaten",
                      help="kabupaten: ±320 desa (bawaan); provinsi: ±6.000 desa dan ±10 juta "
                           "keluarga, untuk benchmark")
    demo.add_argument("--seed", type=int, default=2024, help="seed acak (bawaan 2024)")
    demo.add_argument("--ganti", action="store_true",
                      help="hapus semua data yang ada lebih dulu")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
