"""/invite: a member's personal invitation link; the member hears when the person they
invited applies and when that person is admitted."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.i18n import _, use_locale
from bot.membership.applications import ApplicationView
from handlers.kit.replies import reply
from handlers.membership.notify import locale_of_chat, send
from models import ApplicationStatus

REFERRAL = "ref_"  # /start ref_<invitation code>


async def invite(update: Update, context: BotContext) -> None:
    """/invite: a member's personal link; whoever applies through it is shown as
    recommended by them."""
    code = await context.services.membership.invites.code(context.me.id)
    link = f"https://t.me/{context.bot.username}?start={REFERRAL}{code}"
    await reply(
        update,
        _(
            "Your personal invitation link: {link}\nWhoever applies through it is shown to "
            "the organisers as recommended by you, and you will hear when they apply and "
            "when they are admitted."
        ).format(link=link),
    )


async def tell_inviter(context: BotContext, view: ApplicationView) -> None:
    """The member who invited the applicant hears that they applied, or were admitted (a
    rejection is the applicant's own business)."""
    if view.status is ApplicationStatus.REJECTED:
        return
    inviter = await context.services.membership.invites.inviter_of(view.id)
    if inviter is None:
        return
    name = str(view.answers.get("full_name") or "—")
    with use_locale(await locale_of_chat(context, inviter.telegram_id)):
        if view.status is ApplicationStatus.APPROVED:
            text = _("The person you invited is now a member of the community: {name}.")
        else:
            text = _("The person you invited has applied for membership: {name}.")
    await send(context, inviter.telegram_id, text.format(name=name))
