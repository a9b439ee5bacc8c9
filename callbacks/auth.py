"""Login, logout and the gate in front of everything: Flask-Login with sessions kept in the
database (data_access/users.py), failed logins throttled per name and per address, and every
request without a signed-in user refused (401) or, for a page, sent to the login page."""
from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from flask import Flask, Response, g, redirect, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from werkzeug.middleware.proxy_fix import ProxyFix

from data_access.db import get_engine, get_info, small_write
from data_access.settings import Settings, secret_key
from data_access.users import (
    Event,
    User,
    audit,
    authenticate,
    end_session,
    failed_logins,
    find_user,
    new_session,
    scope_label,
    session_user,
)
from domain.access import DEMO_ACCOUNTS, DEMO_PASSWORD
from layouts.login import login_page

LOGIN_PATH = "/masuk"
LOGOUT_PATH = "/keluar"
COOKIE_NAME = "dasbor_sesi"
# Throttling: failed logins in the last THROTTLE_WINDOW, per name and per address. A held
# attempt counts as a failure, so an attacker who keeps trying stays held.
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILED_PER_NAME = 5
MAX_FAILED_PER_ADDRESS = 20
# reachable without a session: the login page and the stylesheets it uses
PUBLIC_PREFIXES = ("/assets/",)
PUBLIC_PATHS = {LOGIN_PATH, "/_favicon.ico"}

log = logging.getLogger(__name__)
login_manager = LoginManager()


class SessionUser(UserMixin):
    """Flask-Login's user: its id is the session's token, so a session ends by deleting it."""

    def __init__(self, token: str, user: User):
        self.token = token
        self.user = user

    def get_id(self) -> str:
        return self.token

    @property
    def viewer(self):
        return self.user.viewer


@login_manager.user_loader
def _load(token: str) -> SessionUser | None:
    with get_engine().connect() as conn:
        user = session_user(conn, token)
    return SessionUser(token, user) if user else None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def csrf_token() -> str:
    """The session's token for the login and logout forms (cross-site forms cannot read it)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def _csrf_ok(sent: object) -> bool:
    kept = session.get("csrf")
    return isinstance(sent, str) and isinstance(kept, str) and secrets.compare_digest(sent, kept)


def safe_next(target: object) -> str:
    """A path of this site to go to after login; anything else (another site, a scheme, a
    protocol-relative //host) goes to the start page."""
    if not isinstance(target, str) or len(target) > 1000:
        return "/"
    if not target.startswith("/") or target.startswith(("//", "/\\")) or any(c in target for c in "\r\n\\"):
        return "/"
    if target.startswith(LOGIN_PATH) or target.startswith(LOGOUT_PATH):
        return "/"
    return target


def _address() -> str:
    return (request.remote_addr or "")[:64]


def _is_page(path: str) -> bool:
    """A path the browser opens as a page (not a callback, a route or a bundle)."""
    return not path.startswith(("/_", "/peta/"))


def demo_accounts(conn) -> list[dict] | None:
    """The demo accounts to list on the login page, only while the demo data is loaded."""
    if get_info(conn, "data_demo") != "1":
        return None
    shown = []
    for nama in DEMO_ACCOUNTS:
        user = find_user(conn, nama)
        if user is None or not user.aktif:
            continue
        shown.append({"nama": user.nama, "sandi": DEMO_PASSWORD, "peran": user.role.label,
                      "wilayah": scope_label(conn, user.scope)})
    return shown


def _page(status: int = 200, **kwargs) -> Response:
    with get_engine().connect() as conn:
        accounts = demo_accounts(conn)
    html = login_page(csrf=csrf_token(), demo_accounts=accounts, **kwargs)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: Flask, settings: Settings) -> None:
    server.secret_key = secret_key(settings)
    server.config.update(
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_hours),
        # The session ends when its row says (kedaluwarsa, set at login), and the cookie set at
        # login expires with it: re-signing and resending the cookie on every response, Flask's
        # default, extends nothing and cost about 0,5 ms per callback.
        SESSION_REFRESH_EACH_REQUEST=False,
        REMEMBER_COOKIE_HTTPONLY=True,
    )
    if settings.trusted_proxies:
        n = settings.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n)
    login_manager.init_app(server)
    lifetime = timedelta(hours=settings.session_hours)

    @server.before_request
    def gate():
        # Flask-Login keeps the request's user in `g`, and a request reuses an application
        # context that is already open (Flask's RequestContext.push): never trust a user
        # left there by an earlier request, load it from this request's own cookie
        g.pop("_login_user", None)
        path = request.path
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            return None
        if current_user.is_authenticated:
            return None
        if request.method == "GET" and _is_page(path):
            target = request.full_path.rstrip("?")
            query = "" if target == "/" else "?" + urlencode({"next": target})
            return redirect(LOGIN_PATH + query)
        return Response("Silakan masuk lebih dulu.", status=401, mimetype="text/plain",
                        headers={"Cache-Control": "no-store"})

    @server.get(LOGIN_PATH)
    def login_form():
        if current_user.is_authenticated:
            return redirect(safe_next(request.args.get("next")))
        message = "Anda sudah keluar." if request.args.get("keluar") else None
        return _page(next_path=safe_next(request.args.get("next")), message=message, error=False)

    @server.post(LOGIN_PATH)
    def login_submit():
        form = request.form
        nama = str(form.get("nama") or "").strip().lower()[:64]
        next_path = safe_next(form.get("next"))
        if not _csrf_ok(form.get("csrf")):
            return _page(400, next_path=next_path, nama=nama,
                         message="Formulir masuk sudah kedaluwarsa; silakan coba lagi.")
        address = _address()
        since = _now() - THROTTLE_WINDOW
        with small_write(get_engine()) as conn:  # waits out an import holding SQLite's write lock
            held = (failed_logins(conn, since, pengguna=nama) >= MAX_FAILED_PER_NAME
                    or failed_logins(conn, since, alamat=address) >= MAX_FAILED_PER_ADDRESS)
            if held:
                audit(conn, Event.LOGIN_DITAHAN, pengguna=nama, alamat=address,
                      rincian="terlalu banyak percobaan gagal")
                user = None
            else:
                user = authenticate(conn, nama, form.get("sandi"))
                if user is None:
                    audit(conn, Event.LOGIN_GAGAL, pengguna=nama, alamat=address)
                else:
                    token = new_session(conn, user, lifetime, address)
                    audit(conn, Event.LOGIN, viewer=user.viewer, alamat=address)
        if held:
            log.warning("login ditahan: %r dari %s", nama, address)
            minutes = int(THROTTLE_WINDOW.total_seconds() // 60)
            return _page(429, next_path=next_path, nama=nama,
                         message=f"Terlalu banyak percobaan masuk yang gagal untuk akun ini atau dari "
                                 f"alamat ini. Tunggu {minutes} menit, lalu coba lagi.")
        if user is None:
            log.warning("login gagal: %r dari %s", nama, address)
            return _page(401, next_path=next_path, nama=nama, message="Nama pengguna atau kata sandi salah.")
        session.clear()  # a new session (and a new form token) on every login: no fixation
        session.permanent = True
        login_user(SessionUser(token, user))
        return redirect(next_path)

    @server.post(LOGOUT_PATH)
    def logout():
        if not _csrf_ok(request.form.get("csrf")):
            return Response("Formulir keluar tidak sah.", status=400, mimetype="text/plain")
        token = getattr(current_user, "token", None)
        with small_write(get_engine()) as conn:
            end_session(conn, token)
            audit(conn, Event.LOGOUT, viewer=current_user.viewer, alamat=_address())
        logout_user()
        session.clear()
        return redirect(LOGIN_PATH + "?keluar=1")
