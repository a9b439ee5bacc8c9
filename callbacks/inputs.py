"""What a callback may trust of a value that comes back from the browser: anyone can post any
JSON to /_dash-update-component, so every callback reads its inputs through these first."""
from __future__ import annotations

MAX_TEXT = 40  # the longest code, year or page parameter read (and echoed in a message)


def text(value, max_len: int = MAX_TEXT) -> str | None:
    """A string, stripped and cut to `max_len`, without NUL characters (PostgreSQL refuses
    them in a query parameter); None for anything else (a number, a list, a dict) and for an
    empty string."""
    if not isinstance(value, str):
        return None
    return value.replace("\x00", "").strip()[:max_len] or None


def whole(value, lo: int, hi: int) -> int | None:
    """A whole number lo..hi from an int or from ASCII digits ('2025'); None for anything else.
    str.isdigit() alone would let '²' or '٢' through, and int() then raises."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() \
            and len(value.strip()) <= len(str(hi)):
        number = int(value.strip())
    else:
        return None
    return number if lo <= number <= hi else None


def counter(value) -> int | None:
    """An int the page itself stores (a row id, a counter bumped after a save); None for
    anything else, a bool included (JSON true is not 1 here)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def mapping(value) -> dict:
    """A dict, or an empty one."""
    return value if isinstance(value, dict) else {}


def items(value) -> list:
    """A list (the value of a pattern-matching ALL input), or an empty one."""
    return value if isinstance(value, list) else []


def cut(message: str, max_len: int = MAX_TEXT) -> str:
    """A value to echo in a message, no longer than the values the URL is read with."""
    return message if len(message) <= max_len else message[: max_len - 1] + "…"


def secret(value, max_len: int) -> str | None:
    """A password as typed (never stripped: a space counts), or None for anything but a
    string; cut to `max_len` + 1 characters, so that the check can still call it too long."""
    return value[: max_len + 1] if isinstance(value, str) else None
