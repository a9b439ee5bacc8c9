"""Background imports for the upload page: start one in a thread, read its progress."""
from __future__ import annotations

import json
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, select, update

from data_access import schema
from data_access.settings import load_settings
from domain.access import Viewer

jobs = schema.pekerjaan_impor

# Progress counts go to a small file per job in the data folder, which every worker process
# of the server reads (a poll may reach another worker than the one importing): on SQLite
# the import holds the write lock during its second pass, so the job row itself is written
# at the start and at the end only, not per chunk.
def _progress_file(job: str) -> Path:
    return load_settings().data_dir / "pekerjaan" / f"{job}.json"


def _write_progress(job: str, done: int, total: int | None) -> None:
    path = _progress_file(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(f".{os.getpid()}.tmp")
    part.write_text(json.dumps([done, total]), encoding="utf-8")
    os.replace(part, path)  # atomic: a reader sees the old counts or the new, never half


def _read_progress(job: str) -> tuple[int, int | None] | None:
    try:
        done, total = json.loads(_progress_file(job).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None
    return int(done), None if total is None else int(total)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def start_import(engine: Engine, dataset: str, path: Path, file_name: str, *, viewer: Viewer,
                 alamat: str | None = None) -> str:
    """Run ingest.import_file for `viewer` in a thread; returns the job id to poll. The
    viewer is handed over here: the thread has no request, so no signed-in user."""
    from ingest import import_file

    job = uuid.uuid4().hex
    with engine.begin() as conn:
        conn.execute(jobs.insert().values(id=job, dataset=dataset, nama_berkas=file_name[:255],
                                       status="berjalan", selesai=0, total=None, pesan=None,
                                       dibuat=_now(), diubah=_now()))

    def progress(done: int, total: int | None) -> None:
        _write_progress(job, done, total)

    def run() -> None:
        try:
            result = import_file(engine, dataset, path, viewer=viewer, alamat=alamat,
                                 file_name=file_name, progress=progress)
            status = "berhasil" if result.ok else "ditolak"
            message = result.message
        except Exception as exc:  # noqa: BLE001 - the page must learn that it failed
            status, message = "gagal", f"Impor gagal: {exc.__class__.__name__}: {exc}"
        finally:
            Path(path).unlink(missing_ok=True)
        done, total = _read_progress(job) or (0, None)
        with engine.begin() as conn:
            conn.execute(update(jobs).where(jobs.c.id == job).values(
                status=status, pesan=message, selesai=done, total=total, diubah=_now()))
        _progress_file(job).unlink(missing_ok=True)

    threading.Thread(target=run, name=f"impor-{job}", daemon=True).start()
    return job


def job_status(conn: Connection, job: str) -> dict | None:
    row = conn.execute(select(jobs).where(jobs.c.id == str(job)[:32])).mappings().first()
    if row is None:
        return None
    status = dict(row)
    if status["status"] == "berjalan":
        status["selesai"], status["total"] = _read_progress(status["id"]) or (status["selesai"], status["total"])
    return status
