"""The settings model: documented, layered (TOML then environment), strict."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from civility.moderation.policy_config import CategoryRule, PolicyConfig
from civility.settings import Settings, SiteSettings, load_settings


def _undocumented(model: type[BaseModel]) -> list[str]:
    return [name for name, field in model.model_fields.items() if not (field.description or "").strip()]


@pytest.mark.parametrize("model", [Settings, SiteSettings, PolicyConfig, CategoryRule])
def test_every_setting_has_a_description(model: type[BaseModel]) -> None:
    assert _undocumented(model) == []


def test_environment_variables_win_over_the_toml_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "civility.toml"
    config.write_text('port = 9000\ndatabase_url = "sqlite:///from-file.db"\n')
    monkeypatch.setenv("CIVILITY_PORT", "9100")
    settings = load_settings(config)
    assert settings.port == 9100
    assert settings.database_url == "sqlite:///from-file.db"


def test_production_refuses_the_development_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVILITY_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="secret_key"):
        load_settings()


def test_an_unknown_setting_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "civility.toml"
    config.write_text("prot = 9000\n")
    with pytest.raises(ValidationError, match="prot"):
        load_settings(config)
