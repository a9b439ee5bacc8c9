"""Imports started from the upload page: run in a process of their own, their state and progress
in the database (on SQLite: progress in the data folder) for any web worker to read; a killed
import changes nothing and its job ends gagal with the reason; one import per dataset and wilayah."""
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from data_access import schema
from data_access.settings import PROJECT_ROOT
from domain.access import OPERATOR, Role, Viewer
from domain.codes import Level
from domain.wilayah import Scope
from indicators.registry import IKS_CODES
from ingest import jobs
from ingest.jobs import ImportBusy, job_status, queue_import, run_job, start_import

HEADER = "kode_desa,id_keluarga,tanggal_kunjungan," + ",".join(IKS_CODES) + "\n"
BOUND = 120  # seconds: a generous bound on polling, never a timing assertion


@pytest.fixture(autouse=True)
def data_dir(monkeypatch, tmp_path):
    """The data folder (SQLite's progress files) of this test, for this process and the
    processes it starts."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("REDIS_URL", raising=False)


def until(engine, job, done, what="the job"):
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        status = job_status(engine, job)
        if done(status):
            return status
        time.sleep(0.1)
    raise TimeoutError(f"{what}: {status}")


def wait(engine, job):
    return until(engine, job, lambda s: s["status"] != "berjalan")


def visits_file(path, rows):
    path.write_text(HEADER + "".join(f"99.01.01.2001,z{i},2025-07-01," + ",".join(["Y"] * 12) + "\n"
                                     for i in range(rows)), encoding="utf-8")
    return path


def counts(engine) -> dict[str, int]:
    """Rows of every table but the jobs' own."""
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                for t in schema.metadata.sorted_tables if t is not schema.pekerjaan_impor}


def test_background_import_runs_in_another_process_succeeds_and_removes_its_upload(loaded, tmp_path):
    path = visits_file(tmp_path / "upload.csv", 1)
    job = start_import(loaded, "keluarga", path, "kunjungan.csv", viewer=OPERATOR, alamat="10.0.0.9")
    status = wait(loaded, job)
    assert status["status"] == "berhasil", status["pesan"]
    assert status["nama_berkas"] == "kunjungan.csv"
    assert status["pid"] != os.getpid()  # a process of its own ran it
    assert status["kunci"] is None  # the key is free again
    assert (status["selesai"], status["total"]) == (2, 2)  # two passes over one row
    assert not path.exists()
    with loaded.connect() as conn:
        who = conn.execute(select(schema.impor_log.c.pengguna).order_by(schema.impor_log.c.id.desc())).first()
    assert who.pengguna == "operator"


def test_background_import_of_a_bad_file_is_rejected_with_its_message(loaded, tmp_path):
    path = tmp_path / "upload.csv"
    path.write_text(HEADER + "99.01.01.2001,z1,2025-07-01,X" + ",Y" * 11 + "\n", encoding="utf-8")
    status = wait(loaded, start_import(loaded, "keluarga", path, "salah.csv", viewer=OPERATOR))
    assert status["status"] == "ditolak"
    assert "baris 2, kolom kb" in status["pesan"]


def test_unknown_job_has_no_status(loaded):
    assert job_status(loaded, "0" * 32) is None


CHILD = """
import os, sys, time
import ingest
from data_access.db import make_engine
from ingest import jobs

ingest.CHUNK_ROWS = 5
shown = jobs._Heartbeat.progress

def progress(self, done, total):
    shown(self, done, total)
    if total and done > total // 2:  # pass 2 has written a chunk in its open transaction
        time.sleep(3600)

jobs._Heartbeat.progress = progress
jobs.run_job(make_engine(os.environ["DATABASE_URL"]), sys.argv[1])
"""


def test_a_worker_killed_mid_import_changes_nothing_and_its_job_ends_gagal(loaded, tmp_path):
    """The import process is stopped (SIGKILL) while its transaction has written a chunk. The
    progress it reported is seen from this process while it runs; afterwards every table
    has its rows of before, the job is gagal with the reason, and the wilayah may import again."""
    before = counts(loaded)
    path = visits_file(tmp_path / "besar.csv", 20)
    job = queue_import(loaded, "keluarga", path, "besar.csv", viewer=OPERATOR)
    env = dict(os.environ, DATABASE_URL=loaded.url.render_as_string(hide_password=False))
    child = subprocess.Popen([sys.executable, "-c", CHILD, job], cwd=PROJECT_ROOT, env=env)
    try:
        running = until(loaded, job, lambda s: s["status"] != "berjalan" or (s["selesai"] or 0) > 20,
                        "pass 2 under way")
        assert running["status"] == "berjalan" and running["pid"] == child.pid
        # every row counts twice (read, then written): 20 read and at least one chunk written
        assert running["total"] == 40 and 20 < running["selesai"] < 40
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    status = job_status(loaded, job)
    assert status["status"] == "gagal"
    assert status["pesan"] == ("Impor gagal: proses impor berhenti sebelum selesai; tidak ada data yang "
                               "diubah. Impor ulang berkasnya.")
    assert counts(loaded) == before
    again = visits_file(tmp_path / "lagi.csv", 1)
    assert wait(loaded, start_import(loaded, "keluarga", again, "lagi.csv", viewer=OPERATOR))["status"] == "berhasil"


def test_a_second_import_of_the_same_dataset_and_wilayah_is_refused_while_one_runs(loaded, tmp_path):
    kabupaten = Viewer("pengelola.kab", Role.PENGELOLA, Scope(Level.KABUPATEN, "99.01"))
    other_kabupaten = Viewer("pengelola.lain", Role.PENGELOLA, Scope(Level.KABUPATEN, "99.02"))
    first = queue_import(loaded, "keluarga", tmp_path / "a.csv", "a.csv", viewer=kabupaten)
    with pytest.raises(ImportBusy) as refused:
        queue_import(loaded, "keluarga", tmp_path / "b.csv", "b.csv", viewer=kabupaten)
    assert str(refused.value).startswith("Impor Kunjungan keluarga PIS-PK untuk wilayah ini sedang "
                                         "berjalan (berkas a.csv, mulai ")
    assert "tunggu sampai selesai, lalu impor berkas ini lagi." in str(refused.value)
    # another dataset, or another wilayah, may import meanwhile
    queue_import(loaded, "layanan", tmp_path / "c.csv", "c.csv", viewer=kabupaten)
    queue_import(loaded, "keluarga", tmp_path / "d.csv", "d.csv", viewer=other_kabupaten)
    # once the first has ended (here: gagal, its user is no account of this database), the
    # wilayah may import again
    assert run_job(loaded, first) == "gagal"
    assert "akun pengunggah tidak ada lagi atau tidak aktif" in job_status(loaded, first)["pesan"]
    queue_import(loaded, "keluarga", tmp_path / "e.csv", "e.csv", viewer=kabupaten)


def test_of_two_imports_asked_at_the_same_instant_one_is_refused(loaded, tmp_path):
    start = threading.Barrier(2)
    outcomes = []

    def ask(name):
        start.wait()
        try:
            outcomes.append(queue_import(loaded, "sasaran", tmp_path / name, name, viewer=OPERATOR))
        except ImportBusy as busy:
            outcomes.append(busy)

    threads = [threading.Thread(target=ask, args=(n,)) for n in ("a.csv", "b.csv")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(o).__name__ for o in outcomes) == ["ImportBusy", "str"]


def test_a_job_no_worker_took_within_the_lease_ends_gagal_and_frees_its_wilayah(loaded, tmp_path):
    job = queue_import(loaded, "keluarga", tmp_path / "a.csv", "a.csv", viewer=OPERATOR)
    with loaded.begin() as conn:
        conn.execute(update(schema.pekerjaan_impor).where(schema.pekerjaan_impor.c.id == job).values(
            dibuat=jobs._now() - jobs.LEASE - timedelta(seconds=1), detak=None))
    status = job_status(loaded, job)
    assert status["status"] == "gagal"
    assert "tidak ada worker yang menjalankannya" in status["pesan"]
    assert "python cli.py worker" in status["pesan"]
    assert run_job(loaded, job) is None  # a worker that takes it late does not run it
    queue_import(loaded, "keluarga", tmp_path / "b.csv", "b.csv", viewer=OPERATOR)


def test_a_running_job_on_another_host_without_heartbeat_ends_gagal(loaded, tmp_path):
    job = queue_import(loaded, "keluarga", tmp_path / "a.csv", "a.csv", viewer=OPERATOR)
    with loaded.begin() as conn:
        conn.execute(update(schema.pekerjaan_impor).where(schema.pekerjaan_impor.c.id == job).values(
            pid=1, host="server-lain", detak=jobs._now() - jobs.LEASE - timedelta(seconds=1)))
    status = job_status(loaded, job)
    assert status["status"] == "gagal"
    assert status["pesan"].startswith("Impor gagal: proses impor tidak memberi kabar sejak ")


def test_a_running_job_whose_process_lives_stays_berjalan(loaded, tmp_path):
    job = queue_import(loaded, "keluarga", tmp_path / "a.csv", "a.csv", viewer=OPERATOR)
    with loaded.begin() as conn:
        conn.execute(update(schema.pekerjaan_impor).where(schema.pekerjaan_impor.c.id == job).values(
            pid=os.getpid(), host=jobs._host(), detak=jobs._now()))
    assert job_status(loaded, job)["status"] == "berjalan"


def test_an_unexpected_failure_message_carries_no_sql_or_values():
    from sqlalchemy.exc import OperationalError

    exc = OperationalError("INSERT INTO kunjungan_keluarga VALUES (?)", ("KUJI0001",), Exception("database is locked"))
    message = jobs._failure(exc)
    assert message == ("Impor gagal (OperationalError) dan dibatalkan; tidak ada data yang diubah. "
                       "Rinciannya ada di log server.")


def test_cli_worker_without_redis_says_none_is_needed(capsys):
    from cli import main

    assert main(["worker"]) == 2
    assert "REDIS_URL kosong: worker tidak diperlukan" in capsys.readouterr().err


@pytest.fixture
def sqlite_write_lock(loaded):
    """The SQLite database's one write lock, held by another connection (as an import from the
    command line holds it) for the test."""
    if loaded.dialect.name != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the database: nothing there waits on a whole-database lock")
    from data_access.db import make_engine

    other = make_engine(loaded.url.render_as_string(hide_password=False))
    conn = other.connect()
    conn.exec_driver_sql("BEGIN IMMEDIATE")
    yield
    conn.exec_driver_sql("ROLLBACK")
    conn.close()
    other.dispose()


def test_confirming_while_another_import_holds_sqlite_is_refused_with_a_message(loaded, sqlite_write_lock, tmp_path):
    with pytest.raises(ImportBusy) as refused:
        queue_import(loaded, "keluarga", tmp_path / "a.csv", "a.csv", viewer=OPERATOR)
    assert str(refused.value) == ("Basis data sedang menyimpan impor lain; tidak ada yang diimpor. Coba lagi "
                                  "setelah impor itu selesai.")


def test_an_import_failing_on_a_locked_database_ends_gagal_without_sql_or_values(loaded, tmp_path, monkeypatch):
    """Another connection takes SQLite's write lock once pass 1 has read a chunk: the import's
    write fails after SQLite's wait, so does storing the outcome, which the job's process tries
    again and stores once the lock is gone. Neither message names the SQL or the family."""
    if loaded.dialect.name != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the database: nothing there waits on a whole-database lock")
    from data_access.db import make_engine

    path = visits_file(tmp_path / "a.csv", 1)
    job = queue_import(loaded, "keluarga", path, "a.csv", viewer=OPERATOR)
    before = counts(loaded)
    holder = make_engine(loaded.url.render_as_string(hide_password=False))
    lock = holder.connect()
    shown, finish = jobs._Heartbeat.progress, jobs._finish
    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.6)  # the process retries 0,1 s apart

    held = []

    def progress(self, done, total):
        shown(self, done, total)
        if not held:
            lock.exec_driver_sql("BEGIN IMMEDIATE")
            held.append("pass 1")

    def finish_then_free(*args, **kwargs):
        stored = finish(*args, **kwargs)
        if held == ["pass 1"]:  # the first try waited and failed: now the lock goes
            assert not stored
            lock.exec_driver_sql("ROLLBACK")
            held.append("released")
        return stored

    monkeypatch.setattr(jobs._Heartbeat, "progress", progress)
    monkeypatch.setattr(jobs, "_finish", finish_then_free)
    try:
        assert run_job(loaded, job) == "gagal"
    finally:
        lock.close()
        holder.dispose()
    status = job_status(loaded, job)
    assert status["status"] == "gagal" and status["kunci"] is None
    assert status["pesan"] == ("Impor gagal (OperationalError) dan dibatalkan; tidak ada data yang diubah. "
                               "Rinciannya ada di log server.")
    assert counts(loaded) == before  # the import log's own row could not be written either


def test_a_command_line_import_is_a_job_and_holds_its_wilayah(loaded, tmp_path, monkeypatch, capsys):
    """While `python cli.py import` runs, the upload page's import of the same dataset and
    wilayah is refused, and a second command-line import is refused at once with the reason
    (not 'database is locked' after SQLite's wait); afterwards its job is berhasil."""
    import cli
    from data_access.db import dispose_engines

    monkeypatch.setenv("DATABASE_URL", loaded.url.render_as_string(hide_password=False))
    dispose_engines()
    path = visits_file(tmp_path / "kunjungan.csv", 1)
    refusals = []
    work = jobs.run_here

    def meanwhile(engine, dataset, where, **kwargs):
        inner = kwargs["work"]

        def work_and_try_others(progress):
            for other in (lambda: queue_import(loaded, "keluarga", tmp_path / "x.csv", "x.csv", viewer=OPERATOR),
                          lambda: work(engine, dataset, where, **{**kwargs, "work": inner})):
                with pytest.raises(ImportBusy) as refused:
                    other()
                refusals.append(str(refused.value))
            return inner(progress)
        return work(engine, dataset, where, **{**kwargs, "work": work_and_try_others})

    monkeypatch.setattr(jobs, "run_here", meanwhile)
    try:
        assert cli.main(["import", "keluarga", str(path)]) == 0
    finally:
        dispose_engines()
    assert len(refusals) == 2
    assert all(r.startswith("Impor Kunjungan keluarga PIS-PK untuk wilayah ini sedang berjalan (berkas "
                            "kunjungan.csv") for r in refusals)
    with loaded.connect() as conn:
        row = conn.execute(select(schema.pekerjaan_impor).where(
            schema.pekerjaan_impor.c.nama_berkas == "kunjungan.csv")).mappings().one()
    assert (row["status"], row["alamat"], row["kunci"], row["pid"]) == ("berhasil", "cli", None, os.getpid())
    assert path.exists()  # the command line's own file stays
