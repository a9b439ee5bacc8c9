"""A small per-process cache of query results, keyed by the data version, so that switching
the indicator or going back to an area does not query again, and no write is ever hidden:
every write bumps the version (data_access.db.bump_version) and old entries stop matching."""
from __future__ import annotations

import dataclasses
import threading
import weakref
from collections import OrderedDict
from functools import wraps

import numpy as np
import pandas as pd

from data_access.db import get_info
from indicators.columns import ReadOnlyDict

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


def freeze(value):
    """`value` made read-only, in place where it can be: numpy arrays lose their write flag,
    dicts and Columns refuse changes, lists become tuples, dataclasses are frozen field by
    field. A cached result is shared by every caller (and every thread), so none of them
    can change what the next one gets. DataFrames are handed out as copies instead
    (cached_by_version), which pandas' copy-on-write makes free until someone writes."""
    if isinstance(value, np.ndarray):
        value.setflags(write=False)
        return value
    if isinstance(value, ReadOnlyDict):
        for key in value:
            dict.__setitem__(value, key, freeze(value[key]))
        return value.freeze()
    if isinstance(value, dict):
        return ReadOnlyDict((k, freeze(v)) for k, v in value.items()).freeze()
    if isinstance(value, list) or type(value) is tuple:
        return tuple(freeze(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            object.__setattr__(value, f.name, freeze(getattr(value, f.name)))
        return value
    return value  # str, numbers, dates, enums, DataFrames (copied on the way out)


def _handed_out(value):
    """What a caller gets from the cache: the frozen value, with DataFrames as copies."""
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    if type(value) is tuple and any(isinstance(v, pd.DataFrame) for v in value):
        return tuple(_handed_out(v) for v in value)
    return value


def cached_by_version(maxsize: int = 256):
    """Cache `fn(conn, *args)` on (database, data version, args). The results are shared by
    every caller, so they are frozen (see `freeze`): a caller that wants to change one
    takes a copy."""
    def decorate(fn):
        entries: OrderedDict = OrderedDict()
        lock = threading.Lock()

        @wraps(fn)
        def wrapper(conn, *args):
            version = data_version(conn)
            if version is None:  # nothing written yet (or an unknown writer): do not trust a cache
                return _handed_out(freeze(fn(conn, *args)))
            key = (str(conn.engine.url), version, args)
            with lock:
                if key in entries:
                    entries.move_to_end(key)
                    return _handed_out(entries[key])
            value = freeze(fn(conn, *args))
            with lock:
                entries[key] = value
                while len(entries) > maxsize:
                    entries.popitem(last=False)
            return _handed_out(value)

        wrapper.cache_clear = entries.clear
        return wrapper
    return decorate
