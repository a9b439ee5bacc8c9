"""What every callback needs: a connection, the viewer and their scope, and the return value
of named outputs that change only some of them."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from dash import no_update
from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import Engine

from data_access import audit_queue
from data_access.cache import read_only
from data_access.db import get_engine
from data_access.users import audit_values
from domain.access import Viewer
from domain.wilayah import Scope

# Who code outside a web request acts for (a command, a test calling a callback directly).
# Inside a request, only the signed-in user counts: nothing set here can widen a request.
_acting: ContextVar[Viewer | None] = ContextVar("acting_viewer", default=None)


class NotSignedIn(PermissionError):
    """No viewer: the request passed the login gate without a user (a bug), or code outside
    a request did not say whom it acts for."""


def current_viewer() -> Viewer | None:
    if has_request_context():
        if current_user and current_user.is_authenticated:
            return current_user.viewer
        return None
    return _acting.get()


def viewer() -> Viewer:
    found = current_viewer()
    if found is None:
        raise NotSignedIn("Silakan masuk lebih dulu.")
    return found


def viewer_scope() -> Scope:
    """The wilayah the current viewer may see; every query takes it."""
    return viewer().scope


@contextmanager
def acting_as(who: Viewer):
    """Run code outside a request as `who` (commands, tests)."""
    token = _acting.set(who)
    try:
        yield who
    finally:
        _acting.reset(token)


def client_address() -> str | None:
    """The address of the request's client, for the audit log (None outside a request)."""
    return (request.remote_addr or "")[:64] or None if has_request_context() else None


def engine() -> Engine:
    """The engine for what a callback writes: imports and the audit log (tests point it at
    their database)."""
    return get_engine()


def record(peristiwa: str, rincian: str, *, segera: bool = False) -> None:
    """An audit row for what the current viewer just did, from the client's address. While an
    import holds SQLite's write lock it is written by a thread once the lock is free, so that
    the page does not wait (data_access.audit_queue); `segera` waits for it instead: for what
    must be in the log before the data leaves (a list of families)."""
    audit_queue.write(engine(), audit_values(peristiwa, viewer=viewer(), rincian=rincian,
                                             alamat=client_address()), segera=segera)


@contextmanager
def connect():
    """A connection for reading (pages never write through it)."""
    with get_engine().connect() as conn:
        read_only(conn)
        yield conn


def only(outputs: dict, **changed) -> dict:
    """The return value of a callback with named outputs that changes only `changed`; every
    other output keeps its value (a new output cannot shift the others, as in a tuple)."""
    unknown = set(changed) - set(outputs)
    if unknown:
        raise KeyError(f"no such outputs: {sorted(unknown)}")
    return {key: changed.get(key, no_update) for key in outputs}
