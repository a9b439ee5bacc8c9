"""Background imports for the upload page: start one in a thread, read its progress."""
from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Engine, Connection, select, update

from data_access import schema

t = schema.pekerjaan_impor


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def start_import(engine: Engine, dataset: str, path: Path, file_name: str) -> str:
    """Run data_access.imports.import_file in a thread; returns the job id to poll."""
    from data_access.imports import import_file

    job = uuid.uuid4().hex
    with engine.begin() as conn:
        conn.execute(t.insert().values(id=job, dataset=dataset, nama_berkas=file_name[:255],
                                       status="berjalan", selesai=0, total=None, pesan=None,
                                       dibuat=_now(), diubah=_now()))
    last = [0.0]

    def progress(done: int, total: int | None) -> None:
        if time.monotonic() - last[0] < 0.5:  # a row update per half second is plenty
            return
        last[0] = time.monotonic()
        with engine.begin() as conn:
            conn.execute(update(t).where(t.c.id == job).values(selesai=done, total=total, diubah=_now()))

    def run() -> None:
        try:
            result = import_file(engine, dataset, path, file_name=file_name, progress=progress)
            status = "berhasil" if result.ok else "ditolak"
            message = result.message
        except Exception as exc:  # noqa: BLE001 - the page must learn that it failed
            status, message = "gagal", f"Impor gagal: {exc.__class__.__name__}: {exc}"
        finally:
            Path(path).unlink(missing_ok=True)
        with engine.begin() as conn:
            conn.execute(update(t).where(t.c.id == job).values(status=status, pesan=message, diubah=_now()))

    threading.Thread(target=run, name=f"impor-{job}", daemon=True).start()
    return job


def job_status(conn: Connection, job: str) -> dict | None:
    row = conn.execute(select(t).where(t.c.id == str(job)[:32])).mappings().first()
    return dict(row) if row else None
