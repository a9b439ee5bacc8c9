"""A small per-process cache of query results, keyed by the data version, so that switching
the indicator or going back to an area does not query again, and no write is ever hidden:
every write bumps the version (data_access.db.bump_version) and old entries stop matching."""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from functools import wraps

from data_access.db import get_info

VERSION_KEY = "versi_data"

# The version a read-only connection has read: one query per callback, not one per cached
# call (a PWS callback nests five). Only connections declared read-only (the pages'
# callbacks.common.connect) keep it; a writer bumps the version and must see it change.
_read: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def read_only(conn) -> None:
    """Declare that nothing is written through `conn` (so its data version may be kept)."""
    _read[conn] = None


def data_version(conn) -> str | None:
    kept = _read.get(conn, False)
    if kept:
        return kept
    version = get_info(conn, VERSION_KEY)
    if kept is None and version is not None:
        _read[conn] = version
    return version


def cached_by_version(maxsize: int = 256):
    """Cache `fn(conn, *args)` on (database, data version, args). The results are shared:
    callers must treat them as read-only (the figure builders copy what they change)."""
    def decorate(fn):
        entries: OrderedDict = OrderedDict()
        lock = threading.Lock()

        @wraps(fn)
        def wrapper(conn, *args):
            version = data_version(conn)
            if version is None:  # nothing written yet (or an unknown writer): do not trust a cache
                return fn(conn, *args)
            key = (str(conn.engine.url), version, args)
            with lock:
                if key in entries:
                    entries.move_to_end(key)
                    return entries[key]
            value = fn(conn, *args)
            with lock:
                entries[key] = value
                while len(entries) > maxsize:
                    entries.popitem(last=False)
            return value

        wrapper.cache_clear = entries.clear
        return wrapper
    return decorate
