"""Applications for membership: sent once at a time, reviewed, decided once (the first
organiser's decision counts); approval makes the applicant a member. Never imports telegram."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select

from bot.core import audit
from bot.core.errors import STALE, Refused
from bot.core.people import People, PersonView
from bot.db import Database
from bot.membership.audited import record_action
from bot.membership.chats import ChatSettings
from bot.membership.profiles import Profiles
from bot.membership.questionnaire import Answers
from bot.membership.refusals import (
    ALREADY_MEMBER,
    APPROVED_BY,
    GONE,
    REJECTED_BY,
    UNDER_REVIEW,
)
from models import ApplicationStatus, MembershipApplication, Person, Role, utcnow


@dataclass(frozen=True)
class ApplicationView:
    """An application with what a reviewer needs to see."""

    id: int
    status: ApplicationStatus
    person_id: int
    telegram_id: int
    username: str | None
    language: str | None
    answers: Answers
    submitted_at: datetime
    decided_by: str | None
    referrer: str | None
    reason: str | None
    cards: list[tuple[int, int]]

    @property
    def pending(self) -> bool:
        return self.status is ApplicationStatus.PENDING


def already_decided(view: ApplicationView) -> Refused:
    """Why a decided application takes no other decision: who decided it, and how."""
    reason = APPROVED_BY if view.status is ApplicationStatus.APPROVED else REJECTED_BY
    return Refused(reason, name=view.decided_by or "—")


class Applications:
    """Sending, reviewing and deciding applications."""

    def __init__(
        self, db: Database, *, people: People, profiles: Profiles, chats: ChatSettings
    ) -> None:
        self.db = db
        self.people = people
        self.profiles = profiles
        self.chats = chats

    async def check_can_apply(self, person_id: int) -> None:
        """A member does not apply, nor does someone whose application is under review."""
        latest = (
            select(MembershipApplication.status)
            .where(MembershipApplication.person_id == person_id)
            .order_by(col(MembershipApplication.id).desc())
            .limit(1)
        )
        async with self.db.session() as session:
            person = await session.get(Person, person_id)
            status = (await session.exec(latest)).first()
        assert person is not None
        if person.role.at_least(Role.MEMBER):
            raise Refused(ALREADY_MEMBER)
        if status is ApplicationStatus.PENDING:
            raise Refused(UNDER_REVIEW)

    async def submit(
        self, person_id: int, answers: Answers, *, referrer_id: int | None = None
    ) -> ApplicationView:
        """Save the answers as the profile and open an application for review."""
        await self.check_can_apply(person_id)
        await self.profiles.save(person_id, answers)
        async with self.db.session() as session:
            row = MembershipApplication(person_id=person_id, referrer_id=referrer_id)
            session.add(row)
            await session.flush()
            assert row.id is not None
            application_id = row.id
        return await self.get(application_id)

    async def get(self, application_id: int, *, missing: str = STALE) -> ApplicationView:
        """An application as reviewers see it; `Refused(missing)` when there is none."""
        async with self.db.session() as session:
            row = await session.get(MembershipApplication, application_id)
            if row is None:
                raise Refused(missing)
            person = await session.get(Person, row.person_id)
            decider = await session.get(Person, row.decided_by_id) if row.decided_by_id else None
            referrer = await session.get(Person, row.referrer_id) if row.referrer_id else None
        assert person is not None and row.id is not None
        return ApplicationView(
            id=row.id,
            status=row.status,
            person_id=row.person_id,
            telegram_id=person.telegram_id,
            username=person.username,
            language=person.language,
            answers=await self.profiles.answers(row.person_id) or {},
            submitted_at=row.submitted_at,
            decided_by=decider.display_name if decider else None,
            referrer=referrer.display_name if referrer else None,
            reason=row.reason,
            cards=[(int(chat), int(message)) for chat, message in row.cards],
        )

    async def pending(self, application_id: int, *, missing: str = GONE) -> ApplicationView:
        """An application still waiting for a decision (to ask its applicant a question)."""
        view = await self.get(application_id, missing=missing)
        if not view.pending:
            raise already_decided(view)
        return view

    async def own_pending(
        self, person_id: int, application_id: int, *, refusal: str = STALE
    ) -> ApplicationView:
        """The person's own application under review (they answer a question about it)."""
        view = await self.get(application_id, missing=refusal)
        if view.person_id != person_id or not view.pending:
            raise Refused(refusal)
        return view

    async def reviewer_chats(self) -> list[int]:
        """The review chat when one is set; otherwise every organiser privately."""
        review_chat = await self.chats.review_chat()
        if review_chat is not None:
            return [review_chat]
        organisers = await self.people.with_role_at_least(Role.ORGANISER)
        return [person.telegram_id for person in organisers]

    async def add_card(self, application_id: int, chat_id: int, message_id: int) -> None:
        """Remember a review card, to update it when someone decides."""
        async with self.db.session() as session:
            row = await session.get(MembershipApplication, application_id)
            if row is not None:
                row.cards = [*row.cards, [chat_id, message_id]]

    async def approve(self, actor: PersonView, application_id: int) -> ApplicationView:
        """Approve: the applicant becomes a member (audited; the menu follows through
        `People.on_role_change`)."""
        view = await self._decide(actor, application_id, ApplicationStatus.APPROVED, STALE)
        await self.people.set_role(actor=actor, telegram_id=view.telegram_id, role=Role.MEMBER)
        return view

    async def reject(self, actor: PersonView, application_id: int, reason: str) -> ApplicationView:
        """Reject with a reason the applicant will read."""
        return await self._decide(
            actor, application_id, ApplicationStatus.REJECTED, GONE, reason=reason
        )

    async def _decide(
        self,
        actor: PersonView,
        application_id: int,
        status: ApplicationStatus,
        missing: str,
        *,
        reason: str | None = None,
    ) -> ApplicationView:
        """Only the first decision counts: the update is conditional on the application still
        being pending, so two organisers cannot both decide; the second is refused."""
        async with self.db.session() as session:
            result = await session.exec(
                update(MembershipApplication)
                .where(
                    col(MembershipApplication.id) == application_id,
                    col(MembershipApplication.status) == ApplicationStatus.PENDING,
                )
                .values(status=status, decided_by_id=actor.id, decided_at=utcnow(), reason=reason)
            )
            decided = result.rowcount == 1
            if decided:
                person_id = (
                    await session.exec(
                        select(MembershipApplication.person_id).where(
                            MembershipApplication.id == application_id
                        )
                    )
                ).one()
                audit.record(
                    session,
                    actor_id=actor.id,
                    action=f"application.{status.value}",
                    target_person_id=person_id,
                    application=application_id,
                )
        view = await self.get(application_id, missing=missing)
        if not decided:
            raise already_decided(view)
        return view

    async def record_question(self, actor: PersonView, view: ApplicationView) -> None:
        """An organiser's question was sent to the applicant (audited)."""
        await record_action(
            self.db, actor, "application.question", view.person_id, application=view.id
        )
