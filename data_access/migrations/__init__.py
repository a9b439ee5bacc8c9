"""Schema migrations (Alembic): bring a database of any version of this app to the current schema."""
from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from data_access import schema

log = logging.getLogger(__name__)

FOLDER = Path(__file__).resolve().parent

# The newest revision. A database stamped with it needs nothing, and knowing that takes a look
# at alembic_version and no revision script (tests/test_migrations.py checks this constant
# against versions/).
HEAD = "0015"

# Every version of the app before Alembic made this table; a database that has it but no
# alembic_version was made before Alembic (see upgrade).
PRE_ALEMBIC_TABLE = "desa"

# PostgreSQL advisory lock taken while migrating (any constant of our own; "iks" + "mig")
LOCK_KEY = 0x696B736D6967


def config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built here instead of read from an alembic.ini, so that
    `python cli.py db ...` works from any folder. With a connection, the migrations run on it
    (env.py), inside its transaction."""
    cfg = Config()
    cfg.set_main_option("script_location", str(FOLDER))
    # numbered revisions (0001_baseline.py): the order of the files is the order of history
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def scripts() -> ScriptDirectory:
    """The revision scripts, read once per process (only when something has to change)."""
    return ScriptDirectory.from_config(config())


def current(conn: Connection) -> str | None:
    """The database's revision; None when it has none (empty, or made before Alembic)."""
    return MigrationContext.configure(conn).get_current_revision()


def made_before_alembic(conn: Connection) -> bool:
    return current(conn) is None and inspect(conn).has_table(PRE_ALEMBIC_TABLE)


def upgrade(engine: Engine) -> None:
    """Bring the database to HEAD, in one transaction (PostgreSQL rolls a failed one back,
    and workers starting together take turns: see _migrating):

    - at HEAD already: nothing to do (a look at alembic_version; the common case at start);
    - empty: create the current schema at once and stamp it HEAD (Alembic's cookbook; running
      every revision ends in the same schema, only slower: the tests make hundreds);
    - made before Alembic (our tables, no alembic_version): such a database is at no revision.
      The baseline revision creates only what it lacks of the schema as it was before Alembic,
      and the next one removes what earlier versions left, so it is upgraded from the start
      like any other, and no guess at its revision is needed;
    - at an older revision: the revisions after it;
    - at a revision this code does not have (a newer version made it): UnknownRevision.
    """
    with engine.connect() as conn:
        if current(conn) == HEAD:
            return
    with _migrating(engine) as conn:
        revision = current(conn)  # again, under the lock: another process may have done it
        if revision == HEAD:
            return
        if revision is None and not inspect(conn).has_table(PRE_ALEMBIC_TABLE):
            schema.metadata.create_all(conn)
            MigrationContext.configure(conn).stamp(scripts(), HEAD)
            return
        _require_known(revision)
        log.info("Skema basis data diperbarui dari revisi %s ke %s ...", revision or "awal", HEAD)
        command.upgrade(config(conn), "head")


class UnknownRevision(RuntimeError):
    """The database is at a revision this code does not have (made by a newer version)."""

    def __init__(self, revision: str):
        super().__init__(f"Basis data pada revisi skema {revision!r}, yang tidak dikenal versi "
                         f"aplikasi ini (revisi terbarunya {HEAD}): basis data dari versi yang "
                         "lebih baru? Jalankan versi itu, atau pulihkan cadangan.")
        self.revision = revision


def _require_known(revision: str | None) -> None:
    if revision is not None and revision not in {s.revision for s in scripts().walk_revisions()}:
        raise UnknownRevision(revision)


@dataclass(frozen=True)
class Step:
    """One revision: its id and the one before it."""
    revision: str
    down_revision: str | None
    loses_data: bool  # its downgrade would delete rows (the revision says so itself)


def step(revision: str) -> Step:
    script = scripts().get_revision(revision)
    return Step(revision=script.revision, down_revision=script.down_revision,
                loses_data=getattr(script.module, "downgrade_loses_data", True))


class DowngradeRefused(Exception):
    """The downgrade of this revision would lose data (or there is no revision to undo)."""

    def __init__(self, step: Step | None):
        super().__init__(step.revision if step else "-")
        self.step = step


def downgrade_one(engine: Engine) -> Step:
    """Undo the database's newest revision, unless its downgrade would delete rows (a
    revision declares `downgrade_loses_data`; a revision that does not say is refused)."""
    with _migrating(engine) as conn:
        revision = current(conn)
        _require_known(revision)
        undone = step(revision) if revision else None
        if undone is None or undone.loses_data:
            raise DowngradeRefused(undone)
        command.downgrade(config(conn), "-1")
        return undone


def new_revision(message: str) -> Path:
    """A new empty revision after HEAD, numbered next (0003_...). Returns its file."""
    number = f"{int(scripts().get_current_head()) + 1:04d}"
    script = command.revision(config(), message=message, rev_id=number)
    return Path(script.path)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for migrations. On PostgreSQL it holds a lock, so that
    workers starting together migrate one after the other. On SQLite, without foreign-key
    checks: batch mode re-creates a table by copy and rename, which a table referenced by
    others (desa) does not survive with the checks on (Alembic's batch documentation)."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # no effect inside a transaction
            conn.commit()
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":  # released when the transaction ends
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
                yield conn
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
