"""How a feature declares what it handles. Each handler package has one
``register(setup: Setup)``; `handlers/__init__.py` calls them in order.

A command is declared once, with its handler, its description for /help and the menus, and
the least role that may use it; the same role guards the handler::

    setup.command("plan", plan.show_plan, N_("the action plan"), role=Role.MEMBER)
    setup.button(CARD, listing.open_card, role=Role.MEMBER)

Every guarded callback also turns a `Refused` raised by a service into the translated
explanation (an alert for a button) and leaves everything as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any, TypedDict, Unpack

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler
from telegram.ext.filters import BaseFilter

from bot.commands.catalogue import CommandSpec, Where
from bot.context import BotContext, CommunityApplication
from bot.core.callbacks import CallbackAction
from bot.core.errors import Refused
from bot.services import Services
from handlers.kit.incoming import NEW
from handlers.kit.replies import ask_to_start, refuse, role_refusal
from models import Role

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]
Handler = BaseHandler[Update, BotContext, Any]


class CommandOptions(TypedDict, total=False):
    """How a command is offered: the least role, where, whether in the menu, a filter."""

    role: Role
    where: Where
    in_menu: bool
    filters: BaseFilter | None


def guard(callback: Callback, role: Role = Role.APPLICANT) -> Callback:
    """Run `callback` only for people who have started the bot and whose role is at least
    `role`; a `Refused` from it is explained. Refused by role inside a dialogue, the dialogue
    ends; refused by a rule, it stays where it was. Someone who has not started the bot (and
    so is not stored) is asked to start it."""

    @wraps(callback)
    async def guarded(update: Update, context: BotContext) -> Any:
        person, user = context.person, update.effective_user
        if person is None and user is not None and not user.is_bot:
            await ask_to_start(update)
            return ConversationHandler.END
        if role is not Role.APPLICANT and (person is None or not person.role.at_least(role)):
            await refuse(update, role_refusal(role, person.role if person else None))
            return ConversationHandler.END
        try:
            return await callback(update, context)
        except Refused as error:
            await refuse(update, error)
            return None

    return guarded


class Setup:
    """Registers one feature's handlers on the application and its commands in the catalogue."""

    def __init__(self, application: CommunityApplication) -> None:
        self.application = application

    @property
    def services(self) -> Services:
        return self.application.services

    def add(self, handler: Handler, group: int = 0) -> None:
        self.application.add_handler(handler, group=group)

    def command_handler(
        self,
        name: str,
        callback: Callback,
        description: str | None,
        *,
        role: Role = Role.APPLICANT,
        where: Where = Where.PRIVATE,
        in_menu: bool = True,
        filters: BaseFilter | None = None,
    ) -> CommandHandler[BotContext, Any]:
        """A guarded /`name` handler, for a dialogue's entry points; `description` (marked
        with N_) lists it in /help and the menus, None keeps it out (an alias, a fallback).
        It takes new messages only: an edited command does nothing (`incoming`)."""
        if description is not None:
            self.services.commands.add(
                CommandSpec(name, description, min_role=role, where=where, in_menu=in_menu)
            )
        accepted = NEW if filters is None else NEW & filters
        return CommandHandler(name, guard(callback, role), filters=accepted)

    def command(
        self,
        name: str,
        callback: Callback,
        description: str | None,
        *,
        group: int = 0,
        **options: Unpack[CommandOptions],
    ) -> None:
        """Declare and register a command (see `command_handler`)."""
        self.add(self.command_handler(name, callback, description, **options), group)

    def button_handler(
        self, action: CallbackAction, callback: Callback, *, role: Role = Role.APPLICANT
    ) -> CallbackQueryHandler[BotContext, Any]:
        """A guarded handler of one kind of button (its data matched by the codec)."""
        return CallbackQueryHandler(guard(callback, role), pattern=action.pattern)

    def button(
        self,
        action: CallbackAction,
        callback: Callback,
        *,
        role: Role = Role.APPLICANT,
        group: int = 0,
    ) -> None:
        self.add(self.button_handler(action, callback, role=role), group)
