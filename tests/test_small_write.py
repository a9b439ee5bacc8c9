"""A page's own small writes (a login's session, an audit row) wait for an import holding
SQLite's one write lock instead of failing after the driver's few seconds (data_access.db.
small_write); the connection goes back to the pool with its usual wait."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import OperationalError

from data_access import db


@pytest.fixture
def impatient(tmp_path):
    """A SQLite file whose connections give up on a lock after 0,1 s, and a second engine to
    hold the lock (an import's transaction)."""
    url = f"sqlite:///{tmp_path / 'kunci.sqlite'}"
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def short_wait(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA busy_timeout = 100")

    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE catatan (isi TEXT)"))
    holder = create_engine(url)
    yield engine, holder
    engine.dispose()
    holder.dispose()


def _hold(holder, seconds: float, started: threading.Event) -> None:
    with holder.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        started.set()
        time.sleep(seconds)
        conn.exec_driver_sql("ROLLBACK")


def test_a_small_write_waits_out_a_held_write_lock(impatient):
    engine, holder = impatient
    started = threading.Event()
    thread = threading.Thread(target=_hold, args=(holder, 1.0, started))
    thread.start()
    started.wait(5)
    with pytest.raises(OperationalError, match="locked"):  # an ordinary write gives up
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO catatan VALUES ('biasa')"))
    with db.small_write(engine) as conn:  # waits until the holder lets go
        conn.execute(text("INSERT INTO catatan VALUES ('sabar')"))
    thread.join()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT isi FROM catatan")).scalars().all() == ["sabar"]


def test_the_connection_goes_back_with_the_usual_wait(impatient):
    engine, _ = impatient
    with db.small_write(engine) as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.SMALL_WRITE_WAIT_MS
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db._DEFAULT_WAIT_MS
