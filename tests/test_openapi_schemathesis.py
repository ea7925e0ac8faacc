"""Property-based API testing: schemathesis over every operation of /openapi.json, on both databases.

It must find no 5xx and no response that breaks the documented schema. Each test starts from a
seeded thread (comments 1-3, written by the reader whose token every generated request carries),
so that edits, votes and listings reach real rows as well as missing ones.

The "schema-valid request accepted" check is left out on purpose: some rules depend on the site's
settings (its maximum comment length) and on the database (a parent must exist, nesting is capped),
which a schema cannot say; such requests get a 4xx naming the field, which the other checks verify.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from civility_fixtures import API
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

OPERATIONS = {
    "createReader",
    "getSiteConfig",
    "getThread",
    "listComments",
    "createComment",
    "editComment",
    "deleteComment",
    "voteComment",
    "reportComment",
    "trendingThreads",
    "health",
    "createAccount",
    "signIn",
}


@pytest.fixture
def seeded(app: FastAPI) -> dict[str, str]:
    """Seed a thread and return the Authorization header of its author."""
    with TestClient(app) as client:
        token = client.post(f"{API}/readers").json()["reader_token"]
        auth = {"Authorization": f"Bearer {token}"}
        for text in ("one", "two", "three"):
            body = {"thread": "t", "author_name": "Ann", "text": text}
            assert client.post(f"{API}/comments", json=body, headers=auth).status_code == 201
    return auth


def test_schemathesis_covers_every_operation_of_the_schema(app: FastAPI) -> None:
    with TestClient(app) as client:
        document = client.get("/openapi.json").json()
    found = {op["operationId"] for path in document["paths"].values() for op in path.values()}
    assert found == OPERATIONS, "add new operations to OPERATIONS so that schemathesis covers them"


CASES = [
    (operation_id, mode)
    for operation_id in sorted(OPERATIONS)
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if not (operation_id == "health" and mode is GenerationMode.NEGATIVE)  # it takes no input at all
]


@pytest.mark.parametrize(("operation_id", "mode"), CASES, ids=[f"{o}-{m.value}" for o, m in CASES])
def test_no_operation_answers_5xx_or_breaks_its_schema(
    app: FastAPI, seeded: dict[str, str], operation_id: str, mode: GenerationMode
) -> None:
    operation = schemathesis.openapi.from_asgi("/openapi.json", app).find_operation_by_id(operation_id)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: Any) -> None:
        case.call_and_validate(headers=seeded, excluded_checks=[positive_data_acceptance])

    run()
