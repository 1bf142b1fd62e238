"""People for broadcast tests (real members who talked to the bot, or many inserted at once),
and the steps of /announce that several tests take."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import insert, update
from sqlmodel import col

from bot.localapi import LocalTelegram, SimUser
from bot.outbox.engine import DeliveryEngine
from bot.outbox.records import DeliveryStats
from models import BroadcastStatus, Person, Role


async def member(
    telegram: LocalTelegram,
    user_id: int,
    name: str,
    *,
    role: Role = Role.MEMBER,
    region: str | None = None,
    language: str = "ru",
) -> SimUser:
    """Someone who started the bot and was admitted (role), optionally in a region."""
    user = telegram.user(user_id, name, language_code=language)
    await user.send("/start")
    people = telegram.application.services.people
    if role is not Role.APPLICANT:
        await people.set_role(actor=None, telegram_id=user_id, role=role)
    if region is not None:
        async with telegram.application.services.db.session() as session:
            await session.exec(
                update(Person).where(col(Person.telegram_id) == user_id).values(region=region)
            )
        people.forget(user_id)
    return user


async def many_members(telegram: LocalTelegram, first_id: int, count: int) -> list[int]:
    """`count` members inserted directly (fast), known to the server; their Telegram ids."""
    ids = list(range(first_id, first_id + count))
    for user_id in ids:
        telegram.server.add_user(user_id, f"M{user_id}")
    rows = [
        {"telegram_id": user_id, "first_name": f"M{user_id}", "role": Role.MEMBER}
        for user_id in ids
    ]
    async with telegram.application.services.db.session() as session:
        await session.exec(insert(Person), params=rows)
    return ids


def engine(telegram: LocalTelegram) -> DeliveryEngine:
    return telegram.application.services.outbox


async def wait_finished(
    telegram: LocalTelegram, broadcast_id: int, limit: float = 15
) -> DeliveryStats:
    """Until the broadcast is done or cancelled and its job has ended."""
    deadline = time.monotonic() + limit
    while True:
        stats = await engine(telegram).stats(broadcast_id)
        running = engine(telegram).is_running(
            broadcast_id
        ) or telegram.application.job_queue.get_jobs_by_name(f"delivery.run:{broadcast_id}")
        if stats.status is not BroadcastStatus.SENDING and not running:
            return stats
        if time.monotonic() > deadline:
            raise TimeoutError(f"broadcast {broadcast_id} still running: {stats}")
        await asyncio.sleep(0.05)


def received(telegram: LocalTelegram, chat_id: int, text: str) -> int:
    """How many messages with exactly this text (or caption) the bot sent to a chat."""
    return sum(
        1
        for message in telegram.server.chat_messages(chat_id)
        if (message.get("text") or message.get("caption")) == text
    )


async def organiser(telegram: LocalTelegram) -> SimUser:
    """The organiser of the test settings (ORGANISER_ID), after /start."""
    from tests.support.harness import ORGANISER_ID

    return await member(telegram, ORGANISER_ID, "Ольга", role=Role.ORGANISER)


async def send_text(user: SimUser, text: str, entities: list[dict] | None = None) -> None:
    """A text with formatting (entities), as Telegram delivers it."""
    server = user.telegram.server
    extra = {"entities": entities} if entities else None
    await user.telegram.deliver({"message": server.user_message(user.id, text, extra=extra)})


async def last_broadcast(telegram: LocalTelegram) -> DeliveryStats:
    """The latest broadcast, once it has finished."""
    recent = await telegram.application.services.outbox.recent(limit=1)
    assert recent, "no broadcast was created"
    return await wait_finished(telegram, recent[0].id)


async def announce(boss: SimUser, text: str, audience: str, *, entities=None) -> None:
    """Compose a text announcement up to the question 'when?'."""
    await boss.send("/announce")
    await send_text(boss, text, entities)
    await boss.press(audience)
