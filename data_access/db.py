"""Engine creation and the one small dialect switch (upsert); SQLite and PostgreSQL."""
from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import (
    Connection,
    Date,
    Engine,
    any_,
    bindparam,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite

from data_access import migrations, schema
from data_access.settings import database_url

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()  # two first requests at once must not both migrate


def make_engine(url: str) -> Engine:
    """An engine with the project's connection settings; the schema is left as it is."""
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def get_engine(url: str | None = None) -> Engine:
    """One engine per URL per process; on first use its database is brought to the current
    schema (data_access.migrations.upgrade: a look at its revision when it is current)."""
    url = url or database_url()
    with _engines_lock:
        if url not in _engines:
            engine = make_engine(url)
            migrations.upgrade(engine)
            _engines[url] = engine
        return _engines[url]


def dispose_engines() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


# How long a page's own small write (a login's session, an audit row) waits for SQLite's one
# write lock while an import holds it, instead of failing after the driver's 5 s; under the
# web server's worker timeout (gunicorn.conf.py). PostgreSQL locks rows: nothing waits there.
SMALL_WRITE_WAIT_MS = 20_000
_DEFAULT_WAIT_MS = 5_000  # Python's sqlite3 default, which every other connection keeps


@contextmanager
def small_write(engine: Engine, wait_ms: int = SMALL_WRITE_WAIT_MS) -> Iterator[Connection]:
    """A transaction for a page's own small write (engine.begin() otherwise) that waits up to
    `wait_ms` for an import holding SQLite's write lock."""
    with engine.begin() as conn:
        patient = conn.dialect.name == "sqlite"
        if patient:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_ms):d}")
        try:
            yield conn
        finally:
            if patient:  # the pooled connection goes back as it came
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {_DEFAULT_WAIT_MS:d}")


def written_tables(conn: Connection) -> tuple[str, ...] | None:
    """Inside a transaction on PostgreSQL: the project's tables it has written so far (rows
    inserted, updated or deleted, from `pg_stat_xact_user_tables`), which the ANALYZE after
    its commit needs to cover. PostgreSQL 15 counts there also what the same connection wrote
    in the second before (not yet in pg_stat_user_tables): never fewer tables, at times a few
    more. None on SQLite."""
    if conn.dialect.name != "postgresql":
        return None
    rows = conn.execute(_WRITTEN).scalars()
    return tuple(name for name in rows if name in schema.metadata.tables)


_WRITTEN = text("""SELECT s.relname FROM pg_stat_xact_user_tables s JOIN pg_class c ON c.oid = s.relid
                   WHERE c.relpersistence = 'p' AND s.n_tup_ins + s.n_tup_upd + s.n_tup_del > 0
                   ORDER BY s.relname""")


def analyze(engine: Engine, tables: Iterable[str] | None = None) -> None:
    """After an import, on PostgreSQL: refresh the planner's statistics (ANALYZE, a sample of
    each table, no lock that stops reading or writing) of `tables` (the project's tables, as
    written_tables names them), or of the whole database when None (the demo).
    Autovacuum analyses a table only after 10 % of its rows changed; a month of registers is
    4 % of two years, and with statistics that have never seen that month the planner
    estimates its rows at almost none and picks plans for that. SQLite is left as it is: its
    queries were tuned without statistics (sqlite_stat1), which would change their plans."""
    if engine.dialect.name != "postgresql":
        return
    if tables is None:
        statement = "ANALYZE"
    else:
        # names from our own schema (never from the caller), quoted by the dialect
        quote = engine.dialect.identifier_preparer.format_table
        named = [quote(schema.metadata.tables[name]) for name in dict.fromkeys(tables)]
        if not named:
            return
        statement = "ANALYZE " + ", ".join(named)
    with engine.begin() as conn:
        conn.exec_driver_sql(statement)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # WAL lets page requests read while an import writes
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def upsert(conn: Connection, table, rows: list[Mapping], keys: Iterable[str]) -> None:
    """Insert rows, replacing the non-key columns of rows whose key already exists.
    The only dialect-specific statement in the project: both dialects spell
    ON CONFLICT the same way, but SQLAlchemy builds it from dialect-specific insert()."""
    if not rows:
        return
    keys = list(keys)
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[conn.dialect.name]
    stmt = insert(table)
    updates = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_=updates) if updates else (
        stmt.on_conflict_do_nothing(index_elements=keys)
    )
    conn.execute(stmt, list(rows))


def bulk_insert(conn: Connection, table, frame) -> None:
    """Insert many rows fast: the INSERT is compiled once by SQLAlchemy for this dialect and
    the values go to the driver's executemany as bound parameters (no per-row SQLAlchemy
    processing, which costs ten times the insert itself for millions of family visits).
    Date columns must hold datetime.date values."""
    if len(frame) == 0:
        return
    compiled = table.insert().compile(dialect=conn.dialect)
    names = list(compiled.positiontup) if compiled.positional else list(compiled.params)
    columns = []
    for name in names:
        values = frame[name].to_numpy(dtype=object)
        if conn.dialect.name == "sqlite" and isinstance(table.c[name].type, Date):
            values = [None if v is None else v.isoformat() for v in values]  # SQLAlchemy's own SQLite date format
        columns.append(values)
    if compiled.positional:
        rows = list(zip(*columns))
    else:
        rows = [dict(zip(names, values)) for values in zip(*columns)]
    conn.exec_driver_sql(str(compiled), rows)


def member_of(conn: Connection, column, name: str):
    """`column IN (the list bound as name)`. PostgreSQL takes the list as one array
    parameter (= ANY): thousands of expanded parameters cost more to compile and send than
    the look-up itself. One of this module's dialect switches (with upsert, copy_insert)."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(name, type_=postgresql.ARRAY(column.type)))
    return column.in_(bindparam(name, expanding=True))


def set_info(conn: Connection, kunci: str, nilai: str) -> None:
    upsert(conn, schema.info, [{"kunci": kunci, "nilai": nilai,
                                "diubah": datetime.now(UTC).replace(tzinfo=None)}],
           ["kunci"])


def bump_version(conn: Connection) -> None:
    """Mark that data changed (cached query results keyed on the old version stop matching)."""
    set_info(conn, "versi_data", uuid.uuid4().hex)


def get_info(conn: Connection, kunci: str) -> str | None:
    return conn.execute(_info_statement(), {"kunci": kunci}).scalar()


@functools.cache
def _info_statement():
    """Asked by every page callback (the data version): built once, a third of the time of
    composing it on each call."""
    return select(schema.info.c.nilai).where(schema.info.c.kunci == bindparam("kunci"))


def driver_rows(conn: Connection, statement, params: dict) -> list[tuple]:
    """The driver's own rows (plain tuples) of a statement whose columns need no result
    processing: turning 1,500 SQLAlchemy Rows into numpy columns cost 3 ms; tuples cost a
    fifth. (PostgreSQL's sums arrive as Decimal: callers convert to float.)"""
    result = conn.execute(statement, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def is_empty(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(schema.desa)).scalar() == 0


def copy_insert(conn: Connection, table, frame) -> None:
    """bulk_insert, through COPY ... FROM STDIN on PostgreSQL with psycopg (a million family
    visits: seconds instead of most of a minute of executemany); bulk_insert elsewhere.
    Runs on the caller's connection, so inside its transaction. Dates as datetime.date."""
    if len(frame) == 0:
        return
    if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg":
        bulk_insert(conn, table, frame)
        return
    from psycopg import sql

    names = [c.name for c in table.columns if c.name in frame.columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names)))
    columns = [frame[name].to_numpy(dtype=object) for name in names]
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in zip(*columns):
                copy.write_row(row)
    finally:
        cursor.close()
