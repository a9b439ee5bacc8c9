"""`python cli.py db upgrade | downgrade | current | revision`: the schema's revision (Alembic)."""
from __future__ import annotations

import argparse
import sys

from data_access import migrations
from data_access.db import make_engine
from data_access.settings import load_settings


def register(sub) -> None:
    db = sub.add_parser("db", help="skema basis data: perbarui, mundurkan, lihat revisinya",
                        description="Revisi skema basis data (Alembic). Aplikasi memperbarui "
                                    "skema sendiri saat mulai; perintah ini untuk "
                                    "melakukannya lebih dulu, melihat, atau membatalkannya.")
    commands = db.add_subparsers(dest="db_command", required=True, metavar="PERINTAH")
    commands.add_parser(
        "upgrade", help="perbarui skema ke revisi terbaru",
        description="Memperbarui skema basis data ke revisi terbaru. Basis data kosong "
                    "langsung dibuat; basis data dari versi sebelumnya (juga yang dibuat "
                    "sebelum ada revisi) diperbarui tanpa kehilangan data.",
    ).set_defaults(func=upgrade)
    commands.add_parser(
        "downgrade", help="batalkan satu revisi terakhir (ditolak bila data akan hilang)",
        description="Membatalkan revisi terakhir skema. Ditolak bila pembatalan itu "
                    "menghapus data: revisi dasar (0001) tidak dapat dibatalkan; revisi "
                    "0002 dapat.",
    ).set_defaults(func=downgrade)
    commands.add_parser(
        "current", help="tampilkan revisi skema basis data",
        description="Menampilkan revisi skema basis data tanpa mengubah apa pun.",
    ).set_defaults(func=current)
    revision = commands.add_parser(
        "revision", help="buat berkas revisi baru yang kosong (untuk pengembang)",
        description="Membuat berkas revisi baru bernomor berikutnya di "
                    "data_access/migrations/versions/, untuk diisi dengan perubahan skema.")
    revision.add_argument("-m", "--pesan", required=True,
                          help="keterangan singkat perubahan (bahasa Inggris, seperti kode)")
    revision.set_defaults(func=new_revision)


def _engine():
    return make_engine(load_settings().database_url)


def _name(revision: str | None) -> str:
    if revision is None:
        return "awal (belum ada revisi)"
    return f"{revision} (terbaru)" if revision == migrations.HEAD else revision


def upgrade(_args: argparse.Namespace) -> int:
    engine = _engine()
    try:
        with engine.connect() as conn:
            before = migrations.current(conn)
        migrations.upgrade(engine)
    except migrations.UnknownRevision as unknown:
        print(unknown, file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    if before == migrations.HEAD:
        print(f"Skema sudah pada revisi terbaru ({migrations.HEAD}).")
    else:
        print(f"Skema diperbarui dari revisi {_name(before)} ke {_name(migrations.HEAD)}.")
    return 0


def downgrade(_args: argparse.Namespace) -> int:
    engine = _engine()
    try:
        undone = migrations.downgrade_one(engine)
    except migrations.UnknownRevision as unknown:
        print(unknown, file=sys.stderr)
        return 2
    except migrations.DowngradeRefused as refused:
        if refused.step is None:
            print("Basis data belum punya revisi: tidak ada yang dapat dibatalkan.",
                  file=sys.stderr)
        else:
            print(f"Revisi {refused.step.revision} tidak dibatalkan: pembatalannya akan "
                  "menghapus data. Bila memang perlu kembali ke versi lama, pulihkan "
                  "cadangan basis data.", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"Revisi {undone.revision} dibatalkan; skema sekarang pada revisi "
          f"{_name(undone.down_revision)}.")
    return 0


def current(_args: argparse.Namespace) -> int:
    engine = _engine()
    try:
        with engine.connect() as conn:
            revision = migrations.current(conn)
            before_alembic = migrations.made_before_alembic(conn)
    finally:
        engine.dispose()
    print(f"Basis data: {engine.url.render_as_string(hide_password=True)}")
    if revision is not None:
        print(f"Revisi skema: {_name(revision)}")
    elif before_alembic:
        print("Revisi skema: belum ada (dibuat oleh versi sebelum revisi skema; "
              "`python cli.py db upgrade` atau aplikasi saat mulai memperbaruinya)")
    else:
        print("Revisi skema: belum ada (basis data kosong)")
    return 0


def new_revision(args: argparse.Namespace) -> int:
    path = migrations.new_revision(args.pesan)
    print(f"Revisi baru: {path}")
    print(f"Isi upgrade() dan downgrade(), lalu ubah HEAD di data_access/migrations/__init__.py "
          f"menjadi {path.name.split('_', 1)[0]!r}.")
    return 0
