"""After an import, PostgreSQL's planner statistics are refreshed (ANALYZE: autovacuum waits
for 10 % of a table to change); SQLite gets no statistics (its queries were tuned without)."""
from __future__ import annotations

from sqlalchemy import text

from ingest import import_file
from tests.test_import_accept import WILAYAH_HEADER, WILAYAH_ROWS, write_csv


def test_an_import_leaves_postgresql_with_fresh_statistics_and_sqlite_without(engine, tmp_path):
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            before = conn.execute(text("SELECT max(last_analyze) FROM pg_stat_user_tables")).scalar()
            start = conn.execute(text("SELECT now()")).scalar()
    assert import_file(engine, "wilayah", write_csv(tmp_path / "w.csv", WILAYAH_HEADER, WILAYAH_ROWS)).ok
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            analysed = conn.execute(text(
                "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'desa'")).scalar()
            assert analysed is not None and analysed >= start and (before is None or analysed > before)
        else:
            assert conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")).scalar() == 0
