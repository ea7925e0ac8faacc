"""One PostgreSQL statement straight through libpq (psycopg's `pgconn`), for the statements of every post.

A post on PostgreSQL runs two statements (the near-duplicate lookup and the write). Through a psycopg
cursor each one costs about 280 µs of the worker's CPU besides the server's work: converting the query,
dumping each parameter through the adapters, the prepared-statement bookkeeping and switching the
connection's autocommit on and off. Here the statement is converted once (`%s` / `%(name)s` become
`$n`), prepared once per connection under its own name, and executed with the parameters as text; libpq
runs it outside the GIL. About 100 µs a call (`docs/performance.md`).

The connection must be idle (no transaction open), as the pool hands it out; the statement then commits
by itself. Parameters are the Python values the statements use (None, bool, int, float, str, naive
datetime, list of int); the result's columns come back as bool, int, float or str by their type.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

import psycopg
from psycopg import pq

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%s")
_UNKNOWN, _BOOL, _INT8, _FLOAT8, _TIMESTAMP, _INT8_ARRAY = 0, 16, 20, 701, 1114, 1016
_INTEGERS = frozenset({20, 21, 23, 26})  # int8, int2, int4, oid
_FLOATS = frozenset({700, 701})
_UNDEFINED_STATEMENT = b"26000"  # invalid_sql_statement_name: not prepared on this session (any more)
_DUPLICATE_STATEMENT = b"42P05"  # duplicate_prepared_statement
PREPARED_KEY = "civility_prepared"  # the connection record's `info` key: names prepared on it


@functools.cache
def converted(sql: str) -> tuple[bytes, bytes, tuple[str | int, ...]]:
    """(statement name, the statement with `$n` placeholders, the parameter of each `$n`: a name for
    `%(name)s`, a position for `%s`)."""
    if "%%" in sql:
        raise ValueError("a literal % is not supported in a libpq statement")
    order: list[str | int] = []
    numbers: dict[str | int, int] = {}
    positional = 0

    def number(match: re.Match[str]) -> str:
        nonlocal positional
        key: str | int = match.group(1) if match.group(1) is not None else positional
        if match.group(1) is None:
            positional += 1
        if key not in numbers:
            order.append(key)
            numbers[key] = len(order)
        return f"${numbers[key]}"

    statement = _PLACEHOLDER.sub(number, sql)
    name = "civility_" + hashlib.blake2s(sql.encode(), digest_size=8).hexdigest()
    return name.encode(), statement.encode(), tuple(order)


@functools.cache
def _typed_name(name: bytes, types: tuple[int, ...]) -> bytes:
    """`name` for these parameter types, within PostgreSQL's 63 bytes (a longer name is cut, and two
    cut names would be one statement)."""
    suffix = hashlib.blake2s(repr(types).encode(), digest_size=4).hexdigest()
    return name + b"_" + suffix.encode()


def text_parameter(value: Any) -> tuple[bytes | None, int]:
    """A parameter in PostgreSQL's text format and its type OID (0 for text: the server infers it, as
    psycopg lets it for strings)."""
    if value is None:
        return None, _UNKNOWN
    if isinstance(value, bool):
        return (b"t" if value else b"f"), _BOOL
    if isinstance(value, int):
        return str(value).encode(), _INT8
    if isinstance(value, str):
        return value.encode(), _UNKNOWN
    if isinstance(value, float):
        return repr(value).encode(), _FLOAT8
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ValueError("pass timestamps as the columns store them: naive UTC")
        return value.isoformat(" ").encode(), _TIMESTAMP
    if isinstance(value, list) and all(type(item) is int for item in value):
        return ("{" + ",".join(map(str, value)) + "}").encode(), _INT8_ARRAY
    raise TypeError(f"no text format for a parameter of type {type(value).__name__}")


def execute(
    connection: psycopg.Connection[Any],
    prepared: set[bytes],
    sql: str,
    parameters: Sequence[Any] | Mapping[str, Any],
) -> list[tuple[Any, ...]]:
    """Run `sql` on the idle `connection` (autocommit) and return its rows; `prepared` holds the names
    already prepared on this connection (the caller keeps it with the connection)."""
    name, statement, order = converted(sql)
    values: list[bytes | None] = []
    types: list[int] = []
    for key in order:
        value, oid = text_parameter(parameters[key])  # type: ignore[index]
        values.append(value)
        types.append(oid)
    # the same statement may be prepared with other parameter types (a NULL today, a time tomorrow)
    name = _typed_name(name, tuple(types))
    pgconn = connection.pgconn
    for attempt in range(2):
        if name not in prepared:
            outcome = pgconn.prepare(name, statement, types)
            # already prepared on this session by an earlier holder of the connection: the same statement
            if outcome.error_field(pq.DiagnosticField.SQLSTATE) != _DUPLICATE_STATEMENT:
                _check(outcome, connection)
            prepared.add(name)
        # libpq takes NULL parameters (None), which psycopg's annotation of `exec_prepared` leaves out
        result = pgconn.exec_prepared(name, cast("list[bytes]", values))
        if (
            attempt == 0
            and result.status == pq.ExecStatus.FATAL_ERROR
            and result.error_field(pq.DiagnosticField.SQLSTATE) == _UNDEFINED_STATEMENT
        ):
            prepared.discard(name)  # the session lost it (DISCARD ALL): prepare again, once
            continue
        _check(result, connection)
        return _rows(result)
    raise AssertionError("unreachable")


def _check(result: pq.abc.PGresult, connection: psycopg.Connection[Any]) -> None:
    """Raise the error psycopg would raise for a failed `result`."""
    if result.status in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK):
        return
    if connection.pgconn.status != pq.ConnStatus.OK:
        raise psycopg.OperationalError("the connection to the database was lost")
    raise psycopg.errors.error_from_result(result, encoding=connection.info.encoding)


def _rows(result: pq.abc.PGresult) -> list[tuple[Any, ...]]:
    if result.status != pq.ExecStatus.TUPLES_OK or result.ntuples == 0:
        return []
    fields = range(result.nfields)
    readers = [_reader(result.ftype(field)) for field in fields]
    rows = []
    for row in range(result.ntuples):
        values = []
        for field in fields:
            raw = result.get_value(row, field)
            values.append(None if raw is None else readers[field](raw))
        rows.append(tuple(values))
    return rows


def _reader(oid: int) -> Any:
    if oid == _BOOL:
        return lambda raw: raw == b"t"
    if oid in _INTEGERS:
        return int
    if oid in _FLOATS:
        return float
    return lambda raw: bytes(raw).decode()
