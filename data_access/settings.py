"""Settings read once from the environment: database, host, port, secret key."""
from __future__ import annotations

import os
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


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    url = env.get("DATABASE_URL", "").strip()
    data_dir = Path(env.get("DATA_DIR", PROJECT_ROOT / "data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    if not url:
        url = f"sqlite:///{data_dir / 'dashboard.sqlite'}"
    return Settings(
        database_url=url,
        host=env.get("HOST", "127.0.0.1"),
        port=int(env.get("PORT", "8050")),
        debug=env.get("DEBUG", "") not in ("", "0", "false"),
        secret_key=env.get("SECRET_KEY") or None,
        data_dir=data_dir,
    )
