"""Translations: catalogues per feature in locales/<lang>/LC_MESSAGES/*.po, the current
locale in a ContextVar (set per update), and Russian plural forms through ngettext.

Every feature keeps its own catalogue file (core.po, membership.po, ...); they are merged
into one translation per language at load time. A stale or missing .mo is compiled from its
.po in memory, so a fresh checkout always has working translations.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from bot.config import SUPPORTED_LOCALES

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
_RUSSIAN_FAMILY = {"ru", "uk", "be"}

_current_locale: ContextVar[str] = ContextVar("locale", default="ru")


def resolve_locale(saved: str | None, telegram_code: str | None, default: str) -> str:
    """The user's saved choice, else Telegram's language (ru/uk/be → ru, others → en)."""
    if saved in SUPPORTED_LOCALES:
        return saved
    if telegram_code:
        primary = telegram_code.split("-")[0].lower()
        return "ru" if primary in _RUSSIAN_FAMILY else "en"
    return default


def _compiled(po_path: Path) -> Translations:
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as handle:
            return Translations(handle, domain=po_path.stem)
    buffer = BytesIO()
    with po_path.open("rb") as handle:
        write_mo(buffer, read_po(handle, locale=po_path.parent.parent.name))
    buffer.seek(0)
    return Translations(buffer, domain=po_path.stem)


@cache
def translations(locale: str) -> NullTranslations:
    """All catalogues of one language merged into one translation (loaded once)."""
    merged: Translations | None = None
    for po_path in sorted((LOCALES_DIR / locale / "LC_MESSAGES").glob("*.po")):
        catalogue = _compiled(po_path)
        if merged is None:
            merged = catalogue
        else:
            merged.merge(catalogue)
    return merged or NullTranslations()


def current_locale() -> str:
    return _current_locale.get()


def set_locale(locale: str) -> None:
    """Make `locale` the language of everything rendered from now on in this context."""
    _current_locale.set(locale if locale in SUPPORTED_LOCALES else SUPPORTED_LOCALES[0])


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Render in another language for a moment (a message to someone else)."""
    token = _current_locale.set(locale if locale in SUPPORTED_LOCALES else SUPPORTED_LOCALES[0])
    try:
        yield
    finally:
        _current_locale.reset(token)


def gettext(message: str) -> str:
    return translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, count: int, **values: object) -> str:
    """The plural form of the current language for `count`, formatted with n=count."""
    form = translations(current_locale()).ngettext(singular, plural, count)
    return form.format(n=count, **values)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


_ = gettext
