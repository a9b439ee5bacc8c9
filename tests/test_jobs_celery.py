"""Imports through the Celery queue (REDIS_URL set): `python cli.py worker` takes the job and
runs it in one of its processes; a queue that cannot be reached ends the job gagal at once.
Needs Debian's redis-server (started here on a free port, nothing saved)."""
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from data_access.settings import PROJECT_ROOT
from domain.access import OPERATOR
from ingest.jobs import job_status, start_import
from tests.test_jobs import BOUND, visits_file, wait

if shutil.which("redis-server") is None:
    pytest.skip("redis-server tidak terpasang (apt-get install redis-server)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url():
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait()


def test_an_upload_import_is_run_by_the_celery_worker(loaded, redis_url, monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REDIS_URL", redis_url)
    env = dict(os.environ, DATABASE_URL=loaded.url.render_as_string(hide_password=False))
    worker = subprocess.Popen([sys.executable, "cli.py", "worker"], cwd=PROJECT_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        path = visits_file(tmp_path / "upload.csv", 1)
        status = wait(loaded, start_import(loaded, "keluarga", path, "kunjungan.csv", viewer=OPERATOR))
        assert status["status"] == "berhasil", status["pesan"]
        assert status["pid"] not in (os.getpid(), worker.pid)  # one of the worker's processes
        assert not path.exists()
    finally:
        worker.terminate()
        worker.wait()


def test_a_queue_that_cannot_be_reached_ends_the_job_gagal_and_frees_the_wilayah(loaded, monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    path = visits_file(tmp_path / "upload.csv", 1)
    status = job_status(loaded, start_import(loaded, "keluarga", path, "kunjungan.csv", viewer=OPERATOR))
    assert status["status"] == "gagal" and status["kunci"] is None
    assert status["pesan"].startswith("Impor gagal: antrean impor (Redis) tidak dapat dihubungi; tidak ada "
                                      "data yang diubah.")
    assert not path.exists()
