"""Uploaded files waiting on the upload page for the user to confirm them: they expire."""
from __future__ import annotations

import time
from pathlib import Path


def remove_expired(folder: Path, max_age_hours: float, *, now: float | None = None) -> list[Path]:
    """Delete the files in `folder` last written more than `max_age_hours` ago; return them.
    A file checked but never confirmed holds desa-level data nobody will import."""
    if not folder.is_dir():
        return []
    cutoff = (time.time() if now is None else now) - max_age_hours * 3600
    removed = []
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:  # another worker removed it first
            continue
    return removed
