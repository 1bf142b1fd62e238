"""/invite: a member's personal invitation link."""

from __future__ import annotations

from telegram import Update

from bot import membership
from bot.context import BotContext
from bot.i18n import _
from handlers.kit.replies import reply, require_role
from handlers.membership.apply import REFERRAL
from models import Role


@require_role(Role.MEMBER)
async def invite(update: Update, context: BotContext) -> None:
    """/invite: a member's personal link; whoever applies through it is shown as
    recommended by them."""
    code = await membership.invite_code(context.services.db, context.me.id)
    link = f"https://t.me/{context.bot.username}?start={REFERRAL}{code}"
    await reply(
        update,
        _(
            "Your personal invitation link: {link}\nWhoever applies through it is shown to "
            "the organisers as recommended by you."
        ).format(link=link),
    )
