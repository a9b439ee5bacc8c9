"""The result cache hands out read-only values: no caller can change what the next one gets."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data_access.cache import cached_by_version, freeze
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
