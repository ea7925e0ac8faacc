"""The uvicorn entry point: builds the app from the config file named in CIVILITY_CONFIG_FILE.

`civility serve` sets that variable, so every worker process reads the same configuration.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from civility.settings import load_settings
from civility.web.app import create_app

CONFIG_ENV = "CIVILITY_CONFIG_FILE"


def app_from_environment() -> FastAPI:
    """Uvicorn factory (`--factory civility.web.asgi:app_from_environment`)."""
    config = os.environ.get(CONFIG_ENV)
    return create_app(load_settings(Path(config) if config else None))
