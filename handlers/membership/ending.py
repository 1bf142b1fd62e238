"""A membership ends (/revoke, /deleteme): every feature's services end what the person could
do as a member (`MembershipEnd`), then every feature tells the people concerned, in the
order of the hooks in bot/services.py."""

from __future__ import annotations

from bot.context import BotContext
from bot.core.people import PersonView
from bot.membership.ending import Ended
from handlers import consultations, decisions, groups

TELLERS = (consultations.tell_ended, decisions.tell_ended, groups.tell_ended)


async def tell_ended(context: BotContext, ended: Ended) -> None:
    """Each feature tells about what it ended."""
    for tell in TELLERS:
        await tell(context, ended)


async def end_membership(context: BotContext, person: PersonView) -> None:
    """End what `person` could do as a member and tell whom it concerns (/deleteme)."""
    await tell_ended(context, await context.services.membership.ending.end(person))
