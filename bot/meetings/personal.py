"""A person's meetings data for /mydata and /deleteme (one line in bot/personal_data.py)."""

from __future__ import annotations

from sqlmodel import col, delete, or_, select

from bot.db import Database
from models import (
    Attendance,
    Meeting,
    MeetingSlot,
    MeetingSlotVote,
    MeetingStatus,
    SlotVote,
    utcnow,
)


async def personal_data(db: Database, person_id: int) -> dict[str, object]:
    """/mydata: meetings organised, answers with feedback, and votes on candidate times."""
    async with db.session() as session:
        organised = list(
            await session.exec(
                select(Meeting.title, Meeting.starts_at).where(Meeting.organiser_id == person_id)
            )
        )
        answers = list(
            await session.exec(
                select(Meeting.title, Attendance)
                .join(Attendance, col(Attendance.meeting_id) == col(Meeting.id))
                .where(Attendance.person_id == person_id)
            )
        )
        votes = list(
            await session.exec(
                select(Meeting.title, MeetingSlot.starts_at, MeetingSlotVote.vote)
                .join(MeetingSlot, col(MeetingSlot.meeting_id) == col(Meeting.id))
                .join(MeetingSlotVote, col(MeetingSlotVote.slot_id) == col(MeetingSlot.id))
                .where(MeetingSlotVote.person_id == person_id)
            )
        )
    return {
        "meetings_organised": [
            {"title": title, "starts_at": starts.isoformat()} for title, starts in organised
        ],
        "invitations": [
            {
                "meeting": title,
                "answer": row.answer.value,
                "rating": row.rating,
                "comment": row.comment,
            }
            for title, row in answers
        ],
        "time_votes": [
            {"meeting": title, "time": starts.isoformat(), "vote": SlotVote(vote).value}
            for title, starts, vote in votes
        ],
    }


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
