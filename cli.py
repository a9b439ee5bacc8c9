"""Command line: `python cli.py demo | import | export`; each command lives in commands/."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python cli.py",
        description="Dasbor PWS · ILP · IKS. Basis data dipilih dengan DATABASE_URL "
                    "(kosong: berkas SQLite di folder data/).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    for module in sorted(m.name for m in pkgutil.iter_modules(commands.__path__)):
        importlib.import_module(f"commands.{module}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
