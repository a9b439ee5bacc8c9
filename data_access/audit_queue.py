"""Audit rows that do not hold a page while an import holds SQLite's one write lock.

A download's audit row is a small write; on SQLite it needs the database's one write lock, which
an import holds for the whole of its transaction (15 s for a kabupaten's year of registers).
Waiting for it held a web server thread per download: with 16 people downloading during an
import the threads filled up and every page queued behind them (issue 17's load test: a step's
p95 13 s against 0,3 s). So on SQLite a row that cannot be written at once (within QUICK_WAIT_MS)
is handed to this process's writer thread, which writes it as soon as the lock is free, with the
time of the event, not of the write. PostgreSQL locks rows: its rows are always written at once.

What waits instead (`segera=True`): the rows that must be in the log before the data leaves
(a family list with names and addresses). A writer thread's rows are written before the process
ends normally (atexit, and gunicorn's worker_exit); a process killed outright loses what it
still held, which is only ever rows of the few seconds an import held the lock.
"""
from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from data_access import schema
from data_access.db import SMALL_WRITE_WAIT_MS, small_write

log = logging.getLogger(__name__)

QUICK_WAIT_MS = 250  # what a page's audit row waits for the lock before it is handed over
RETRY_S = 2.0  # the writer's pause after a failed try (it waits SMALL_WRITE_WAIT_MS in each)

_rows: queue.Queue[tuple[Engine, dict[str, Any]]] = queue.Queue()
_writer: threading.Thread | None = None
_writer_lock = threading.Lock()
_pending = 0  # rows handed over and not yet written (under _pending_lock)
_pending_lock = threading.Condition()


def write(engine: Engine, values: dict[str, Any], *, segera: bool = False) -> None:
    """Write one audit row (the values of schema.audit_log): at once on PostgreSQL or when
    `segera`; on SQLite within QUICK_WAIT_MS or else by the writer thread, later."""
    if segera or engine.dialect.name != "sqlite":
        _insert(engine, values)
        return
    try:
        _insert(engine, values, QUICK_WAIT_MS)
    except OperationalError as exc:
        if "locked" not in str(exc.orig):
            raise
        _hand_over(engine, values)


def _insert(engine: Engine, values: dict[str, Any], wait_ms: int = SMALL_WRITE_WAIT_MS) -> None:
    with small_write(engine, wait_ms) as conn:
        conn.execute(schema.audit_log.insert().values(**values))


def _hand_over(engine: Engine, values: dict[str, Any]) -> None:
    global _pending, _writer
    with _pending_lock:
        _pending += 1
    _rows.put((engine, values))
    with _writer_lock:
        if _writer is None or not _writer.is_alive():
            _writer = threading.Thread(target=_write_rows, name="penulis-jejak-audit", daemon=True)
            _writer.start()


def _write_rows() -> None:
    global _pending
    while True:
        engine, values = _rows.get()
        while True:
            try:
                _insert(engine, values)  # waits up to 20 s for the lock, then again
                break
            except OperationalError as exc:
                log.warning("baris jejak audit menunggu kunci tulis SQLite (%s); dicoba lagi", exc.orig)
                time.sleep(RETRY_S)
            except Exception:  # a row that can never be written must not stop the ones after it
                log.exception("baris jejak audit tidak dapat ditulis: %s %s",
                              values.get("peristiwa"), values.get("rincian"))
                break
        with _pending_lock:
            _pending -= 1
            _pending_lock.notify_all()


def pending() -> int:
    """Rows handed to the writer and not yet written."""
    with _pending_lock:
        return _pending


def flush(timeout: float = 25.0) -> bool:
    """Wait until every handed-over row is written (at most `timeout` s); True if none is left."""
    with _pending_lock:
        return _pending_lock.wait_for(lambda: _pending == 0, timeout)


@atexit.register
def _flush_at_exit() -> None:
    if pending():
        log.info("menulis %d baris jejak audit yang tertunda sebelum berhenti", pending())
        if not flush():
            log.error("%d baris jejak audit belum tertulis saat proses berhenti", pending())
