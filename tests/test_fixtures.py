"""The shared fixtures' shortcuts give what they stand for: a database restored from the
session's snapshot of the sample holds exactly what loading the sample writes, and an emptied
PostgreSQL database is as empty as a rebuilt one (tests/conftest.py)."""
from __future__ import annotations

from sqlalchemy import select, text

from data_access import schema
from tests import sample
from tests.conftest import loaded_with, reset_postgres


def contents(eng) -> dict[str, list[tuple]]:
    """Every row of every table (the data version aside: each load draws its own)."""
    out = {}
    with eng.connect() as conn:
        for table in schema.metadata.sorted_tables:
            rows = conn.execute(select(table)).all()
            if table is schema.info:
                rows = [r for r in rows if r.kunci != "versi_data"]
                rows = [(r.kunci, r.nilai) for r in rows]
            out[table.name] = sorted(map(tuple, rows), key=repr)
    return out


def sequences(eng) -> list[tuple]:
    if eng.dialect.name != "postgresql":
        return []
    with eng.connect() as conn:
        return conn.execute(text("SELECT sequencename, last_value FROM pg_sequences"
                                 " WHERE schemaname = 'public' ORDER BY 1")).all()


def empty(eng) -> None:
    if eng.dialect.name == "postgresql":
        reset_postgres(eng)
        return
    with eng.begin() as conn:
        for table in reversed(schema.metadata.sorted_tables):
            conn.execute(table.delete())


def test_the_sample_restored_from_the_snapshot_is_the_sample_loaded(loaded, request):
    loaded_with(request, loaded, "sample", sample.load)  # the snapshot exists now: restored
    restored, restored_sequences = contents(loaded), sequences(loaded)
    assert restored["desa"] and restored["kunjungan_keluarga"] and restored["iks_ringkasan"]
    empty(loaded)
    assert not any(contents(loaded).values())
    sample.load(loaded)
    assert contents(loaded) == restored
    assert sequences(loaded) == restored_sequences


def test_an_emptied_postgresql_database_is_rebuilt_when_a_test_changed_its_schema(pg_url):
    from sqlalchemy import inspect

    from data_access.db import get_engine

    eng = get_engine(pg_url)
    reset_postgres(eng)
    sample.load(eng)
    reset_postgres(eng)  # the quick way: rows deleted
    assert not any(contents(eng).values())
    with eng.begin() as conn:
        conn.execute(text("ALTER TABLE info ADD COLUMN sisa integer"))
        conn.execute(text("INSERT INTO info (kunci, nilai) VALUES ('x', 'y')"))
    reset_postgres(eng)  # a changed schema: rebuilt as before
    assert "sisa" not in {c["name"] for c in inspect(eng).get_columns("info")}
    assert not any(contents(eng).values())
