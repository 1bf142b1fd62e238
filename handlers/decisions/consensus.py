"""/consensus [group] [quorum <share>] [threshold <share>]: the rules of a body's decisions.

Without settings it shows the body's current rules (any member); with them it changes the
rules of new proposals — organisers for the community, a group's coordinator for their group.
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.decisions.consensus import parse_settings, split_arguments
from bot.decisions.refusals import CONSENSUS_USAGE, UNKNOWN_GROUP
from bot.decisions.rules import Rules, share_text
from bot.i18n import _
from handlers.decisions import texts
from handlers.kit.replies import reply


def rules_text(body: str, rules: Rules) -> str:
    return _(
        "Decisions of {body}: quorum {quorum} of the members, consensus when Agree is at "
        "least {threshold} of the stances and nobody blocks."
    ).format(body=body, quorum=share_text(rules.quorum), threshold=share_text(rules.threshold))


async def consensus(update: Update, context: BotContext) -> None:
    decisions = context.services.decisions
    group_text, words = split_arguments(context.args or [])
    group = await decisions.bodies.find_group(group_text) if group_text else None
    if group_text and group is None:
        await reply(update, "\n".join([_(UNKNOWN_GROUP), _(CONSENSUS_USAGE)]))
        return
    group_id = None if group is None else group.id
    body = texts.body_label(None if group is None else group.name)
    if not words:
        current = await decisions.consensus.rules_for(group_id)
        await reply(update, "\n\n".join([rules_text(body, current), _(CONSENSUS_USAGE)]))
        return
    rules = await decisions.consensus.set_rules(context.me, group_id, **parse_settings(words))
    await reply(
        update,
        "\n".join([rules_text(body, rules), _("New proposals of this body follow these rules.")]),
    )
