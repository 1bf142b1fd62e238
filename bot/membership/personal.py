"""A person's own data in membership: /mydata exports it, /deleteme erases it (152-FZ:
withdrawing consent destroys the data; the audit log keeps only ids)."""

from __future__ import annotations

import json

from sqlalchemy import ColumnElement, update
from sqlmodel import col, delete, or_, select

from bot.core import audit, expertise, regions
from bot.core.personal import Named, Record, Section, plain
from bot.db import Database
from bot.i18n import N_
from models import (
    AuditEntry,
    ContactRequest,
    MemberProfile,
    MembershipApplication,
    MembershipInvite,
    Person,
    PersonExpertise,
    PersonStatus,
    Role,
    StoredState,
    utcnow,
)

WHEN, STATE, FULL_NAME = N_("When"), N_("State"), N_("Full name")


def _telegram_keys(telegram_id: int) -> ColumnElement[bool]:
    """Stored values keyed by the person's Telegram id (their user data, their private
    chat's data, their dialogues' states)."""
    return or_(
        col(StoredState.key) == str(telegram_id),
        col(StoredState.key).startswith(f"{telegram_id},"),
        col(StoredState.key).endswith(f",{telegram_id}"),
    )


def _account(person: Person) -> Record:
    region = regions.BY_CODE.get(person.region or "")
    return {
        N_("Telegram id"): person.telegram_id, N_("First name"): person.first_name,
        N_("Last name"): person.last_name, N_("Username"): person.username,
        N_("Language"): person.language,
        N_("Region"): Named(region.ru, region.en) if region else person.region,
        N_("Role"): plain(person.role), STATE: plain(person.status),
        N_("First seen"): plain(person.created_at), N_("Changed"): plain(person.updated_at),
    }  # fmt: skip


def _profile(profile: MemberProfile) -> Record:
    return {
        FULL_NAME: profile.full_name, N_("Organisation and position"): profile.organisation,
        N_("Qualification"): profile.qualification,
        N_("Document attached"): profile.document_file_id is not None,
        N_("Years of experience"): profile.experience_years,
        N_("Other area"): profile.expertise_other,
        N_("Intentions and resources"): profile.intentions,
        N_("Contacts in the directory"): plain(profile.contact_visibility),
        N_("Phone"): profile.phone, N_("Consent version"): profile.consent_version,
        N_("Consent given"): plain(profile.consent_at), N_("Changed"): plain(profile.updated_at),
    }  # fmt: skip


async def personal_data(db: Database, person_id: int) -> list[Section]:
    """The person record, the profile, areas, applications (theirs, and those they decided
    or recommended), the invitation link, the audit entries by or about them, and what the
    bot keeps of their unfinished dialogues."""
    areas = await expertise.person_areas(db, person_id)
    async with db.session() as session:
        person = await session.get(Person, person_id)
        assert person is not None
        profile = await session.get(MemberProfile, person_id)
        mine = await session.exec(
            select(MembershipApplication).where(MembershipApplication.person_id == person_id)
        )
        others = await session.exec(
            select(MembershipApplication).where(
                or_(
                    col(MembershipApplication.decided_by_id) == person_id,
                    col(MembershipApplication.referrer_id) == person_id,
                )
            )
        )
        invites = await session.exec(
            select(MembershipInvite).where(MembershipInvite.person_id == person_id)
        )
        actions = await session.exec(
            select(AuditEntry).where(
                or_(
                    col(AuditEntry.actor_id) == person_id,
                    col(AuditEntry.target_person_id) == person_id,
                )
            )
        )
        stored = await session.exec(select(StoredState).where(_telegram_keys(person.telegram_id)))
        return [
            Section(N_("Telegram account"), "person", [_account(person)]),
            Section(N_("Profile"), "member_profile", [_profile(profile)] if profile else [],
                    headline=FULL_NAME),
            Section(N_("Areas of expertise"), "person_expertise", [
                {N_("Area"): Named(area.name_ru, area.name_en)} for area in areas
            ], headline=N_("Area")),
            Section(N_("Applications"), "membership_application", [
                {N_("Submitted"): plain(row.submitted_at), STATE: plain(row.status),
                 N_("Decided"): plain(row.decided_at), N_("Reason"): row.reason}
                for row in mine
            ]),
            Section(N_("Applications you decided or recommended"), "membership_application", [
                {N_("Number"): row.id, N_("Decided by you"): row.decided_by_id == person_id,
                 N_("Recommended by you"): row.referrer_id == person_id}
                for row in others
            ]),
            Section(N_("Invitation link"), "membership_invite", [
                {N_("Code"): row.code, N_("Created"): plain(row.created_at)} for row in invites
            ]),
            Section(N_("Admin actions by you or about you"), "audit_entry", [
                {N_("Action"): row.action, WHEN: plain(row.created_at),
                 N_("By you"): row.actor_id == person_id,
                 N_("About you"): row.target_person_id == person_id}
                for row in actions
            ]),
            Section(N_("Unfinished dialogues and notes"), "stored_state", [
                {N_("Kind"): row.kind, N_("Saved"): plain(row.updated_at),
                 N_("Content"): json.dumps(row.value, ensure_ascii=False)}
                for row in stored
            ]),
        ]  # fmt: skip


async def erase_personal_data(db: Database, person_id: int) -> None:
    """Destroy a person's personal data. The row stays (other records point at its id) but
    can no longer be linked to them: names, region and Telegram id are gone."""
    async with db.session() as session:
        person = await session.get(Person, person_id)
        assert person is not None
        telegram_id = person.telegram_id
        await session.exec(delete(MemberProfile).where(col(MemberProfile.person_id) == person_id))
        await session.exec(
            delete(MembershipApplication).where(col(MembershipApplication.person_id) == person_id)
        )
        await session.exec(
            delete(PersonExpertise).where(col(PersonExpertise.person_id) == person_id)
        )
        await session.exec(
            delete(MembershipInvite).where(col(MembershipInvite.person_id) == person_id)
        )
        await session.exec(delete(StoredState).where(_telegram_keys(telegram_id)))
        await session.exec(  # who asked whom to get in touch, either way
            delete(ContactRequest).where(
                or_(
                    col(ContactRequest.asker_id) == person_id,
                    col(ContactRequest.peer_id) == person_id,
                )
            )
        )
        await session.exec(
            update(MembershipApplication)
            .where(col(MembershipApplication.referrer_id) == person_id)
            .values(referrer_id=None)
        )
        for entry in await session.exec(
            select(AuditEntry).where(AuditEntry.target_person_id == person_id)
        ):
            entry.details = {k: v for k, v in entry.details.items() if k != "reason"}
        person.telegram_id = -person_id  # negative ids are never users: unlinkable, unique
        person.first_name, person.last_name, person.username = "", None, None
        person.language = person.region = None
        person.role = Role.APPLICANT
        person.status = PersonStatus.UNREACHABLE
        person.updated_at = utcnow()
        audit.record(session, actor_id=person_id, action="person.erase", target_person_id=person_id)
