"""The shape of the code, as docs/architecture.md describes it, checked on every run."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 300
SERVICES = [
    "bot/core",
    "bot/outbox/store.py",
    "bot/outbox/engine.py",
    "bot/outbox/records.py",
    "bot/outbox/content.py",
    "bot/commands/catalogue.py",
    "bot/membership",
    "bot/groups",
    "bot/decisions",
    "bot/consultations",
    "bot/meetings",
    "bot/broadcasts",
]
# Setup builds the handlers; PTB's persistence interface names bot_data itself.
ALLOWED = {"handlers/kit/setup.py", "bot/persistence.py"}
FEATURES = ["membership", "groups", "decisions", "consultations", "meetings", "broadcasts"]


def _python(*places: str) -> list[Path]:
    files: list[Path] = []
    for place in places:
        path = ROOT / place
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_module_is_over_300_lines() -> None:
    long = {
        _relative(path): lines
        for path in _python("bot", "handlers", "models")
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_services_never_import_telegram() -> None:
    importing = [
        _relative(path)
        for path in _python(*SERVICES)
        if re.search(r"^\s*(from|import) telegram\b", path.read_text(), re.M)
    ]
    assert importing == []


def test_nothing_imports_a_private_ptb_module() -> None:
    private = [
        _relative(path)
        for path in _python("bot", "handlers", "models", "tests", "bench")
        if re.search(r"\btelegram(\.\w+)*\._\w+", path.read_text())
    ]
    assert private == []


def test_every_type_ignore_says_why() -> None:
    bare = [
        f"{_relative(path)}:{number}"
        for path in _python("bot", "handlers", "models")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "type: ignore" in line and not re.search(r"type: ignore\[[\w, -]+\]\s+#\s*\S", line)
    ]
    assert bare == []


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"callback_data=f[\"']", "callback data is built by a feature's codec"),
        (r"pattern=r?[\"']", "buttons are matched by a codec's pattern"),
        (r"\bCommandHandler\(", "commands are declared with Setup.command"),
        (r"\bbot_data\b", "services live in Services, not in bot_data"),
        (r"\bapplication\.\w+ = ", "nothing is attached to the application later"),
        (r"@require_role\b", "the role guard comes with Setup.command"),
    ],
)
def test_handlers_use_the_contracts(pattern: str, why: str) -> None:
    offending = [
        f"{_relative(path)}:{number}"
        for path in _python("handlers", "bot")
        if _relative(path) not in ALLOWED
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(pattern, line)
    ]
    assert offending == [], why


def test_feature_handlers_meet_only_through_package_faces() -> None:
    """A feature's handlers import another feature's handlers only from its package root."""
    crossing = []
    for feature in FEATURES:
        for path in _python(f"handlers/{feature}"):
            for match in re.finditer(r"^from handlers\.(\w+)\.(\w+)", path.read_text(), re.M):
                if match.group(1) in FEATURES and match.group(1) != feature:
                    crossing.append(f"{_relative(path)}: {match.group(0)}")
    assert crossing == []


def test_each_feature_has_its_own_callback_prefix() -> None:
    importlib.import_module("handlers")
    from bot.core.callbacks import Callbacks

    assert {"mb", "wg", "dc", "cs", "mt", "bc", "ob", "lang"} <= Callbacks.prefixes
