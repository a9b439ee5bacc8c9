"""Alembic's entry point: runs the revisions on the connection that data_access.migrations
hands over (config.attributes["connection"]), inside its transaction."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from data_access import schema
from data_access.settings import load_settings


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=schema.metadata,  # what `alembic revision --autogenerate` compares
        # SQLite alters a table by copying it (ALTER TABLE cannot drop or change a column)
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:  # Alembic's own command line, with a configuration of its own: DATABASE_URL
    engine = create_engine(context.config.get_main_option("sqlalchemy.url")
                           or load_settings().database_url)
    with engine.begin() as conn:
        run(conn)
    engine.dispose()
