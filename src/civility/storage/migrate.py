"""Apply and check Alembic migrations programmatically (no alembic.ini needed)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from civility.storage.database import Database

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class SchemaState:
    """Where the database's schema stands against the code's migrations."""

    current: str | None
    head: str
    known: bool = True

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest migration the code knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def schema_state(database: Database) -> SchemaState:
    """Read the database's current revision (None when it was never migrated)."""
    with database.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    known = current is None or current in {
        script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()
    }
    return SchemaState(current=current, head=head_revision(), known=known)


def upgrade(database: Database, revision: str = "head") -> SchemaState:
    """Bring the schema up to `revision` (the newest by default) and report the result."""
    config = _config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return schema_state(database)
