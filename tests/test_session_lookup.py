"""The session lookup the login gate makes on every request (data_access.users.session_user):
its statement is built once, so it must still see each request's token, time and user."""
from __future__ import annotations

from datetime import timedelta

from data_access import schema
from data_access.users import add_user, end_session, new_session, session_user, update_user
from domain.access import Role
from domain.wilayah import Scope


def _two_users(conn):
    one = add_user(conn, "satu", "sandi-satu-panjang", Role.PEMBACA, Scope.everything())
    two = add_user(conn, "dua", "sandi-dua-panjang", Role.ADMIN, Scope.everything())
    return one, two


def test_each_token_finds_its_own_user(engine):
    with engine.begin() as conn:
        one, two = _two_users(conn)
        t1 = new_session(conn, one, timedelta(hours=1), "1.1.1.1")
        t2 = new_session(conn, two, timedelta(hours=1), "2.2.2.2")
        assert session_user(conn, t1).nama == "satu"
        assert session_user(conn, t2).nama == "dua"
        assert session_user(conn, t2).role == Role.ADMIN
        assert session_user(conn, t1 + "x") is None


def test_a_session_ends_at_logout_deactivation_and_expiry(engine):
    with engine.begin() as conn:
        one, two = _two_users(conn)
        out = new_session(conn, one, timedelta(hours=1), None)
        end_session(conn, out)
        assert session_user(conn, out) is None
        deactivated = new_session(conn, two, timedelta(hours=1), None)
        assert session_user(conn, deactivated) is not None
        conn.execute(schema.pengguna.update().where(schema.pengguna.c.id == two.id).values(aktif=False))
        assert session_user(conn, deactivated) is None
        update_user(conn, "dua", aktif=True)
        expired = new_session(conn, two, timedelta(hours=1), None)
        assert session_user(conn, expired) is not None
        conn.execute(schema.sesi.update().values(kedaluwarsa=schema.sesi.c.dibuat - timedelta(seconds=1)))
        assert session_user(conn, expired) is None
