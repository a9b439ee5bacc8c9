"""The cache of query results, keyed by the data version, so that switching the indicator or
going back to an area does not query again, and no write is ever hidden: every write bumps the
version (data_access.db.bump_version) and old entries stop matching. Each process keeps the
results it used last; with REDIS_URL set, every result is also kept in Redis, where the other
workers (and servers) find it instead of computing it again."""
from __future__ import annotations

import copy
import dataclasses
import hashlib
import logging
import os
import pickle
import queue
import threading
import time
import weakref
from collections import OrderedDict
from functools import wraps

import numpy as np
import pandas as pd

from data_access.db import get_info
from data_access.settings import redis_url
from indicators.columns import ReadOnlyDict

log = logging.getLogger(__name__)

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
    """What a caller gets from the cache: the frozen value, with DataFrames as copies, also
    those one level inside a tuple, a dict or a dataclass (rekonsiliasi's view holds one)."""
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    if type(value) is tuple and any(isinstance(v, pd.DataFrame) for v in value):
        return tuple(_handed_out(v) for v in value)
    if type(value) is ReadOnlyDict and any(isinstance(v, pd.DataFrame) for v in value.values()):
        return ReadOnlyDict((k, _handed_out(v)) for k, v in value.items()).freeze()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        frames = [f.name for f in dataclasses.fields(value) if isinstance(getattr(value, f.name), pd.DataFrame)]
        if frames:
            value = copy.copy(value)  # (no __init__ runs: the same fields, frozen as they were)
            for name in frames:
                object.__setattr__(value, name, getattr(value, name).copy(deep=False))
    return value


# --- the shared store (Redis) ---------------------------------------------------------------

SHARED_SECONDS = 24 * 3600  # a result not asked for in a day leaves Redis (old versions do so too)
RETRY_SECONDS = 30  # after Redis failed, work without it this long before trying again
# A result that takes less than this to compute is kept in this process only: a round trip to
# Redis and unpickling cost about as much (the load test with 2 workers lost ~10 % of its
# throughput when area lookups of a millisecond went through Redis too)
SHARED_MIN_MS = 5.0
_redis_lock = threading.Lock()
_redis: dict = {"client": None, "pid": None, "url": None, "down_until": 0.0}


def shared_client():
    """The Redis client of REDIS_URL for this process, or None: REDIS_URL unset, or Redis did
    not answer (said in the log; tried again after RETRY_SECONDS, and said again if it still
    does not). Pages never wait long on a Redis that is down: each call has a 1 s limit, and a
    failure only costs the sharing."""
    url = redis_url()
    if url is None:
        return None
    with _redis_lock:
        state = _redis
        if state["url"] == url and state["pid"] == os.getpid() and state["client"] is not None:
            return state["client"]
        if time.monotonic() < state["down_until"] and state["url"] == url:
            return None
        import redis

        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        state.update(url=url, pid=os.getpid(), client=None)
        try:
            client.ping()
        except redis.RedisError as exc:
            state["down_until"] = time.monotonic() + RETRY_SECONDS
            log.warning("REDIS_URL diset tetapi Redis tidak menjawab (%s): tembolok hasil per proses saja",
                        exc.__class__.__name__)
            return None
        state["client"] = client
        log.info("tembolok hasil bersama: Redis")
        return client


def _shared_failed(exc: Exception) -> None:
    """Redis failed during a call: go on without it for RETRY_SECONDS (the result is computed)."""
    with _redis_lock:
        if _redis["client"] is not None:
            log.warning("Redis gagal (%s): tembolok hasil per proses saja selama %d detik",
                        exc.__class__.__name__, RETRY_SECONDS)
        _redis.update(client=None, down_until=time.monotonic() + RETRY_SECONDS)


def shared_key(fn, url: str, version: str, args: tuple) -> str:
    """The Redis key of fn(conn, *args) at `version` of the database at `url` (its password
    left out): the arguments pickled (equal pickles only from equal values, so two different
    requests never share a key) and hashed."""
    digest = hashlib.sha256(pickle.dumps((url, version, args), protocol=5)).hexdigest()
    return f"dasbor:hasil:{fn.__module__}.{fn.__qualname__}:{digest}"


def _shared_get(client, key: str):
    """(True, value) when Redis holds the result, else (False, None). A value from Redis is a
    new object, frozen here as a computed one is: read-only whichever way it came."""
    import redis

    try:
        data = client.get(key)
    except redis.RedisError as exc:
        _shared_failed(exc)
        return False, None
    if data is None:
        return False, None
    return True, freeze(pickle.loads(data))  # (Redis is the app's own: see the README)


_writer: dict = {"queue": None, "pid": None}


def _write_behind(client, key: str, value) -> None:
    """Hand a result to this process' writer thread, which pickles it and sends it to Redis:
    the request that computed it does not wait for that (measured: a cold page view writes ~30
    results, and on a busy machine each round trip to Redis took 1–50 ms). A full queue drops
    the write; it only costs another worker the computing."""
    with _redis_lock:
        if _writer["pid"] != os.getpid():  # (a forked child has no thread of its parent)
            _writer.update(queue=queue.Queue(maxsize=512), pid=os.getpid())
            threading.Thread(target=_write_loop, args=(_writer["queue"],), name="tembolok-redis",
                             daemon=True).start()
    try:
        _writer["queue"].put_nowait((client, key, value))
    except queue.Full:
        pass


def _write_loop(waiting: queue.Queue) -> None:
    while True:
        client, key, value = waiting.get()
        try:
            _shared_set(client, key, value)
        finally:
            waiting.task_done()


def wait_for_writes() -> None:
    """Return once every result handed to Redis so far is there (tests, benchmarks, clearing)."""
    if _writer["pid"] == os.getpid():
        _writer["queue"].join()


def _shared_set(client, key: str, value) -> None:
    import redis

    try:
        data = pickle.dumps(value, protocol=5)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:  # kept in this process only
        log.warning("hasil %s tidak bisa disimpan di Redis: %s", key.split(":")[2], exc.__class__.__name__)
        return
    try:
        client.set(key, data, ex=SHARED_SECONDS)
    except redis.RedisError as exc:
        _shared_failed(exc)


def _shared_clear(client, fn) -> None:
    import redis

    wait_for_writes()  # (else a result still on its way would land after the clear)
    try:
        keys = list(client.scan_iter(match=f"dasbor:hasil:{fn.__module__}.{fn.__qualname__}:*", count=1000))
        if keys:
            client.delete(*keys)
    except redis.RedisError as exc:
        _shared_failed(exc)


def cached_by_version(maxsize: int = 256):
    """Cache `fn(conn, *args)` on (database, data version, args): in this process (the
    `maxsize` results used last) and, with REDIS_URL set, in Redis for every worker (those
    that take SHARED_MIN_MS or more to compute). The
    results are shared by every caller, so they are frozen (see `freeze`): a caller that
    wants to change one takes a copy. `fn.cache_clear()` forgets fn's results (in Redis too
    unless shared=False: as a worker that has not computed them yet)."""
    def decorate(fn):
        entries: OrderedDict = OrderedDict()
        lock = threading.Lock()
        cost = {"ms": None}

        @wraps(fn)
        def wrapper(conn, *args):
            version = data_version(conn)
            if version is None:  # nothing written yet (or an unknown writer): do not trust a cache
                return _handed_out(freeze(fn(conn, *args)))
            url = str(conn.engine.url)  # (str() leaves a password out)
            key = (url, version, args)
            with lock:
                if key in entries:
                    entries.move_to_end(key)
                    return _handed_out(entries[key])
            # Redis only for what costs more to compute than to fetch (cost: this process'
            # running mean; unknown until computed once)
            client = shared_client() if cost["ms"] is None or cost["ms"] >= SHARED_MIN_MS else None
            found = False
            if client is not None:
                skey = shared_key(fn, url, version, args)
                found, value = _shared_get(client, skey)
            if not found:
                start = time.perf_counter()
                value = freeze(fn(conn, *args))
                spent = (time.perf_counter() - start) * 1000
                cost["ms"] = spent if cost["ms"] is None else 0.8 * cost["ms"] + 0.2 * spent
                if client is not None and spent >= SHARED_MIN_MS:
                    _write_behind(client, skey, value)
            with lock:
                entries[key] = value
                while len(entries) > maxsize:
                    entries.popitem(last=False)
            return _handed_out(value)

        def cache_clear(shared: bool = True) -> None:
            entries.clear()
            if shared and (client := shared_client()) is not None:
                _shared_clear(client, fn)

        wrapper.cache_clear = cache_clear
        wrapper.cache_len = lambda: len(entries)  # results held in this process (benchmarks)
        wrapper.cache_maxsize = maxsize
        return wrapper
    return decorate
