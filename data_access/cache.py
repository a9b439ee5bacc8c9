"""A small per-process cache of query results, keyed by the data version, so that switching
the indicator or going back to an area does not query again, and no write is ever hidden:
every write bumps the version (data_access.db.bump_version) and old entries stop matching."""
from __future__ import annotations

import threading
from collections import OrderedDict
from functools import wraps

from data_access.db import get_info

VERSION_KEY = "versi_data"


def cached_by_version(maxsize: int = 256):
    """Cache `fn(conn, *args)` on (database, data version, args). The results are shared:
    callers must treat them as read-only (the figure builders copy what they change)."""
    def decorate(fn):
        entries: OrderedDict = OrderedDict()
        lock = threading.Lock()

        @wraps(fn)
        def wrapper(conn, *args):
            version = get_info(conn, VERSION_KEY)
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
