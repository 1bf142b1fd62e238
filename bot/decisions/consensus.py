"""The quorum and threshold of each body, set with /consensus and stored with every new
proposal (so changing them never changes a running decision)."""

from __future__ import annotations

from fractions import Fraction

from bot.core import audit, state
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.db import Database
from bot.decisions.bodies import Bodies
from bot.decisions.refusals import (
    BAD_SHARE,
    CONSENSUS_USAGE,
    NOT_A_SHARE,
    NOT_RULE_SETTER,
    UNKNOWN_GROUP,
)
from bot.decisions.rules import Rules, parse_share
from models import Role

RULES_KIND = "decisions.rules"
COMMUNITY_KEY = "community"
SETTINGS = {"quorum": "quorum", "кворум": "quorum", "threshold": "threshold", "порог": "threshold"}


def _key(group_id: int | None) -> str:
    return COMMUNITY_KEY if group_id is None else f"group.{group_id}"


def _stored(value: object, default: Rules) -> Rules:
    """Rules kept in StoredState as {"quorum": [n, d], "threshold": [n, d]}."""
    if not isinstance(value, dict):
        return default
    return Rules(
        quorum=Fraction(*value["quorum"]) if "quorum" in value else default.quorum,
        threshold=Fraction(*value["threshold"]) if "threshold" in value else default.threshold,
    )


def split_arguments(arguments: list[str]) -> tuple[str, list[str]]:
    """/consensus's words: the group's name or number (before the first setting word) and
    the settings."""
    for index, word in enumerate(arguments):
        if word.casefold() in SETTINGS:
            return " ".join(arguments[:index]), arguments[index:]
    return " ".join(arguments), []


def parse_settings(words: list[str]) -> dict[str, Fraction]:
    """{"quorum": share, "threshold": share} from `quorum 60% threshold 3/4` (or the Russian
    words); `Refused` with the usage or the share that is not valid."""
    if len(words) % 2:
        raise Refused(CONSENSUS_USAGE)
    found: dict[str, Fraction] = {}
    for name, value in zip(words[::2], words[1::2], strict=True):
        setting = SETTINGS.get(name.casefold())
        share = parse_share(value)
        if setting is None or setting in found:
            raise Refused(CONSENSUS_USAGE)
        if share is None:
            raise Refused(NOT_A_SHARE, value=value)
        found[setting] = share
    return found


class BodyRules:
    """The rules of each body: as set by /consensus, else the defaults."""

    def __init__(self, db: Database, bodies: Bodies, *, defaults: Rules | None = None) -> None:
        self.db = db
        self.bodies = bodies
        self.defaults = defaults or Rules()

    async def rules_for(self, group_id: int | None) -> Rules:
        return _stored(await state.load(self.db, RULES_KIND, _key(group_id)), self.defaults)

    async def may_set(self, person: PersonView, group_id: int | None) -> bool:
        """Organisers set the community's rules (and any group's); a coordinator their group's."""
        return person.role.at_least(Role.ORGANISER) or await self.bodies.coordinates(
            person, group_id
        )

    async def set_rules(
        self,
        person: PersonView,
        group_id: int | None,
        *,
        quorum: Fraction | None = None,
        threshold: Fraction | None = None,
    ) -> Rules:
        """Change a body's quorum and/or threshold; new proposals of that body get them."""
        if group_id is not None and await self.bodies.group(group_id) is None:
            raise Refused(UNKNOWN_GROUP)
        if not await self.may_set(person, group_id):
            raise Refused(NOT_RULE_SETTER)
        for value in (quorum, threshold):
            if value is not None and not 0 < value <= 1:
                raise Refused(BAD_SHARE)
        current = await self.rules_for(group_id)
        rules = Rules(quorum=quorum or current.quorum, threshold=threshold or current.threshold)
        stored = {
            "quorum": [rules.quorum.numerator, rules.quorum.denominator],
            "threshold": [rules.threshold.numerator, rules.threshold.denominator],
        }
        await state.save(self.db, RULES_KIND, _key(group_id), stored)
        async with self.db.session() as session:
            audit.record(
                session,
                actor_id=person.id,
                action="decision.rules",
                group=group_id,
                quorum=stored["quorum"],
                threshold=stored["threshold"],
            )
        return rules
