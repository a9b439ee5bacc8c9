"""`python cli.py export <view>`: write the numbers a dashboard view shows to CSV or XLSX."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from commands import command_viewer, printable
from data_access.db import get_engine
from data_access.users import Event, audit
from domain.codes import Level
from domain.wilayah import WilayahError
from exports.lokmin import deck_bytes, deck_format, prepare_deck
from exports.render import RenderError
from exports.views import (
    EXPORT_LEVELS,
    VIEWS,
    ExportError,
    ExportRequest,
    export_view,
    output_format,
    resolve_wilayah,
    write_export,
)
from indicators.program import INDICATOR_CODES, KASKADE_BY_CODE

LOKMIN = "lokmin"  # the deck export (exports/lokmin.py): PPTX or PDF, not a table


def _month(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise argparse.ArgumentTypeError(f"bulan harus 1–12, bukan '{text}'")
    return int(text)


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"tahun harus empat angka (mis. 2025), bukan '{text}'")
    return int(text)


def register(sub) -> None:
    views = "\n".join(f"  {v.name:8} {v.help}" for v in VIEWS.values())
    export = sub.add_parser(
        "export", help="tulis angka sebuah tampilan dasbor ke CSV atau XLSX",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Menulis angka yang ditampilkan dasbor, satu baris per wilayah pada tingkat "
                    "yang dipilih (di dalam --wilayah bila diberikan).\n\nTampilan:\n" + views,
        epilog="CSV: UTF-8, koma sebagai pemisah kolom, titik sebagai tanda desimal, pecahan 0–1 "
               "(0.95 = 95%), sel kosong = tidak ada data. Penjelasan kolom: docs/ekspor.md.\n"
               "Contoh:\n"
               "  python cli.py export iks --tahun 2025 --tingkat desa --wilayah 99.01 --out iks-desa.xlsx\n"
               "  python cli.py export pws --tahun 2025 --bulan 3 --tingkat desa --wilayah 99.01 "
               "--indikator k6 --out pws-k6.xlsx\n"
               "  python cli.py export kaskade --tahun 2025 --bulan 6 --tingkat puskesmas "
               "--indikator tb --out kaskade-tb.csv\n"
               "  python cli.py export scorecard --tahun 2025 --bulan 12 --tingkat puskesmas "
               "--wilayah 99.01 --out scorecard.xlsx\n"
               "  python cli.py export lokmin --puskesmas P9901010101 --tahun 2025 --bulan 6 --out deck.pptx")
    export.add_argument("view", choices=[*VIEWS, LOKMIN], metavar="TAMPILAN",
                        help="tampilan yang diekspor: " + ", ".join(VIEWS) + "; lokmin: dek "
                             "lokakarya mini satu Puskesmas sebagai PPTX atau PDF (--puskesmas, --bulan)")
    export.add_argument("--tahun", type=_year, required=True, metavar="YYYY",
                        help="tahun data (iks: keadaan per 31 Desember tahun itu; pws, kaskade, "
                             "scorecard: Januari s.d. --bulan tahun itu)")
    export.add_argument("--tingkat", choices=[lv.value for lv in EXPORT_LEVELS],
                        help="satu baris per wilayah pada tingkat ini (wajib, kecuali lokmin)")
    export.add_argument("--puskesmas", metavar="KODE",
                        help="lokmin: kode Puskesmas yang deknya diekspor (susunan slide yang disimpan "
                             "Puskesmas itu dipakai)")
    export.add_argument("--wilayah", metavar="KODE",
                        help="batasi ke wilayah ini: kode provinsi (99), kabupaten/kota (99.01), "
                             "Puskesmas, atau desa (dengan atau tanpa titik)")
    export.add_argument("--bulan", type=_month, metavar="M",
                        help="bulan 1–12 (wajib untuk pws, kaskade dan scorecard)")
    export.add_argument("--indikator", metavar="KODE",
                        help="pws: kode indikator (" + ", ".join(INDICATOR_CODES) + "); kaskade: "
                             + ", ".join(KASKADE_BY_CODE) + " (wajib untuk keduanya)")
    export.add_argument("--awal", action="store_true",
                        help="iks: IKS awal (kunjungan pertama setiap keluarga)")
    export.add_argument("--out", required=True, metavar="BERKAS",
                        help="berkas keluaran, berakhiran .csv atau .xlsx (lokmin: .pptx atau .pdf)")
    export.add_argument("--pengguna", metavar="NAMA",
                        help="ekspor atas nama pengguna aktif ini: hanya baris di dalam wilayahnya; "
                             "tanpa ini: operator, seluruh wilayah")
    export.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # the command line is run by whoever holds the database: the whole country, unless it
    # acts for a user (--pengguna), whose wilayah then bounds every row
    engine = get_engine()
    viewer = command_viewer(engine, args.pengguna)
    if viewer is None:
        return 2
    scope = viewer.scope
    unwritable = folder_problem(args.out)  # said before anything is built (a deck takes seconds)
    if unwritable:
        print(printable(f"Ekspor dibatalkan: {unwritable}"), file=sys.stderr)
        return 1
    if args.view == LOKMIN:
        return run_lokmin(args, engine, viewer)
    if args.tingkat is None:
        print(f"Ekspor dibatalkan: --tingkat wajib untuk tampilan {args.view}.", file=sys.stderr)
        return 2
    try:
        fmt = output_format(args.out)
        with engine.connect() as conn:
            wilayah = resolve_wilayah(conn, scope, args.wilayah)
            request = ExportRequest(tingkat=Level(args.tingkat), wilayah=wilayah, tahun=args.tahun,
                                    bulan=args.bulan, indikator=args.indikator, awal=args.awal)
            frame = export_view(conn, scope, args.view, request)
        data = write_export(frame, fmt, view=VIEWS[args.view], request=request)
    except (ExportError, WilayahError) as exc:
        print(printable(f"Ekspor dibatalkan: {exc}"), file=sys.stderr)  # it may name an area
        return 1
    if not write_output(args.out, data):  # built whole first: an error above writes nothing
        return 1
    chosen = [f"tingkat {args.tingkat}", f"wilayah {wilayah.kode or 'nasional'}", f"tahun {args.tahun}"]
    chosen += [f"{name} {getattr(args, name)}" for name in ("bulan", "indikator") if getattr(args, name)]
    with engine.begin() as conn:
        audit(conn, Event.EKSPOR, viewer=viewer, alamat="cli",
              rincian=f"{args.view}, {', '.join(chosen)}: {len(frame)} baris ke {Path(args.out).name}")
    print(f"{len(frame)} baris ditulis ke {args.out}")
    return 0


def folder_problem(out: str) -> str | None:
    """Why the file cannot be written into its folder, in Bahasa Indonesia, or None."""
    folder = Path(out).resolve().parent
    if not folder.is_dir():
        return f"folder '{folder}' tidak ada; buat dulu atau pilih --out lain."
    if not os.access(folder, os.W_OK):
        return f"folder '{folder}' tidak dapat ditulisi; pilih --out lain."
    return None


def write_output(out: str, data: bytes) -> bool:
    """Write the finished file; a failure (disk full, a folder removed meanwhile) is said, not a traceback."""
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        print(printable(f"Ekspor dibatalkan: berkas '{out}' tidak dapat ditulis ({exc.strerror or exc})."),
              file=sys.stderr)
        return False
    return True


def run_lokmin(args: argparse.Namespace, engine, viewer) -> int:
    """`export lokmin`: the Puskesmas' deck as the presentation shows it, to .pptx or .pdf."""
    if not args.puskesmas or args.bulan is None:
        print("Ekspor dibatalkan: lokmin memerlukan --puskesmas dan --bulan.", file=sys.stderr)
        return 2
    try:
        fmt = deck_format(args.out)
        with engine.connect() as conn:
            deck = prepare_deck(conn, viewer.scope, args.puskesmas, args.tahun, args.bulan)
        data = deck_bytes(deck, fmt)  # the database is closed while Chromium draws
    except (ExportError, WilayahError, RenderError) as exc:
        print(printable(f"Ekspor dibatalkan: {exc}"), file=sys.stderr)
        return 1
    if not write_output(args.out, data):
        return 1
    with engine.begin() as conn:
        audit(conn, Event.EKSPOR, viewer=viewer, alamat="cli",
              rincian=f"lokmin, puskesmas {deck.kode}, tahun {deck.tahun}, bulan {deck.bulan}: "
                      f"{len(deck.slides)} slide ke {Path(args.out).name}")
    print(f"{len(deck.slides)} slide ditulis ke {args.out}")
    return 0
