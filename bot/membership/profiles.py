"""A member's profile as the questionnaire's answers: written from them when an application
is sent or a profile edited, read back as answers to edit it with the same questions."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core import expertise
from bot.db import Database
from bot.membership.questionnaire import Answers
from bot.membership.questions import OTHER
from models import ContactVisibility, MemberProfile, Person, utcnow


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
    assert person is not None
    person.region = answers["region"]


class Profiles:
    """Profiles kept as the answers to the questionnaire."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def save(self, person_id: int, answers: Answers) -> None:
        """Write the answers into the person's profile, region and areas of expertise."""
        await expertise.set_person_areas(
            self.db, person_id, [code for code in answers["areas"] if code != OTHER]
        )
        async with self.db.session() as session:
            await _write_profile(session, person_id, answers)

    async def answers(self, person_id: int) -> Answers | None:
        """A profile as questionnaire answers (to show or edit it); None without one."""
        async with self.db.session() as session:
            profile = await session.get(MemberProfile, person_id)
            person = await session.get(Person, person_id)
        if profile is None or person is None:
            return None
        areas = [area.code for area in await expertise.person_areas(self.db, person_id)]
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
