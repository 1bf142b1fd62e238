"""A person's data in consultations, for /mydata and /deleteme (one line in
bot/personal_data.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import col, delete, select

from bot.consultations.rules import OPEN
from bot.db import Database
from models import (
    ConsultantStatus,
    Consultation,
    ConsultationOffer,
    ConsultationStatus,
    Person,
    RelayedMessage,
    utcnow,
)


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


async def personal_data(db: Database, person_id: int) -> dict[str, Any]:
    """/mydata: questions asked (with the rating and thanks given), consultations given
    (with those received), offers, relayed messages and availability."""
    async with db.session() as session:
        person = await session.get(Person, person_id)
        status = await session.get(ConsultantStatus, person_id)
        asked = list(
            await session.exec(select(Consultation).where(Consultation.asker_id == person_id))
        )
        given = list(
            await session.exec(select(Consultation).where(Consultation.expert_id == person_id))
        )
        offers = list(
            await session.exec(
                select(ConsultationOffer).where(ConsultationOffer.expert_id == person_id)
            )
        )
        relayed = list(
            await session.exec(
                select(RelayedMessage.consultation_id, RelayedMessage.created_at).where(
                    RelayedMessage.chat_id == (person.telegram_id if person else 0)
                )
            )
        )
    return {
        "available_for_consultations": status.available if status else True,
        "questions_asked": [
            {
                "question": item.question,
                "status": item.status.value,
                "asked_at": item.created_at.isoformat(),
                "rating_given": item.rating,
                "recommendation_given": item.recommendation,
            }
            for item in asked
        ],
        "consultations_given": [
            {
                "status": item.status.value,
                "accepted_at": _when(item.accepted_at),
                "rating_received": item.rating,
                "recommendation_received": item.recommendation,
            }
            for item in given
        ],
        "questions_offered_to_you": [
            {"status": offer.status.value, "offered_at": offer.offered_at.isoformat()}
            for offer in offers
        ],
        "messages_relayed_to_you": [
            {"consultation": consultation, "at": at.isoformat()} for consultation, at in relayed
        ],
    }


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
