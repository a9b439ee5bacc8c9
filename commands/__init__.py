import unicodedata


def command_viewer(engine, nama: str | None):
    """Whom `cli.py import/export` acts for (--pengguna NAMA, else the operator); None, with
    the reason on stderr, when there is no such active user (the command then exits 2)."""
    import sys

    from data_access.users import acting_viewer, no_such_user

    with engine.connect() as conn:
        viewer = acting_viewer(conn, nama)
    if viewer is None:
        print(no_such_user(nama), file=sys.stderr)
    return viewer


def printable(text: str) -> str:
    """`text` for a terminal: a control or format character (a cell's ESC sequence that clears
    the screen or sets the window title, a right-to-left override) written as its escape
    (\\x1b, \\u202e), so that a message echoing a file's cell cannot drive the terminal.
    Line breaks stay."""
    return "".join(c if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf")
                   else (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") for c in text)
