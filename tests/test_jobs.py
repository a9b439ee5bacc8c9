"""Background imports started from the upload page: status, progress, outcome."""
import time

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
    status = wait(loaded, start_import(loaded, "keluarga", path, "kunjungan.csv"))
    assert status["status"] == "berhasil", status["pesan"]
    assert status["nama_berkas"] == "kunjungan.csv"
    assert not path.exists()


def test_background_import_of_a_bad_file_is_rejected_with_its_message(loaded, tmp_path):
    path = tmp_path / "upload.csv"
    path.write_text("kode_desa,id_keluarga,tanggal_kunjungan," + ",".join(IKS_CODES) + "\n"
                    "99.01.01.2001,z1,2025-07-01,X" + ",Y" * 11 + "\n", encoding="utf-8")
    status = wait(loaded, start_import(loaded, "keluarga", path, "salah.csv"))
    assert status["status"] == "ditolak"
    assert "baris 2, kolom kb" in status["pesan"]


def test_unknown_job_has_no_status(loaded):
    with loaded.connect() as conn:
        assert job_status(conn, "0" * 32) is None
