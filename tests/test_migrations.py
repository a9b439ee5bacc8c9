"""Schema migrations: every database, empty or of an earlier version, reaches the current
schema with its rows, on SQLite and PostgreSQL; `cli.py db` shows, upgrades and downgrades."""
from __future__ import annotations

import threading
import uuid
from datetime import datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text

from cli import main
from data_access import migrations, schema
from data_access.db import dispose_engines, get_engine, make_engine
from tests.conftest import PG_ADMIN_URL
from tests.fixtures import schema_before_alembic as before

A1, A2, B1 = "99.01.01.2001", "99.01.01.2002", "99.01.02.2001"


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_url(request, tmp_path):
    """The URL of a database with nothing in it yet, on each dialect."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.sqlite'}"
        dispose_engines()
        return
    request.getfixturevalue("pg_url")  # skips the test when there is no server
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"iks_migrasi_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))  # identifier made here, not user input
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    dispose_engines()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def old_database(url: str, *, leave_out: tuple[str, ...] = ()):
    """A database as the code before Alembic made it (its schema.py, frozen in tests/fixtures),
    without the tables in leave_out, holding two Puskesmas, three desa and their registers."""
    engine = make_engine(url)
    before.metadata.create_all(engine, tables=[
        t for t in before.metadata.sorted_tables if t.name not in leave_out])
    with engine.begin() as conn:
        conn.execute(before.provinsi.insert(), [{"kode": "99", "nama": "Provinsi Uji"}])
        conn.execute(before.kabupaten.insert(),
                     [{"kode": "99.01", "nama": "Kab Uji", "kode_provinsi": "99"}])
        conn.execute(before.kecamatan.insert(), [
            {"kode": "99.01.01", "nama": "Kec A", "kode_kabupaten": "99.01"},
            {"kode": "99.01.02", "nama": "Kec B", "kode_kabupaten": "99.01"}])
        conn.execute(before.puskesmas.insert(), [
            {"kode": "P01", "nama": "Pkm A", "kode_kabupaten": "99.01"},
            {"kode": "P02", "nama": "Pkm B", "kode_kabupaten": "99.01"}])
        conn.execute(before.desa.insert(), [
            {"kode": kode, "nama": f"Desa {kode[-4:]}", "kode_kecamatan": kode[:8],
             "kode_puskesmas": pkm, "kode_kabupaten": "99.01", "kode_provinsi": "99",
             "jumlah_penduduk": 1000, "jumlah_keluarga": 250}
            for kode, pkm in ((A1, "P01"), (A2, "P01"), (B1, "P02"))])
        conn.execute(before.layanan.insert(), [
            {"kode_desa": A1, "tahun": 2025, "bulan": 1, "indikator": "k1", "nilai": 10},
            {"kode_desa": A2, "tahun": 2025, "bulan": 1, "indikator": "k1", "nilai": 30},
            {"kode_desa": A1, "tahun": 2025, "bulan": 2, "indikator": "k1", "nilai": 7},
            {"kode_desa": B1, "tahun": 2025, "bulan": 1, "indikator": "k1", "nilai": 5}])
    return engine


def schema_differences(engine) -> list:
    """What Alembic's autogenerate would change to make the database match schema.py."""
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), schema.metadata)


def revision_of(engine) -> str | None:
    with engine.connect() as conn:
        return migrations.current(conn)


def registers(engine) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(select(schema.layanan).order_by(*schema.layanan.primary_key)).all()


def test_head_is_the_newest_revision_script():
    assert migrations.HEAD == migrations.scripts().get_current_head()


def test_an_empty_database_is_created_at_head(blank_url):
    engine = get_engine(blank_url)
    assert revision_of(engine) == migrations.HEAD
    assert schema_differences(engine) == []


def test_the_revisions_from_nothing_build_the_schema_of_schema_py(blank_url):
    """An empty database takes a shortcut (create_all, stamp): running every revision must
    end in the same schema, or a database upgraded over the years differs from a new one."""
    engine = make_engine(blank_url)
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "head")
    assert revision_of(engine) == migrations.HEAD
    assert schema_differences(engine) == []
    engine.dispose()


def test_a_database_made_before_alembic_reaches_head_with_its_rows(blank_url):
    old = old_database(blank_url)
    with old.begin() as conn:
        conn.execute(before.layanan_bulanan.insert(), [{
            "tingkat": "puskesmas", "kode": "P01", "tahun": 2025, "indikator": "k1",
            **{f"n{m:02d}": None for m in range(1, 13)}, **{f"l{m:02d}": 0 for m in range(1, 13)},
            "n01": 40, "l01": 2}])
    rows = registers(old)
    old.dispose()

    engine = get_engine(blank_url)
    assert revision_of(engine) == migrations.HEAD
    assert registers(engine) == rows and len(rows) == 4
    with engine.connect() as conn:
        summary = conn.execute(select(schema.layanan_bulanan.c.kode, schema.layanan_bulanan.c.n01)).all()
    assert summary == [("P01", 40)]  # kept as it was: not summed again
    assert schema_differences(engine) == []


def test_a_database_of_an_earlier_version_reaches_head(blank_url):
    """A version from before the baseline: no layanan_bulanan, pekerjaan_impor or covering
    desa indexes yet; the long summary layanan_wilayah and the narrow indexes instead."""
    old = old_database(blank_url, leave_out=("layanan_bulanan", "pekerjaan_impor"))
    with old.begin() as conn:
        for index in before.desa.indexes:
            conn.exec_driver_sql(f"DROP INDEX {index.name}")  # names from the frozen schema
        conn.exec_driver_sql("CREATE TABLE layanan_wilayah (tingkat VARCHAR(12), kode VARCHAR(20), "
                             "tahun INTEGER, indikator VARCHAR(30), bulan INTEGER, "
                             "nilai BIGINT, desa_lapor INTEGER)")
        conn.exec_driver_sql("INSERT INTO layanan_wilayah VALUES ('puskesmas', 'P01', 2025, "
                             "'k1', 1, 40, 2)")
        conn.exec_driver_sql("CREATE INDEX ix_layanan_wilayah_kode ON layanan_wilayah "
                             "(tingkat, kode, tahun)")
        conn.exec_driver_sql("CREATE INDEX ix_desa_puskesmas ON desa (kode_puskesmas)")
        conn.exec_driver_sql("CREATE INDEX ix_layanan_tahun ON layanan (tahun, indikator)")
    old.dispose()

    engine = get_engine(blank_url)
    assert revision_of(engine) == migrations.HEAD
    assert not inspect(engine).has_table("layanan_wilayah")
    assert inspect(engine).has_table("pekerjaan_impor")
    indexes = {i["name"] for i in inspect(engine).get_indexes("desa")}
    assert indexes == {"ix_desa_puskesmas_ringkas", "ix_desa_kabupaten_ringkas",
                       "ix_desa_provinsi_ringkas", "ix_desa_kabupaten_penduduk", "ix_desa_provinsi_penduduk"}
    lb = schema.layanan_bulanan
    with engine.connect() as conn:
        summed = {(r.tingkat, r.kode): (r.n01, r.l01, r.n02, r.l02, r.n03, r.l03)
                  for r in conn.execute(select(lb).where(lb.c.tahun == 2025))}
    assert summed == {("puskesmas", "P01"): (40, 2, 7, 1, None, 0),
                      ("puskesmas", "P02"): (5, 1, None, 0, None, 0),
                      ("kabupaten", "99.01"): (45, 3, 7, 1, None, 0),
                      ("provinsi", "99"): (45, 3, 7, 1, None, 0)}
    assert schema_differences(engine) == []


def undo_users_revision(engine) -> None:
    """Down to 0002 by Alembic itself: `downgrade_one` refuses 0003, which drops the users."""
    with engine.begin() as conn:
        command.downgrade(migrations.config(conn), "0002")


def test_downgrade_of_the_users_revision_is_refused_and_keeps_the_users(blank_url):
    engine = get_engine(blank_url)
    with engine.begin() as conn:
        conn.execute(schema.pengguna.insert().values(
            nama="ani", sandi_hash="x", peran="admin", tingkat_wilayah="nasional", aktif=True,
            dibuat=datetime(2026, 1, 1), diubah=datetime(2026, 1, 1)))
    with pytest.raises(migrations.DowngradeRefused):
        migrations.downgrade_one(engine)
    assert revision_of(engine) == migrations.HEAD
    with engine.connect() as conn:
        assert conn.execute(select(schema.pengguna.c.nama)).scalars().all() == ["ani"]


def test_users_revision_upgrades_an_old_import_log_and_keeps_its_rows(blank_url):
    old_database(blank_url).dispose()
    engine = get_engine(blank_url)
    log = schema.impor_log
    with engine.begin() as conn:
        conn.execute(log.insert().values(waktu=datetime(2026, 1, 1), dataset="layanan",
                                         nama_berkas="a.csv", baris=1, ditambah=1, diubah=0,
                                         tetap=0, hasil="berhasil", pesan="ok"))
    undo_users_revision(engine)
    assert revision_of(engine) == "0002"
    migrations.upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(log.c.nama_berkas, log.c.pengguna)).all()
    assert [tuple(r) for r in rows] == [("a.csv", None)]
    assert schema_differences(engine) == []


def test_downgrade_of_0002_keeps_the_rows_and_upgrades_again(blank_url):
    old_database(blank_url).dispose()
    engine = get_engine(blank_url)
    rows = registers(engine)
    undo_users_revision(engine)
    undone = migrations.downgrade_one(engine)
    assert (undone.revision, undone.down_revision) == ("0002", "0001")
    assert revision_of(engine) == "0001"
    assert registers(engine) == rows
    migrations.upgrade(engine)
    assert revision_of(engine) == migrations.HEAD
    assert registers(engine) == rows


def test_downgrade_of_the_baseline_is_refused_and_changes_nothing(blank_url):
    old_database(blank_url).dispose()
    engine = get_engine(blank_url)
    undo_users_revision(engine)
    migrations.downgrade_one(engine)
    with pytest.raises(migrations.DowngradeRefused):
        migrations.downgrade_one(engine)
    assert revision_of(engine) == "0001"
    assert len(registers(engine)) == 4


def test_a_database_of_a_newer_version_is_refused_with_a_clear_message(blank_url):
    with get_engine(blank_url).begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    dispose_engines()
    with pytest.raises(migrations.UnknownRevision, match="revisi skema '9999', yang tidak dikenal"):
        get_engine(blank_url)
    with pytest.raises(migrations.UnknownRevision):
        migrations.downgrade_one(make_engine(blank_url))


@pytest.mark.parametrize("blank_url", ["postgresql"], indirect=True)  # SQLite: one writer
def test_workers_starting_together_on_postgresql_migrate_in_turn(blank_url):
    """Four workers opening one empty database at once: without the lock three of them failed
    on the version row the first had written."""
    errors = []

    def start():
        engine = make_engine(blank_url)
        try:
            migrations.upgrade(engine)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            engine.dispose()

    workers = [threading.Thread(target=start) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert revision_of(get_engine(blank_url)) == migrations.HEAD


def run_cli(monkeypatch, capsys, url: str, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    code = main(["db", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_db_current_shows_the_revision_and_changes_nothing(blank_url, monkeypatch, capsys):
    old_database(blank_url).dispose()
    code, out, _ = run_cli(monkeypatch, capsys, blank_url, "current")
    assert code == 0
    assert "Revisi skema: belum ada (dibuat oleh versi sebelum revisi skema" in out
    code, out, _ = run_cli(monkeypatch, capsys, blank_url, "upgrade")
    assert (code, out) == (0, f"Skema diperbarui dari revisi awal (belum ada revisi) ke {migrations.HEAD} "
                              "(terbaru).\n")
    code, out, _ = run_cli(monkeypatch, capsys, blank_url, "current")
    assert f"Revisi skema: {migrations.HEAD} (terbaru)\n" in out


def test_cli_db_downgrade_refuses_the_users_revision_in_indonesian(blank_url, monkeypatch, capsys):
    get_engine(blank_url)
    code, out, err = run_cli(monkeypatch, capsys, blank_url, "downgrade")
    assert code == 2 and out == ""
    assert err.startswith(f"Revisi {migrations.HEAD} tidak dibatalkan: pembatalannya akan menghapus data.")
    undo_users_revision(get_engine(blank_url))
    code, out, _ = run_cli(monkeypatch, capsys, blank_url, "downgrade")
    assert (code, out) == (0, "Revisi 0002 dibatalkan; skema sekarang pada revisi 0001.\n")
    code, out, err = run_cli(monkeypatch, capsys, blank_url, "downgrade")
    assert code == 2 and out == ""
    assert err.startswith("Revisi 0001 tidak dibatalkan: pembatalannya akan menghapus data.")
