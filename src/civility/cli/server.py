"""`civility init`, `civility serve` and `civility migrate`."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel, SecretStr, ValidationError

from civility.settings import Settings, load_settings

DEFAULT_CONFIG = Path("civility.toml")
config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="TOML configuration file (default: ./civility.toml when it exists).",
)


def _resolve_config(config_path: Path | None) -> Path | None:
    if config_path is not None:
        if not config_path.is_file():
            raise click.ClickException(f"{config_path}: no such configuration file (run `civility init`)")
        return config_path
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def _load(config_path: Path | None) -> tuple[Settings, Path | None]:
    path = _resolve_config(config_path)
    try:
        return load_settings(path), path
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise click.ClickException(f"{path or 'settings'}: {problems}") from error
    except OSError as error:
        raise click.ClickException(f"{path}: {error}") from error
    except ValueError as error:  # tomllib.TOMLDecodeError names the line and column
        raise click.ClickException(f"{path}: {error}") from error


# ---- civility init -------------------------------------------------------------------------------
def _toml_value(value: Any) -> str | None:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if isinstance(value, Enum):
        value = value.value
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) or '""' for v in value) + "]"
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, dict):
        items = [(str(k), _toml_value(v)) for k, v in value.items()]
        return "{" + ", ".join(f"{json.dumps(k)} = {v}" for k, v in items if v is not None) + "}"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _comment(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()]


def _model_lines(model: BaseModel, table: str | None) -> list[str]:
    """Scalar fields of `model` as commented `key = value` lines, then its sub-tables."""
    lines: list[str] = []
    tables: list[str] = []
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        description = field.description or ""
        if isinstance(value, BaseModel):
            child = f"{table}.{name}" if table else name
            tables += ["", *_comment(description), f"[{child}]", *_model_lines(value, child)]
        elif isinstance(value, dict):
            child = f"{table}.{name}" if table else name
            tables += ["", *_comment(description)]
            for key, item in value.items():
                key_text = key.value if isinstance(key, Enum) else str(key)
                if isinstance(item, BaseModel):
                    sub = f"{child}.{key_text}"
                    tables += [f"[{sub}]", *_model_lines(item, sub), ""]
                else:
                    tables += [f"[{child}]", f"{key_text} = {_toml_value(item)}", ""]
        else:
            rendered = _toml_value(value)
            lines += _comment(description)
            lines.append(f"{name} = {rendered}" if rendered is not None else f"# {name} =")
    return lines + tables


def sample_config() -> str:
    """The default settings as a TOML file where every setting carries its description."""
    header = [
        "# Civility configuration. Every setting is shown with its default value.",
        "# CIVILITY_* environment variables win over this file (CIVILITY_SITES__DEMO__NAME=...).",
        "",
    ]
    return "\n".join(header + _model_lines(Settings(), None)).rstrip() + "\n"


@click.command()
@click.option(
    "--path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONFIG,
    show_default=True,
    help="Where to write the configuration.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: Path, force: bool) -> None:
    """Write a fully commented sample configuration."""
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; pass --force to overwrite it")
    path.write_text(sample_config(), encoding="utf-8")
    click.echo(f"wrote {path}; edit it, then run `civility serve --config {path}`")


# ---- civility migrate / serve ----------------------------------------------------------------------
@click.command()
@config_option
def migrate(config_path: Path | None) -> None:
    """Apply every pending migration to the configured database."""
    from civility.storage.database import Database
    from civility.storage.migrate import schema_state, upgrade

    settings, _path = _load(config_path)
    database = Database(settings.database_url)
    try:
        before = schema_state(database)
        after = upgrade(database)
    except Exception as error:  # unreachable database, or a revision this code does not know
        raise click.ClickException(f"database_url: cannot migrate ({error})") from error
    finally:
        database.dispose()
    if before.current == after.current:
        click.echo(f"database is up to date (revision {after.current})")
    else:
        click.echo(f"database migrated from {before.current or 'empty'} to {after.current}")


@click.command()
@config_option
@click.option("--host", default=None, help="Override the listening address.")
@click.option("--port", type=int, default=None, help="Override the port.")
@click.option("--workers", type=int, default=None, help="Override the number of worker processes.")
def serve(config_path: Path | None, host: str | None, port: int | None, workers: int | None) -> None:
    """Run the comment server. A new, empty database is created; an outdated one is refused."""
    import uvicorn

    from civility.storage.database import Database
    from civility.storage.migrate import schema_state, upgrade
    from civility.web.asgi import CONFIG_ENV

    settings, path = _load(config_path)
    database = Database(settings.database_url)
    try:
        state = schema_state(database)
        if state.current is None:
            state = upgrade(database)
            click.echo(f"created the database schema (revision {state.current})")
        elif not state.known and settings.check_migrations:
            click.echo(
                f"error: the database is at schema revision {state.current}, newer than this version "
                f"of Civility knows (its newest is {state.head}); run the newer Civility.",
                err=True,
            )
            sys.exit(1)
        elif not state.up_to_date and settings.check_migrations:
            hint = f" --config {path}" if path else ""
            click.echo(
                f"error: the database is at schema revision {state.current} but this version of "
                f"Civility needs {state.head}. Back it up, then run `civility migrate{hint}`.",
                err=True,
            )
            sys.exit(1)
    except click.exceptions.Exit:
        raise
    except Exception as error:  # the database is unreachable: say so, not a traceback
        raise click.ClickException(f"database_url: cannot use the database ({error})") from error
    finally:
        database.dispose()
    if path is not None:
        os.environ[CONFIG_ENV] = str(path.resolve())
    bind_host = host or settings.host
    bind_port = port or settings.port
    click.echo(f"Civility serving on http://{bind_host}:{bind_port} (embed: {settings.public_url}/embed.js)")
    uvicorn.run(
        "civility.web.asgi:app_from_environment",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=workers or settings.workers,
        log_level=settings.log_level,
        access_log=False,
        proxy_headers=False,
    )
