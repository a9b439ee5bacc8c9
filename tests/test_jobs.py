"""Background imports started from the upload page: status, progress, outcome."""
import time

from domain.access import OPERATOR
from indicators.registry import IKS_CODES
from ingest.jobs import job_status, start_import


def wait(engine, job, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            status = job_status(conn, job)
        if status["status"] != "berjalan":
            return status
        time.sleep(0.2)
    raise TimeoutError(job)


def test_background_import_succeeds_and_removes_its_upload(loaded, tmp_path):
    path = tmp_path / "upload.csv"
    path.write_text("kode_desa,id_keluarga,tanggal_kunjungan," + ",".join(IKS_CODES) + "\n"
                    "99.01.01.2001,z1,2025-07-01," + ",".join(["Y"] * 12) + "\n", encoding="utf-8")
    status = wait(loaded, start_import(loaded, "keluarga", path, "kunjungan.csv", viewer=OPERATOR))
    assert status["status"] == "berhasil", status["pesan"]
    assert status["nama_berkas"] == "kunjungan.csv"
    assert not path.exists()


def test_background_import_of_a_bad_file_is_rejected_with_its_message(loaded, tmp_path):
    path = tmp_path / "upload.csv"
    path.write_text("kode_desa,id_keluarga,tanggal_kunjungan," + ",".join(IKS_CODES) + "\n"
                    "99.01.01.2001,z1,2025-07-01,X" + ",Y" * 11 + "\n", encoding="utf-8")
    status = wait(loaded, start_import(loaded, "keluarga", path, "salah.csv", viewer=OPERATOR))
    assert status["status"] == "ditolak"
    assert "baris 2, kolom kb" in status["pesan"]


def test_unknown_job_has_no_status(loaded):
    with loaded.connect() as conn:
        assert job_status(conn, "0" * 32) is None


def test_progress_of_a_running_job_is_seen_by_any_worker_process(loaded, monkeypatch, tmp_path):
    """The counts live in a file of the data folder, not in the importing process's memory:
    a poll that reaches another worker (here: this process, which never ran the job) reads
    them while the job runs, and they go away when it ends."""
    import uuid
    from datetime import datetime

    from data_access import schema
    from ingest import jobs

    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    job = uuid.uuid4().hex
    with loaded.begin() as conn:
        conn.execute(schema.pekerjaan_impor.insert().values(
            id=job, dataset="keluarga", nama_berkas="besar.csv", status="berjalan", selesai=0,
            total=None, pesan=None, dibuat=datetime(2026, 1, 1), diubah=datetime(2026, 1, 1)))
    jobs._write_progress(job, 250_000, 1_000_000)
    with loaded.connect() as conn:
        status = job_status(conn, job)
    assert (status["selesai"], status["total"]) == (250_000, 1_000_000)
    assert (tmp_path / "pekerjaan" / f"{job}.json").exists()
