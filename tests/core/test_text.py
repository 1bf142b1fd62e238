"""The pure text rules: lengths as Telegram counts them, bidirectional controls, shortening,
splitting, fitting and pages."""

from __future__ import annotations

import pytest

from bot.core.errors import Refused
from bot.core.text import (
    ELLIPSIS,
    MESSAGE,
    TOO_LONG,
    clean,
    fit,
    fit_lines,
    length,
    paginate,
    shorten,
    split,
    strip_bidi,
    typed,
)

EMOJI = "😀"  # two UTF-16 code units
SPOOFS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_length_counts_utf16_code_units() -> None:
    assert length("") == 0
    assert length("Анна") == 4
    assert length(EMOJI) == 2
    assert length(f"a{EMOJI}b") == 4


def test_every_bidirectional_control_is_stripped() -> None:
    assert strip_bidi(f"Ан{SPOOFS}на") == "Анна"
    assert clean("  \u202egnp.exe\u202c  ") == "gnp.exe"
    assert clean(None) == ""
    assert clean("עברית ok") == "עברית ok"  # right-to-left letters themselves stay


def test_typed_text_at_its_limit_passes_and_one_over_is_refused() -> None:
    assert typed(" " + "я" * 10 + " ", 10) == "я" * 10
    assert typed(EMOJI * 5, 10) == EMOJI * 5
    with pytest.raises(Refused) as refused:
        typed("я" * 11, 10)
    assert refused.value.reason == TOO_LONG
    assert refused.value.values == {"length": 11, "limit": 10}
    with pytest.raises(Refused):
        typed(EMOJI * 5 + "x", 10)  # 11 code units, though 6 characters
    assert typed("\u202e" * 20 + "ok", 10) == "ok"  # measured once cleaned


def test_shorten_marks_the_cut_and_never_splits_a_surrogate_pair() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("x" * 10, 10) == "x" * 10
    assert shorten("x" * 11, 10) == "x" * 9 + ELLIPSIS
    assert shorten("words and more words", 12) == "words and…"
    cut = shorten(EMOJI * 10, 6)
    assert cut == EMOJI * 2 + ELLIPSIS and length(cut) <= 6


def test_split_at_line_ends_and_cut_very_long_lines() -> None:
    assert split("short") == ["short"]
    assert split("") == [""]
    lines = "\n".join(f"line {number:04d}" for number in range(1000))  # ~10,000 characters
    parts = split(lines, limit=4000)
    assert all(length(part) <= 4000 for part in parts)
    assert "\n".join(parts) == lines
    assert split("x" * 9000, limit=4000) == ["x" * 4000, "x" * 4000, "x" * 1000]
    assert split("a\n" + "y" * 5000, limit=4000) == ["a", "y" * 4000, "y" * 1000]
    assert split(EMOJI * 3000) == [EMOJI * 2048, EMOJI * 952]
    words = " ".join(["слово"] * 1000)  # 5,999 characters in one line
    assert [length(part) for part in split(words)] == [4091, 1907]
    assert all(part.startswith("слово") and part.endswith("слово") for part in split(words))


def test_fit_shortens_the_longest_blocks_first() -> None:
    assert fit(["a", "b"], 3) == ["a", "b"]
    blocks = fit(["short", "x" * 100, "y" * 50], 60)
    assert blocks[0] == "short"
    assert length("\n".join(blocks)) <= 60
    assert blocks[1].endswith(ELLIPSIS) and blocks[2].endswith(ELLIPSIS)
    assert length(blocks[1]) == length(blocks[2])


def test_fit_lines_gives_way_only_where_the_text_grows() -> None:
    lines = ["Title", "", "d" * 5000, "Agree: 1", "Outcome: " + "o" * 3000]
    text = fit_lines(lines, [2, 4])
    assert length(text) <= MESSAGE
    assert text.startswith("Title\n\nddd") and "\nAgree: 1\nOutcome: ooo" in text
    assert text.count(ELLIPSIS) == 2
    assert fit_lines(["a", "b"], [1]) == "a\nb"


def test_pages_fit_the_room_and_keep_a_few_blocks_each() -> None:
    blocks = [f"{number}: " + "z" * 900 for number in range(9)]
    first = paginate(blocks, 0, 4000)
    assert first.count == 3 and first.blocks == tuple(blocks[:4]) and first.indices == range(4)
    last = paginate(blocks, 99, 4000)  # past the end: the last page
    assert last.number == 2 and last.indices == range(8, 9)
    assert paginate(["a"] * 25, 1, 4000, per_page=10).indices == range(10, 20)
    huge = paginate(["h" * 9000], 0, 4000)
    assert huge.count == 1 and length(huge.blocks[0]) == 4000
    assert paginate([], 0, 4000).blocks == ()
