"""`python cli.py worker [--pekerjaan ID]`: runs the imports started from the upload page."""
from __future__ import annotations

import os
import sys

from data_access.db import dispose_engines, get_engine
from ingest.jobs import run_job


def register(sub) -> None:
    worker = sub.add_parser(
        "worker", help="jalankan impor dari halaman Unggah Data di luar proses web",
        description="Menjalankan impor yang dimulai dari halaman Unggah Data. Dengan REDIS_URL: "
                    "worker Celery yang mengambil impor dari antrean Redis (jalankan satu atau "
                    "lebih, di server mana pun yang memakai DATABASE_URL yang sama). Tanpa "
                    "REDIS_URL tidak perlu dijalankan: server web memulai satu proses untuk "
                    "setiap impor.")
    worker.add_argument("--pekerjaan", metavar="ID",
                        help="jalankan satu impor yang sudah diantrekan lalu berhenti "
                             "(cara server web memulai impor tanpa REDIS_URL)")
    worker.add_argument("--proses", type=int, default=1, metavar="N",
                        help="jumlah impor yang boleh berjalan bersamaan di worker ini (bawaan 1)")
    worker.set_defaults(func=run)


def run(args) -> int:
    if args.pekerjaan:
        status = run_job(get_engine(), args.pekerjaan)
        if status is None:
            print(f"Pekerjaan {args.pekerjaan[:32]} tidak menunggu dijalankan (tidak ada, sudah "
                  "dijalankan proses lain, atau sudah selesai).", file=sys.stderr)
            return 1
        print(f"Pekerjaan {args.pekerjaan[:32]}: {status}.")
        return 0 if status == "berhasil" else 1
    redis_url = os.environ.get("REDIS_URL", "").strip()
    if not redis_url:
        print("REDIS_URL kosong: worker tidak diperlukan, server web memulai satu proses untuk "
              "setiap impor. Isi REDIS_URL (mis. redis://127.0.0.1:6379/0) di server web dan di "
              "sini untuk memakai antrean.", file=sys.stderr)
        return 2
    from ingest import antrean

    get_engine()  # the schema at HEAD before the first job, as the web server does
    dispose_engines()  # the worker's processes are forked from this one: no shared connections
    antrean.work(redis_url, max(1, args.proses), _run)
    return 0


def _run(job: str) -> str | None:
    return run_job(get_engine(), job)
