"""A person's data in consultations, for /mydata and /deleteme (one line in
bot/personal_data.py)."""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import col, delete, select

from bot.consultations.rules import OPEN
from bot.core.personal import Section, plain
from bot.db import Database
from bot.i18n import N_
from models import (
    ConsultantStatus,
    Consultation,
    ConsultationOffer,
    ConsultationStatus,
    Person,
    RelayedMessage,
    utcnow,
)

NUMBER, QUESTION, STATUS = N_("Number"), N_("Question"), N_("State")
RATING, THANKS = N_("Rating"), N_("Thanks")


async def personal_data(db: Database, person_id: int) -> list[Section]:
    """/mydata: availability, questions asked (with the rating and thanks given),
    consultations given (with those received), offers and messages relayed into their chat."""
    async with db.session() as session:
        person = await session.get(Person, person_id)
        status = await session.get(ConsultantStatus, person_id)
        asked = await session.exec(select(Consultation).where(Consultation.asker_id == person_id))
        given = await session.exec(select(Consultation).where(Consultation.expert_id == person_id))
        offers = await session.exec(
            select(ConsultationOffer).where(ConsultationOffer.expert_id == person_id)
        )
        relayed = await session.exec(
            select(RelayedMessage).where(
                RelayedMessage.chat_id == (person.telegram_id if person else 0)
            )
        )
        return [
            Section(N_("Availability for consultations"), "consultant_status", [
                {N_("Available"): status.available, N_("Changed"): plain(status.updated_at)}
            ] if status else []),
            Section(N_("Questions asked"), "consultation", [
                {NUMBER: item.id, QUESTION: item.question, STATUS: plain(item.status),
                 N_("Asked"): plain(item.created_at), RATING: item.rating,
                 THANKS: item.recommendation}
                for item in asked
            ], headline=QUESTION),
            Section(N_("Consultations given"), "consultation", [
                {NUMBER: item.id, STATUS: plain(item.status),
                 N_("Accepted"): plain(item.accepted_at), RATING: item.rating,
                 THANKS: item.recommendation}
                for item in given
            ]),
            Section(N_("Questions offered to you"), "consultation_offer", [
                {NUMBER: offer.consultation_id, STATUS: plain(offer.status),
                 N_("Offered"): plain(offer.offered_at)}
                for offer in offers
            ]),
            Section(N_("Messages relayed into your chat"), "relayed_message", [
                {NUMBER: row.consultation_id, N_("When"): plain(row.created_at)}
                for row in relayed
            ]),
        ]  # fmt: skip


async def erase_personal_data(db: Database, person_id: int) -> None:
    """/deleteme: a question's text, file, region and the thanks the asker wrote are erased
    (the row stays as an anonymous count, an open one is cancelled); where the person was the
    expert the row loses them and the thanks about them, an open one is closed. Offers,
    relay links and the availability switch are deleted."""
    now = utcnow()
    async with db.session() as session:
        mine = or_(
            col(Consultation.asker_id) == person_id, col(Consultation.expert_id) == person_id
        )
        consultation_ids = select(Consultation.id).where(mine)
        await session.exec(
            delete(RelayedMessage).where(col(RelayedMessage.consultation_id).in_(consultation_ids))
        )
        await session.exec(
            delete(ConsultationOffer).where(col(ConsultationOffer.expert_id) == person_id)
        )
        await session.exec(
            delete(ConsultantStatus).where(col(ConsultantStatus.person_id) == person_id)
        )
        for item in await session.exec(select(Consultation).where(mine)):
            if item.status in OPEN:
                item.status, item.closed_at = (
                    (
                        ConsultationStatus.CANCELLED
                        if item.asker_id == person_id
                        else ConsultationStatus.CLOSED
                    ),
                    now,
                )
            item.recommendation = None
            if item.asker_id == person_id:
                item.question, item.file_id, item.file_kind, item.region = "", None, None, None
                item.show_name = item.asker_shares_contact = False
            else:
                item.expert_id, item.expert_shares_contact = None, False
