"""Signing a Flask test client in, as the browser does: the login form with its token."""
from __future__ import annotations

import re

from data_access.users import add_user, find_user
from domain.access import Role
from domain.wilayah import Scope

PASSWORD = "sandi-uji-panjang"


def ensure_user(engine, nama: str, role: Role = Role.ADMIN, scope: Scope | None = None,
                password: str = PASSWORD) -> None:
    with engine.begin() as conn:
        if find_user(conn, nama) is None:
            add_user(conn, nama, password, role, scope or Scope.everything())


CHEAP_SCRYPT = "scrypt:1024:8:1"


def cheap_hashes(monkeypatch) -> None:
    """scrypt at a small cost for the rest of a test, so that its logins take milliseconds,
    not a second each (the hashes stay scrypt's; test_auth checks the real cost)."""
    from werkzeug.security import generate_password_hash

    from data_access import users

    monkeypatch.setattr(users, "_HASH_METHOD", CHEAP_SCRYPT)
    monkeypatch.setattr(users, "_DUMMY_HASH", generate_password_hash("x", method=CHEAP_SCRYPT))


def form_token(client, path: str = "/masuk") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the login page has no form token"
    return found.group(1)


def login(client, engine, nama: str = "penguji", role: Role = Role.ADMIN, scope: Scope | None = None,
          password: str = PASSWORD):
    """Create the user if needed and sign `client` in; returns the client."""
    ensure_user(engine, nama, role, scope, password)
    response = client.post("/masuk", data={"csrf": form_token(client), "nama": nama, "sandi": password,
                                           "next": "/"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client
