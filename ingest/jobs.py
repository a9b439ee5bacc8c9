"""Imports from the upload page, run in a process of their own; their state in the database.

    start_import(engine, dataset, path, name, viewer=...) -> job id   (queued, then handed to a process)
    run_job(engine, job)                                 -> status    (in that process: the import itself)
    job_status(engine, job)                              -> dict      (what any web worker shows)
    run_here(engine, dataset, path, viewer=..., work=...) -> result   (the command line's import, as a job)

The web process only writes a `pekerjaan_impor` row and hands its id over: without REDIS_URL
to a process started for this one job (`python cli.py worker --pekerjaan ID`, no set-up), with
REDIS_URL to the Celery queue that `python cli.py worker` consumes (ingest/antrean.py). The row
holds everything the process needs (the stored upload, the user's name, the address), so a job
runs the same wherever it runs, and the web process may restart meanwhile.

Progress and heartbeat per chunk: on PostgreSQL in the job's row (the import's transaction
does not touch that table, so the row can be updated beside it); on SQLite in a small file of
the data folder, because the import holds SQLite's one write lock until it commits and any
other write waits for it (an SQLite database lives on one host, so every worker sees the file).

A job whose process is gone is marked gagal, with the reason, the next time anyone looks: its
process id is dead on this host, or its heartbeat is older than LEASE. Its import's single
transaction was never committed, so the database is as before. The `kunci` column (dataset,
level, kode; unique) lets one import run per dataset and wilayah: a second is refused.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from data_access import schema
from data_access.settings import PROJECT_ROOT, load_settings
from data_access.users import acting_viewer
from domain.access import Viewer
from indicators.format import waktu
from ingest import import_file
from ingest.report import ImportResult
from ingest.specs import DATASETS

jobs = schema.pekerjaan_impor
log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)  # no heartbeat for this long: the job's process is gone
HEARTBEAT_SECONDS = 30.0  # besides one per chunk, so a long step (the summary tables) stays alive
FINISH_ATTEMPTS = 24  # × 5 s (each after SQLite's own 5 s wait): the job's outcome outlasts a long lock
NO_CHANGE = "tidak ada data yang diubah"


class ImportBusy(Exception):
    """Another import of the same dataset for the same wilayah runs; the message is for the user."""


def start_import(engine: Engine, dataset: str, path: Path, file_name: str, *, viewer: Viewer,
                 alamat: str | None = None) -> str:
    """Queue the import of `path` for `viewer` and hand it to a process; returns the job id to
    poll. Raises ImportBusy when the same dataset is being imported for the same wilayah."""
    job = queue_import(engine, dataset, path, file_name, viewer=viewer, alamat=alamat)
    if not dispatch(engine, job):
        Path(path).unlink(missing_ok=True)  # its job has ended gagal: nobody will import it
    return job


def queue_import(engine: Engine, dataset: str, path: Path, file_name: str, *, viewer: Viewer,
                 alamat: str | None = None) -> str:
    key = _key(dataset, viewer)
    with engine.connect() as conn:
        running = conn.execute(select(jobs.c.id).where(jobs.c.kunci == key)).scalar()
    if running is not None:
        job_status(engine, running)  # a dead job must not hold the key: this frees it
    job = uuid.uuid4().hex
    try:
        with engine.begin() as conn:
            conn.execute(jobs.insert().values(
                id=job, dataset=dataset, nama_berkas=file_name[:255], status="berjalan", selesai=0,
                total=None, pesan=None, dibuat=_now(), diubah=_now(), berkas=str(path)[:500],
                pengguna=viewer.username, alamat=None if alamat is None else alamat[:64], kunci=key,
                detak=_now()))
    except IntegrityError:
        raise ImportBusy(_busy_message(engine, dataset, key)) from None
    except DBAPIError:  # SQLite: another import (the command line's) holds the write lock
        log.warning("pekerjaan impor tidak dapat dicatat", exc_info=True)
        raise ImportBusy("Basis data sedang menyimpan impor lain; tidak ada yang diimpor. Coba lagi "
                         "setelah impor itu selesai.") from None
    return job


def dispatch(engine: Engine, job: str) -> bool:
    """Hand `job` to a process: the Celery queue when REDIS_URL is set, else a new process.
    False when the queue could not be reached (the job is then gagal)."""
    redis_url = os.environ.get("REDIS_URL", "").strip()
    if redis_url:
        from ingest import antrean

        try:
            antrean.send(redis_url, job)
        except Exception:  # noqa: BLE001 - the job must not wait for a queue it never reached
            log.exception("antrean impor (REDIS_URL) tidak dapat dihubungi")
            _finish(engine, job, None, "gagal", "Impor gagal: antrean impor (Redis) tidak dapat "
                    f"dihubungi; {NO_CHANGE}. Coba lagi nanti atau hubungi pengelola server.")
            return False
        return True
    env = dict(os.environ, DATABASE_URL=engine.url.render_as_string(hide_password=False))
    # the URL in the environment, not argv (`ps` shows argv); this process's working folder,
    # where a relative SQLite path or DATA_DIR means the same file
    process = subprocess.Popen(
        [sys.executable, str(PROJECT_ROOT / "cli.py"), "worker", "--pekerjaan", job],
        env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    # reaped when it ends: an unreaped (zombie) process would still look alive to job_status
    threading.Thread(target=process.wait, name=f"impor-{job}", daemon=True).start()
    return True


def run_job(engine: Engine, job: str) -> str | None:
    """Run queued `job` in this process; its status at the end, or None when it was not
    waiting (another process took it, or it was already marked gagal)."""
    row = _claim(engine, job)
    if row is None:
        return None
    path = Path(row["berkas"])
    beat = _Heartbeat(engine, job)
    try:
        with engine.connect() as conn:
            viewer = acting_viewer(conn, row["pengguna"])
        if viewer is None:
            status, message = "gagal", f"Impor gagal: akun pengunggah tidak ada lagi atau tidak aktif; {NO_CHANGE}."
        else:
            result = import_file(engine, row["dataset"], path, viewer=viewer, alamat=row["alamat"],
                                 file_name=row["nama_berkas"], progress=beat.progress)
            status = "berhasil" if result.ok else "ditolak"
            message = result.message
    except Exception as exc:  # noqa: BLE001 - the page must learn that it failed
        log.exception("impor %s gagal", job)
        status, message = "gagal", _failure(exc)
    finally:
        beat.stop()
        path.unlink(missing_ok=True)
    _record_outcome(engine, job, status, message, beat.latest)
    return status


def run_here(engine: Engine, dataset: str, path: Path, *, viewer: Viewer, alamat: str | None,
             work: Callable[[Callable[[int, int | None], None]], ImportResult]) -> ImportResult:
    """An import this process runs itself (the command line's), as a job: it holds the key of
    the dataset and the viewer's wilayah (ImportBusy when another import has it), reports
    progress and heartbeat as any job, and ends with its outcome. `work(progress)` imports."""
    job = queue_import(engine, dataset, Path(path), Path(path).name, viewer=viewer, alamat=alamat)
    _claim(engine, job)
    beat = _Heartbeat(engine, job)
    status, message = "gagal", f"Impor gagal: proses impor dihentikan sebelum selesai; {NO_CHANGE}."
    try:
        result = work(beat.progress)
        status, message = ("berhasil" if result.ok else "ditolak"), result.message
    except Exception as exc:
        status, message = "gagal", _failure(exc)
        raise
    finally:  # also after Ctrl+C: the job ends, with the default message
        beat.stop()
        _record_outcome(engine, job, status, message, beat.latest)
    return result


def _claim(engine: Engine, job: str) -> dict | None:
    """Take waiting `job` for this process; its row, or None when it was not waiting."""
    with engine.begin() as conn:
        taken = conn.execute(update(jobs).where(
            jobs.c.id == job, jobs.c.status == "berjalan", jobs.c.pid.is_(None)).values(
            pid=os.getpid(), host=_host(), detak=_now(), diubah=_now())).rowcount
        row = conn.execute(select(jobs).where(jobs.c.id == job)).mappings().first()
    return dict(row) if taken else None


def _record_outcome(engine: Engine, job: str, status: str, message: str,
                    progress: tuple[int, int | None]) -> None:
    """The outcome must be stored: on SQLite another import may hold the write lock a while."""
    for _attempt in range(FINISH_ATTEMPTS):
        if _finish(engine, job, os.getpid(), status, message, *progress):
            return
        time.sleep(HEARTBEAT_SECONDS / 6)


def job_status(engine: Engine, job: str) -> dict | None:
    """The job's row as the page shows it (progress included); a job whose process is gone
    is marked gagal here, with the reason."""
    with engine.connect() as conn:
        row = conn.execute(select(jobs).where(jobs.c.id == str(job)[:32])).mappings().first()
    if row is None:
        return None
    status = dict(row)
    if status["status"] != "berjalan":
        return status
    if engine.dialect.name == "sqlite" and (found := _read_progress(status["id"])) is not None:
        status["selesai"], status["total"], status["detak"] = found
    reason = _gone(status)
    if reason is not None and _finish(engine, status["id"], status["pid"], "gagal", reason,
                                      status["selesai"], status["total"], only_running=True):
        _progress_file(status["id"]).unlink(missing_ok=True)
        status.update(status="gagal", pesan=reason, kunci=None)
    return status


# --- a job's process -------------------------------------------------------------------------

class _Heartbeat:
    """Progress per chunk, and a heartbeat every HEARTBEAT_SECONDS between chunks."""

    def __init__(self, engine: Engine, job: str):
        self.engine, self.job = engine, job
        self.latest: tuple[int, int | None] = (0, None)
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"detak-{job}", daemon=True)
        self._thread.start()

    def progress(self, done: int, total: int | None) -> None:
        self.latest = (done, total)
        self._write()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stopped.wait(HEARTBEAT_SECONDS):
            try:
                self._write()
            except Exception:  # noqa: BLE001 - a missed beat is not a failed import
                log.warning("detak impor %s tidak tersimpan", self.job, exc_info=True)

    def _write(self) -> None:
        with self._lock:
            done, total = self.latest
            if self.engine.dialect.name == "sqlite":
                _write_progress(self.job, done, total)
                return
            with self.engine.begin() as conn:
                conn.execute(update(jobs).where(jobs.c.id == self.job, jobs.c.status == "berjalan").values(
                    selesai=done, total=total, detak=_now()))


def _finish(engine: Engine, job: str, pid: int | None, status: str, message: str, done: int = 0,
            total: int | None = None, *, only_running: bool = False) -> bool:
    """Record the outcome and free the key. The process that ran the job always has the last
    word (what it says happened did happen), others only while the job still runs."""
    where = [jobs.c.id == job]
    if only_running:
        where += [jobs.c.status == "berjalan",
                  jobs.c.pid.is_(None) if pid is None else jobs.c.pid == pid]
    try:
        with engine.begin() as conn:
            changed = conn.execute(update(jobs).where(*where).values(
                status=status, pesan=message, selesai=done, total=total, kunci=None,
                diubah=_now())).rowcount
    except DBAPIError:  # SQLite locked by a live import: the next look tries again
        log.warning("status impor %s belum dapat disimpan", job, exc_info=True)
        return False
    if not only_running:
        _progress_file(job).unlink(missing_ok=True)
    return bool(changed)


def _gone(row: dict) -> str | None:
    """Why a running job's process is gone, or None while it may be alive."""
    beat = row["detak"] or row["dibuat"]
    late = _now() - beat > LEASE
    if row["pid"] is None:
        return (f"Impor gagal: tidak ada worker yang menjalankannya sejak {waktu(row['dibuat'])} UTC "
                f"(jalankan python cli.py worker); {NO_CHANGE}.") if late else None
    if row["host"] == _host() and not _alive(row["pid"]):
        return f"Impor gagal: proses impor berhenti sebelum selesai; {NO_CHANGE}. Impor ulang berkasnya."
    if late:
        return (f"Impor gagal: proses impor tidak memberi kabar sejak {waktu(beat)} UTC; {NO_CHANGE}. "
                "Impor ulang berkasnya.")
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie has ended, only nobody has collected its exit status yet
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def _failure(exc: Exception) -> str:
    """What the page says about an unexpected failure: never the SQL or the row values that
    a database error carries (those are in the server log)."""
    return (f"Impor gagal ({exc.__class__.__name__}) dan dibatalkan; {NO_CHANGE}. Rinciannya ada "
            "di log server.")


def _busy_message(engine: Engine, dataset: str, key: str) -> str:
    with engine.connect() as conn:
        other = conn.execute(select(jobs.c.nama_berkas, jobs.c.dibuat).where(jobs.c.kunci == key)).first()
    label = DATASETS[dataset].label if dataset in DATASETS else dataset
    running = f" (berkas {other.nama_berkas}, mulai {waktu(other.dibuat)} UTC)" if other else ""
    return (f"Impor {label} untuk wilayah ini sedang berjalan{running}. Hanya satu impor per jenis "
            "data dan wilayah pada satu waktu: tunggu sampai selesai, lalu impor berkas ini lagi.")


def _key(dataset: str, viewer: Viewer) -> str:
    return f"{dataset}|{viewer.scope.level.value}|{viewer.scope.kode or ''}"[:80]


def _host() -> str:
    return socket.gethostname()[:255]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# --- progress on SQLite: a file of the data folder --------------------------------------------

def _progress_file(job: str) -> Path:
    return load_settings().data_dir / "pekerjaan" / f"{job}.json"


def _write_progress(job: str, done: int, total: int | None) -> None:
    path = _progress_file(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(f".{os.getpid()}.tmp")
    part.write_text(json.dumps([done, total, _now().isoformat()]), encoding="utf-8")
    os.replace(part, path)  # atomic: a reader sees the old counts or the new, never half


def _read_progress(job: str) -> tuple[int, int | None, datetime] | None:
    try:
        done, total, beat = json.loads(_progress_file(job).read_text(encoding="utf-8"))
        return int(done), None if total is None else int(total), datetime.fromisoformat(beat)
    except (OSError, ValueError, TypeError):
        return None
