"""A person's own data in decisions: /mydata exports it, /deleteme erases it.

Proposals are the community's record and stay, without the proposer's name (the person row
is anonymised by membership). A stance in a closed decision stays as an anonymous count, its
reason is erased; a stance in a decision still open is withdrawn (they are no longer a
member). Priority points and quick-poll answers (which carry a name) are deleted."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, delete, select

from bot.db import Database
from models import (
    CLOSED_STATES,
    Person,
    PollVote,
    PriorityPoint,
    Proposal,
    ProposalState,
    QuickPoll,
    Stance,
)


async def personal_data(db: Database, person_id: int) -> dict[str, Any]:
    """Proposals made, stances with reasons, priority points and quick-poll answers."""
    async with db.session() as session:
        person = await session.get(Person, person_id)
        telegram_id = person.telegram_id if person else 0
        proposals = list(
            await session.exec(
                select(Proposal.title, Proposal.state).where(Proposal.proposer_id == person_id)
            )
        )
        stances = list(
            await session.exec(
                select(Proposal.title, Stance)
                .join(Stance, col(Stance.proposal_id) == col(Proposal.id))
                .where(Stance.person_id == person_id)
            )
        )
        points = list(
            await session.exec(
                select(PriorityPoint.item_id, PriorityPoint.points).where(
                    PriorityPoint.person_id == person_id
                )
            )
        )
        polls = list(
            await session.exec(
                select(QuickPoll.question, PollVote.option_ids)
                .join(PollVote, col(PollVote.poll_id) == col(QuickPoll.id))
                .where(PollVote.telegram_user_id == telegram_id)
            )
        )
    return {
        "proposals": [
            {"title": title, "state": ProposalState(state).value} for title, state in proposals
        ],
        "stances": [
            {"proposal": title, "stance": stance.kind.value, "reason": stance.reason}
            for title, stance in stances
        ],
        "priority_points": [{"plan_item": item, "points": n} for item, n in points],
        "quick_poll_answers": [
            {"question": question, "options": options} for question, options in polls
        ],
    }


async def erase_personal_data(db: Database, person_id: int) -> None:
    """Withdraw open stances, anonymise closed ones, delete points and poll answers."""
    async with db.session() as session:
        person = await session.get(Person, person_id)
        telegram_id = person.telegram_id if person else 0
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
