"""Membership rules: submitting an application, deciding it once, the chats organisers set,
and the answers kept in a person's profile. Never imports telegram."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core import audit, expertise, state
from bot.core.people import PersonView
from bot.data.questionnaire import CONSENT_VERSION, OTHER
from bot.db import Database
from bot.questionnaire import Answers
from models import (
    ApplicationStatus,
    ContactVisibility,
    MemberProfile,
    MembershipApplication,
    MembershipInvite,
    Person,
    Role,
    utcnow,
)

SETTINGS = "membership"
REVIEW_CHAT = "review_chat"
COMMUNITY_CHAT = "community_chat"


class AlreadyApplied(Exception):
    """The person has an application under review, or is a member already."""


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


def new_consent() -> dict[str, str]:
    """The answer recorded when a person gives consent: which text, and when."""
    return {"version": CONSENT_VERSION, "at": utcnow().isoformat()}


def _profile_from(person_id: int, answers: Answers) -> MemberProfile:
    document = answers.get("document") or {}
    consent = answers["consent"]
    return MemberProfile(
        person_id=person_id,
        full_name=answers["full_name"],
        organisation=answers["organisation"],
        qualification=answers["qualification"],
        document_file_id=document.get("file_id"),
        document_kind=document.get("kind"),
        experience_years=int(answers["experience"]),
        expertise_other=answers.get("areas_other"),
        intentions=answers["intentions"],
        contact_visibility=ContactVisibility(answers["contact"]),
        phone=answers.get("phone") if answers["contact"] == ContactVisibility.PHONE else None,
        consent_version=consent["version"],
        consent_at=datetime.fromisoformat(consent["at"]),
    )


async def save_answers(db: Database, person_id: int, answers: Answers) -> None:
    """Write the answers into the person's profile, region and areas of expertise."""
    await expertise.set_person_areas(
        db, person_id, [code for code in answers["areas"] if code != OTHER]
    )
    async with db.session() as session:
        await _write_profile(session, person_id, answers)


async def _write_profile(session: AsyncSession, person_id: int, answers: Answers) -> None:
    fresh = _profile_from(person_id, answers)
    existing = await session.get(MemberProfile, person_id)
    if existing is None:
        session.add(fresh)
    else:
        for name, value in fresh.model_dump(exclude={"person_id"}).items():
            setattr(existing, name, value)
        existing.updated_at = utcnow()
    person = await session.get(Person, person_id)
    person.region = answers["region"]


async def load_answers(db: Database, person_id: int) -> Answers | None:
    """A profile as questionnaire answers (to edit it with the same questions)."""
    async with db.session() as session:
        profile = await session.get(MemberProfile, person_id)
        person = await session.get(Person, person_id)
    if profile is None or person is None:
        return None
    areas = [area.code for area in await expertise.person_areas(db, person_id)]
    if profile.expertise_other:
        areas.append(OTHER)
    answers: Answers = {
        "full_name": profile.full_name,
        "organisation": profile.organisation,
        "region": person.region,
        "qualification": profile.qualification,
        "document": (
            {"file_id": profile.document_file_id, "kind": profile.document_kind}
            if profile.document_file_id
            else None
        ),
        "experience": profile.experience_years,
        "areas": areas,
        "mission": True,
        "intentions": profile.intentions,
        "contact": profile.contact_visibility.value,
        "consent": {"version": profile.consent_version, "at": profile.consent_at.isoformat()},
    }
    if profile.expertise_other:
        answers["areas_other"] = profile.expertise_other
    if profile.phone:
        answers["phone"] = profile.phone
    return answers


async def latest_application(db: Database, person_id: int) -> MembershipApplication | None:
    statement = (
        select(MembershipApplication)
        .where(MembershipApplication.person_id == person_id)
        .order_by(col(MembershipApplication.id).desc())
        .limit(1)
    )
    async with db.session() as session:
        return (await session.exec(statement)).first()


async def submit(
    db: Database, person_id: int, answers: Answers, *, referrer_id: int | None = None
) -> int:
    """Save the answers and open an application for review; returns its id."""
    latest = await latest_application(db, person_id)
    async with db.session() as session:
        person = await session.get(Person, person_id)
    assert person is not None
    pending = latest is not None and latest.status is ApplicationStatus.PENDING
    if pending or person.role.at_least(Role.MEMBER):
        raise AlreadyApplied
    await save_answers(db, person_id, answers)
    async with db.session() as session:
        application = MembershipApplication(person_id=person_id, referrer_id=referrer_id)
        session.add(application)
        await session.flush()
        assert application.id is not None
        return application.id


async def application(db: Database, application_id: int) -> ApplicationView | None:
    async with db.session() as session:
        row = await session.get(MembershipApplication, application_id)
        if row is None:
            return None
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
        answers=await load_answers(db, row.person_id) or {},
        submitted_at=row.submitted_at,
        decided_by=decider.display_name if decider else None,
        referrer=referrer.display_name if referrer else None,
        reason=row.reason,
        cards=[(int(chat), int(message)) for chat, message in row.cards],
    )


async def add_card(db: Database, application_id: int, chat_id: int, message_id: int) -> None:
    """Remember a review card, to update it when someone decides."""
    async with db.session() as session:
        row = await session.get(MembershipApplication, application_id)
        if row is not None:
            row.cards = [*row.cards, [chat_id, message_id]]


async def decide(
    db: Database,
    application_id: int,
    *,
    actor_id: int,
    status: ApplicationStatus,
    reason: str | None = None,
) -> bool:
    """Approve or reject a pending application. Only the first decision counts: the update
    is conditional on the application still being pending, so two organisers cannot both
    decide. Returns whether this call decided it."""
    async with db.session() as session:
        result = await session.exec(
            update(MembershipApplication)
            .where(
                col(MembershipApplication.id) == application_id,
                col(MembershipApplication.status) == ApplicationStatus.PENDING,
            )
            .values(status=status, decided_by_id=actor_id, decided_at=utcnow(), reason=reason)
        )  # type: ignore[call-overload]
        if result.rowcount != 1:
            return False
        person_id = (
            await session.exec(
                select(MembershipApplication.person_id).where(
                    MembershipApplication.id == application_id
                )
            )
        ).one()
        audit.record(
            session,
            actor_id=actor_id,
            action=f"application.{status.value}",
            target_person_id=person_id,
            application=application_id,
        )
        return True


async def chat_setting(db: Database, name: str) -> int | None:
    value = await state.load(db, SETTINGS, name)
    return int(value) if value is not None else None


async def set_chat_setting(db: Database, name: str, chat_id: int, *, actor_id: int | None) -> None:
    """Set the review chat or the community chat (audited)."""
    await state.save(db, SETTINGS, name, chat_id)
    async with db.session() as session:
        audit.record(session, actor_id=actor_id, action=f"settings.{name}", chat=chat_id)


async def find_person(db: Database, reference: str) -> PersonView | None:
    """A person by Telegram id or @username, as organisers name them in commands."""
    reference = reference.strip()
    if reference.lstrip("-").isdigit():
        condition = col(Person.telegram_id) == int(reference)
    elif reference.startswith("@") and len(reference) > 1:
        condition = func.lower(col(Person.username)) == reference[1:].lower()
    else:
        return None
    async with db.session() as session:
        person = (await session.exec(select(Person).where(condition))).first()
    return PersonView.of(person) if person else None


async def record_action(
    db: Database, *, actor_id: int, action: str, person_id: int, **details: Any
) -> None:
    """An admin action with no change of its own to record (a revocation's reason, a
    question to an applicant)."""
    async with db.session() as session:
        audit.record(
            session, actor_id=actor_id, action=action, target_person_id=person_id, **details
        )


async def invite_code(db: Database, person_id: int) -> str:
    """A member's personal invitation code (made once, then the same)."""
    async with db.session() as session:
        invite = (
            await session.exec(
                select(MembershipInvite).where(MembershipInvite.person_id == person_id)
            )
        ).first()
        if invite is None:
            invite = MembershipInvite(code=secrets.token_urlsafe(12), person_id=person_id)
            session.add(invite)
        return invite.code


async def referrer_of(db: Database, code: str) -> int | None:
    """Who recommends, by an invitation code: only a current member counts."""
    async with db.session() as session:
        invite = await session.get(MembershipInvite, code)
        person = await session.get(Person, invite.person_id) if invite else None
    if person is None or not person.role.at_least(Role.MEMBER):
        return None
    return person.id
