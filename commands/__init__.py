


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

