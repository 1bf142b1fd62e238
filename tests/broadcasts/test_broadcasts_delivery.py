"""Delivery through the outbox: 403, 429, retries with back-off, a crash and a restart,
cancellation, and a member's /help answered quickly in the middle of a broadcast."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.broadcasts.audiences import Audience
from bot.localapi.server import Call
from bot.outbox import notices, sender
from bot.outbox.content import Draft
from bot.outbox.records import Outcome, Recipient
from bot.outbox.sender import STOP
from handlers.broadcasts.publishing import publish
from models import AudienceKind, BroadcastStatus, DeliveryState, PersonStatus
from tests.support.community import (
    engine,
    many_members,
    member,
    organiser,
    received,
    wait_finished,
)
from tests.support.harness import ORGANISER_ID, BotHarness

# Crash and resume semantics are measured at the production pace.
pytestmark = pytest.mark.production_pacing


async def _broadcast(telegram, text: str, ids: list[int], progress: int | None = None) -> int:
    """A broadcast of `text` to people with these Telegram ids, started in the background."""
    people = telegram.application.services.people
    recipients = []
    for telegram_id in ids:
        person = await people.get(telegram_id)
        recipients.append(Recipient(person.id, telegram_id))
    broadcast_id = await engine(telegram).create(
        kind="test",
        payload=notices.text_payload(text),
        recipients=recipients,
        progress_chat_id=progress,
    )
    sender.start(telegram.application, broadcast_id)
    return broadcast_id


async def test_blocked_member_is_marked_unreachable_and_not_retried(telegram) -> None:
    boss = await organiser(telegram)
    await boss.send("/broadcasts")
    assert boss.last.text == "Рассылок пока не было."
    ids = await many_members(telegram, 1000, 5)
    telegram.server.block(1002)
    broadcast_id = await _broadcast(telegram, "Новости", ids, progress=ORGANISER_ID)
    stats = await wait_finished(telegram, broadcast_id)
    assert (stats.sent, stats.blocked, stats.failed, stats.pending) == (4, 1, 0, 0)
    assert stats.status is BroadcastStatus.DONE
    tries = [c for c in telegram.server.calls_to("sendMessage") if c.params["chat_id"] == 1002]
    assert len(tries) == 1
    person = await telegram.application.services.people.get(1002)
    assert person.status is PersonStatus.UNREACHABLE
    progress = telegram.server.chat_messages(ORGANISER_ID)[-1]["text"]
    assert (
        "завершена" in progress
        and "Отправлено: 4" in progress
        and "Заблокировали бота: 1" in progress
    )
    await boss.send("/broadcasts")
    assert " · test\nРассылка №1 завершена.\nОтправлено: 4. Ожидают: 0." in boss.last.text


async def test_other_errors_are_retried_with_backoff_then_given_up(telegram) -> None:
    engine(telegram).backoff = 0.05
    ids = await many_members(telegram, 1000, 3)
    telegram.server.fail(500, "Internal Server Error", chat_id=1000, times=1)
    telegram.server.fail(502, "Bad Gateway", chat_id=1001, times=10)
    broadcast_id = await _broadcast(telegram, "Повтор", ids)
    stats = await wait_finished(telegram, broadcast_id)
    assert (stats.sent, stats.failed) == (2, 1)
    assert received(telegram, 1000, "Повтор") == 1
    assert received(telegram, 1001, "Повтор") == 0
    tries = [c for c in telegram.server.calls_to("sendMessage") if c.params["chat_id"] == 1001]
    assert len(tries) == engine(telegram).max_attempts == 3


async def test_flood_control_pauses_and_resumes_without_duplicates(telegram) -> None:
    ids = await many_members(telegram, 1000, 6)
    telegram.server.flood(retry_after=1, method="sendMessage")
    started = time.monotonic()
    broadcast_id = await _broadcast(telegram, "Поток", ids)
    stats = await wait_finished(telegram, broadcast_id)
    assert stats.sent == 6 and stats.failed == 0
    assert time.monotonic() - started >= 1.0  # everything waited for retry_after
    assert all(received(telegram, user_id, "Поток") == 1 for user_id in ids)
    assert telegram.application.bot.rate_limiter.retry_afters == 1


async def test_crash_in_the_middle_then_restart_sends_the_rest_once(
    harness: BotHarness, telegram
) -> None:
    ids = await many_members(telegram, 1000, 40)
    sends = 0

    def crash_after_ten(call: Call) -> None:
        nonlocal sends
        if call.method == "sendMessage" and call.params.get("chat_id") in ids:
            sends += 1
            if sends == 10:  # this one arrives, then the process "dies" before recording it
                asyncio.get_running_loop().call_soon(engine(telegram).abort)

    telegram.server.on_call = crash_after_ten
    broadcast_id = await _broadcast(telegram, "Сбой", ids)
    for _ in range(1000):  # up to 20 s: a loaded machine is slow to reach the tenth send
        await asyncio.sleep(0.02)
        if not engine(telegram).is_running(broadcast_id) and sends >= 10:
            break
    assert sends >= 10, "the crash never happened"
    before = await engine(telegram).stats(broadcast_id)
    assert before.status is BroadcastStatus.SENDING and before.pending > 0
    telegram.server.on_call = None

    await harness.restart()
    stats = await wait_finished(telegram, broadcast_id)
    counts = [received(telegram, user_id, "Сбой") for user_id in ids]
    assert counts == [1] * len(ids)  # nobody twice, nobody missed
    assert stats.sent + stats[DeliveryState.UNCERTAIN] == len(ids)
    assert stats[DeliveryState.UNCERTAIN] <= engine(telegram).workers


async def test_stopping_the_bot_mid_broadcast_resumes_after_restart(
    harness: BotHarness, telegram
) -> None:
    ids = await many_members(telegram, 1000, 40)
    broadcast_id = await _broadcast(telegram, "Перезапуск", ids)
    await asyncio.sleep(0.3)
    await harness.restart()
    stats = await wait_finished(telegram, broadcast_id)
    assert stats.sent == 40 and stats[DeliveryState.UNCERTAIN] == 0
    assert all(received(telegram, user_id, "Перезапуск") == 1 for user_id in ids)


async def test_cancel_a_running_broadcast_keeps_what_was_sent(telegram) -> None:
    boss = await organiser(telegram)
    ids = await many_members(telegram, 1000, 300)
    broadcast_id = await _broadcast(telegram, "Отмена", ids, progress=ORGANISER_ID)
    await asyncio.sleep(0.4)
    status = boss.last_with_buttons()
    await boss.press("Отменить рассылку", status)
    assert boss.last_answer == "Рассылка отменена."
    stats = await wait_finished(telegram, broadcast_id)
    assert stats.status is BroadcastStatus.CANCELLED
    assert 0 < stats.sent < 300 and stats[DeliveryState.CANCELLED] == 300 - stats.sent
    delivered = sum(received(telegram, user_id, "Отмена") for user_id in ids)
    await asyncio.sleep(0.2)
    assert delivered == stats.sent == sum(received(telegram, u, "Отмена") for u in ids)
    assert "отменена" in boss.last.text and not boss.last.keyboard
    await boss.press_data(STOP(broadcast_id), boss.last)
    assert boss.last_answer == "Эта рассылка уже не отправляется."


async def test_cancel_button_needs_an_organiser_and_a_real_broadcast(telegram) -> None:
    anna = await member(telegram, 1, "Анна")
    await anna.send("/help")
    await anna.press_data(STOP(1), anna.last)
    assert anna.last_answer == "Эта кнопка больше не действует."
    boss = await organiser(telegram)
    await boss.send("/help")
    await boss.press_data(STOP(999), boss.last)
    assert boss.last_answer == "Эта рассылка уже не отправляется."
    await boss.press_data("ob:stop:abc", boss.last)
    assert boss.last_answer == "Эта кнопка больше не действует."


async def test_help_is_answered_within_a_second_during_a_big_broadcast(telegram) -> None:
    anna = await member(telegram, 1, "Анна")
    ids = await many_members(telegram, 1000, 600)
    broadcast_id = await _broadcast(telegram, "Большая рассылка", ids)
    await asyncio.sleep(0.5)
    latencies = []
    for _ in range(3):
        started = time.monotonic()
        await anna.send("/help")
        latencies.append(time.monotonic() - started)
        assert "Команды" in anna.last.text
        await asyncio.sleep(0.2)
    stats = await engine(telegram).stats(broadcast_id)
    assert stats.status is BroadcastStatus.SENDING and stats.sent > 10
    assert max(latencies) < 1.0, latencies
    await engine(telegram).cancel(broadcast_id)
    await wait_finished(telegram, broadcast_id)


async def test_flood_beyond_the_limiters_retries_waits_without_losing_an_attempt(
    telegram,
) -> None:

    ids = await many_members(telegram, 1000, 2)
    limiter = telegram.application.bot.rate_limiter
    telegram.server.flood(retry_after=0, method="sendMessage", times=limiter.max_retries + 2)
    broadcast_id = await _broadcast(telegram, "Настойчиво", ids)
    stats = await wait_finished(telegram, broadcast_id)
    assert stats.sent == 2 and stats.failed == 0
    assert all(received(telegram, user_id, "Настойчиво") == 1 for user_id in ids)


def test_telegram_errors_become_outcomes() -> None:
    assert sender.result_of(None).outcome is Outcome.SENT
    assert sender.result_of(Forbidden("bot was blocked by the user")).outcome is Outcome.BLOCKED
    assert sender.result_of(BadRequest("Chat not found")).outcome is Outcome.BLOCKED
    flood = sender.result_of(RetryAfter(3))
    assert flood.outcome is Outcome.RETRY_LATER and flood.retry_after == 3
    assert sender.result_of(TimedOut()).outcome is Outcome.UNCERTAIN
    assert sender.result_of(NetworkError("reset")).outcome is Outcome.FAILED
    assert sender.result_of(BadRequest("Message is too long")).outcome is Outcome.FAILED


async def test_working_group_audience_reaches_its_members_only(telegram) -> None:
    anna = await member(telegram, 1, "Анна")
    boris = await member(telegram, 2, "Борис")
    services = telegram.application.services
    group = await services.groups.create(actor_id=None, name="Медиа", purpose="—")
    audience = Audience(AudienceKind.GROUP, working_group_id=group.id)
    assert await services.broadcasts.audiences.count(audience) == 0
    anna_id = (await services.people.get(anna.id)).id
    await services.groups.membership.join(group=group.id, person_id=anna_id)
    announcement_id = await services.broadcasts.announcements.create(
        author_id=None, draft=Draft("Группе"), audience=audience
    )
    broadcast_id = await publish(telegram.application, announcement_id, progress_chat_id=None)
    assert (await wait_finished(telegram, broadcast_id)).sent == 1
    assert received(telegram, anna.id, "Группе") == 1
    assert received(telegram, boris.id, "Группе") == 0
