"""Maintaining the translation catalogues: compile, find untranslated messages, and keep the
English catalogues in step with the Russian ones.

    python -m bot.catalogues compile   # .mo beside every .po (the install step)
    python -m bot.catalogues check     # message ids in the code without a translation
    python -m bot.catalogues english   # en/<feature>.po mirrors ru/<feature>.po (source = English)
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.i18n import LOCALES_DIR, translations

SOURCE_PACKAGES = ("bot", "handlers", "models")
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}

MessageId = str | tuple[str, ...]
_FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # stable headers: no churn in git


def _po_files(locale: str = "*") -> list[Path]:
    return sorted(LOCALES_DIR.glob(f"{locale}/LC_MESSAGES/*.po"))


def compile_catalogues() -> list[Path]:
    """Write a .mo beside every .po."""
    written = []
    for po_path in _po_files():
        with po_path.open("rb") as handle:
            catalogue = read_po(handle, locale=po_path.parent.parent.name)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as handle:
            write_mo(handle, catalogue)
        written.append(mo_path)
    return written


def source_messages() -> Iterator[tuple[Path, int, MessageId]]:
    """Every translatable message in the code: file, line and message id."""
    root = LOCALES_DIR.parent
    for package in SOURCE_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            for line, message, _comments, _context in extract_from_file(
                "python", str(path), keywords=KEYWORDS
            ):
                yield path.relative_to(root), line, message


def untranslated(locale: str) -> list[str]:
    """Messages of the code with no translation in `locale`: 'file:line: id' each."""
    catalogue = translations(locale)._catalog
    missing = []
    for path, line, message in source_messages():
        key = (message[0], 0) if isinstance(message, tuple) else message
        if not catalogue.get(key):
            missing.append(
                f"{path}:{line}: {message[0] if isinstance(message, tuple) else message}"
            )
    return missing


def conflicts(locale: str) -> list[str]:
    """Message ids that two catalogues of one language translate differently (the merged
    catalogue would keep only one of them)."""
    seen: dict[str, tuple[str, object]] = {}
    found = []
    for po_path in _po_files(locale):
        with po_path.open("rb") as handle:
            catalogue = read_po(handle, locale=locale)
        for message in catalogue:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            first = seen.setdefault(key, (po_path.name, message.string))
            if first[1] != message.string:
                found.append(f"{key!r}: {first[0]} and {po_path.name} differ")
    return found


def mirror_english() -> list[Path]:
    """English is the source language: en/<feature>.po gets every id of ru/<feature>.po."""
    written = []
    for ru_path in _po_files("ru"):
        with ru_path.open("rb") as handle:
            russian = read_po(handle, locale="ru")
        english = Catalog(
            locale="en",
            project="community-bot",
            fuzzy=False,
            creation_date=_FIXED_DATE,
            revision_date=_FIXED_DATE,
        )
        for message in russian:
            if message.id:
                english.add(message.id, message.id)
        en_path = LOCALES_DIR / "en" / "LC_MESSAGES" / ru_path.name
        en_path.parent.mkdir(parents=True, exist_ok=True)
        with en_path.open("wb") as handle:
            write_po(handle, english, width=88, omit_header=False, no_location=True)
        written.append(en_path)
    return written


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "compile":
        print(f"compiled {len(compile_catalogues())} catalogues", file=sys.stderr)
    elif command == "english":
        print(f"wrote {len(mirror_english())} English catalogues", file=sys.stderr)
    elif command == "check":
        missing = untranslated("ru") + conflicts("ru")
        for line in missing:
            print(line)
        return 1 if missing else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
