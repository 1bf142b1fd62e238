"""/invite: a member's personal invitation link."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.i18n import _
from handlers.kit.replies import reply
from handlers.membership.apply import REFERRAL


async def invite(update: Update, context: BotContext) -> None:
    """/invite: a member's personal link; whoever applies through it is shown as
    recommended by them."""
    code = await context.services.membership.invites.code(context.me.id)
    link = f"https://t.me/{context.bot.username}?start={REFERRAL}{code}"
    await reply(
        update,
        _(
            "Your personal invitation link: {link}\nWhoever applies through it is shown to "
            "the organisers as recommended by you."
        ).format(link=link),
    )
