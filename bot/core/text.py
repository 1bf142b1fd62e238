"""Text as Telegram limits it, and text people type for others to read.

Telegram counts lengths in UTF-16 code units (an emoji is two), and refuses a message over
4,096 of them, a caption over 1,024, a button's alert over 200, a poll question over 300 and
an option over 100, a keyboard of more than 100 buttons. What grows with content is kept
within these limits here, without Telegram:

- `clean(text)`: typed text without bidirectional control characters (which make a name or
  a title read other than it is) and surrounding blanks; `typed(text, limit)` also refuses
  it over `limit` (`Refused(TOO_LONG)`);
- `shorten(text, limit)`: cut with a visible "…";
- `split(text)`: parts that each fit one message, cut at line ends, else at spaces;
- `fit(blocks, room)`: the longest blocks shortened until they all fit together, and
  `fit_lines(lines, growing)` a text whose growing lines give way;
- `paginate(blocks, page, room)`: blocks packed into pages that fit, a few per page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.errors import Refused
from bot.i18n import N_

MESSAGE = 4096
CAPTION = 1024
ALERT = 200
POLL_QUESTION = 300
POLL_OPTION = 100
ELLIPSIS = "…"

TOO_LONG = N_("That is too long ({length} characters); the limit is {limit}.")
"""A typed text over its limit; the question stands."""

BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
"""Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the left-to-right and
right-to-left marks and the Arabic letter mark."""
_NO_BIDI = dict.fromkeys(BIDI_CONTROLS)


def length(text: str) -> int:
    """The length as Telegram counts it: in UTF-16 code units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def strip_bidi(text: str) -> str:
    """Without the characters that reorder what a reader sees."""
    return text.translate(_NO_BIDI)


def clean(text: str | None) -> str:
    """Typed text as it is kept: no bidirectional controls, no surrounding blanks."""
    return strip_bidi(text or "").strip()


def typed(text: str | None, limit: int) -> str:
    """`clean(text)`, or `Refused(TOO_LONG)` when it is over `limit`."""
    cleaned = clean(text)
    if length(cleaned) > limit:
        raise Refused(TOO_LONG, length=length(cleaned), limit=limit)
    return cleaned


def _prefix(text: str, room: int) -> str:
    """The longest start of `text` within `room` units (a surrogate pair is never split)."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > room:
            return text[:index]
    return text


def _at_space(text: str, prefix: str) -> str:
    """`prefix` shortened to its last space when that keeps most of it and cuts a word."""
    if len(prefix) == len(text) or text[len(prefix)].isspace():
        return prefix
    space = max(prefix.rfind(" "), prefix.rfind("\n"))
    return prefix[:space] if space > len(prefix) // 2 else prefix


def shorten(text: str, limit: int) -> str:
    """`text` if it fits `limit`, else its start with "…" (at a space when one is near)."""
    if length(text) <= limit:
        return text
    start = _prefix(text, max(0, limit - length(ELLIPSIS)))
    return _at_space(text, start).rstrip() + ELLIPSIS


def _pieces(line: str, limit: int) -> list[str]:
    """One line as pieces of at most `limit` units, cut at spaces when possible."""
    pieces = []
    while length(line) > limit:
        piece = _at_space(line, _prefix(line, limit)) or _prefix(line, limit)
        pieces.append(piece.rstrip())
        line = line[len(piece) :].lstrip()
    return [*pieces, line]


def split(text: str, limit: int = MESSAGE) -> list[str]:
    """`text` in parts of at most `limit` units, cut at line ends (a line that is too long
    at spaces); no part is empty. A text that fits is one part."""
    if length(text) <= limit:
        return [text]
    parts: list[str] = []
    current: list[str] = []
    used = -1
    for line in text.split("\n"):
        for piece in _pieces(line, limit):
            size = length(piece)
            if current and used + 1 + size > limit:
                parts.append("\n".join(current))
                current, used = [], -1
            current.append(piece)
            used += 1 + size
    parts.append("\n".join(current))
    return [part.strip("\n") for part in parts if part.strip()]


def fit(blocks: Sequence[str], room: int, separator: str = "\n") -> list[str]:
    """The blocks, the longest of them shortened just enough that, joined by `separator`,
    they fit `room` units."""
    sizes = [length(block) for block in blocks]
    available = room - length(separator) * max(0, len(blocks) - 1)
    if sum(sizes) <= available:
        return list(blocks)
    cap, left, remaining = 0, available, len(sizes)
    for size in sorted(sizes):  # the largest cap that the blocks under it leave room for
        if size * remaining > left:
            cap = left // remaining
            break
        left -= size
        remaining -= 1
    cap = max(cap, length(ELLIPSIS))
    return [
        shorten(block, cap) if size > cap else block
        for block, size in zip(blocks, sizes, strict=True)
    ]


def fit_lines(lines: Sequence[str], growing: Sequence[int], room: int = MESSAGE) -> str:
    """The lines as one text within `room` units: the lines at the positions `growing` (a
    description, a list of names) are shortened first, the longest of them most."""
    text = "\n".join(lines)
    if length(text) <= room:
        return text
    growing = sorted(set(growing))
    kept = [line for index, line in enumerate(lines) if index not in growing]
    fixed = sum(length(line) for line in kept) + len(lines) - 1
    shortened = iter(fit([lines[index] for index in growing], room - fixed, separator=""))
    lines = [next(shortened) if index in growing else line for index, line in enumerate(lines)]
    return shorten("\n".join(lines), room)


@dataclass(frozen=True)
class Page:
    """One page of a list: its blocks, where they start in the list, which page of how many."""

    blocks: tuple[str, ...]
    start: int
    number: int
    count: int

    @property
    def indices(self) -> range:
        """The positions in the whole list of the blocks on this page."""
        return range(self.start, self.start + len(self.blocks))


def paginate(
    blocks: Sequence[str], page: int, room: int, *, per_page: int = 10, separator: str = "\n"
) -> Page:
    """Page `page` (from 0; a page past the end is the last) of the blocks, packed in order
    into pages of at most `per_page` blocks that fit `room` units together; a block too long
    for a page of its own is shortened."""
    shortened = [shorten(block, room) for block in blocks]
    bounds: list[tuple[int, int]] = []
    start, used = 0, 0
    for index, block in enumerate(shortened):
        size = length(block) + (length(separator) if index > start else 0)
        if index > start and (used + size > room or index - start >= per_page):
            bounds.append((start, index))
            start, size = index, length(block)
            used = 0
        used += size
    bounds.append((start, len(shortened)))
    number = min(max(page, 0), len(bounds) - 1)
    first, end = bounds[number]
    return Page(tuple(shortened[first:end]), first, number, len(bounds))
