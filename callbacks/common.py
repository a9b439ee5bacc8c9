"""What every callback needs: a connection and the viewer's scope (the one place auth plugs in)."""
from __future__ import annotations

from contextlib import contextmanager

from data_access.cache import read_only
from data_access.db import get_engine
from domain.wilayah import Scope


def viewer_scope() -> Scope:
    """The wilayah the current viewer may see. There is no login yet: everything.
    Every query takes this scope, so tiered access only has to change this function."""
    return Scope.everything()


@contextmanager
def connect():
    """A connection for reading (pages never write through it)."""
    with get_engine().connect() as conn:
        read_only(conn)
        yield conn
