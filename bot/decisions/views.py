"""What the decisions services take and give: a draft to submit, and snapshots of what
was read or done, safe to keep after the session (plain values, proposals as read)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.core.people import PersonView
from bot.decisions.applying import Applied
from bot.decisions.rules import DeadlineStep, Rules, Tally
from models import Proposal, ProposalKind, StanceKind


@dataclass(frozen=True)
class Draft:
    kind: ProposalKind
    title: str
    description: str
    changes_item: str | None = None
    responsible: str | None = None
    due_date: date | None = None
    working_group_id: int | None = None
    plan_item_id: int | None = None
    responsible_ids: tuple[int, ...] = ()
    changes: dict[str, Any] | None = None

    @classmethod
    def review_of(cls, decision: Proposal) -> Draft:
        """The review of `decision` on its review date: does it still hold? Accepting it
        changes nothing in the plan (it only confirms the decision)."""
        return cls(
            kind=ProposalKind.REVIEW,
            title=decision.title,
            description=decision.description,
            working_group_id=decision.working_group_id,
        )

    def proposal(self, proposer_id: int, rules: Rules | None = None, **values: Any) -> Proposal:
        """A proposal of this draft by `proposer_id`, to be decided by `rules` (`values`:
        its other columns)."""
        if rules is not None:
            values.update(
                quorum_numerator=rules.quorum.numerator,
                quorum_denominator=rules.quorum.denominator,
                threshold_numerator=rules.threshold.numerator,
                threshold_denominator=rules.threshold.denominator,
            )
        return Proposal(
            kind=self.kind,
            title=self.title,
            description=self.description,
            changes_item=self.changes_item,
            plan_item_id=self.plan_item_id,
            responsible=self.responsible,
            responsible_ids=list(self.responsible_ids),
            changes=self.changes,
            due_date=self.due_date,
            proposer_id=proposer_id,
            working_group_id=self.working_group_id,
            **values,
        )


@dataclass(frozen=True)
class StanceLine:
    person_id: int
    name: str
    kind: StanceKind
    reason: str | None


@dataclass(frozen=True)
class Card:
    """A proposal as its card shows it: the stances of the current body, their tally, and
    the name of the working group that decides (None for the community or once archived)."""

    proposal: Proposal
    stances: list[StanceLine]
    tally: Tally
    group: str | None


@dataclass(frozen=True)
class StanceResult:
    """A stance recorded. `blocked`: the proposer to tell, when this stance is a new Block
    on someone else's proposal."""

    proposal: Proposal
    previous: StanceKind | None
    kind: StanceKind
    blocked: PersonView | None = None


@dataclass(frozen=True)
class DeadlineResult:
    """What the deadline did: extended (remind these people) or closed with a state."""

    proposal: Proposal
    step: DeadlineStep
    tally: Tally
    to_remind: list[PersonView]


@dataclass(frozen=True)
class Closed:
    """A closed proposal and whom to tell: its card, the body's chat, the proposer and the
    coordinators who are asked for the written outcome."""

    card: Card
    chat_id: int | None
    proposer: PersonView | None
    coordinators: list[PersonView]
    applied: Applied = field(default_factory=Applied)


@dataclass(frozen=True)
class Overview:
    """/proposals for one person: open proposals they may see (with the deciding group's
    name), those awaiting their review, the latest decided, and whether they follow."""

    open: list[tuple[Proposal, str | None]]
    waiting: list[Proposal]
    recent: list[Proposal]
    following: bool


@dataclass(frozen=True)
class AuthorLeft:
    """The open proposals of someone who is no longer a member, now withdrawn (their bodies
    are told)."""

    opened: list[Proposal]
