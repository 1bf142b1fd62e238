"""The facts the local Bot API checks against are Telegram's: bot/localapi/methods.py and
objects.py are what scripts/botapi_facts.py writes from Telegram's api.json, and they cover
the methods and types the bot uses."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

import pytest

from bot.localapi.methods import METHODS
from bot.localapi.objects import TYPES, VARIANTS

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "botapi_facts.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("botapi_facts", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _api_json() -> Path | None:
    """Telegram's description: $BOTAPI_JSON, or shared/botapi/api.json beside the checkout
    or a folder above it (a worktree's ../../shared); not part of the project."""
    given = [Path(os.environ["BOTAPI_JSON"])] if os.environ.get("BOTAPI_JSON") else []
    places = (*given, *(folder / "shared" / "botapi" / "api.json" for folder in ROOT.parents))
    return next((place for place in places if place.is_file()), None)


def test_facts_are_generated_from_telegrams_description() -> None:
    source = _api_json()
    if source is None:
        pytest.skip("Telegram's api.json is not here (../shared/botapi/api.json): not compared")
    rendered = _script().render(json.loads(source.read_text()))
    for path, text in rendered.items():
        assert (ROOT / path).read_text() == text, (
            f"{path} is not what scripts/botapi_facts.py writes from {source}: regenerate it"
        )


def test_facts_list_the_methods_and_types_the_script_names() -> None:
    script = _script()
    assert list(METHODS) == script.METHODS
    assert list(TYPES) == script.TYPES
    assert set(VARIANTS) == set(script.ABSTRACT)
