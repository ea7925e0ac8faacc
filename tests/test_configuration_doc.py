"""docs/configuration.md documents every setting (a new setting without a line there fails)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from civility.moderation.policy_config import CategoryRule, PolicyConfig
from civility.settings import Settings, SiteSettings

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"
PREFIXES: dict[type[BaseModel], str] = {
    Settings: "",
    SiteSettings: "sites.<id>.",
    PolicyConfig: "sites.<id>.moderation.",
    CategoryRule: "sites.<id>.moderation.rules.<category>.",
}


@pytest.mark.parametrize("model", list(PREFIXES), ids=lambda m: m.__name__)
def test_every_setting_is_in_the_configuration_doc(model: type[BaseModel]) -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in model.model_fields if f"`{PREFIXES[model]}{name}`" not in text]
    assert missing == [], f"document these in docs/configuration.md: {missing}"
