"""What the outbox holds about a person, for /mydata and /deleteme (one line in
bot/personal_data.py): the messages it sent them (one `Delivery` row each, with their chat
id), the broadcasts that report their progress into the person's chat, and the broadcasts
whose text names them (a ballot lists the candidates, say).

/deleteme keeps each delivery as an anonymous count (its broadcast's figures stay right) with
the chat id erased; what was still waiting for them is cancelled; progress reports stop; and
their names are cut out of every stored text."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core.personal import Naming, Section, plain
from bot.db import Database
from bot.i18n import N_
from models import Broadcast, Delivery, DeliveryState, utcnow

ERASED_CHAT = 0  # the chat id of a delivery whose person was erased: no chat
WAITING = (DeliveryState.PENDING, DeliveryState.DIGEST)


async def _about(session: AsyncSession, naming: Naming) -> list[Broadcast]:
    """Broadcasts reporting into the person's chat or naming them (every payload is read:
    a text has no index)."""
    return [
        broadcast
        for broadcast in await session.exec(select(Broadcast).order_by(col(Broadcast.id)))
        if broadcast.progress_chat_id == naming.telegram_id or naming.found_in(broadcast.payload)
    ]


async def personal_data(db: Database, person_id: int) -> list[Section]:
    """/mydata: every message the outbox sent or keeps for them, and the broadcasts about
    them or reporting to them."""
    naming = await Naming.of(db, person_id)
    async with db.session() as session:
        about = await _about(session, naming)
        received = await session.exec(
            select(Broadcast.kind, Delivery)
            .join(Delivery, col(Delivery.broadcast_id) == col(Broadcast.id))
            .where(Delivery.person_id == person_id)
            .order_by(col(Delivery.id))
        )
        return [
            Section(N_("Messages sent to you"), "delivery", [
                {N_("Kind"): kind, N_("State"): plain(row.state), N_("When"): plain(row.updated_at)}
                for kind, row in received
            ]),
            Section(N_("Messages about you or reporting to you"), "broadcast", [
                {N_("Kind"): row.kind, N_("Created"): plain(row.created_at),
                 N_("Reports to your chat"): row.progress_chat_id == naming.telegram_id,
                 N_("Lines naming you"): sorted(set(naming.lines(row.payload)))}
                for row in about
            ]),
        ]  # fmt: skip


async def erase_personal_data(db: Database, person_id: int) -> None:
    """/deleteme: deliveries lose the chat id (what waited for them is cancelled), progress
    reports into their chat stop, their names are cut out of the broadcasts' texts."""
    naming = await Naming.of(db, person_id)
    async with db.session() as session:
        now = utcnow()
        mine = col(Delivery.person_id) == person_id
        await session.exec(
            update(Delivery)
            .where(mine, col(Delivery.state).in_(WAITING))
            .values(state=DeliveryState.CANCELLED, updated_at=now)
        )
        await session.exec(update(Delivery).where(mine).values(chat_id=ERASED_CHAT, error=None))
        for row in await _about(session, naming):
            if row.progress_chat_id == naming.telegram_id:
                row.progress_chat_id = row.progress_message_id = None
            row.payload = naming.redacted(row.payload)
