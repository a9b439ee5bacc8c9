"""What every callback needs: a connection, the viewer's scope (the one place auth plugs in), and
the return value of named outputs that change only some of them."""
from __future__ import annotations

from contextlib import contextmanager

from dash import no_update

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


def only(outputs: dict, **changed) -> dict:
    """The return value of a callback with named outputs that changes only `changed`; every
    other output keeps its value (a new output cannot shift the others, as in a tuple)."""
    unknown = set(changed) - set(outputs)
    if unknown:
        raise KeyError(f"no such outputs: {sorted(unknown)}")
    return {key: changed.get(key, no_update) for key in outputs}
