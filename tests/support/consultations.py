"""People and steps of the consultation tests: members with areas, asking a question, what
the offers and the stored rows say."""

from __future__ import annotations

from sqlmodel import select

from bot.core import expertise
from bot.db import Database
from bot.localapi import LocalTelegram
from bot.localapi.client import SimUser
from models import Consultation, ConsultationOffer, OfferStatus, Person, Role
from tests.support import people

OFFER = "Request for a consultation"
SWEEP = "consultations.sweep"  # the last job the start-up restore schedules


async def member(
    telegram: LocalTelegram,
    user_id: int,
    name: str,
    areas: tuple[str, ...] = (),
    *,
    role: Role = Role.MEMBER,
    region: str | None = None,
    language_code: str = "en",
) -> SimUser:
    """A member (English-speaking unless `language_code`) with expertise in `areas`."""
    user = await people.member(telegram, user_id, name, role=role, language=language_code)
    services = telegram.application.services  # type: ignore[attr-defined]  # a CommunityApplication
    person = await services.people.get(user_id)
    await expertise.set_person_areas(services.db, person.id, areas)
    if region:
        async with services.db.session() as session:
            row = await session.get(Person, person.id)
            assert row is not None
            row.region = region
    return user


async def ask(
    user: SimUser,
    question: str = "How do we register a volunteer group?",
    areas: tuple[str, ...] = ("Legal questions",),
    *,
    urgent: bool = False,
    show_name: bool = False,
    send: bool = True,
) -> None:
    """/ask with no file and any region, then "Send" (unless not `send`: the summary waits)."""
    await user.send("/ask")
    await user.send(question)
    await user.press("No file")
    for area in areas:
        await user.press(area)
    await user.press("Done")
    await user.press("Urgent (an hour)" if urgent else "Normal (a day)")
    await user.press("Show my name" if show_name else "Stay anonymous")
    await user.press("Any region")
    if send:
        await user.press("Send")


def offers(user: SimUser) -> list[str]:
    return [text for text in user.texts if text.startswith(OFFER)]


async def consultation(database: Database, consultation_id: int = 1) -> Consultation:
    async with database.session() as session:
        row = await session.get(Consultation, consultation_id)
        assert row is not None
        return row


async def offer_states(database: Database) -> dict[int, OfferStatus]:
    """Telegram id of each offered expert → the state of their offer."""
    async with database.session() as session:
        rows = await session.exec(
            select(Person.telegram_id, ConsultationOffer.status).join(
                ConsultationOffer, ConsultationOffer.expert_id == Person.id
            )
        )
        return {int(telegram_id): status for telegram_id, status in rows}
