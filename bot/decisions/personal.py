"""A person's own data in decisions: /mydata exports it, /deleteme erases it.

Proposals are the community's record and stay, without the proposer's name (the person row
is anonymised by membership). A stance in a closed decision stays as an anonymous count, its
reason is erased; a stance in a decision still open is withdrawn (they are no longer a
member). Priority points, quick-poll answers (which carry a name), the wish to follow new
proposals and the cards in their private chat are deleted. They are no longer responsible
for any plan item (nor in a proposal's or an item's history of responsible people)."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, delete, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core import state
from bot.core.people import PersonView
from bot.core.personal import Section, plain
from bot.db import Database
from bot.decisions.cards import FOLLOWERS_KIND
from bot.i18n import N_
from models import (
    CLOSED_STATES,
    Person,
    PlanItem,
    PlanItemChange,
    PollVote,
    PriorityPoint,
    Proposal,
    ProposalCard,
    QuickPoll,
    Stance,
    StoredState,
)

PROPOSAL, QUESTION = N_("Proposal"), N_("Question")


async def _telegram_id(db: Database, person_id: int) -> int:
    async with db.session() as session:
        person = await session.get(Person, person_id)
        return person.telegram_id if person else 0


async def personal_data(db: Database, person_id: int) -> list[Section]:
    """Proposals made or reviewed, stances with reasons, priority points, quick polls
    started and answered, following new proposals, the cards in their chat."""
    telegram_id = await _telegram_id(db, person_id)
    following = await state.load(db, FOLLOWERS_KIND, str(person_id))
    async with db.session() as session:
        proposals = await session.exec(
            select(Proposal).where(
                or_(col(Proposal.proposer_id) == person_id, col(Proposal.reviewer_id) == person_id)
            )
        )
        stances = await session.exec(
            select(Proposal.title, Stance)
            .join(Stance, col(Stance.proposal_id) == col(Proposal.id))
            .where(Stance.person_id == person_id)
        )
        points = await session.exec(
            select(PlanItem.title, PriorityPoint.points)
            .join(PriorityPoint, col(PriorityPoint.item_id) == col(PlanItem.id))
            .where(PriorityPoint.person_id == person_id)
        )
        polls = await session.exec(select(QuickPoll).where(QuickPoll.creator_id == person_id))
        answers = await session.exec(
            select(QuickPoll, PollVote)
            .join(PollVote, col(PollVote.poll_id) == col(QuickPoll.id))
            .where(PollVote.telegram_user_id == telegram_id)
        )
        items = [
            item
            for item in await session.exec(select(PlanItem).order_by(col(PlanItem.id)))
            if person_id in item.responsible_ids
        ]
        cards = await session.exec(
            select(Proposal.title)
            .join(ProposalCard, col(ProposalCard.proposal_id) == col(Proposal.id))
            .where(ProposalCard.chat_id == telegram_id)
        )
        return [
            Section(N_("Proposals"), "proposal", [
                {N_("Number"): row.id, N_("Title"): row.title, N_("State"): plain(row.state),
                 N_("Made by you"): row.proposer_id == person_id,
                 N_("Reviewed by you"): row.reviewer_id == person_id}
                for row in proposals
            ], headline=N_("Title")),
            Section(N_("Stances"), "stance", [
                {PROPOSAL: title, N_("Stance"): plain(row.kind), N_("Reason"): row.reason,
                 N_("When"): plain(row.updated_at)}
                for title, row in stances
            ], headline=PROPOSAL),
            Section(N_("Priority points"), "priority_point", [
                {N_("Plan item"): title, N_("Points"): n} for title, n in points
            ], headline=N_("Plan item")),
            Section(N_("Plan items you are responsible for"), "plan_item", [
                {N_("Number"): item.id, N_("Plan item"): item.title,
                 N_("State"): plain(item.status)}
                for item in items
            ], headline=N_("Plan item")),
            Section(N_("Quick polls started"), "quick_poll", [
                {QUESTION: poll.question} for poll in polls
            ], headline=QUESTION),
            Section(N_("Quick poll answers"), "poll_vote", [
                {QUESTION: poll.question, N_("Your name as shown"): vote.name,
                 N_("Answer"): [poll.options[i] for i in vote.option_ids if i < len(poll.options)]}
                for poll, vote in answers
            ], headline=QUESTION),
            Section(N_("Following new proposals"), "stored_state", [
                {N_("Every new proposal is sent to you"): True}
            ] if following else []),
            Section(N_("Proposal cards in your chat"), "proposal_card", [
                {PROPOSAL: title} for title in cards
            ], headline=PROPOSAL),
        ]  # fmt: skip


async def erase_personal_data(db: Database, person_id: int) -> None:
    """Withdraw open stances, anonymise closed ones; delete points, poll answers, the wish
    to follow new proposals and the cards in their chat."""
    telegram_id = await _telegram_id(db, person_id)
    async with db.session() as session:
        still_open = select(Proposal.id).where(col(Proposal.state).not_in(CLOSED_STATES))
        await session.exec(
            delete(Stance).where(
                col(Stance.person_id) == person_id, col(Stance.proposal_id).in_(still_open)
            )
        )
        for stance in await session.exec(select(Stance).where(Stance.person_id == person_id)):
            stance.reason = None
        await session.exec(delete(PriorityPoint).where(col(PriorityPoint.person_id) == person_id))
        await session.exec(delete(PollVote).where(col(PollVote.telegram_user_id) == telegram_id))
        await session.exec(delete(ProposalCard).where(col(ProposalCard.chat_id) == telegram_id))
        await session.exec(
            delete(StoredState).where(
                col(StoredState.kind) == FOLLOWERS_KIND, col(StoredState.key) == str(person_id)
            )
        )
    await _no_longer_responsible(db, person_id)


def _without(ids: Any, person_id: int) -> Any:
    """A list of responsible person ids without `person_id` (anything else as it was)."""
    return [one for one in ids if one != person_id] if isinstance(ids, list) else ids


async def _names(session: AsyncSession, ids: list[int]) -> str | None:
    """The names of the responsible people left, as the item and proposal show them."""
    people = [await session.get(Person, one) for one in ids]
    return ", ".join(PersonView.of(p).display_name for p in people if p is not None)[:200] or None


async def _no_longer_responsible(db: Database, person_id: int) -> None:
    """The person leaves every plan item's and proposal's responsible people, and the
    history of who was responsible."""
    async with db.session() as session:
        rows: list[PlanItem | Proposal] = [
            *await session.exec(select(PlanItem)),
            *await session.exec(select(Proposal)),
        ]
        for row in rows:
            if person_id in row.responsible_ids:
                row.responsible_ids = _without(row.responsible_ids, person_id)
                row.responsible = await _names(session, row.responsible_ids)
            if isinstance(row, Proposal) and row.changes and "responsible_ids" in row.changes:
                row.changes = {
                    **row.changes,
                    "responsible_ids": _without(row.changes["responsible_ids"], person_id),
                }
        for change in await session.exec(select(PlanItemChange)):
            steps = change.fields.get("responsible_ids")
            if isinstance(steps, list) and any(person_id in (s or []) for s in steps):
                change.fields = {
                    **change.fields,
                    "responsible_ids": [_without(step, person_id) for step in steps],
                }
