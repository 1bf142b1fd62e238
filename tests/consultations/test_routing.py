"""Routing a question: batches, organisers, time-outs, races, unreachable peers, withdrawal,
forged buttons, each peer in their own language."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from models import (
    ConsultationStatus,
    OfferStatus,
    Person,
    PersonStatus,
    Role,
    utcnow,
)
from tests.support.consultations import (
    SWEEP,
    ask,
    consultation,
    member,
    offer_states,
    offers,
)
from tests.support.harness import ORGANISER_ID, BotHarness
from tests.support.jobs import job_count, wait_for_job


async def test_declined_by_all_goes_to_the_next_batch_then_organisers(
    telegram: LocalTelegram, database: Database
) -> None:
    organiser = await member(telegram, ORGANISER_ID, "Olga", role=Role.ORGANISER)
    anna = await member(telegram, 1, "Anna")
    peers = [await member(telegram, n, f"Peer{n}", ("legal",)) for n in (2, 3, 4, 5)]
    await ask(anna)
    assert [len(offers(peer)) for peer in peers] == [1, 1, 1, 0]
    for peer in peers[:3]:
        await peer.press("Decline")
        assert peer.last.text == "You declined the request. Thank you for answering!"
    assert len(offers(peers[3])) == 1
    assert anna.last.text.startswith("Nobody has accepted your question #1 yet")
    await peers[3].press("Decline")
    assert len(offers(organiser)) == 1
    assert anna.last.text.startswith("No peer could take your question #1")
    assert (await consultation(database)).status is ConsultationStatus.ESCALATED
    await organiser.press("Decline")
    assert anna.last.text.startswith("Sorry: nobody could take your question #1.")
    assert (await consultation(database)).status is ConsultationStatus.UNANSWERED
    await peers[0].press_data("cs:ok:1", peers[0].messages[-2])
    assert peers[0].last_answer == "This request has already been taken or closed. Thank you!"


async def test_timeouts_survive_a_restart(
    harness: BotHarness, telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna")
    peers = [await member(telegram, n, f"Peer{n}", ("legal",)) for n in (2, 3, 4, 5)]
    await ask(anna, urgent=True)
    asked_at = utcnow()
    await harness.restart()
    await wait_for_job(telegram, SWEEP)
    job_queue = telegram.application.job_queue
    assert job_queue is not None
    jobs = job_queue.get_jobs_by_name("consultations.round.1")
    assert len(jobs) == 1
    assert jobs[0].next_t is not None
    assert abs(jobs[0].next_t - (asked_at + timedelta(hours=1))) < timedelta(seconds=30)
    assert len(job_queue.get_jobs_by_name("consultations.sweep")) == 1

    await jobs[0].run(telegram.application)
    assert peers[0].last.text == "Request #1: the time to accept it has passed."
    assert peers[0].last.buttons == []
    assert len(offers(peers[3])) == 1
    assert anna.last.text.startswith("Nobody has accepted your question #1 yet")
    states = await offer_states(database)
    assert [states[n] for n in (2, 3, 4, 5)] == [OfferStatus.EXPIRED] * 3 + [OfferStatus.PENDING]
    await jobs[0].run(telegram.application)  # a stale run of the same round does nothing
    assert (await consultation(database)).round == 2
    await harness.restart()
    await wait_for_job(telegram, SWEEP)
    assert job_count(telegram, "consultations.round.1") == 1


async def test_two_accepts_at_the_same_moment_have_one_winner(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    clara = await member(telegram, 3, "Clara", ("legal",))
    await ask(anna)
    await asyncio.gather(boris.press("Accept"), clara.press("Accept"))
    winners = [p for p in (boris, clara) if any("You accepted" in t for t in p.texts)]
    assert len(winners) == 1
    (loser,) = [p for p in (boris, clara) if p is not winners[0]]
    assert loser.last_answer == "This request has already been taken or closed. Thank you!"
    assert loser.last.buttons == []
    states = await offer_states(database)
    assert sorted(states.values()) == sorted([OfferStatus.ACCEPTED, OfferStatus.WITHDRAWN])
    row = await consultation(database)
    assert row.status is ConsultationStatus.ACTIVE
    assert states[2 if winners[0] is boris else 3] is OfferStatus.ACCEPTED
    assert sum(1 for t in anna.texts if "accepted your question #1" in t) == 1


async def test_an_expert_who_blocked_the_bot_is_skipped(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna")
    peers = [await member(telegram, n, f"Peer{n}", ("legal",)) for n in (2, 3, 4, 5)]
    telegram.server.block(3)
    await ask(anna)
    assert [len(offers(peer)) for peer in peers] == [1, 0, 1, 1]
    states = await offer_states(database)
    assert states[3] is OfferStatus.FAILED
    async with database.session() as session:
        blocked = (await session.exec(select(Person).where(Person.telegram_id == 3))).one()
    assert blocked.status is PersonStatus.UNREACHABLE
    await ask(anna, "Second question")  # now skipped by the matching rule itself
    assert [len(offers(peer)) for peer in peers] == [2, 0, 2, 2]


async def test_withdrawing_a_question(telegram: LocalTelegram, database: Database) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna)
    await anna.press("Withdraw the question")
    assert anna.last.text == "Your question #1 is withdrawn."
    assert boris.last.text == "Request #1 was withdrawn by the asker."
    assert (await consultation(database)).status is ConsultationStatus.CANCELLED
    assert job_count(telegram, "consultations.round.1") == 0


async def test_an_asker_who_blocked_the_bot_is_marked_unreachable(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna)
    telegram.server.block(1)
    await boris.press("Accept")
    assert "You accepted this request" in boris.last.text
    async with database.session() as session:
        asker = (await session.exec(select(Person).where(Person.telegram_id == 1))).one()
    assert asker.status is PersonStatus.UNREACHABLE


async def test_forged_buttons_and_strangers_change_nothing(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    mallory = await member(telegram, 9, "Mallory")
    await ask(anna)
    offer = boris.last
    for data in ("cs:ok:1", "cs:ok:x", "cs:no:1", "cs:cl:1", "cs:ct:1", "cs:rt:1:5", "cs:cx:1"):
        await mallory.press_data(data, offer)
        assert mallory.last_answer == "This button is no longer active.", data
    assert (await consultation(database)).status is ConsultationStatus.SEARCHING
    await boris.press("Accept")
    await anna.press_data("cs:rt:1:9", anna.last)
    assert anna.last_answer == "This button is no longer active."
    await anna.press_data("cs:rt:1:5", anna.last)  # not closed yet: no rating
    assert (await consultation(database)).rating is None


async def test_everyone_reads_in_their_own_language(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Анна", language_code="ru")
    boris = await member(telegram, 2, "Борис", ("legal",), language_code="ru")
    john = await member(telegram, 3, "John", ("legal",), language_code="en")
    await anna.send("/ask")
    await anna.send("Как оформить договор с добровольцем?")
    await anna.press("Без файла")
    await anna.press("Юридические вопросы")
    await anna.press("Готово")
    await anna.press("Срочный (час)")
    await anna.press("Остаться анонимным")
    await anna.press("Любой регион")
    await anna.press("Отправить")
    assert anna.last.text.startswith("Ваш вопрос №1 предложен коллегам")
    assert boris.last.text.startswith(
        "Запрос на консультацию №1 — срочно\nНаправления: Юридические"
    )
    assert boris.last.buttons == [["Принять", "Отклонить"]]
    assert john.last.text.startswith(
        "Request for a consultation #1 — urgent\nAreas: Legal questions"
    )
    await john.press("Accept")
    assert boris.last.text == "Запрос №1 уже взял другой коллега. Спасибо!"
    await anna.send("Здравствуйте!")
    assert john.last.text == "#1 · the asker:\nЗдравствуйте!"
    await john.send("Hello!")
    assert anna.last.text == "№1 · эксперт John:\nHello!"
    await boris.send("/experts юрид")
    assert "John, принимает вопросы, 0 консультаций" in boris.last.text
