"""Issue 17's fault: PostgreSQL restarted under the running app. Every connection the app holds
is cut (what a restart does to them); the next requests are answered from new connections,
without restarting the app (the pool checks a connection before lending it)."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool


def _cut_every_connection(engine) -> int:
    """End every session of this database but one of its own, from outside the app's pool,
    as a server restart would; how many."""
    outside = create_engine(engine.url, poolclass=NullPool)
    try:
        with outside.connect() as conn:
            return conn.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    finally:
        outside.dispose()


def test_the_app_answers_again_after_its_database_connections_are_cut(app_client, loaded):
    if loaded.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL server's restart: SQLite has no server or connections to lose")
    assert app_client.get("/_dash-layout").status_code == 200  # the app's pool holds connections now
    assert _cut_every_connection(loaded) >= 1
    for _ in range(3):  # the session look-up and the layout both read the database
        response = app_client.get("/_dash-layout")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert b"filter-bar" in app_client.get("/_dash-layout").data
