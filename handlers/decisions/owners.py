"""/plan by owner: `/plan owner` offers the members responsible for an item as buttons,
`/plan @username` (or `#<Telegram id>`) names one; either shows that member's items."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.core.text import shorten
from bot.i18n import _
from handlers.decisions.buttons import PLAN_OWNER
from handlers.decisions.plan_view import show_view
from handlers.kit.replies import pressed, reply

OWNER_WORDS = ("owner", "ответственный", "ответственные")
SHOWN_OWNERS = 50  # buttons at most; the others are named with /plan @username


def names_an_owner(word: str) -> bool:
    return word.startswith(("@", "#")) and len(word) > 1


async def choose_owner(update: Update, context: BotContext, group: int) -> None:
    """The members responsible for an item of the body, a button each."""
    owners = await context.services.decisions.plan.owners(group or None)
    if not owners:
        await reply(update, _("Nobody is responsible for a plan item yet."))
        return
    rows = [
        [
            InlineKeyboardButton(
                shorten(person.display_name, 40), callback_data=PLAN_OWNER(group, person.id, 0)
            )
        ]
        for person in owners[:SHOWN_OWNERS]
    ]
    text = _("Whose items? Choose who is responsible, or write /plan @username.")
    await reply(update, text, reply_markup=InlineKeyboardMarkup(rows))


async def show_named(update: Update, context: BotContext, reference: str, group: int) -> None:
    """/plan @username: the items that member is responsible for."""
    owner = await context.services.decisions.plan.owner(reference)
    await show_view(update, context, group, 0, owner=owner)


async def turn_owner(update: Update, context: BotContext) -> None:
    """A member chosen under /plan owner, or ‹ › under their items (the id checked again)."""
    group, person_id, number = PLAN_OWNER.decode(pressed(update).data)
    owner = await context.services.decisions.plan.owner(person_id)
    await show_view(update, context, group, number, owner=owner)
