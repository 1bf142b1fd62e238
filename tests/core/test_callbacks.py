"""The callback-data codec: buttons are built and matched by one declaration, within
Telegram's 64 bytes, and forged data never reaches a handler's logic."""

from __future__ import annotations

from enum import StrEnum

import pytest

from bot.core.callbacks import ID, MAX_ID, NUMBER, WORD, Callbacks, choice, member_of
from bot.core.errors import STALE, Refused


class Mode(StrEnum):
    NOW = "now"
    DIGEST = "digest"


BUTTONS = Callbacks("zz")
STANCE = BUTTONS.action("s", ID, choice("a", "n", "d", "b"))
PAGE = BUTTONS.action("pg", NUMBER)
PREFERENCE = BUTTONS.action("pref", member_of(Mode))
REVIEW = BUTTONS.action("rv:ap", ID)
AREA = BUTTONS.action("area", WORD)


def test_builds_and_reads_back_what_it_built() -> None:
    assert STANCE(12, "a") == "zz:s:12:a"
    assert STANCE.decode("zz:s:12:a") == (12, "a")
    assert PAGE.decode(PAGE(-3)) == (-3,)
    assert PREFERENCE(Mode.DIGEST) == "zz:pref:digest"
    assert PREFERENCE.decode("zz:pref:digest") == (Mode.DIGEST,)
    assert REVIEW(7) == "zz:rv:ap:7" and REVIEW.decode("zz:rv:ap:7") == (7,)
    assert AREA.decode(AREA("social_care")) == ("social_care",)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "zz:s:12",  # a field missing
        "zz:s:12:x",  # not one of the choices
        "zz:s:0:a",  # ids start at 1
        f"zz:s:{MAX_ID + 1}:a",  # beyond a 32-bit column
        "zz:s:12:a:more",
        "zz:s:-1:a",
        "yy:s:12:a",  # another feature's prefix
        "zz:pref:weekly",
    ],
)
def test_forged_or_stale_data_is_refused(data: str | None) -> None:
    action = PREFERENCE if data and ":pref:" in data else STANCE
    assert action.parse(data) is None
    with pytest.raises(Refused) as refused:
        action.decode(data)
    assert refused.value.reason == STALE


def test_pattern_matches_exactly_the_shape() -> None:
    assert STANCE.pattern.match("zz:s:12:a")
    assert not STANCE.pattern.match("zz:s:12:a:")
    assert not STANCE.pattern.match("zz:st:12:a")
    assert not PAGE.pattern.match("zz:pg:1x")


def test_values_that_do_not_fit_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        STANCE(0, "a")
    with pytest.raises(ValueError):
        STANCE(1, "maybe")
    with pytest.raises(TypeError):
        STANCE(1)
    long_word = BUTTONS.action("lw", WORD, WORD)
    with pytest.raises(ValueError):  # 65 bytes: Telegram refuses it
        long_word("a" * 30, "b" * 30)


def test_a_prefix_or_an_action_is_declared_once() -> None:
    with pytest.raises(ValueError):
        Callbacks("zz")
    with pytest.raises(ValueError):
        BUTTONS.action("s", ID)
    with pytest.raises(ValueError):
        Callbacks("Bad")
