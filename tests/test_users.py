"""Users, scopes, sessions and the audit log in the database (data_access/users.py), on
SQLite and PostgreSQL, with the hand-made province of tests/sample.py."""
from __future__ import annotations

from datetime import timedelta

import pytest

from data_access import schema
from data_access.users import (
    Event,
    UserError,
    add_user,
    audit,
    audit_rows,
    authenticate,
    end_session,
    list_users,
    new_session,
    scope_inside,
    session_user,
    set_password,
    update_user,
)
from domain.access import Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope

PKM_A = Scope(Level.PUSKESMAS, "P01")
KAB_SATU = Scope(Level.KABUPATEN, "99.01")
KAB_DUA = Scope(Level.KABUPATEN, "99.02")
SANDI = "sepuluh-huruf"


def test_a_user_is_stored_with_a_salted_hash_and_signs_in_with_the_password_only(loaded):
    with loaded.begin() as conn:
        add_user(conn, "Ani.Bidan", SANDI, "pengelola data", PKM_A, nama_lengkap="Ani")
        add_user(conn, "budi", SANDI, Role.PEMBACA, PKM_A)
        hashes = dict(conn.execute(schema.pengguna.select().with_only_columns(
            schema.pengguna.c.nama, schema.pengguna.c.sandi_hash)).all())
    assert set(hashes) == {"ani.bidan", "budi"}  # names are kept in lower case
    assert all(h.startswith("scrypt:") and SANDI not in h for h in hashes.values())
    assert hashes["ani.bidan"] != hashes["budi"]  # salted: one password, two hashes
    with loaded.connect() as conn:
        user = authenticate(conn, "ANI.bidan ", SANDI)
        assert (user.nama, user.role, user.scope) == ("ani.bidan", Role.PENGELOLA, PKM_A)
        assert authenticate(conn, "ani.bidan", SANDI + "x") is None
        assert authenticate(conn, "tidak-ada", SANDI) is None
        assert authenticate(conn, "ani.bidan", ["bukan", "teks"]) is None


@pytest.mark.parametrize(("nama", "sandi", "role", "scope", "message"), [
    ("ab", SANDI, Role.PEMBACA, PKM_A, "Nama pengguna 3–64 karakter"),
    ("<b>x</b>", SANDI, Role.PEMBACA, PKM_A, "Nama pengguna 3–64 karakter"),
    ("citra", "pendek", Role.PEMBACA, PKM_A, "paling sedikit 10 karakter"),
    ("citra", SANDI, "kepala", PKM_A, "Peran: pembaca, pengelola"),
    ("citra", SANDI, Role.PEMBACA, Scope(Level.PUSKESMAS, "P99"), "'P99' tidak ditemukan"),
    ("citra", SANDI, Role.PEMBACA, Scope(Level.DESA, "99.01.01.2001"), "Wilayah pengguna"),
])
def test_a_bad_user_is_refused_in_indonesian_and_nothing_is_stored(loaded, nama, sandi, role, scope, message):
    with loaded.begin() as conn, pytest.raises(UserError, match=message):
        add_user(conn, nama, sandi, role, scope)
    with loaded.connect() as conn:
        assert conn.execute(schema.pengguna.select()).first() is None


def test_long_passphrases_are_accepted(loaded):
    long = "kalimat sandi yang panjang sekali " * 4  # 136 characters
    with loaded.begin() as conn:
        add_user(conn, "dewi", long, Role.PEMBACA, PKM_A)
    with loaded.connect() as conn:
        assert authenticate(conn, "dewi", long) is not None
        assert authenticate(conn, "dewi", long[:64]) is None


def test_sessions_end_on_logout_new_password_new_rights_and_deactivation(loaded):
    with loaded.begin() as conn:
        user = add_user(conn, "eka", SANDI, Role.PEMBACA, PKM_A)
        tokens = [new_session(conn, user, timedelta(hours=1), "10.0.0.1") for _ in range(4)]
    with loaded.begin() as conn:
        assert session_user(conn, tokens[0]).nama == "eka"
        end_session(conn, tokens[0])
        assert session_user(conn, tokens[0]) is None
        assert session_user(conn, tokens[1]) is not None
        set_password(conn, "eka", SANDI + "-baru")
        assert session_user(conn, tokens[1]) is None
        fresh = new_session(conn, user, timedelta(hours=1), None)
        update_user(conn, "eka", scope=KAB_SATU)
        assert session_user(conn, fresh) is None
        again = new_session(conn, user, timedelta(hours=1), None)
        update_user(conn, "eka", aktif=False)
        assert session_user(conn, again) is None
        expired = new_session(conn, user, timedelta(hours=-1), None)
        assert session_user(conn, expired) is None
        assert session_user(conn, "x" * 43) is None and session_user(conn, None) is None
    with loaded.connect() as conn:
        assert authenticate(conn, "eka", SANDI + "-baru") is None  # inactive


def test_scope_inside_follows_the_wilayah_tree(loaded):
    with loaded.connect() as conn:
        assert scope_inside(conn, Scope.everything(), PKM_A)
        assert scope_inside(conn, KAB_SATU, PKM_A)
        assert scope_inside(conn, Scope(Level.PROVINSI, "99"), KAB_DUA)
        assert not scope_inside(conn, KAB_DUA, PKM_A)
        assert not scope_inside(conn, PKM_A, KAB_SATU)
        assert not scope_inside(conn, KAB_SATU, Scope.everything())
        assert not scope_inside(conn, PKM_A, Scope(Level.PUSKESMAS, "P02"))


def test_users_and_audit_rows_are_listed_inside_the_viewers_wilayah_only(loaded):
    with loaded.begin() as conn:
        add_user(conn, "nasional", SANDI, Role.ADMIN, Scope.everything())
        add_user(conn, "kab-satu", SANDI, Role.ADMIN, KAB_SATU)
        add_user(conn, "pkm-a", SANDI, Role.PEMBACA, PKM_A)
        add_user(conn, "kab-dua", SANDI, Role.PEMBACA, KAB_DUA)
        for nama, scope in [("nasional", Scope.everything()), ("kab-satu", KAB_SATU), ("pkm-a", PKM_A),
                            ("kab-dua", KAB_DUA)]:
            audit(conn, Event.LOGIN, viewer=Viewer(nama, Role.PEMBACA, scope), alamat="10.0.0.9")
        audit(conn, Event.LOGIN_GAGAL, pengguna="penyusup", alamat="10.6.6.6")
    with loaded.connect() as conn:
        assert list(list_users(conn, KAB_SATU)["nama"]) == ["kab-satu", "pkm-a"]
        assert list(list_users(conn, Scope.everything())["nama"]) == ["kab-dua", "kab-satu", "nasional", "pkm-a"]
        assert set(audit_rows(conn, KAB_SATU)["pengguna"]) == {"kab-satu", "pkm-a"}
        everything = audit_rows(conn, Scope.everything())
        assert set(everything["pengguna"]) == {"nasional", "kab-satu", "pkm-a", "kab-dua", "penyusup"}
        assert list(audit_rows(conn, Scope.everything(), peristiwa=Event.LOGIN_GAGAL)["pengguna"]) == ["penyusup"]
        assert "sandi_hash" not in list_users(conn, Scope.everything()).columns
