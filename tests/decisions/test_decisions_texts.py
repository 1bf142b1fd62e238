"""Long texts are split into messages Telegram accepts."""

from __future__ import annotations

from handlers.decisions.texts import chunks


def test_chunks_split_at_line_ends_and_cut_very_long_lines() -> None:
    assert chunks("short") == ["short"]
    assert chunks("") == [""]
    lines = "\n".join(f"line {number:04d}" for number in range(1000))  # ~10,000 characters
    parts = chunks(lines, limit=4000)
    assert all(len(part) <= 4000 for part in parts)
    assert "\n".join(parts) == lines
    assert chunks("x" * 9000, limit=4000) == ["x" * 4000, "x" * 4000, "x" * 1000]
    assert chunks("a\n" + "y" * 5000, limit=4000) == ["a", "y" * 4000, "y" * 1000]
