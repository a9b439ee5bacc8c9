"""SECRET_KEY: from the environment, else generated once into the data folder (owner-only)."""
from __future__ import annotations

import stat

import pytest

from data_access.settings import load_settings, secret_key


def test_without_secret_key_one_is_generated_once_and_kept_private(tmp_path):
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    first = secret_key(settings)
    path = tmp_path / "secret_key"
    assert len(first) == 64 and path.read_text().strip() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key(load_settings({"DATA_DIR": str(tmp_path)})) == first  # a restart keeps sessions
    assert secret_key(load_settings({"DATA_DIR": str(tmp_path / "other")})) != first


def test_secret_key_from_the_environment_wins_and_writes_nothing(tmp_path):
    settings = load_settings({"DATA_DIR": str(tmp_path), "SECRET_KEY": "dari-lingkungan"})
    assert secret_key(settings) == "dari-lingkungan"
    assert not (tmp_path / "secret_key").exists()


def test_session_settings_are_read_and_checked(tmp_path):
    settings = load_settings({"DATA_DIR": str(tmp_path), "HTTPS": "1", "SESSION_HOURS": "2",
                              "TRUSTED_PROXIES": "1"})
    assert (settings.https, settings.session_hours, settings.trusted_proxies) == (True, 2.0, 1)
    plain = load_settings({"DATA_DIR": str(tmp_path)})
    assert (plain.https, plain.session_hours, plain.trusted_proxies) == (False, 12.0, 0)
    with pytest.raises(ValueError, match="SESSION_HOURS"):
        load_settings({"DATA_DIR": str(tmp_path), "SESSION_HOURS": "-3"})
