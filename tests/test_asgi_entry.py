"""The uvicorn entry point each `civility serve` worker builds its app with."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi import FastAPI

from civility.cli import main
from civility.web.asgi import CONFIG_ENV, app_from_environment


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the test session collects as usual


def test_a_worker_builds_its_app_from_the_config_file_and_freezes_its_start_up_heap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unfrozen: None
) -> None:
    path = tmp_path / "civility.toml"
    assert CliRunner().invoke(main, ["init", "--path", str(path)]).exit_code == 0
    monkeypatch.setenv(CONFIG_ENV, str(path))
    monkeypatch.setenv("CIVILITY_DATABASE_URL", f"sqlite:///{tmp_path / 'civility.db'}")
    assert gc.get_freeze_count() == 0
    app = app_from_environment()
    assert isinstance(app, FastAPI)
    assert app.state.settings.database_url.endswith("civility.db")
    # the models, lexicons and routes built at start are out of the cyclic collector's reach
    assert gc.get_freeze_count() > 10_000
    app.state.database.dispose()
