"""Shared fixtures: a fresh, migrated database per test on SQLite AND PostgreSQL, and an app on it.

SQLite: a migrated template file is copied into each test's temporary folder.
PostgreSQL (127.0.0.1:5432, trust auth): one uniquely named database per test session, created
through the `postgres` maintenance database, migrated once, emptied before each test and dropped
at the end.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from civility_fixtures import SITE, FakeClock, make_settings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from civility.comments.moderation_hook import publish_everything
from civility.settings import Settings
from civility.storage.database import Database
from civility.storage.migrate import upgrade
from civility.storage.tables import metadata
from civility.web.app import create_app

POSTGRES_ADMIN_URL = os.environ.get(
    "CIVILITY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "civility.db"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    name = f"civility_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = psycopg.conninfo.conninfo_to_dict(POSTGRES_ADMIN_URL)
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    user = admin.get("user", "postgres")
    url = f"postgresql://{user}@{admin.get('host', '127.0.0.1')}:{admin.get('port', 5432)}/{name}"
    database = Database(url)
    upgrade(database)
    database.dispose()
    try:
        yield url
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh, migrated, empty database for this test, on each engine."""
    if request.param == "sqlite":
        path = tmp_path / "civility.db"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    with psycopg.connect(url, autocommit=True) as connection:
        names = ", ".join(table.name for table in metadata.sorted_tables)
        connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    return url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(settings: Settings, database: Database, clock: FakeClock) -> FastAPI:
    # The comment section's mechanics are tested with every comment published; tests/policy runs the engine.
    application = create_app(settings, database=database, moderate=publish_everything)
    application.state.comments.clock = clock
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def reader(client: TestClient) -> Callable[[], dict[str, str]]:
    """Make a new reader; returns the Authorization header to send as them."""

    def new_reader() -> dict[str, str]:
        response = client.post(f"/api/v1/sites/{SITE}/readers")
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['reader_token']}"}

    return new_reader


def count_rows(database: Database, table: str) -> int:
    with database.read() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
