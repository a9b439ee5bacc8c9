"""A page's audit row does not hold the page while an import holds SQLite's write lock: it is
handed to a writer thread and written, with the time of the event, once the lock is free
(data_access.audit_queue). A family list's row (`segera`) waits instead: it must be in the log
before the data leaves."""
from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import create_engine, select

from data_access import audit_queue, db, schema
from data_access.users import audit_values


@pytest.fixture
def locked(tmp_path):
    """A migrated SQLite database and a way to hold its write lock (an import's transaction)."""
    url = f"sqlite:///{tmp_path / 'jejak.sqlite'}"
    engine = db.get_engine(url)
    holder = create_engine(url)
    release = threading.Event()
    held = threading.Event()

    def hold():
        with holder.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            held.set()
            release.wait(60)
            conn.exec_driver_sql("ROLLBACK")

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(10)
    yield engine, release
    release.set()
    thread.join(10)
    assert audit_queue.flush(30)
    db.dispose_engines()
    holder.dispose()


def _rows(engine) -> list[tuple]:
    a = schema.audit_log
    with engine.connect() as conn:
        return conn.execute(select(a.c.peristiwa, a.c.rincian, a.c.waktu).order_by(a.c.id)).all()


def _in_thread(fn) -> threading.Thread:
    thread = threading.Thread(target=fn)
    thread.start()
    return thread


def test_a_row_is_written_at_once_when_the_lock_is_free(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'bebas.sqlite'}")
    values = audit_values("unduh", pengguna="uji", rincian="tabel PWS")
    audit_queue.write(engine, values)
    assert audit_queue.pending() == 0
    assert _rows(engine) == [("unduh", "tabel PWS", values["waktu"])]
    with engine.connect() as conn:  # the pooled connection keeps the usual wait
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db._DEFAULT_WAIT_MS
    db.dispose_engines()


def test_while_the_lock_is_held_the_row_is_handed_over_and_written_after(locked):
    engine, release = locked
    values = audit_values("unduh", pengguna="uji", rincian="tabel PWS, kabupaten 99.01")
    thread = _in_thread(lambda: audit_queue.write(engine, values))
    thread.join(5)  # the lock is still held: a waiting write would still be waiting (20 s)
    assert not thread.is_alive()
    assert audit_queue.pending() == 1
    assert _rows(engine) == []
    release.set()
    assert audit_queue.flush(30)
    rows = _rows(engine)
    assert rows == [("unduh", "tabel PWS, kabupaten 99.01", values["waktu"])]
    assert rows[0][2] <= datetime.now(rows[0][2].tzinfo)  # the time of the download, not of the write


def test_several_rows_handed_over_are_all_written_in_order(locked):
    engine, release = locked
    for i in range(5):
        audit_queue.write(engine, audit_values("unduh", pengguna="uji", rincian=f"berkas {i}"))
    assert audit_queue.pending() == 5
    release.set()
    assert audit_queue.flush(30)
    assert [r[1] for r in _rows(engine)] == [f"berkas {i}" for i in range(5)]


def test_a_family_lists_row_waits_for_the_lock_before_the_data_leaves(locked):
    engine, release = locked
    values = audit_values("lihat_keluarga", pengguna="uji", rincian="daftar keluarga desa 99.01.01.2001")
    thread = _in_thread(lambda: audit_queue.write(engine, values, segera=True))
    thread.join(1.5)
    assert thread.is_alive()  # still waiting for the lock: the list has not gone out
    assert _rows(engine) == []
    release.set()
    thread.join(30)
    assert not thread.is_alive()
    assert audit_queue.pending() == 0
    assert _rows(engine) == [("lihat_keluarga", "daftar keluarga desa 99.01.01.2001", values["waktu"])]


def test_the_page_callbacks_use_it_and_the_family_list_waits():
    """Every audit row of a page goes through audit_queue (callbacks.common.record); the two of
    the family list say segera."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    common = (root / "callbacks" / "common.py").read_text()
    assert "audit_queue.write(" in common and "small_write" not in common
    families = (root / "callbacks" / "kd_kunjungan_rumah.py").read_text()
    assert families.count("segera=True") == 2
