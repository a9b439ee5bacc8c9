"""Users, their sessions and the audit log: who may sign in, what they may see, what they did.

Passwords are kept as Werkzeug's scrypt hashes (salted, slow on purpose; never the password).
A session is a random token in the browser's signed cookie; the database keeps only its
sha256, so logout, deactivation and a new password end it for every copy of the cookie.
"""
from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, and_, bindparam, func, or_, select, true
from werkzeug.security import check_password_hash, generate_password_hash

from data_access import schema
from data_access.wilayah import DESA_KEY, NAME_TABLES, resolve_area, scope_filter
from domain.access import OPERATOR, AccessDenied, Role, Viewer, parse_role
from domain.codes import Level
from domain.wilayah import FILTER_LEVELS, Scope, WilayahError, not_visible

PASSWORD_MIN = 10
PASSWORD_MAX = 1024  # far above any passphrase; bounds the work of hashing what a form sends
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
_HASH_METHOD = "scrypt"
# checked against when the name is unknown, so that a wrong name costs as long as a wrong password
_DUMMY_HASH = generate_password_hash("tidak-ada-pengguna-ini", method=_HASH_METHOD)


class UserError(ValueError):
    """A user change that cannot be made; the message is for the person (Bahasa Indonesia)."""


@dataclass(frozen=True)
class User:
    id: int
    nama: str
    nama_lengkap: str
    role: Role
    scope: Scope
    aktif: bool
    login_terakhir: datetime | None

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.nama, self.role, self.scope)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _user(row) -> User:
    level = Level(row.tingkat_wilayah)
    return User(row.id, row.nama, row.nama_lengkap or "", Role(row.peran),
                Scope(level, None if level == Level.NASIONAL else row.kode_wilayah),
                bool(row.aktif), row.login_terakhir)


# --- rules -------------------------------------------------------------------------------------

def check_username(nama: object) -> str:
    if not isinstance(nama, str) or not USERNAME.match(nama.strip().lower()):
        raise UserError("Nama pengguna 3–64 karakter: huruf kecil, angka, titik, garis bawah "
                        "atau tanda hubung, diawali huruf atau angka.")
    return nama.strip().lower()


def check_password(sandi: object) -> str:
    if not isinstance(sandi, str) or len(sandi) < PASSWORD_MIN:
        raise UserError(f"Kata sandi paling sedikit {PASSWORD_MIN} karakter.")
    if len(sandi) > PASSWORD_MAX:
        raise UserError(f"Kata sandi paling banyak {PASSWORD_MAX} karakter.")
    return sandi


def hash_password(sandi: str) -> str:
    return generate_password_hash(check_password(sandi), method=_HASH_METHOD)


def check_scope(conn: Connection, level: Level, kode: str | None) -> Scope:
    """The scope of a user whose wilayah is (level, kode): it must exist (desa are not a
    user's wilayah: the smallest is a Puskesmas)."""
    if level == Level.NASIONAL:
        return Scope.everything()
    if level not in (Level.PROVINSI, Level.KABUPATEN, Level.PUSKESMAS):
        raise UserError("Wilayah pengguna: nasional, provinsi, kabupaten/kota, atau Puskesmas.")
    try:
        area = resolve_area(conn, Scope.everything(), level, kode)
    except WilayahError as exc:
        raise UserError(str(exc)) from exc
    return Scope(area.level, area.kode)


def may_manage(conn: Connection, admin: Viewer, scope: Scope) -> bool:
    """An admin manages the users inside their own wilayah."""
    return admin.is_admin and scope_inside(conn, admin.scope, scope)


def scope_inside(conn: Connection, outer: Scope, inner: Scope) -> bool:
    """Whether every area of `inner` is inside `outer` (by the codes' ancestry)."""
    if outer.level == Level.NASIONAL:
        return True
    if inner.level == Level.NASIONAL:
        return False
    depth = list(Level)
    if depth.index(inner.level) < depth.index(outer.level):
        return False
    if inner.level == outer.level:
        return inner.kode == outer.kode
    found = conn.execute(select(DESA_KEY[inner.level]).where(
        scope_filter(outer, inner), DESA_KEY[inner.level] == inner.kode).limit(1)).first()
    return found is not None


# the levels a user's wilayah may have, from the top down
USER_LEVELS = (Level.NASIONAL, Level.PROVINSI, Level.KABUPATEN, Level.PUSKESMAS)


def levels_inside(scope: Scope) -> tuple[Level, ...]:
    """The levels of a user's wilayah that can lie inside `scope` (its own and below)."""
    return USER_LEVELS[USER_LEVELS.index(scope.level):]


def areas_inside(conn: Connection, scope: Scope, level: Level) -> list[tuple[str, str]]:
    """(kode, nama) of the areas of `level` inside `scope`, by name: the wilayah an admin
    may give a user."""
    if level not in levels_inside(scope) or level == Level.NASIONAL:
        return []
    names = NAME_TABLES[level]
    rows = conn.execute(select(names.c.kode, names.c.nama)
                        .where(names.c.kode.in_(select(DESA_KEY[level]).where(scope_filter(scope))))
                        .order_by(names.c.nama, names.c.kode)).all()
    return [(r.kode, r.nama) for r in rows]


def scope_label(conn: Connection, scope: Scope) -> str:
    """A user's wilayah by its name: 'Seluruh Indonesia', 'Kab Satu', 'Puskesmas Pkm A'."""
    if scope.level == Level.NASIONAL:
        return "Seluruh Indonesia"
    try:
        area = resolve_area(conn, Scope.everything(), scope.level, scope.kode)
    except WilayahError:
        return f"{scope.level.label} {scope.kode}"
    prefix = "" if area.nama.lower().startswith(("kab", "kota", "prov", "pusk")) else f"{scope.level.label} "
    return prefix + area.nama


def area_inside(scope: Scope, tingkat, kode):
    """WHERE clause: the rows whose wilayah (columns tingkat, kode) lies inside `scope`. Rows
    of the whole country (tingkat nasional or NULL) are inside the whole country only."""
    if scope.level == Level.NASIONAL:
        return true()
    depth = list(Level)
    clauses = [and_(tingkat == level.value, kode.in_(select(DESA_KEY[level]).where(scope_filter(scope))))
               for level in FILTER_LEVELS if depth.index(level) >= depth.index(scope.level)]
    return or_(*clauses)


# --- users -------------------------------------------------------------------------------------

def find_user(conn: Connection, nama: str) -> User | None:
    row = conn.execute(select(schema.pengguna).where(schema.pengguna.c.nama == nama)).first()
    return _user(row) if row else None


def acting_viewer(conn: Connection, nama: str | None) -> Viewer | None:
    """Whom a command acts for: the operator without a name, the named active user with one,
    None when there is no such active user."""
    if nama is None:
        return OPERATOR
    user = find_user(conn, str(nama).strip().lower()[:64])
    return user.viewer if user is not None and user.aktif else None


def no_such_user(nama: str) -> str:
    return (f"Pengguna '{str(nama)[:64]}' tidak ada atau tidak aktif; perintah tidak dijalankan. "
            "Tanpa --pengguna perintah berjalan sebagai operator (seluruh wilayah).")


def add_user(conn: Connection, nama: str, sandi: str, role: Role | str, scope: Scope,
             nama_lengkap: str = "") -> User:
    nama = check_username(nama)
    role = _role(role)
    scope = check_scope(conn, scope.level, scope.kode)
    if find_user(conn, nama):
        raise UserError(f"Pengguna '{nama}' sudah ada.")
    now = _now()
    conn.execute(schema.pengguna.insert().values(
        nama=nama, nama_lengkap=str(nama_lengkap or "")[:120], sandi_hash=hash_password(sandi),
        peran=role.value, tingkat_wilayah=scope.level.value, kode_wilayah=scope.kode, aktif=True,
        dibuat=now, diubah=now))
    return find_user(conn, nama)


def update_user(conn: Connection, nama: str, *, role: Role | str | None = None,
                scope: Scope | None = None, nama_lengkap: str | None = None,
                aktif: bool | None = None) -> User:
    user = _existing(conn, nama)
    values: dict = {}
    if role is not None:
        values["peran"] = _role(role).value
    if scope is not None:
        scope = check_scope(conn, scope.level, scope.kode)
        values.update(tingkat_wilayah=scope.level.value, kode_wilayah=scope.kode)
    if nama_lengkap is not None:
        values["nama_lengkap"] = str(nama_lengkap)[:120]
    if aktif is not None:
        values["aktif"] = bool(aktif)
    if values:
        values["diubah"] = _now()
        conn.execute(schema.pengguna.update().where(schema.pengguna.c.id == user.id).values(**values))
        if "peran" in values or "tingkat_wilayah" in values or values.get("aktif") is False:
            end_sessions(conn, user.id)  # the next request signs in again with the new rights
    return find_user(conn, user.nama)


def set_password(conn: Connection, nama: str, sandi: str) -> User:
    user = _existing(conn, nama)
    conn.execute(schema.pengguna.update().where(schema.pengguna.c.id == user.id)
                 .values(sandi_hash=hash_password(sandi), diubah=_now()))
    end_sessions(conn, user.id)
    return user


def list_users(conn: Connection, scope: Scope) -> pd.DataFrame:
    """The users whose wilayah lies inside `scope`, by name (never their hashes)."""
    p = schema.pengguna
    columns = [p.c.nama, p.c.nama_lengkap, p.c.peran, p.c.tingkat_wilayah, p.c.kode_wilayah,
               p.c.aktif, p.c.login_terakhir]
    rows = conn.execute(select(*columns).where(area_inside(scope, p.c.tingkat_wilayah, p.c.kode_wilayah))
                        .order_by(p.c.nama)).all()
    return pd.DataFrame(rows, columns=[c.name for c in columns])


def _existing(conn: Connection, nama: str) -> User:
    user = find_user(conn, str(nama).strip().lower())
    if user is None:
        raise UserError(f"Pengguna '{str(nama)[:64]}' tidak ada.")
    return user


def _role(role: Role | str) -> Role:
    parsed = role if isinstance(role, Role) else parse_role(role)
    if parsed is None:
        raise UserError("Peran: pembaca, pengelola (pengelola data), atau admin.")
    return parsed


def authenticate(conn: Connection, nama: object, sandi: object) -> User | None:
    """The active user with this name and password, or None (the same time either way)."""
    if not isinstance(nama, str) or not isinstance(sandi, str) or len(sandi) > PASSWORD_MAX:
        return None
    user = find_user(conn, nama.strip().lower()[:64])
    stored = conn.execute(select(schema.pengguna.c.sandi_hash)
                          .where(schema.pengguna.c.id == user.id)).scalar() if user else _DUMMY_HASH
    ok = check_password_hash(stored, sandi)
    return user if ok and user is not None and user.aktif else None


# --- sessions ----------------------------------------------------------------------------------

def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_session(conn: Connection, user: User, lifetime: timedelta, address: str | None) -> str:
    """Start a session; the returned token goes into the signed cookie, its hash here."""
    token = secrets.token_urlsafe(32)
    now = _now()
    conn.execute(schema.sesi.insert().values(token=_key(token), id_pengguna=user.id, dibuat=now,
                                             kedaluwarsa=now + lifetime, alamat=(address or "")[:64]))
    conn.execute(schema.pengguna.update().where(schema.pengguna.c.id == user.id).values(login_terakhir=now))
    conn.execute(schema.sesi.delete().where(schema.sesi.c.kedaluwarsa < now))  # the expired ones
    return token


@functools.cache
def _session_statement():
    """Run on every request (the login gate), so built once and reused with bound parameters:
    composing it cost more than running it. A primary-key lookup of the session, then of its
    user; the password hash is not read."""
    s, p = schema.sesi, schema.pengguna
    columns = [c for c in p.c if c.name != "sandi_hash"]
    return (select(*columns).join(s, s.c.id_pengguna == p.c.id)
            .where(s.c.token == bindparam("token"), s.c.kedaluwarsa > bindparam("now"), p.c.aktif == true()))


def session_user(conn: Connection, token: object) -> User | None:
    """The active user of an unexpired session, or None (asked on every request: nothing is
    kept between requests, so a logout or a deactivation counts at the next one)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = conn.execute(_session_statement(), {"token": _key(token), "now": _now()}).first()
    return _user(row) if row else None


def end_session(conn: Connection, token: object) -> None:
    if isinstance(token, str):
        conn.execute(schema.sesi.delete().where(schema.sesi.c.token == _key(token)))


def end_sessions(conn: Connection, user_id: int) -> None:
    conn.execute(schema.sesi.delete().where(schema.sesi.c.id_pengguna == user_id))


# --- audit log ---------------------------------------------------------------------------------

class Event:
    """What the audit log records (peristiwa)."""
    LOGIN = "login"
    LOGIN_GAGAL = "login gagal"
    LOGIN_DITAHAN = "login ditahan"
    LOGOUT = "logout"
    IMPOR = "impor"
    IMPOR_DITOLAK = "impor ditolak"
    UNDUH = "unduh"
    EKSPOR = "ekspor"
    PENGGUNA = "ubah pengguna"
    RTL = "rtl"  # an RTL recorded or its status changed (data_access.rtl)
    LIHAT_KELUARGA = "lihat data keluarga"  # a list of families to visit shown (names, addresses)
    PENCILAN = "cek data janggal"  # a hit marked "sudah dicek: benar" or unmarked (data_access.pencilan)


def audit(conn: Connection, peristiwa: str, *, viewer: Viewer | None = None, pengguna: str | None = None,
          rincian: str = "", alamat: str | None = None) -> None:
    """One audit row. `viewer` is who acted (their wilayah is kept with the row); `pengguna`
    is a name alone (a failed login's name, which may not exist)."""
    conn.execute(schema.audit_log.insert().values(
        **audit_values(peristiwa, viewer=viewer, pengguna=pengguna, rincian=rincian, alamat=alamat)))


def audit_values(peristiwa: str, *, viewer: Viewer | None = None, pengguna: str | None = None,
                 rincian: str = "", alamat: str | None = None) -> dict:
    """The values of one audit row (see audit), its time now."""
    scope = viewer.scope if viewer else None
    return dict(
        waktu=_now(), pengguna=((viewer.label if viewer else pengguna) or "")[:64] or None,
        peristiwa=peristiwa[:30], rincian=str(rincian)[:2000], alamat=(alamat or "")[:64] or None,
        tingkat_wilayah=scope.level.value if scope else None,
        kode_wilayah=scope.kode if scope else None)


def audit_rows(conn: Connection, scope: Scope, limit: int = 200, peristiwa: str | None = None) -> pd.DataFrame:
    """The newest audit rows of actors inside `scope` (failed logins by unknown names only
    for the whole country), newest first."""
    a = schema.audit_log
    columns = [a.c.waktu, a.c.pengguna, a.c.peristiwa, a.c.rincian, a.c.alamat]
    stmt = select(*columns).where(area_inside(scope, a.c.tingkat_wilayah, a.c.kode_wilayah))
    if peristiwa:
        stmt = stmt.where(a.c.peristiwa == peristiwa)
    rows = conn.execute(stmt.order_by(a.c.waktu.desc(), a.c.id.desc()).limit(limit)).all()
    return pd.DataFrame(rows, columns=[c.name for c in columns])


EVENTS = tuple(v for k, v in vars(Event).items() if k.isupper())


def failed_logins(conn: Connection, since: datetime, *, pengguna: str | None = None,
                  alamat: str | None = None) -> int:
    """Failed (and held) logins since `since`, for one name or one address."""
    a = schema.audit_log
    stmt = select(func.count()).select_from(a).where(
        a.c.peristiwa.in_([Event.LOGIN_GAGAL, Event.LOGIN_DITAHAN]), a.c.waktu >= since)
    if pengguna is not None:
        stmt = stmt.where(a.c.pengguna == pengguna[:64])
    if alamat is not None:
        stmt = stmt.where(a.c.alamat == alamat[:64])
    return conn.execute(stmt).scalar()


# --- changes by an admin (the pages and the command line) ----------------------------------------
# Each checks that the admin may make it, makes it and writes one audit row saying what changed
# (never the password). The command line acts as OPERATOR (the whole country).

def _may_change(conn: Connection, admin: Viewer, nama: object) -> User:
    if not admin.is_admin:
        raise AccessDenied("Hanya admin yang boleh mengelola pengguna.")
    user = _existing(conn, nama)
    if not may_manage(conn, admin, user.scope):
        # the same words as an unknown name: a refusal does not tell that the user exists
        raise UserError(f"Pengguna '{str(nama)[:64]}' tidak ada.")
    return user


def _given_scope(conn: Connection, admin: Viewer, scope: Scope) -> Scope:
    scope = check_scope(conn, scope.level, scope.kode)
    if not scope_inside(conn, admin.scope, scope):
        raise UserError(not_visible(scope.level, scope.kode))
    return scope


def _describe(conn: Connection, role: Role | None = None, scope: Scope | None = None,
              nama_lengkap: str | None = None, aktif: bool | None = None) -> str:
    parts = []
    if role is not None:
        parts.append(f"peran {role.label.lower()}")
    if scope is not None:
        where = "nasional" if scope.level == Level.NASIONAL else f"{scope.level.value} {scope.kode}"
        parts.append(f"wilayah {where} ({scope_label(conn, scope)})")
    if nama_lengkap is not None:
        parts.append(f"nama lengkap '{nama_lengkap[:120]}'")
    if aktif is not None:
        parts.append("aktif" if aktif else "nonaktif")
    return ", ".join(parts)


def admin_add_user(conn: Connection, admin: Viewer, nama: str, sandi: str, role: Role | str,
                   scope: Scope, nama_lengkap: str = "", *, alamat: str | None = None) -> User:
    if not admin.is_admin:
        raise AccessDenied("Hanya admin yang boleh mengelola pengguna.")
    scope = _given_scope(conn, admin, scope)
    user = add_user(conn, nama, sandi, role, scope, nama_lengkap)
    audit(conn, Event.PENGGUNA, viewer=admin, alamat=alamat, rincian=f"tambah pengguna {user.nama}: "
          + _describe(conn, user.role, user.scope, user.nama_lengkap or None))
    return user


def admin_update_user(conn: Connection, admin: Viewer, nama: str, *, role: Role | str | None = None,
                      scope: Scope | None = None, nama_lengkap: str | None = None,
                      aktif: bool | None = None, alamat: str | None = None) -> User:
    user = _may_change(conn, admin, nama)
    role = None if role is None else _role(role)
    scope = None if scope is None else _given_scope(conn, admin, scope)
    if user.nama == admin.username and (aktif is False or (role is not None and role != user.role)
                                        or (scope is not None and scope != user.scope)):
        raise UserError("Anda tidak dapat menonaktifkan akun Anda sendiri atau mengubah peran dan "
                        "wilayahnya; mintalah admin lain.")
    changed = {"role": role if role != user.role else None,
               "scope": scope if scope != user.scope else None,
               "nama_lengkap": nama_lengkap if nama_lengkap not in (None, user.nama_lengkap) else None,
               "aktif": aktif if aktif is not None and aktif != user.aktif else None}
    if all(v is None for v in changed.values()):
        if aktif is not None:
            raise UserError(f"Pengguna '{user.nama}' sudah {'aktif' if user.aktif else 'nonaktif'}.")
        raise UserError(f"Tidak ada yang berubah untuk pengguna '{user.nama}'.")
    updated = update_user(conn, user.nama, **changed)
    audit(conn, Event.PENGGUNA, viewer=admin, alamat=alamat,
          rincian=f"ubah pengguna {user.nama}: " + _describe(conn, **changed))
    return updated


def admin_set_password(conn: Connection, admin: Viewer, nama: str, sandi: str, *,
                       alamat: str | None = None) -> User:
    user = _may_change(conn, admin, nama)
    set_password(conn, user.nama, sandi)
    audit(conn, Event.PENGGUNA, viewer=admin, alamat=alamat,
          rincian=f"kata sandi baru untuk pengguna {user.nama}; sesinya diakhiri")
    return user
