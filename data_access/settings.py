"""Settings read once from the environment: database, host, port, secret key."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    database_url: str
    host: str
    port: int
    debug: bool
    secret_key: str | None
    data_dir: Path
    https: bool = False  # HTTPS=1: the session cookie is sent over HTTPS only
    session_hours: float = 12.0  # SESSION_HOURS: a login lasts this long
    trusted_proxies: int = 0  # TRUSTED_PROXIES=1 behind one reverse proxy: X-Forwarded-For/-Proto
    # BATAS_LAPORAN_HARI: a month's report is on time when it arrives by this day of the next
    # month (inclusive, local time ZONA_WAKTU_JAM hours ahead of UTC: 7 = WIB)
    batas_laporan_hari: int = 10
    zona_waktu_jam: float = 7.0


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    data_dir = _data_dir(env)
    return Settings(
        database_url=database_url(env),
        host=env.get("HOST", "127.0.0.1"),
        port=int(env.get("PORT", "8050")),
        debug=env.get("DEBUG", "") not in ("", "0", "false"),
        secret_key=env.get("SECRET_KEY") or None,
        data_dir=data_dir,
        https=_flag(env.get("HTTPS", "")),
        session_hours=_positive(env.get("SESSION_HOURS", ""), 12.0, "SESSION_HOURS"),
        trusted_proxies=int(_positive(env.get("TRUSTED_PROXIES", ""), 0, "TRUSTED_PROXIES")),
        batas_laporan_hari=batas_laporan_hari(env),
        zona_waktu_jam=zona_waktu_jam(env),
    )


def batas_laporan_hari(env: Mapping[str, str] | None = None) -> int:
    """BATAS_LAPORAN_HARI (1–28, default 10): read alone, as database_url, by the import that
    records arrivals and by the completeness summary."""
    env = os.environ if env is None else env
    text = env.get("BATAS_LAPORAN_HARI", "").strip()
    if not text:
        return 10
    if not text.isdigit() or not 1 <= int(text) <= 28:
        raise ValueError(f"BATAS_LAPORAN_HARI={text!r}: harus bilangan bulat 1–28 (tanggal bulan berikutnya).")
    return int(text)


def zona_waktu_jam(env: Mapping[str, str] | None = None) -> float:
    """ZONA_WAKTU_JAM (hours ahead of UTC, default 7: WIB; 8 WITA, 9 WIT)."""
    env = os.environ if env is None else env
    text = env.get("ZONA_WAKTU_JAM", "").strip()
    if not text:
        return 7.0
    try:
        value = float(text)
    except ValueError:
        value = 99.0
    if not -12 <= value <= 14:
        raise ValueError(f"ZONA_WAKTU_JAM={text!r}: harus angka jam dari UTC, -12 sampai 14 (WIB 7).")
    return value


def database_url(env: Mapping[str, str] | None = None) -> str:
    """DATABASE_URL, or the SQLite file in DATA_DIR. Asked for on every request (the login
    gate, each callback's connection), so it reads these two variables only, not all settings."""
    env = os.environ if env is None else env
    return env.get("DATABASE_URL", "").strip() or f"sqlite:///{_data_dir(env) / 'dashboard.sqlite'}"


def redis_url(env: Mapping[str, str] | None = None) -> str | None:
    """REDIS_URL (e.g. redis://127.0.0.1:6379/0): the result cache shared by every worker and
    server; unset, each process keeps its own (data_access.cache)."""
    env = os.environ if env is None else env
    return env.get("REDIS_URL", "").strip() or None


def _data_dir(env: Mapping[str, str]) -> Path:
    data_dir = Path(env.get("DATA_DIR", PROJECT_ROOT / "data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    return data_dir


def _flag(text: str) -> bool:
    return text.strip().lower() not in ("", "0", "false", "tidak")


def _positive(text: str, default: float, name: str) -> float:
    if not text.strip():
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1
    if value < 0:
        raise ValueError(f"{name}={text!r}: harus angka ≥ 0.")
    return value


def secret_key(settings: Settings) -> str:
    """SECRET_KEY from the environment, else the one generated on first run and kept in the
    data folder (readable by its owner only); never in the repository."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if not path.exists():
        import secrets

        key = secrets.token_hex(32)
        temp = path.with_name(f".secret_key.{os.getpid()}")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key)
        try:  # workers starting together: the first link wins, the others read it
            os.link(temp, path)
        except FileExistsError:
            pass
        finally:
            temp.unlink(missing_ok=True)
    return path.read_text().strip()
