"""Every feature's personal data in one place, for /mydata and /deleteme (152-FZ).

Each feature's `personal.py` has `personal_data(db, person_id) -> list[Section]` (see
`bot.core.personal`) and `erase_personal_data(db, person_id)`; a new feature adds one line to
SOURCES. The export goes in the order of SOURCES, the erasure in the reverse order:
membership last, because it anonymises the person row the others still read.

`KEPT` is what /deleteme deliberately keeps: the columns that still point at the anonymised
person row, each with its reason (docs/privacy.md says the same). Nothing kept holds a name,
a username, a phone or a Telegram id; tests/core/test_erasure_scan.py scans every table of
the database after /deleteme and fails on anything else."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.broadcasts import personal as broadcasts
from bot.consultations import personal as consultations
from bot.core.personal import Section
from bot.db import Database
from bot.decisions import personal as decisions
from bot.groups import personal as working_groups
from bot.i18n import N_
from bot.meetings import personal as meetings
from bot.membership import personal as membership
from bot.outbox import personal as outbox

Export = Callable[[Database, int], Awaitable[list[Section]]]
Erase = Callable[[Database, int], Awaitable[None]]

SOURCES: tuple[tuple[str, Export, Erase], ...] = (
    (N_("Membership"), membership.personal_data, membership.erase_personal_data),
    (N_("Working groups"), working_groups.personal_data, working_groups.erase_personal_data),
    (N_("Decisions"), decisions.personal_data, decisions.erase_personal_data),
    (N_("Consultations"), consultations.personal_data, consultations.erase_personal_data),
    (N_("Meetings"), meetings.personal_data, meetings.erase_personal_data),
    (N_("News and announcements"), broadcasts.personal_data, broadcasts.erase_personal_data),
    (N_("Messages from the bot"), outbox.personal_data, outbox.erase_personal_data),
)

KEPT: dict[str, str] = {
    "person.id": "the anonymised person row itself: no names, username, language or region; "
    "its Telegram id is replaced by a negative placeholder",
    "audit_entry.actor_id": "the audit log keeps who did which admin action, as an id",
    "audit_entry.target_person_id": "the same, for whom it was done to (reasons erased)",
    "membership_application.decided_by_id": "another person's application keeps which "
    "organiser decided it",
    "proposal.proposer_id": "proposals are the community's record; they stay without the name",
    "proposal.reviewer_id": "the same, for the organiser who reviewed a proposal",
    "stance.person_id": "a stance in a closed decision stays as an anonymous count (its "
    "reason is erased); the body size and quorum were reckoned with it",
    "quick_poll.creator_id": "a quick poll stays in its chat; only its author may close it",
    "group_election.started_by_id": "a finished election stays as the group's record",
    "group_election.winner_id": "the same: who won, as an id",
    "group_candidate.person_id": "a candidacy in a finished election, its statement emptied",
    "group_vote.voter_id": "a vote in a finished election stays as an anonymous count",
    "group_vote.candidate_id": "the same, for votes the person received",
    "group_task.created_by_id": "a task is the group's, it stays without the name",
    "meeting.organiser_id": "a meeting stays (the community's record), without the name",
    "meeting_attendance.person_id": "the answer and rating of a meeting that took place stay "
    "as counts (the comment is erased)",
    "consultation.asker_id": "a question asked stays as a count with its rating; its text, "
    "file, region and thanks are erased",
    "announcement.author_id": "an announcement is the community's news; it stays without the "
    "author's name",
    "delivery.person_id": "a message the bot sent stays as a count in its broadcast's figures; "
    "the chat id is erased",
}


async def export(db: Database, person_id: int) -> list[tuple[str, list[Section]]]:
    """Everything kept about a person: each feature's title (a message id) and sections."""
    return [(title, await collect(db, person_id)) for title, collect, _erase in SOURCES]


async def erase(db: Database, person_id: int) -> None:
    """Destroy or anonymise a person's data in every feature (membership last)."""
    for _title, _collect, destroy in reversed(SOURCES):
        await destroy(db, person_id)
