"""After an import, PostgreSQL's planner statistics are refreshed (ANALYZE: autovacuum waits
for 10 % of a table to change); SQLite gets no statistics (its queries were tuned without)."""
from __future__ import annotations

from sqlalchemy import text

from data_access.db import written_tables
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


def _last_analyze(conn, table: str):
    return conn.execute(text("SELECT last_analyze FROM pg_stat_user_tables WHERE schemaname = 'public'"
                             " AND relname = :t"), {"t": table}).scalar()


def test_an_import_analyses_only_the_tables_it_wrote(engine, tmp_path):
    """A whole-database ANALYZE samples every table (medicines, visits, completeness …) after
    an import that wrote the wilayah: on PostgreSQL only the tables the import's transaction
    wrote are analysed."""
    if engine.dialect.name != "postgresql":
        with engine.begin() as conn:
            assert written_tables(conn) is None
        return
    engine.dispose()  # the import on a new server process: none of the emptying of the tables
    # before this test still pending in its counts (written_tables would add those tables)
    with engine.connect() as conn:
        untouched = {t: _last_analyze(conn, t) for t in ("obat", "layanan", "kunjungan_keluarga")}
    assert import_file(engine, "wilayah", write_csv(tmp_path / "w.csv", WILAYAH_HEADER, WILAYAH_ROWS)).ok
    with engine.connect() as conn:
        assert {t: _last_analyze(conn, t) for t in untouched} == untouched
        assert _last_analyze(conn, "desa") is not None


def test_written_tables_are_what_the_connection_wrote(engine):
    """The tables this transaction wrote; PostgreSQL may add what the same connection wrote in
    the last second (its counts not yet in pg_stat_user_tables): never fewer, so the ANALYZE
    after an import covers at least what it wrote. A fresh connection has written nothing."""
    engine.dispose()  # a new server process: nothing of an earlier test's connection pending
    with engine.begin() as conn:
        if engine.dialect.name != "postgresql":
            assert written_tables(conn) is None
            return
        assert written_tables(conn) == ()
        conn.execute(text("CREATE TEMP TABLE sementara (x int)"))
        conn.execute(text("INSERT INTO sementara VALUES (1)"))  # a temporary table: not ours
        conn.execute(text("INSERT INTO provinsi (kode, nama) VALUES ('98', 'Provinsi Uji')"))
        conn.execute(text("SELECT count(*) FROM desa"))  # read, not written
        assert written_tables(conn) == ("provinsi",)
        conn.execute(text("UPDATE info SET nilai = nilai WHERE kunci = 'tidak-ada'"))  # no row: nothing written
        conn.execute(text("DELETE FROM kabupaten WHERE kode = 'tidak-ada'"))
        conn.execute(text("DELETE FROM provinsi WHERE kode = '98'"))
        assert written_tables(conn) == ("provinsi",)
