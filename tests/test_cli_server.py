"""`civility init`, `civility migrate` and `civility serve`, including a real server process."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner
from pydantic import BaseModel
from sqlalchemy import text

from civility.cli import main
from civility.moderation.policy_config import CategoryRule, PolicyConfig
from civility.settings import Settings, SiteSettings, load_settings
from civility.storage.database import Database
from civility.storage.migrate import upgrade

ALL_MODELS: list[type[BaseModel]] = [Settings, SiteSettings, PolicyConfig, CategoryRule]


def test_init_writes_a_commented_config_that_loads_back_as_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "civility.toml"
    result = CliRunner().invoke(main, ["init", "--path", str(path)])
    assert result.exit_code == 0, result.output
    written = path.read_text()
    assert load_settings(path) == Settings()
    for model in ALL_MODELS:
        for name, field in model.model_fields.items():
            assert re.search(rf"^(# |\[|\[.*\.)?{name}( =|\.|\])", written, re.MULTILINE), name
            assert f"# {(field.description or '').splitlines()[0]}" in written, name


def test_init_does_not_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "civility.toml"
    path.write_text("port = 1234\n")
    result = CliRunner().invoke(main, ["init", "--path", str(path)])
    assert result.exit_code != 0 and "--force" in result.output
    assert path.read_text() == "port = 1234\n"


def test_a_config_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "civility.toml"
    path.write_text('port = 8000\nhost = "127.0.0.1\n')
    result = CliRunner().invoke(main, ["migrate", "--config", str(path)])
    assert result.exit_code != 0 and "line 2" in result.output


def test_migrate_creates_then_reports_up_to_date(tmp_path: Path) -> None:
    config = tmp_path / "civility.toml"
    config.write_text(f'database_url = "sqlite:///{tmp_path / "c.db"}"\n')
    first = CliRunner().invoke(main, ["migrate", "--config", str(config)])
    assert first.exit_code == 0 and "from empty to" in first.output
    second = CliRunner().invoke(main, ["migrate", "--config", str(config)])
    assert second.exit_code == 0 and "up to date" in second.output


def test_serve_refuses_a_database_that_is_behind(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    database = Database(url)
    upgrade(database, "0001")  # an older release's schema
    database.dispose()
    config = tmp_path / "civility.toml"
    config.write_text(f'database_url = "{url}"\n')
    result = CliRunner().invoke(main, ["serve", "--config", str(config)])
    assert result.exit_code == 1
    assert "schema revision 0001" in result.output and "civility migrate" in result.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_runs_a_real_server_that_answers_healthz(tmp_path: Path) -> None:
    port = _free_port()
    config = tmp_path / "civility.toml"
    database = tmp_path / "served.db"
    config.write_text(f'database_url = "sqlite:///{database}"\nport = {port}\nlog_level = "warning"\n')
    command = [sys.executable, "-c", "from civility.cli import main; main()", "serve"]
    command += ["--config", str(config)]
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=dict(os.environ))
    try:
        deadline = time.monotonic() + 30
        answer = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)  # polling a starting process, bounded by the deadline
        assert answer is not None, log.read_text()
        assert answer.status_code == 200 and answer.json() == {"status": "ok"}
        token = httpx.post(f"http://127.0.0.1:{port}/api/v1/sites/demo/readers").json()["reader_token"]
        posted = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/sites/demo/comments",
            json={"thread": "t", "author_name": "Ann", "text": "over real HTTP"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert posted.status_code == 201
    finally:
        process.terminate()
        process.wait(timeout=15)


def _config_for_a_database_newer_than_the_code(tmp_path: Path) -> Path:
    """A config whose SQLite database claims a revision ('9999') this code does not know."""
    url = f"sqlite:///{tmp_path / 'future.db'}"
    database = Database(url)
    upgrade(database)
    with database.write() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    database.dispose()
    config = tmp_path / "civility.toml"
    config.write_text(f'database_url = "{url}"\n')
    return config


def test_migrate_reports_a_revision_it_does_not_know_without_a_traceback(tmp_path: Path) -> None:
    config = _config_for_a_database_newer_than_the_code(tmp_path)
    result = CliRunner().invoke(main, ["migrate", "--config", str(config)])
    assert result.exit_code == 1 and "cannot migrate" in result.output and "9999" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_serve_refuses_a_database_newer_than_the_code(tmp_path: Path) -> None:
    config = _config_for_a_database_newer_than_the_code(tmp_path)
    result = CliRunner().invoke(main, ["serve", "--config", str(config)])
    assert result.exit_code == 1 and "newer than this version" in result.output
