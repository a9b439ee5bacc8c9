"""Shared fixtures: one `engine` fixture runs each database test on SQLite and on PostgreSQL."""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from data_access import migrations, schema
from data_access.db import dispose_engines, get_engine, make_engine

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_url():
    """A throw-away PostgreSQL database for this test session."""
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            name = f"iks_test_{uuid.uuid4().hex[:8]}"
            conn.execute(text(f'CREATE DATABASE "{name}"'))  # identifier made here, not user input
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server"
        if os.environ.get("REQUIRE_POSTGRES"):
            raise
        pytest.skip(f"PostgreSQL tidak tersedia di {PG_ADMIN_URL}: {exc.__class__.__name__}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    dispose_engines()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def empty_database(request, folder):
    """An empty database with the schema on the dialect of `request.param`: on SQLite a copy
    of a schema-only file made once per session (what get_engine would build there, without
    building it again), on PostgreSQL the session's database emptied (reset_postgres)."""
    if request.param == "sqlite":
        target = folder / "test.sqlite"
        url = f"sqlite:///{target}"
        if not target.exists():
            template = request.getfixturevalue("sqlite_template")
            for suffix in ("", "-wal"):
                if Path(f"{template}{suffix}").exists():
                    shutil.copyfile(f"{template}{suffix}", f"{target}{suffix}")
            return get_engine(url)  # at HEAD already: a look at alembic_version
        eng = get_engine(url)
        schema.metadata.drop_all(eng)
        schema.metadata.create_all(eng)
        return eng
    eng = get_engine(request.getfixturevalue("pg_url"))
    reset_postgres(eng)
    return eng


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """An SQLite file with the current schema, stamped HEAD, closed (so no -wal is pending)."""
    path = tmp_path_factory.mktemp("skema") / "template.sqlite"
    eng = make_engine(f"sqlite:///{path}")
    migrations.upgrade(eng)  # an empty file: create_all and stamp HEAD, as get_engine does
    eng.dispose()
    return path


# Everything of the public schema that drop_all + create_all would rebuild or keep, and the
# Alembic stamp: when it is as the last rebuild left it, emptying the tables gives the same
# database as rebuilding them.
_PG_SHAPE_PARTS = [
    "SELECT 'c ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable"
    " || ' ' || coalesce(column_default, '') AS x FROM information_schema.columns WHERE table_schema = 'public'",
    "SELECT 'i ' || indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "SELECT 'k ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
    " FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
    "SELECT 's ' || sequencename FROM pg_sequences WHERE schemaname = 'public'",
    "SELECT 'r ' || relname || ' ' || relkind::text FROM pg_class"
    " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('v', 'm', 'f', 'p')",
    "SELECT 't ' || t.typname || ' ' || coalesce(e.enumlabel, '') FROM pg_type t"
    " LEFT JOIN pg_enum e ON e.enumtypid = t.oid"
    " WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd')",
    "SELECT 'g ' || tgrelid::regclass::text || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal"
    " AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)",
]
_pg_rebuilt: dict[str, str] = {}  # database URL -> the shape its last rebuild left
_pg_confirmed: dict[str, tuple] = {}  # database URL -> _pg_ddl_state when its shape was last found so


def _pg_shape(conn) -> str:
    parts = list(_PG_SHAPE_PARTS)
    if conn.execute(text("SELECT to_regclass('public.alembic_version') IS NOT NULL")).scalar():
        parts.append("SELECT 'a ' || version_num FROM alembic_version")
    union = " UNION ALL ".join(parts)
    return conn.execute(text(f"SELECT md5(coalesce(string_agg(x, E'\\n' ORDER BY x), ''))"
                             f" FROM ({union}) AS shape")).scalar()


# A count of the DDL statements run in the session's database (an event trigger bumps a
# sequence of its own schema, outside public, at the end of every DDL command: CREATE,
# ALTER, DROP, COMMENT, GRANT …; a sequence, so no lock is taken and a rolled-back DDL still
# counts). While it stands where it stood when the shape was last computed, and the Alembic
# stamp (rows, not DDL) is the same, the shape is the same: the catalog query of _pg_shape
# (tens of milliseconds) runs only after some DDL.
_DDL_COUNTER = """
CREATE SCHEMA IF NOT EXISTS uji_ddl;
CREATE SEQUENCE IF NOT EXISTS uji_ddl.hitung;
CREATE OR REPLACE FUNCTION uji_ddl.catat() RETURNS event_trigger LANGUAGE plpgsql
  AS $f$ BEGIN PERFORM nextval('uji_ddl.hitung'); END $f$;
DROP EVENT TRIGGER IF EXISTS uji_ddl_catat;
CREATE EVENT TRIGGER uji_ddl_catat ON ddl_command_end EXECUTE FUNCTION uji_ddl.catat();
"""


def _install_ddl_counter(eng) -> None:
    """The event trigger of _DDL_COUNTER (a superuser's right; without it every reset
    computes the shape, as it did before)."""
    try:
        with eng.begin() as conn:
            conn.exec_driver_sql(f"DO $$ BEGIN {_DDL_COUNTER} END $$")
    except Exception:  # noqa: BLE001 - not a superuser, or no plpgsql: the shape query decides
        pass


def _pg_ddl_state(conn) -> tuple | None:
    """(DDL count, Alembic stamp) of the database, or None without the counter."""
    try:
        with conn.begin_nested():
            counted = conn.execute(text("SELECT last_value, is_called FROM uji_ddl.hitung")).one()
    except Exception:  # noqa: BLE001 - no counter (dropped, or never installed)
        return None
    stamp = None
    if conn.execute(text("SELECT to_regclass('public.alembic_version') IS NOT NULL")).scalar():
        stamp = tuple(sorted(conn.execute(text("SELECT version_num FROM alembic_version")).scalars()))
    return (*counted, stamp)


def _pg_as_rebuilt(conn, url: str) -> bool:
    """Whether the database's schema is exactly as its last rebuild left it: the DDL count
    and stamp as when that was last confirmed, or else the shape computed again."""
    state = _pg_ddl_state(conn)
    if state is not None and _pg_confirmed.get(url) == state:
        return True
    if _pg_shape(conn) != _pg_rebuilt[url]:
        return False
    if state is not None:
        _pg_confirmed[url] = state
    return True


def _pg_empty_rows_sql() -> str:
    """One statement (one round trip): every row deleted, the used sequences set back to
    their start as ALTER SEQUENCE … RESTART does (setval with is_called false: no DDL)."""
    deletes = "".join(f'DELETE FROM public."{table.name}";'  # names from schema.py
                      for table in reversed(schema.metadata.sorted_tables))
    return ("DO $$ DECLARE s record; BEGIN " + deletes +
            " FOR s IN SELECT sequencename, start_value FROM pg_sequences"
            " WHERE schemaname = 'public' AND last_value IS NOT NULL LOOP"
            " PERFORM setval('public.' || quote_ident(s.sequencename), s.start_value, false);"
            " END LOOP; END $$")


def reset_postgres(eng) -> None:
    """Empty the session's PostgreSQL database as drop_all + create_all would leave it.
    Rebuilding the schema costs about half a second per test; when the schema is exactly as
    the last rebuild left it (a test may have migrated, dropped or added something: see
    _pg_as_rebuilt), deleting every row and restarting the used sequences gives the same
    database in milliseconds. Anything else is rebuilt as before."""
    url = eng.url.render_as_string(hide_password=False)
    if url in _pg_rebuilt:
        try:
            with eng.begin() as conn:
                if _pg_as_rebuilt(conn, url):
                    conn.exec_driver_sql(_pg_empty_rows_sql())
                    return
        except Exception:  # noqa: BLE001 - whatever stops the quick way, the rebuild below handles
            pass
    schema.metadata.drop_all(eng)
    schema.metadata.create_all(eng)
    _install_ddl_counter(eng)
    with eng.connect() as conn:
        _pg_rebuilt[url] = _pg_shape(conn)
        state = _pg_ddl_state(conn)
    if state is not None:
        _pg_confirmed[url] = state
    else:
        _pg_confirmed.pop(url, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """An empty database with the schema, on each dialect."""
    return empty_database(request, tmp_path)


@pytest.fixture
def loaded(engine, request):
    """The hand-made province of tests/sample.py, loaded on each dialect."""
    from tests import sample

    return loaded_with(request, engine, "sample", sample.load)


def _load_sample_and_pws(eng) -> None:
    from tests import sample, sample_pws

    sample.load(eng)
    sample_pws.load(eng)


def loaded_with(request, eng, name: str, load):
    """`eng` emptied and then as `load(eng)` leaves it. Loading runs pandas and compiles
    SQLAlchemy statements anew for each new engine (half a second and more per test, most of
    the suite's database tests load the same sample): so `load` runs once per session and
    dialect, into a snapshot, and each test gets the snapshot's rows copied in (and the
    sequences where the load left them, and a data version of its own as a load gives)."""
    from data_access.db import bump_version

    if eng.dialect.name == "sqlite":
        _sqlite_restore(request, eng, name, load)
    else:
        reset_postgres(eng)
        _pg_restore(eng, name, load, _pg_rebuilt[eng.url.render_as_string(hide_password=False)])
    with eng.begin() as conn:
        bump_version(conn)  # what the cached queries are keyed on: never another test's
    return eng


_sqlite_snapshots: dict[str, Path] = {}


def _sqlite_restore(request, eng, name: str, load) -> None:
    import sqlite3

    if name not in _sqlite_snapshots:
        folder = request.getfixturevalue("tmp_path_factory").mktemp(f"snapshot-{name}")
        path = folder / "snapshot.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        built = make_engine(f"sqlite:///{path}")
        load(built)
        built.dispose()  # closed: its -wal written back into the file
        _sqlite_snapshots[name] = path
    target = eng.url.database
    con = sqlite3.connect(target, isolation_level=None)
    try:
        con.execute("ATTACH DATABASE ? AS snap", (str(_sqlite_snapshots[name]),))
        con.execute("BEGIN IMMEDIATE")
        for table in reversed(schema.metadata.sorted_tables):
            con.execute(f'DELETE FROM main."{table.name}"')  # names from schema.py
        for table in schema.metadata.sorted_tables:
            con.execute(f'INSERT INTO main."{table.name}" SELECT * FROM snap."{table.name}"')
        con.execute("COMMIT")
        con.execute("DETACH DATABASE snap")
    finally:
        con.close()


_pg_snapshots: dict[tuple[str, str, str], list[tuple[str, int | None, bool]]] = {}


def _pg_restore(eng, name: str, load, shape: str | None = None) -> None:
    """Into the emptied database (reset_postgres): the rows of schema snap_<name> of the same
    database, made by the first load on a database of this shape (`shape`: its _pg_shape,
    known when reset_postgres has just emptied it)."""
    url = eng.url.render_as_string(hide_password=False)
    if shape is None:
        with eng.connect() as conn:
            shape = _pg_shape(conn)
    key = (url, shape, name)
    snap = f"snap_{name}"
    tables = schema.metadata.sorted_tables
    if key not in _pg_snapshots:
        load(eng)
        with eng.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{snap}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{snap}"'))
            for table in tables:
                conn.execute(text(f'CREATE TABLE "{snap}"."{table.name}" AS TABLE public."{table.name}"'))
            sequences = conn.execute(text(
                "SELECT 'public.' || quote_ident(sequencename), last_value FROM pg_sequences"
                " WHERE schemaname = 'public'"
            )).all()
        _pg_snapshots[key] = [(seq, last) for seq, last in sequences]
        return
    # one statement, one round trip (names from schema.py and the catalog, numbers as int)
    inserts = "".join(f'INSERT INTO public."{table.name}" SELECT * FROM "{snap}"."{table.name}";'
                      for table in tables)
    setvals = "".join(f"PERFORM setval('{seq}', {int(last)}, true);"
                      for seq, last in _pg_snapshots[key]
                      if last is not None)  # (None: never used, as reset_postgres leaves it)
    with eng.begin() as conn:
        conn.exec_driver_sql(f"DO $$ BEGIN {inserts}{setvals} END $$")


@pytest.fixture(scope="session")
def demo_province():
    """The demo province (demo.generate() at its defaults: deterministic), made once for the
    session's demo tests; read only."""
    from demo import generate

    return generate.generate()


@pytest.fixture(scope="session")
def cli_demo_sqlite(tmp_path_factory, sqlite_template, demo_province):
    """(exit status, engine) of `python cli.py demo --tanpa-kunjungan` run once into an empty
    SQLite database with the schema, as a test would run it (the province made once, cheap
    password hashes): the demo tests read what it loaded instead of loading it again each
    (a load of the demo without family visits costs ~20 s of CPU). Read only."""
    from cli import main
    from tests.auth_client import cheap_hashes

    path = tmp_path_factory.mktemp("cli-demo") / "demo.sqlite"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    with pytest.MonkeyPatch.context() as mp:
        cheap_hashes(mp)
        mp.setenv("DATABASE_URL", url)
        mp.setattr("demo.load.generate", lambda skala, seed: demo_province)  # made once
        status = main(["demo", "--tanpa-kunjungan"])
    return status, get_engine(url)


@pytest.fixture(scope="session")
def app_server_started(tmp_path_factory):
    """The session's app server, started but maybe still building the demo (app_server waits
    for it)."""
    from tests.browser import AppServer

    data_dir = tmp_path_factory.mktemp("app-data")
    srv = AppServer({"DATA_DIR": str(data_dir), "DATABASE_URL": ""})
    try:
        yield srv.start()
    finally:
        srv.__exit__(None, None, None)


@pytest.fixture(scope="session", autouse=True)
def _app_server_early(request):
    """Start the session's app server with the first test when any test of the session uses
    it: app.py builds the demo (the longest setup of the suite) on the second core while
    the database tests run on the first (the browser tests run last: see
    pytest_collection_modifyitems)."""
    if any("app_server" in getattr(item, "fixturenames", ()) for item in request.session.items):
        request.getfixturevalue("app_server_started")


@pytest.fixture(scope="session")
def app_server(app_server_started):
    """`python app.py` on an empty SQLite database (so it loads the demo by itself), shared
    by the browser tests of this session."""
    yield app_server_started.wait()


def pytest_collection_modifyitems(session, config, items):
    """Browser tests last (in their order): the app server builds its demo while the other
    tests run (_app_server_early), and the Chromium windows are started once they are due."""
    def browser(item) -> bool:
        return item.get_closest_marker("browser") is not None or "app_server" in item.fixturenames

    items[:] = [i for i in items if not browser(i)] + [i for i in items if browser(i)]


def pytest_configure(config):
    """Chromium windows reused by the browser tests of this session (tests/browser.py
    DriverPool: each test still gets a clean window and signs in with a session of its own);
    make_driver borrows from it too."""
    from tests import browser

    browser.POOL = browser.DriverPool()


def pytest_unconfigure(config):
    from tests import browser

    if browser.POOL:
        browser.POOL.close()
        browser.POOL = None


@pytest.fixture(scope="session")
def driver_pool():
    """The session's pool of Chromium windows (see pytest_configure)."""
    from tests import browser

    return browser.POOL


@pytest.fixture
def driver(request, driver_pool):
    """A 1366×768 Chromium; signed in as the demo admin when the test uses `app_server`
    (landing on a light page: the test opens its own)."""
    base = request.getfixturevalue("app_server").url if "app_server" in request.fixturenames else None
    with driver_pool.signed_in(1366, 768, base) as drv:
        yield drv


@pytest.fixture
def use_db(loaded, monkeypatch):
    """Point a callbacks module's `connect` at the loaded test database; returns the module."""
    from contextlib import contextmanager

    @contextmanager
    def connect():
        with loaded.connect() as conn:
            yield conn

    def patch(module):
        import callbacks.common

        monkeypatch.setattr(module, "connect", connect)
        monkeypatch.setattr(callbacks.common, "engine", lambda: loaded)  # writes: audit, imports
        return module

    return patch


@pytest.fixture
def app_client(loaded, monkeypatch, tmp_path, request):
    """Flask's test client of the real app (`import app`) on the loaded test database, with
    the PWS registers of tests/sample_pws.py too."""
    loaded_with(request, loaded, "sample_pws", _load_sample_and_pws)
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    import app
    from tests.auth_client import login

    return login(app.server.test_client(), loaded)


@pytest.fixture
def anonymous_client(loaded, monkeypatch, tmp_path, request):
    """Flask's test client of the real app on the loaded test database, not signed in."""
    loaded_with(request, loaded, "sample_pws", _load_sample_and_pws)
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    import app

    return app.server.test_client()


@pytest.fixture(autouse=True)
def fast_password_hashes(monkeypatch):
    """Passwords hashed with scrypt at a small cost in every test (a login at the real cost
    takes up to a second here, and most tests sign a client in); the test of the stored hash
    undoes it (tests/test_auth.py)."""
    from tests.auth_client import cheap_hashes

    cheap_hashes(monkeypatch)


@pytest.fixture(autouse=True)
def acting_as_operator():
    """A test that calls a callback function directly (outside a request) acts as the
    server's operator; inside a request only the signed-in user counts."""
    from callbacks.common import acting_as
    from domain.access import OPERATOR

    with acting_as(OPERATOR):
        yield
