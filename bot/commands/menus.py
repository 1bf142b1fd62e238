"""The command menus Telegram shows next to the input field, per language and scope."""

from __future__ import annotations

import hashlib
import json
import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import TelegramError

from bot.commands.catalogue import CommandCatalogue, CommandSpec
from bot.config import SUPPORTED_LOCALES
from bot.core import state
from bot.core.people import PersonView
from bot.i18n import use_locale
from bot.services import Services
from models import Role

logger = logging.getLogger(__name__)


def _bot_commands(specs: list[CommandSpec], locale: str) -> list[BotCommand]:
    with use_locale(locale):
        return [BotCommand(spec.name, CommandCatalogue.describe(spec)) for spec in specs]


def menus_digest(catalogue: CommandCatalogue) -> str:
    """Changes whenever a command, its role or its wording changes."""
    menus = {
        f"{role}:{locale}": [
            c.to_dict() for c in _bot_commands(catalogue.for_private(role, menu_only=True), locale)
        ]
        for role in Role
        for locale in SUPPORTED_LOCALES
    }
    return hashlib.sha256(json.dumps(menus, sort_keys=True).encode()).hexdigest()


async def publish_default_menus(bot: Bot, services: Services) -> None:
    """Newcomers' menu for private chats and the group menu, in every language."""
    catalogue = services.commands
    private = catalogue.for_private(Role.APPLICANT, menu_only=True)
    groups = catalogue.for_groups(Role.APPLICANT, menu_only=True)
    for locale in SUPPORTED_LOCALES:
        await bot.set_my_commands(
            _bot_commands(private, locale), BotCommandScopeAllPrivateChats(), locale
        )
        await bot.set_my_commands(
            _bot_commands(groups, locale), BotCommandScopeAllGroupChats(), locale
        )
    default = services.settings.default_locale
    await bot.set_my_commands(_bot_commands(private, default), BotCommandScopeAllPrivateChats())
    await bot.set_my_commands(_bot_commands(groups, default), BotCommandScopeAllGroupChats())


async def refresh_person_menu(bot: Bot, services: Services, person: PersonView) -> None:
    """A person's own menu: the commands of their role, in their language."""
    locale = services.settings.locale_for(person.language)
    specs = services.commands.for_private(person.role, menu_only=True)
    try:
        await bot.set_my_commands(
            _bot_commands(specs, locale), BotCommandScopeChat(person.telegram_id)
        )
    except TelegramError as error:  # never started the bot, or blocked it
        logger.info("menu of person %s not set: %s", person.id, error)


async def sync_member_menus(bot: Bot, services: Services) -> int:
    """After the commands changed, give every member their menu again. Returns how many."""
    digest = menus_digest(services.commands)
    if await state.load(services.db, "menus", "digest") == digest:
        return 0
    people = await services.people.with_role_at_least(Role.MEMBER)
    for person in people:
        await refresh_person_menu(bot, services, person)
    await state.save(services.db, "menus", "digest", digest)
    return len(people)
