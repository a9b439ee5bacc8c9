"""Background imports for the upload page: start one in a thread, read its progress."""
from __future__ import annotations

import threading
import uuid
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Connection, Engine, select, update

from data_access import schema

pekerjaan_impor = schema.pekerjaan_impor

# Progress counts live in this process only: on SQLite the import holds the write lock
# during its second pass, so the job row is written at the start and the end, not per chunk.
# (Several workers: a poll that reaches another worker sees "berjalan" without counts.)
_progress: dict[str, tuple[int, int | None]] = {}
_lock = threading.Lock()


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def start_import(engine: Engine, dataset: str, path: Path, file_name: str) -> str:
    """Run ingest.import_file in a thread; returns the job id to poll."""
    from ingest import import_file

    job = uuid.uuid4().hex
    with engine.begin() as conn:
        conn.execute(pekerjaan_impor.insert().values(id=job, dataset=dataset, nama_berkas=file_name[:255],
                                       status="berjalan", selesai=0, total=None, pesan=None,
                                       dibuat=_now(), diubah=_now()))

    def progress(done: int, total: int | None) -> None:
        with _lock:
            _progress[job] = (done, total)

    def run() -> None:
        try:
            result = import_file(engine, dataset, path, file_name=file_name, progress=progress)
            status = "berhasil" if result.ok else "ditolak"
            message = result.message
        except Exception as exc:  # noqa: BLE001 - the page must learn that it failed
            status, message = "gagal", f"Impor gagal: {exc.__class__.__name__}: {exc}"
        finally:
            Path(path).unlink(missing_ok=True)
        with _lock:
            done, total = _progress.pop(job, (0, None))
        with engine.begin() as conn:
            conn.execute(update(pekerjaan_impor).where(pekerjaan_impor.c.id == job).values(
                status=status, pesan=message, selesai=done, total=total, diubah=_now()))

    threading.Thread(target=run, name=f"impor-{job}", daemon=True).start()
    return job


def job_status(conn: Connection, job: str) -> dict | None:
    row = conn.execute(select(pekerjaan_impor).where(pekerjaan_impor.c.id == str(job)[:32])).mappings().first()
    if row is None:
        return None
    status = dict(row)
    with _lock:
        if status["status"] == "berjalan" and job in _progress:
            status["selesai"], status["total"] = _progress[job]
    return status
