"""Once a question is accepted: where messages go, contacts, closing, reminders, and who
takes questions at all (/available)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.consultations.queries import claim, ids_of, view_of
from bot.consultations.refusals import STALE
from bot.consultations.rules import Rules
from bot.consultations.views import Availability, ConsultationView, Contacts, Destination, Party
from bot.core import expertise
from bot.core.errors import Refused
from bot.db import Database
from models import (
    ConsultantStatus,
    Consultation,
    ConsultationStatus,
    Person,
    RelayedMessage,
    utcnow,
)

ACTIVE = col(Consultation.status) == ConsultationStatus.ACTIVE


def _of(person_id: int) -> ColumnElement[bool]:
    """The consultations a person asked or advises in."""
    return or_(col(Consultation.asker_id) == person_id, col(Consultation.expert_id) == person_id)


class Talks:
    """The conversation between an asker and their expert."""

    def __init__(self, db: Database, rules: Rules) -> None:
        self.db = db
        self.rules = rules

    async def toggle_available(self, person_id: int) -> Availability:
        """Switch whether questions are offered to a person; the new state and their areas."""
        async with self.db.session() as session:
            row = await session.get(ConsultantStatus, person_id)
            if row is None:
                row = ConsultantStatus(person_id=person_id, available=True)
                session.add(row)
            row.available = not row.available
            row.updated_at = utcnow()
            available = row.available
        areas = await expertise.person_areas(self.db, person_id)
        return Availability(available, tuple(areas))

    async def region_of(self, person_id: int) -> str | None:
        """The region of a person's profile (a code of bot.core.regions)."""
        async with self.db.session() as session:
            person = await session.get(Person, person_id)
            return None if person is None else person.region

    async def of_person(self, person_id: int, *, open_only: bool = False) -> list[ConsultationView]:
        """A person's consultations as asker or expert, newest first."""
        async with self.db.session() as session:
            return await self._of_person(session, person_id, open_only=open_only)

    async def open_for(self, consultation_id: int, person_id: int) -> ConsultationView:
        """An open consultation of this person between members (anything else: STALE)."""
        async with self.db.session() as session:
            consultation = await session.get(Consultation, consultation_id)
            view = None if consultation is None else await view_of(session, consultation)
        if view is None or not (view.is_open and view.involves(person_id) and view.between_members):
            raise Refused(STALE)
        return view

    async def destination(
        self, person_id: int, chat_id: int, replied_message_id: int | None
    ) -> Destination:
        """Where a message of this person may go (see `Destination`): never to or from
        someone who is no longer a member."""
        async with self.db.session() as session:
            views = [
                view
                for view in await self._of_person(session, person_id, open_only=True)
                if view.between_members
            ]
            replied_to = None
            if views and replied_message_id is not None:
                replied_to = (
                    await session.exec(
                        select(RelayedMessage.consultation_id).where(
                            RelayedMessage.chat_id == chat_id,
                            RelayedMessage.message_id == replied_message_id,
                        )
                    )
                ).first()
        return Destination({view.id: view for view in views}, replied_to)

    async def remember(
        self,
        consultation_id: int,
        messages: Iterable[tuple[int, int]],
        *,
        sender_id: int | None = None,
        now: datetime | None = None,
    ) -> None:
        """Messages of the bot (chat id, message id) that a reply may refer to: notices of the
        consultation, or what `sender_id` wrote relayed to the other side (then the other side
        owes an answer)."""
        now = now or utcnow()
        async with self.db.session() as session:
            if sender_id is not None:
                consultation = await session.get(Consultation, consultation_id)
                assert consultation is not None
                consultation.last_message_at = now
                consultation.last_sender_id = sender_id
                consultation.reminded_at = None
            session.add_all(
                RelayedMessage(
                    consultation_id=consultation_id,
                    chat_id=chat_id,
                    message_id=message_id,
                    created_at=now,
                )
                for chat_id, message_id in messages
            )

    async def share_contacts(self, consultation_id: int, person_id: int) -> Contacts:
        """One side agrees to exchange contacts (not a side of an open consultation between
        members: STALE)."""
        view = await self.open_for(consultation_id, person_id)
        async with self.db.session() as session:
            consultation = await session.get(Consultation, view.id)
            assert consultation is not None
            if person_id == consultation.asker_id:
                consultation.asker_shares_contact = True
            else:
                consultation.expert_shares_contact = True
            both = consultation.asker_shares_contact and consultation.expert_shares_contact
            return Contacts(both, await view_of(session, consultation))

    async def close(
        self, consultation_id: int, person_id: int, now: datetime | None = None
    ) -> ConsultationView:
        """Either side closes an open consultation (anything else: STALE)."""
        async with self.db.session() as session:
            view = await self._close(session, consultation_id, person_id, now or utcnow())
        if view is None:
            raise Refused(STALE)
        return view

    async def due_reminders(
        self, now: datetime | None = None
    ) -> list[tuple[ConsultationView, Party]]:
        """Open consultations whose last message waits for an answer for too long: who to
        remind (once per unanswered message)."""
        now = now or utcnow()
        statement = select(Consultation).where(
            ACTIVE,
            col(Consultation.last_message_at) <= now - self.rules.reminder,
            col(Consultation.reminded_at).is_(None),
        )
        due = []
        async with self.db.session() as session:
            for consultation in await session.exec(statement):
                consultation.reminded_at = now
                view = await view_of(session, consultation)
                assert consultation.last_sender_id is not None
                waiting = view.other_side(consultation.last_sender_id)
                if waiting is not None:
                    due.append((view, waiting))
        return due

    async def close_abandoned(self, now: datetime | None = None) -> list[ConsultationView]:
        """Close open consultations with no message for `abandon_days`."""
        now = now or utcnow()
        last_activity = func.coalesce(Consultation.last_message_at, Consultation.accepted_at)
        async with self.db.session() as session:
            ids = await ids_of(session, ACTIVE, last_activity <= now - self.rules.abandoned)
            closed = [await self._close(session, i, None, now) for i in ids]
        return [view for view in closed if view is not None]

    async def _of_person(
        self, session: AsyncSession, person_id: int, *, open_only: bool
    ) -> list[ConsultationView]:
        statement = (
            select(Consultation)
            .where(_of(person_id), *([ACTIVE] if open_only else []))
            .order_by(col(Consultation.id).desc())
            .limit(30)
        )
        return [await view_of(session, row) for row in list(await session.exec(statement))]

    async def _close(
        self, session: AsyncSession, consultation_id: int, person_id: int | None, now: datetime
    ) -> ConsultationView | None:
        """Close an open consultation (by either side, or by the bot when `person_id` is None)."""
        conditions = [ACTIVE] if person_id is None else [ACTIVE, _of(person_id)]
        consultation = await claim(
            session, consultation_id, conditions, status=ConsultationStatus.CLOSED, closed_at=now
        )
        return None if consultation is None else await view_of(session, consultation)
