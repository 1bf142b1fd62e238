"""A person's meetings data for /mydata and /deleteme (one line in bot/personal_data.py)."""

from __future__ import annotations

from sqlmodel import col, delete, or_, select

from bot.core.personal import Section, plain
from bot.db import Database
from bot.i18n import N_
from models import (
    Attendance,
    Meeting,
    MeetingSlot,
    MeetingSlotVote,
    MeetingStatus,
    SlotVote,
    utcnow,
)

MEETING, AT = N_("Meeting"), N_("When")


async def personal_data(db: Database, person_id: int) -> list[Section]:
    """/mydata: meetings organised, answers with feedback, and votes on candidate times."""
    async with db.session() as session:
        organised = await session.exec(select(Meeting).where(Meeting.organiser_id == person_id))
        answers = await session.exec(
            select(Meeting.title, Attendance)
            .join(Attendance, col(Attendance.meeting_id) == col(Meeting.id))
            .where(Attendance.person_id == person_id)
        )
        votes = await session.exec(
            select(Meeting.title, MeetingSlot.starts_at, MeetingSlotVote.vote)
            .join(MeetingSlot, col(MeetingSlot.meeting_id) == col(Meeting.id))
            .join(MeetingSlotVote, col(MeetingSlotVote.slot_id) == col(MeetingSlot.id))
            .where(MeetingSlotVote.person_id == person_id)
        )
        return [
            Section(N_("Meetings organised"), "meeting", [
                {MEETING: row.title, AT: plain(row.starts_at)} for row in organised
            ], headline=MEETING),
            Section(N_("Invitations to meetings"), "meeting_attendance", [
                {MEETING: title, N_("Answer"): plain(row.answer),
                 N_("Answered"): plain(row.answered_at), N_("Rating"): row.rating,
                 N_("Comment"): row.comment}
                for title, row in answers
            ], headline=MEETING),
            Section(N_("Votes on meeting times"), "meeting_slot_vote", [
                {MEETING: title, AT: plain(starts), N_("Vote"): plain(SlotVote(vote))}
                for title, starts, vote in votes
            ], headline=MEETING),
        ]  # fmt: skip


async def erase_personal_data(db: Database, person_id: int) -> None:
    """/deleteme: votes on times and invitations to meetings still ahead are deleted; for a
    meeting that took place the answer and rating stay as anonymous counts, the comment goes.
    Meetings they organised stay (the community's record), without their name."""
    now = utcnow()
    async with db.session() as session:
        await session.exec(
            delete(MeetingSlotVote).where(col(MeetingSlotVote.person_id) == person_id)
        )
        ahead = select(Meeting.id).where(
            or_(col(Meeting.starts_at) > now, col(Meeting.status) == MeetingStatus.POLLING)
        )
        await session.exec(
            delete(Attendance).where(
                col(Attendance.person_id) == person_id, col(Attendance.meeting_id).in_(ahead)
            )
        )
        for row in await session.exec(select(Attendance).where(Attendance.person_id == person_id)):
            row.comment = None
