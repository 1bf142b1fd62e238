"""Every message of the code has a Russian translation; plurals follow Russian rules."""

from __future__ import annotations

import pytest

from bot.catalogues import conflicts, source_messages, untranslated
from bot.core.regions import REGIONS, search
from bot.i18n import ngettext, resolve_locale, use_locale


def test_every_message_has_a_russian_translation() -> None:
    assert untranslated("ru") == []
    assert sum(1 for _ in source_messages()) > 20


def test_feature_catalogues_agree_on_shared_message_ids() -> None:
    assert conflicts("ru") == []


def test_every_message_exists_in_english() -> None:
    assert untranslated("en") == []


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 участник"), (2, "2 участника"), (4, "4 участника"), (5, "5 участников"),
     (11, "11 участников"), (12, "12 участников"), (21, "21 участник"), (101, "101 участник"),
     (111, "111 участников")],
)  # fmt: skip
def test_russian_plural_forms(count: int, expected: str) -> None:
    with use_locale("ru"):
        text = ngettext("The community has {n} member.", "The community has {n} members.", count)
    assert text == f"В сообществе {expected}."


@pytest.mark.parametrize(
    ("saved", "telegram", "expected"),
    [("en", "ru", "en"), (None, "ru", "ru"), (None, "uk", "ru"), (None, "be-BY", "ru"),
     (None, "de", "en"), (None, None, "ru"), ("xx", "en", "en")],
)  # fmt: skip
def test_language_resolution(saved: str | None, telegram: str | None, expected: str) -> None:
    assert resolve_locale(saved, telegram, "ru") == expected


def test_region_search() -> None:
    assert len(REGIONS) == 90
    assert [region.code for region in search("моск", "ru")] == ["MOW", "MOS"]
    assert search("Татарстан", "ru")[0].code == "TA"
    assert search("yolk", "en") == []
    assert search("  ", "ru") == []
