"""Files checked on the upload page but never confirmed are deleted after UPLOAD_EXPIRY_HOURS:
at app start, whenever a new upload is stored, and before an upload is confirmed."""
from __future__ import annotations

import base64
import os
import time

import pytest
from dash import no_update

from ingest.uploads import remove_expired
from layouts.ids import UPLOAD_EXPIRY_HOURS

HOUR = 3600


def aged(path, hours: float):
    path.write_bytes(b"kode_desa\n")
    then = time.time() - hours * HOUR
    os.utime(path, (then, then))
    return path


def test_files_older_than_the_expiry_are_removed_and_younger_ones_kept(tmp_path):
    old = aged(tmp_path / "old.csv", UPLOAD_EXPIRY_HOURS + 1)
    young = aged(tmp_path / "young.csv", UPLOAD_EXPIRY_HOURS - 1)
    assert remove_expired(tmp_path, UPLOAD_EXPIRY_HOURS) == [old]
    assert not old.exists() and young.exists()


def test_a_missing_upload_folder_has_nothing_to_expire(tmp_path):
    assert remove_expired(tmp_path / "tidak-ada", 24) == []


def test_expiry_counts_from_the_given_clock(tmp_path):
    young = aged(tmp_path / "young.csv", 1)
    assert remove_expired(tmp_path, 24, now=time.time() + 24 * HOUR) == [young]


@pytest.fixture
def unggah(use_db, monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    import callbacks.unggah as module

    return use_db(module)


def test_storing_a_new_upload_removes_the_expired_ones(unggah, tmp_path):
    folder = tmp_path / "unggahan"
    folder.mkdir()
    old = aged(folder / ("a" * 32 + ".csv"), UPLOAD_EXPIRY_HOURS + 1)
    young = aged(folder / ("b" * 32 + ".csv"), 1)
    contents = "data:text/csv;base64," + base64.b64encode(b"kode_desa\n99.01.01.2001\n").decode()
    unggah.check_upload(contents, "keluarga.csv", "keluarga")
    assert not old.exists() and young.exists()


def test_an_expired_upload_cannot_be_confirmed(unggah, tmp_path):
    folder = tmp_path / "unggahan"
    folder.mkdir()
    token = "c" * 32
    old = aged(folder / f"{token}.csv", UPLOAD_EXPIRY_HOURS + 1)
    pending = {"token": token, "suffix": ".csv", "dataset": "keluarga", "filename": "k.csv"}
    job, poll_off, confirm_off, _message = unggah.confirm(1, pending)
    assert (job, poll_off, confirm_off) == (no_update, True, True)
    assert not old.exists()


def test_the_upload_page_says_when_unconfirmed_files_are_deleted():
    import app  # noqa: F401  (registers the pages)
    import dashboards.unggah as page

    text = " ".join(str(c.children) for c in page.layout()._traverse()
                    if isinstance(getattr(c, "children", None), str))
    assert f"dihapus otomatis setelah {UPLOAD_EXPIRY_HOURS} jam" in text
