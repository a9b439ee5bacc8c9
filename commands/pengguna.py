"""`python cli.py pengguna tambah | ubah | nonaktif | daftar | reset-sandi`: the dashboard's
users, managed from the server (how the first admin of a real database is made)."""
from __future__ import annotations

import argparse
import getpass
import secrets
import sys

from data_access.db import get_engine
from data_access.users import (
    PASSWORD_MAX,
    USER_LEVELS,
    UserError,
    admin_add_user,
    admin_set_password,
    admin_update_user,
    list_users,
    scope_label,
)
from domain.access import OPERATOR, AccessDenied, parse_role
from domain.codes import Level
from domain.wilayah import Scope
from indicators import format as fmt

ADDRESS = "cli"  # the audit log's alamat of a change made here
WILAYAH_HELP = ("nasional, atau tingkat:KODE dengan tingkat provinsi, kabupaten atau puskesmas "
                "(contoh: kabupaten:99.01, puskesmas:P01)")
PERAN_HELP = "pembaca, pengelola (juga ditulis pengelola-data) atau admin"


def register(sub) -> None:
    pengguna = sub.add_parser(
        "pengguna", help="kelola pengguna dasbor: tambah, ubah, nonaktifkan, daftar, atur ulang sandi",
        description="Mengelola pengguna dasbor dari server, dengan hak operator (seluruh "
                    "Indonesia). Dengan perintah ini admin pertama dibuat pada basis data "
                    "berisi data nyata. Setiap perubahan dicatat di log audit (tanpa kata sandi).")
    commands = pengguna.add_subparsers(dest="pengguna_command", required=True, metavar="PERINTAH")

    tambah = commands.add_parser(
        "tambah", help="tambah pengguna baru",
        description="Menambah pengguna. Kata sandi diketik dua kali tanpa tampil di layar, "
                    "dibaca dari baris pertama stdin (--sandi-stdin), atau dibuat acak "
                    "(--buat-sandi) dan ditampilkan sekali.")
    tambah.add_argument("nama", help="nama pengguna untuk masuk (huruf kecil, angka, . _ -)")
    tambah.add_argument("--peran", required=True, help=PERAN_HELP)
    tambah.add_argument("--wilayah", required=True, help=WILAYAH_HELP)
    tambah.add_argument("--nama-lengkap", default="", help="nama lengkap (opsional)")
    _password_source(tambah)
    tambah.set_defaults(func=add)

    ubah = commands.add_parser("ubah", help="ubah peran, wilayah, nama lengkap, atau aktifkan lagi",
                               description="Mengubah pengguna; yang tidak disebut tetap. Perubahan "
                                           "peran atau wilayah mengakhiri sesinya.")
    ubah.add_argument("nama", help="nama pengguna")
    ubah.add_argument("--peran", help=PERAN_HELP)
    ubah.add_argument("--wilayah", help=WILAYAH_HELP)
    ubah.add_argument("--nama-lengkap", help="nama lengkap baru")
    ubah.add_argument("--aktif", action="store_true", help="aktifkan lagi pengguna yang dinonaktifkan")
    ubah.set_defaults(func=update)

    nonaktif = commands.add_parser("nonaktif", help="nonaktifkan pengguna (sesinya diakhiri)",
                                   description="Menonaktifkan pengguna: ia tidak dapat masuk lagi "
                                               "dan sesinya yang berjalan diakhiri. Datanya "
                                               "tetap; `ubah NAMA --aktif` mengaktifkannya lagi.")
    nonaktif.add_argument("nama", help="nama pengguna")
    nonaktif.set_defaults(func=deactivate)

    reset = commands.add_parser("reset-sandi", help="atur kata sandi baru (sesinya diakhiri)",
                                description="Mengatur kata sandi baru untuk pengguna; semua "
                                            "sesinya diakhiri.")
    reset.add_argument("nama", help="nama pengguna")
    _password_source(reset)
    reset.set_defaults(func=reset_password)

    commands.add_parser("daftar", help="tampilkan semua pengguna",
                        description="Menampilkan semua pengguna: nama, nama lengkap, peran, "
                                    "wilayah, aktif, dan waktu login terakhir (UTC).",
                        ).set_defaults(func=show)


def _password_source(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--sandi-stdin", action="store_true",
                        help="baca kata sandi dari baris pertama stdin (untuk skrip)")
    source.add_argument("--buat-sandi", action="store_true",
                        help="buat kata sandi acak yang kuat dan tampilkan sekali")


def parse_wilayah(text: str) -> Scope:
    """'nasional', 'provinsi:99', 'kabupaten:99.01', 'puskesmas:P01' → a Scope (whether the
    area exists is checked against the database later)."""
    level, _, kode = str(text).strip().partition(":")
    level = {"kota": "kabupaten", "kabupaten/kota": "kabupaten"}.get(level.lower(), level.lower())
    if level == Level.NASIONAL and not kode:
        return Scope.everything()
    if level in {lv.value for lv in USER_LEVELS[1:]} and kode.strip():
        return Scope(Level(level), kode.strip())
    raise UserError(f"Wilayah '{str(text)[:40]}' tidak dikenal: tulis {WILAYAH_HELP}.")


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    """The password and whether it was made here (then it is printed once)."""
    if args.buat_sandi:
        return secrets.token_urlsafe(15), True
    if args.sandi_stdin:
        line = sys.stdin.readline(PASSWORD_MAX + 2)
        return line.removesuffix("\n").removesuffix("\r"), False
    first = getpass.getpass("Kata sandi: ")
    if first != getpass.getpass("Ulangi kata sandi: "):
        raise UserError("Kedua kata sandi tidak sama; tidak ada yang diubah.")
    return first, False


def _run(change) -> int:
    """Run `change(conn)` in one transaction; a refusal is a message on stderr and exit 2."""
    try:
        with get_engine().begin() as conn:
            message = change(conn)
    except (UserError, AccessDenied) as refused:
        print(refused, file=sys.stderr)
        return 2
    print(message)
    return 0


def add(args: argparse.Namespace) -> int:
    def change(conn):
        scope = parse_wilayah(args.wilayah)
        sandi, made = _password(args)
        user = admin_add_user(conn, OPERATOR, args.nama, sandi, args.peran, scope, args.nama_lengkap,
                              alamat=ADDRESS)
        lines = [f"Pengguna '{user.nama}' ditambahkan: {user.role.label.lower()}, "
                 f"{scope_label(conn, user.scope)}."]
        if made:
            lines.append(f"Kata sandi (simpan sekarang, tidak ditampilkan lagi): {sandi}")
        return "\n".join(lines)
    return _run(change)


def update(args: argparse.Namespace) -> int:
    def change(conn):
        scope = parse_wilayah(args.wilayah) if args.wilayah is not None else None
        user = admin_update_user(conn, OPERATOR, args.nama, role=args.peran, scope=scope,
                                 nama_lengkap=args.nama_lengkap, aktif=True if args.aktif else None,
                                 alamat=ADDRESS)
        return (f"Pengguna '{user.nama}' diubah: {user.role.label.lower()}, "
                f"{scope_label(conn, user.scope)}, {'aktif' if user.aktif else 'nonaktif'}.")
    return _run(change)


def deactivate(args: argparse.Namespace) -> int:
    def change(conn):
        user = admin_update_user(conn, OPERATOR, args.nama, aktif=False, alamat=ADDRESS)
        return f"Pengguna '{user.nama}' dinonaktifkan; sesinya diakhiri."
    return _run(change)


def reset_password(args: argparse.Namespace) -> int:
    def change(conn):
        sandi, made = _password(args)
        user = admin_set_password(conn, OPERATOR, args.nama, sandi, alamat=ADDRESS)
        lines = [f"Kata sandi baru untuk '{user.nama}' disimpan; sesinya diakhiri."]
        if made:
            lines.append(f"Kata sandi (simpan sekarang, tidak ditampilkan lagi): {sandi}")
        return "\n".join(lines)
    return _run(change)


HEADERS = ("Nama", "Nama lengkap", "Peran", "Wilayah", "Aktif", "Login terakhir (UTC)")


def show(_args: argparse.Namespace) -> int:
    with get_engine().connect() as conn:
        users = list_users(conn, Scope.everything())
        rows = [(u.nama, u.nama_lengkap or "–", _role_label(u.peran),
                 scope_label(conn, _scope(u.tingkat_wilayah, u.kode_wilayah)),
                 "ya" if u.aktif else "tidak", fmt.waktu(u.login_terakhir))
                for u in users.itertuples()]
    if not rows:
        print("Belum ada pengguna. Tambahkan admin pertama dengan `python cli.py pengguna tambah "
              "NAMA --peran admin --wilayah nasional`.")
        return 0
    widths = [max(len(str(r[i])) for r in [HEADERS, *rows]) for i in range(len(HEADERS))]
    for row in [HEADERS, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())
    return 0


def _role_label(peran: str) -> str:
    role = parse_role(peran)
    return role.label if role else peran


def _scope(tingkat: str, kode: str | None) -> Scope:
    level = Level(tingkat)
    return Scope.everything() if level == Level.NASIONAL else Scope(level, kode)
