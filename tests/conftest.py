"""Shared fixtures: one `engine` fixture runs each database test on SQLite and on PostgreSQL."""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from data_access import schema
from data_access.db import dispose_engines, get_engine

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
    """An empty database with the schema on the dialect of `request.param`."""
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'test.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    eng = get_engine(url)
    schema.metadata.drop_all(eng)
    schema.metadata.create_all(eng)
    return eng


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """An empty database with the schema, on each dialect."""
    return empty_database(request, tmp_path)


@pytest.fixture
def loaded(engine):
    """The hand-made province of tests/sample.py, loaded on each dialect."""
    from tests.sample import load
    load(engine)
    return engine


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """`python app.py` on an empty SQLite database (so it loads the demo by itself), shared
    by the browser tests of this session."""
    from tests.browser import AppServer

    data_dir = tmp_path_factory.mktemp("app-data")
    with AppServer({"DATA_DIR": str(data_dir), "DATABASE_URL": ""}) as srv:
        yield srv


@pytest.fixture
def driver(request):
    """A 1366×768 Chromium; signed in as the demo admin when the test uses `app_server`."""
    from tests.browser import make_driver

    base = request.getfixturevalue("app_server").url if "app_server" in request.fixturenames else None
    drv = make_driver(1366, 768, login_to=base)
    yield drv
    drv.quit()


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
def app_client(loaded, monkeypatch, tmp_path):
    """Flask's test client of the real app (`import app`) on the loaded test database, with
    the PWS registers of tests/sample_pws.py too."""
    from tests import sample_pws

    sample_pws.load(loaded)
    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    import app
    from tests.auth_client import login

    return login(app.server.test_client(), loaded)


@pytest.fixture
def anonymous_client(loaded, monkeypatch, tmp_path):
    """Flask's test client of the real app on the loaded test database, not signed in."""
    from tests import sample_pws

    sample_pws.load(loaded)
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
