"""The result cache hands out read-only values: no caller can change what the next one gets."""
from __future__ import annotations

import dataclasses
import os

import numpy as np
import pandas as pd
import pytest

from data_access.cache import cached_by_version, freeze, wait_for_writes
from data_access.db import bump_version, get_engine
from indicators.columns import Columns


@pytest.fixture
def conn(tmp_path):
    engine = get_engine(f"sqlite:///{tmp_path / 'cache.sqlite'}")
    with engine.begin() as c:
        bump_version(c)  # the cache trusts only a database with a data version
    with engine.connect() as c:
        yield c


def _fresh():
    return {
        "rows": Columns(kode=np.array(["a", "b"], dtype=object), nilai=np.array([1.0, 2.0])),
        "total": {"nilai": 3.0, "per_status": {"baik": 1}},
        "list": [{"x": 1}],
        "frame": pd.DataFrame({"nilai": [1.0, 2.0]}),
    }


def test_cached_columns_refuse_changes_and_their_arrays_are_read_only(conn):
    calls = []

    @cached_by_version()
    def read(_conn):
        calls.append(1)
        return _fresh()

    first = read(conn)
    with pytest.raises(TypeError):
        first["rows"]["nilai"] = np.zeros(2)
    with pytest.raises(ValueError):
        first["rows"]["nilai"][0] = 99.0
    with pytest.raises(TypeError):
        first["total"]["nilai"] = 0
    with pytest.raises(TypeError):
        first["total"]["per_status"]["baik"] = 0
    with pytest.raises(TypeError):
        first["list"][0]["x"] = 2
    second = read(conn)
    assert len(calls) == 1
    assert second["rows"]["nilai"].tolist() == [1.0, 2.0]
    assert second["total"] == {"nilai": 3.0, "per_status": {"baik": 1}}


def test_a_cached_frame_changed_by_one_caller_is_unchanged_for_the_next(conn):
    @cached_by_version()
    def read(_conn):
        return pd.DataFrame({"nilai": [1.0, 2.0]}), {"n": 2}

    frame, _ = read(conn)
    frame["nilai"] = frame["nilai"] * 100
    frame.loc[0, "nilai"] = -1
    again, _ = read(conn)
    assert again["nilai"].tolist() == [1.0, 2.0]


def test_a_copy_of_frozen_columns_can_be_changed():
    rows = freeze(Columns(nilai=np.array([1.0, 2.0])))
    mine = rows.copy()
    mine["nilai"][0] = 5.0
    mine["baru"] = np.array([0, 0])
    assert rows["nilai"].tolist() == [1.0, 2.0] and "baru" not in rows


def test_frozen_dataclass_fields_are_frozen_too():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class View:
        rows: Columns
        total: dict

    view = freeze(View(Columns(n=np.array([1, 2])), {"n": 3}))
    with pytest.raises(ValueError):
        view.rows["n"][0] = 0
    with pytest.raises(TypeError):
        view.total["n"] = 0


# --- shared by the workers: Redis (REDIS_URL) ---------------------------------------------------

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url(monkeypatch):
    """REDIS_URL pointed at the test Redis (TEST_REDIS_URL, database 15 by default); the
    tests' keys name their own SQLite file, so no test sees another's results."""
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("REQUIRE_REDIS"):
            raise
        pytest.skip(f"Redis tidak tersedia di {TEST_REDIS_URL} (TEST_REDIS_URL; tests/run.sh memasang "
                    f"dan menjalankan redis-server): {exc.__class__.__name__}")
    monkeypatch.setenv("REDIS_URL", TEST_REDIS_URL)
    monkeypatch.setattr("data_access.cache.SHARED_MIN_MS", 0.0)  # the tests' functions are instant
    # a client of its own (a test before may have left Redis marked as down for 30 s)
    monkeypatch.setattr("data_access.cache._redis", {"client": None, "pid": None, "url": None, "down_until": 0.0})
    return TEST_REDIS_URL


@pytest.fixture(autouse=True)
def _no_redis_unless_asked(monkeypatch):
    """The per-process cache unless a test asks for Redis (REDIS_URL of the machine ignored)."""
    monkeypatch.delenv("REDIS_URL", raising=False)


def _two_workers(fn):
    """fn cached twice, as two worker processes have it: each its own per-process cache, the
    same keys in Redis."""
    return cached_by_version()(fn), cached_by_version()(fn)


def test_a_result_one_worker_computed_is_read_by_another_from_redis(redis_url, conn):
    calls = []

    def read(_conn, kode):
        calls.append(kode)
        return _fresh()

    first, second = _two_workers(read)
    computed = first(conn, "a")
    wait_for_writes()  # (written to Redis behind the request)
    shared = second(conn, "a")
    assert calls == ["a"]
    assert shared["rows"]["nilai"].tolist() == [1.0, 2.0] and shared["total"] == computed["total"]
    second(conn, "b")
    assert calls == ["a", "b"]  # other arguments: another key


@dataclasses.dataclass(frozen=True)
class View:  # (at module level: what goes to Redis is pickled)
    rows: Columns
    total: dict


def test_a_result_read_from_redis_is_read_only_as_a_computed_one(redis_url, conn):
    calls = []

    def read(_conn):
        calls.append(1)
        return {**_fresh(), "view": View(Columns(n=np.array([1, 2])), {"n": 3})}

    first, second = _two_workers(read)
    first(conn)
    wait_for_writes()
    from_redis = second(conn)
    assert len(calls) == 1  # not computed again: from Redis
    with pytest.raises(TypeError):
        from_redis["rows"]["nilai"] = np.zeros(2)
    with pytest.raises(ValueError):
        from_redis["rows"]["nilai"][0] = 99.0
    with pytest.raises(TypeError):
        from_redis["total"]["per_status"]["baik"] = 0
    with pytest.raises(TypeError):
        from_redis["list"][0]["x"] = 2
    with pytest.raises(ValueError):
        from_redis["view"].rows["n"][0] = 0
    with pytest.raises(TypeError):
        from_redis["view"].total["n"] = 0
    from_redis["frame"].loc[0, "nilai"] = -1  # a copy: the next caller's frame is unchanged
    assert second(conn)["frame"]["nilai"].tolist() == [1.0, 2.0]


def test_a_write_is_never_hidden_by_a_result_in_redis(redis_url, conn, tmp_path):
    from data_access.db import set_info

    engine = get_engine(f"sqlite:///{tmp_path / 'cache.sqlite'}")
    with engine.begin() as c:
        set_info(c, "uji", "sebelum")
        bump_version(c)

    def read(c):
        from data_access.db import get_info

        return get_info(c, "uji")

    first, second = _two_workers(read)
    with engine.connect() as c:
        assert first(c) == "sebelum"
    with engine.begin() as c:
        set_info(c, "uji", "sesudah")
        bump_version(c)
    with engine.connect() as c:
        assert second(c) == "sesudah" and first(c) == "sesudah"


def test_cache_clear_forgets_the_results_in_redis_too(redis_url, conn):
    calls = []

    def read(_conn):
        calls.append(1)
        return 7

    first, second = _two_workers(read)
    first(conn)
    first.cache_clear()
    assert second(conn) == 7 and len(calls) == 2


def test_redis_not_answering_leaves_the_per_process_cache_and_says_so(monkeypatch, conn, caplog):
    from data_access import cache

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens on port 1
    monkeypatch.setattr(cache, "_redis", {"client": None, "pid": None, "url": None, "down_until": 0.0})
    calls = []

    @cached_by_version()
    def read(_conn):
        calls.append(1)
        return {"n": 1}

    with caplog.at_level("WARNING", logger="data_access.cache"):
        assert read(conn) == {"n": 1} and read(conn) == {"n": 1}
    assert len(calls) == 1
    assert "Redis tidak menjawab" in caplog.text and "per proses" in caplog.text


def test_redis_failing_during_a_run_costs_only_the_cache(redis_url, conn, monkeypatch, caplog):
    import redis

    from data_access import cache

    calls = []

    def read(_conn, kode):
        calls.append(kode)
        return {"kode": kode}

    first, second = _two_workers(read)
    first(conn, "a")
    wait_for_writes()
    client = cache.shared_client()

    def down(*_args, **_kwargs):
        raise redis.ConnectionError("mati")

    monkeypatch.setattr(client, "get", down)
    monkeypatch.setattr(client, "set", down)
    with caplog.at_level("WARNING", logger="data_access.cache"):
        assert second(conn, "a") == {"kode": "a"}  # computed again, no error
        assert second(conn, "b") == {"kode": "b"}
    assert calls == ["a", "a", "b"]
    assert "Redis gagal" in caplog.text


@dataclasses.dataclass(frozen=True)
class Rekon:
    rows: pd.DataFrame
    n: int


def test_a_cached_frame_inside_a_dict_or_a_dataclass_changed_by_one_caller_is_unchanged_for_the_next(conn):
    @cached_by_version()
    def read(_conn, shape):
        if shape == "dict":
            return {"frame": pd.DataFrame({"nilai": [1.0, 2.0]})}
        return Rekon(pd.DataFrame({"nilai": [3.0]}), 1)  # (rekonsiliasi's view is one)

    inside, view = read(conn, "dict"), read(conn, "view")
    inside["frame"].loc[0, "nilai"] = -1
    view.rows.loc[0, "nilai"] = -1
    assert read(conn, "dict")["frame"]["nilai"].tolist() == [1.0, 2.0]
    view = read(conn, "view")
    assert view.rows["nilai"].tolist() == [3.0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.n = 2


def test_a_result_quicker_to_compute_than_to_fetch_stays_in_its_process(redis_url, conn, monkeypatch):
    import time

    monkeypatch.setattr("data_access.cache.SHARED_MIN_MS", 20.0)
    calls = []

    def quick(_conn, kode):
        calls.append(kode)
        return kode

    def slow(_conn, kode):
        calls.append(kode)
        time.sleep(0.03)
        return kode

    for fn in (quick, slow):
        first, second = _two_workers(fn)
        first(conn, "a")
        wait_for_writes()
        second(conn, "a")
    assert calls == ["a", "a", "a"]  # quick computed by both workers, slow once
