"""/consensus [group] [quorum <share>] [threshold <share>]: the rules of a body's decisions.

Without settings it shows the body's current rules (any member); with them it changes the
rules of new proposals — organisers for the community, a group's coordinator for their group.
"""

from __future__ import annotations

from fractions import Fraction

from telegram import Update

from bot.context import BotContext
from bot.decisions.rules import Rules, parse_share, share_text
from bot.decisions.service import DecisionError
from bot.i18n import _
from handlers.decisions import texts
from handlers.decisions.runtime import runtime
from handlers.kit.replies import reply, require_role
from models import Role

SETTINGS = {"quorum": "quorum", "кворум": "quorum", "threshold": "threshold", "порог": "threshold"}


def usage() -> str:
    return _(
        "Usage: /consensus [group] quorum <share> threshold <share>, e.g. "
        "/consensus Media quorum 60% threshold 3/4. A share is written as 60%, 3/4 or 0.6."
    )


def rules_text(body: str, rules: Rules) -> str:
    return _(
        "Decisions of {body}: quorum {quorum} of the members, consensus when Agree is at "
        "least {threshold} of the stances and nobody blocks."
    ).format(body=body, quorum=share_text(rules.quorum), threshold=share_text(rules.threshold))


def _split(arguments: list[str]) -> tuple[str, list[str]]:
    """The group's name or number (before the first setting word) and the settings."""
    for index, word in enumerate(arguments):
        if word.casefold() in SETTINGS:
            return " ".join(arguments[:index]), arguments[index:]
    return " ".join(arguments), []


def _settings(words: list[str]) -> dict[str, Fraction] | str:
    """{"quorum": share, "threshold": share}, or the translated reason they are not valid."""
    if len(words) % 2:
        return usage()
    found: dict[str, Fraction] = {}
    for name, value in zip(words[::2], words[1::2], strict=True):
        setting = SETTINGS.get(name.casefold())
        share = parse_share(value)
        if setting is None or setting in found:
            return usage()
        if share is None:
            return _(
                "«{value}» is not a valid share: write it as 60%, 3/4 or 0.6 "
                "(above 0, at most 100%)."
            ).format(value=value)
        found[setting] = share
    return found


@require_role(Role.MEMBER)
async def consensus(update: Update, context: BotContext) -> None:
    service = runtime(context.application).proposals
    group_text, words = _split(context.args or [])
    group = await service.groups.find(group_text) if group_text and service.groups else None
    if group_text and group is None:
        await reply(update, "\n".join([texts.refusal("unknown_group"), usage()]))
        return
    group_id = None if group is None else group.id
    body = texts.body_label(None if group is None else group.name)
    if not words:
        await reply(
            update, "\n\n".join([rules_text(body, await service.rules_for(group_id)), usage()])
        )
        return
    settings = _settings(words)
    if isinstance(settings, str):
        await reply(update, settings)
        return
    try:
        rules = await service.set_rules(context.me, group_id, **settings)
    except DecisionError as error:
        await reply(update, texts.refusal(error.code))
        return
    await reply(
        update,
        "\n".join([rules_text(body, rules), _("New proposals of this body follow these rules.")]),
    )
