"""Statements straight through libpq: the same rows and errors as through a psycopg cursor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest

from civility.storage import libpq
from civility.storage.database import Database

pytestmark = pytest.mark.postgres


@pytest.fixture
def connection(postgres_url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with psycopg.connect(postgres_url) as opened:
        yield opened


def test_placeholders_become_numbered_parameters_once_per_name() -> None:
    _name, statement, order = libpq.converted("SELECT %(a)s, %(b)s, %(a)s")
    assert (statement, order) == (b"SELECT $1, $2, $1", ("a", "b"))
    _name, statement, order = libpq.converted("SELECT %s + %s")
    assert (statement, order) == (b"SELECT $1 + $2", (0, 1))


def test_a_literal_percent_sign_is_refused() -> None:
    with pytest.raises(ValueError, match="literal %"):
        libpq.converted("SELECT 'a' LIKE '%%'")


def test_values_come_back_typed_like_psycopgs(connection: psycopg.Connection[tuple[object, ...]]) -> None:
    sql = "SELECT %s::int, %s::bigint, %s::bool, %s::text, %s::float8, %s::int[] IS NOT NULL, NULL::text"
    parameters = (7, 2**40, False, "héllo", 0.25, [1, 2])
    straight = libpq.execute(connection, set(), sql, parameters)
    through_cursor = connection.execute(sql, parameters).fetchall()
    connection.rollback()
    assert straight == through_cursor == [(7, 2**40, False, "héllo", 0.25, True, None)]


def test_nulls_and_times_are_parameters_too(connection: psycopg.Connection[tuple[object, ...]]) -> None:
    when = datetime(2026, 12, 7, 23, 30, 15, 123456)
    sql = "SELECT CAST(%(when)s AS TIMESTAMP) = TIMESTAMP '2026-12-07 23:30:15.123456', %(none)s::int IS NULL"
    assert libpq.execute(connection, set(), sql, {"when": when, "none": None}) == [(True, True)]
    with pytest.raises(ValueError, match="naive UTC"):
        libpq.execute(connection, set(), sql, {"when": when.replace(tzinfo=UTC), "none": None})


def test_the_statement_commits_by_itself(
    connection: psycopg.Connection[tuple[object, ...]], postgres_url: str
) -> None:
    libpq.execute(connection, set(), "CREATE TABLE IF NOT EXISTS libpq_probe (n int)", ())
    libpq.execute(connection, set(), "INSERT INTO libpq_probe VALUES (%s)", (41,))
    try:
        with psycopg.connect(postgres_url) as other:
            assert other.execute("SELECT n FROM libpq_probe").fetchall() == [(41,)]
    finally:
        libpq.execute(connection, set(), "DROP TABLE libpq_probe", ())
    assert connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_a_failing_statement_raises_psycopgs_error(
    connection: psycopg.Connection[tuple[object, ...]],
) -> None:
    with pytest.raises(psycopg.errors.DivisionByZero):
        libpq.execute(connection, set(), "SELECT 1 / %s", (0,))
    assert libpq.execute(connection, set(), "SELECT 1 / %s", (1,)) == [(1,)]  # the connection is usable


def test_a_statement_the_session_forgot_is_prepared_again(
    connection: psycopg.Connection[tuple[object, ...]],
) -> None:
    prepared: set[bytes] = set()
    assert libpq.execute(connection, prepared, "SELECT %s + 1", (1,)) == [(2,)]
    connection.execute("DEALLOCATE ALL")
    connection.commit()
    assert libpq.execute(connection, prepared, "SELECT %s + 1", (2,)) == [(3,)]


def test_parameter_types_make_distinct_statements_within_postgresqls_name_length(
    connection: psycopg.Connection[tuple[object, ...]],
) -> None:
    prepared: set[bytes] = set()
    sql = "SELECT coalesce(" + ", ".join(["%s::text"] * 30) + ")"
    assert libpq.execute(connection, prepared, sql, ["a"] + [None] * 29) == [("a",)]
    assert libpq.execute(connection, prepared, sql, [None] * 29 + [5]) == [("5",)]
    assert len(prepared) == 2 and all(len(name) <= 63 for name in prepared)


def test_the_pool_keeps_what_each_connection_prepared(postgres_url: str) -> None:
    database = Database(postgres_url)
    try:
        for value in range(3):
            assert database.postgres_autocommit("SELECT %s + 1", (value,)) == [(value + 1,)]
        with database.engine.connect() as pooled:
            info = pooled.connection.info  # the one connection the pool holds
        assert len(info[libpq.PREPARED_KEY]) == 1
    finally:
        database.dispose()


def test_a_statement_already_prepared_on_the_session_is_used(
    connection: psycopg.Connection[tuple[object, ...]],
) -> None:
    assert libpq.execute(connection, set(), "SELECT %s * 2", (4,)) == [(8,)]
    assert libpq.execute(connection, set(), "SELECT %s * 2", (5,)) == [(10,)]  # a new holder's empty set
