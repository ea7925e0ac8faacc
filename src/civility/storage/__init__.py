"""Storage: SQL only. SQLAlchemy Core tables, Alembic migrations and one repository per aggregate."""
