"""Command line: `python cli.py demo | import | export | db | pengguna | worker`; each command lives in commands/."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys

import commands

# argparse's own messages, in the language of the rest of the command line
_PESAN = [
    (r"the following arguments are required: (.*)", r"argumen wajib belum diisi: \1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)",
     r"argumen \1: pilihan \2 tidak dikenal (pilih salah satu: \3)"),
    (r"argument (.*?): invalid (\w+) value: (.*)", r"argumen \1: nilai \3 tidak valid (harus \2)"),
    (r"argument (.*?): expected one argument", r"argumen \1: perlu satu nilai"),
    (r"unrecognized arguments: (.*)", r"argumen tidak dikenal: \1"),
    (r"argument (.*?): (.*)", r"argumen \1: \2"),  # our own messages (type checks) after the name
]


class Parser(argparse.ArgumentParser):
    """argparse with its error messages in Bahasa Indonesia (the subcommands use it too)."""

    def error(self, message: str):
        for pattern, indonesian in _PESAN:
            message = re.sub(f"^{pattern}$", indonesian, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: kesalahan: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
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
