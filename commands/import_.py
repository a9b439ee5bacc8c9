"""`python cli.py import <dataset> <file>`: import a CSV/XLSX table or a boundary file."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ingest import DATASETS

# below this many rows a progress line is only noise
PROGRESS_FROM_ROWS = 50_000


def register(sub) -> None:
    lines = [f"  {name:<9} {spec.label}" + (
        f": {', '.join(c.name for c in spec.required_columns)}" if spec.columns else
        ": GeoJSON, Shapefile atau GeoPackage berisi poligon desa")
        for name, spec in DATASETS.items()]
    cmd = sub.add_parser(
        "import", help="impor data dari CSV/XLSX (atau berkas peta untuk batas)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Mengimpor satu berkas. Semua atau tidak sama sekali: bila ada baris yang "
                    "salah, tidak ada yang diubah dan setiap masalah dicetak sebagai "
                    "'baris N, kolom C: ...'. Mengimpor berkas yang sama dua kali tidak mengubah "
                    "apa pun.\n\nJenis data dan kolom wajibnya:\n" + "\n".join(lines)
                    + "\n\nCSV: UTF-8 (dengan atau tanpa BOM), pemisah koma, titik koma atau tab. "
                      "XLSX: lembar pertama, atau --sheet.")
    cmd.add_argument("dataset", choices=list(DATASETS), metavar="DATASET",
                     help="jenis data: " + ", ".join(DATASETS))
    cmd.add_argument("file", metavar="BERKAS", help="berkas yang diimpor")
    cmd.add_argument("--sheet", metavar="NAMA", help="lembar XLSX yang dibaca (bawaan: yang pertama)")
    cmd.add_argument("--kolom-kode", metavar="NAMA", dest="kolom_kode",
                     help="batas: properti berisi kode desa, bila tidak dikenali sendiri")
    cmd.add_argument("--pengguna", metavar="NAMA",
                     help="impor atas nama pengguna aktif ini: peran dan wilayahnya berlaku (baris "
                          "di luar wilayahnya ditolak); tanpa ini: operator, seluruh wilayah")
    cmd.set_defaults(func=run)


class ProgressLine:
    """A percentage on stderr, rewritten in place with \\r, for large files only."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.shown = False
        self.last = -1.0

    def __call__(self, done: int, total: int | None) -> None:
        if total is None or total < 2 * PROGRESS_FROM_ROWS:  # import_file counts rows twice
            return
        share = min(done / total, 1.0)
        if share - self.last < 0.01 and share < 1.0:
            return
        self.last = share
        half = total // 2
        phase, rows = ("memeriksa", done) if done <= half else ("menyimpan", done - half)
        self.stream.write(f"\r{phase:<10} {share * 100:5.1f}%  ({rows:,} dari ~{half:,} baris)"
                          .replace(",", "."))
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from commands import command_viewer, printable
    from data_access.db import get_engine
    from ingest import import_file
    from ingest.jobs import ImportBusy, run_here

    engine = get_engine()
    viewer = command_viewer(engine, args.pengguna)
    if viewer is None:
        return 2
    progress = ProgressLine()
    start = time.monotonic()

    def work(beat):
        def both(done, total):
            progress(done, total)
            beat(done, total)
        return import_file(engine, args.dataset, args.file, viewer=viewer, alamat="cli",
                           sheet=args.sheet, kolom_kode=args.kolom_kode, progress=both)

    # as a job: one import per dataset and wilayah, the upload page's included
    try:
        result = run_here(engine, args.dataset, Path(args.file).resolve(), viewer=viewer, alamat="cli",
                          work=work)
    except ImportBusy as busy:
        print(printable(str(busy)), file=sys.stderr)
        return 1
    finally:
        progress.close()
    # the messages echo the file's cells and name: printable() keeps their escapes off the terminal
    for warning in result.warnings:
        print(printable(f"Catatan: {warning}"), file=sys.stderr)
    if not result.ok:
        print(printable(result.message), file=sys.stderr)
        return 1
    print(printable(f"{result.message} ({time.monotonic() - start:.1f} detik)"))
    return 0
