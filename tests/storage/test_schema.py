"""The schema: migrations and the Core tables agree; SQLite runs in WAL with foreign keys on."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from civility.storage.database import Database, normalise_url
from civility.storage.migrate import head_revision, schema_state, upgrade
from civility.storage.tables import metadata


def test_the_migrated_schema_matches_the_tables(database: Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_the_test_database_is_at_the_newest_revision(database: Database) -> None:
    state = schema_state(database)
    assert state.up_to_date and state.current == head_revision()


def test_upgrading_an_up_to_date_database_changes_nothing(database: Database) -> None:
    assert upgrade(database).current == head_revision()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: object) -> None:
    database = Database(f"sqlite:///{tmp_path}/wal.db")
    try:
        upgrade(database)
        with database.read() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        database.dispose()


def test_postgresql_urls_use_psycopg_3() -> None:
    assert normalise_url("postgresql://u@h:5432/db").startswith("postgresql+psycopg://")
    assert normalise_url("sqlite:///./x.db") == "sqlite:///./x.db"
