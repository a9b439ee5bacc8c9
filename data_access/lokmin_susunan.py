"""The presenter's arrangement of a Puskesmas' lokakarya mini deck (the order of the slides
and the hidden ones), remembered per Puskesmas in lokmin_susunan. Only the keys are kept;
indicators.lokmin.Deck.arranged() ignores the keys a month's deck does not have."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, select

from data_access import schema
from data_access.rtl import can_write
from domain.access import AccessDenied, Viewer

MAX_KEYS = 200  # slides a deck may name
MAX_KEY_LENGTH = 80


def clean_keys(value) -> list[str]:
    """Slide keys from anywhere (a browser store, a stored row): strings only, bounded,
    each once, in order; anything else is dropped."""
    if not isinstance(value, list | tuple):
        return []
    keys = [k for k in value[:MAX_KEYS] if isinstance(k, str) and 0 < len(k) <= MAX_KEY_LENGTH]
    return list(dict.fromkeys(keys))


def _loads(text: str | None) -> list[str]:
    try:
        return clean_keys(json.loads(text or "[]"))
    except ValueError:
        return []


def read_susunan(conn: Connection, kode_puskesmas: str) -> tuple[list[str], list[str]]:
    """(urutan, sembunyi) saved for the Puskesmas, or two empty lists. The caller has checked
    that the Puskesmas is in the viewer's scope."""
    t = schema.lokmin_susunan
    row = conn.execute(select(t.c.urutan, t.c.sembunyi).where(t.c.kode_puskesmas == kode_puskesmas)).first()
    return (_loads(row.urutan), _loads(row.sembunyi)) if row else ([], [])


def save_susunan(conn: Connection, viewer: Viewer, kode_puskesmas: str, urutan, sembunyi) -> None:
    """Remember the arrangement for the Puskesmas; only its own writers may (data_access.rtl.can_write)."""
    if not can_write(viewer, kode_puskesmas):
        raise AccessDenied("Susunan slide hanya dapat disimpan oleh pengelola data Puskesmas itu sendiri.")
    t = schema.lokmin_susunan
    values = {"urutan": json.dumps(clean_keys(urutan)), "sembunyi": json.dumps(clean_keys(sembunyi)),
              "diubah_oleh": viewer.label[:64], "diubah": datetime.now()}
    updated = conn.execute(t.update().where(t.c.kode_puskesmas == kode_puskesmas).values(**values))
    if not updated.rowcount:
        conn.execute(t.insert().values(kode_puskesmas=kode_puskesmas, **values))
