"""Alembic migrations, run programmatically by `civility.storage.migrate`."""
