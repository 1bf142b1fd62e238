"""Consultations end to end through the local Bot API: ask, offers, accept, relay, close."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import select

from bot.consultations import records as consultation_records
from bot.core import expertise
from bot.db import Database
from bot.localapi import LocalTelegram
from bot.localapi.client import SimUser
from models import (
    Consultation,
    ConsultationOffer,
    ConsultationStatus,
    OfferStatus,
    Person,
    PersonStatus,
    Role,
    utcnow,
)
from tests.support import people
from tests.support.harness import ORGANISER_ID, BotHarness
from tests.support.jobs import wait_for_job

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
    services = telegram.application.services  # type: ignore[attr-defined]
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
) -> None:
    await user.send("/ask")
    await user.send(question)
    await user.press("No file")
    for area in areas:
        await user.press(area)
    await user.press("Done")
    await user.press("Urgent (an hour)" if urgent else "Normal (a day)")
    await user.press("Show my name" if show_name else "Stay anonymous")
    await user.press("Any region")
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


async def test_question_goes_to_the_right_peers_and_is_talked_through(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna", ("legal",))
    boris = await member(telegram, 2, "Boris", ("legal",))
    clara = await member(telegram, 3, "Clara", ("legal",))
    dmitry = await member(telegram, 4, "Dmitry", ("grants",))
    eva = await member(telegram, 5, "Eva", ("legal", "grants"))
    fedor = await member(telegram, 6, "Fedor", ("legal",))
    await clara.send("/available")
    assert clara.last.text.startswith("You are not available for consultations now")

    await ask(anna, "Can volunteers sign contracts?")
    assert anna.last.text.startswith("Your question #1 has been offered to peers")
    for peer in (boris, eva, fedor):
        text = offers(peer)[-1]
        assert "Can volunteers sign contracts?" in text
        assert "From: a member who prefers not to give their name" in text
        assert "Anna" not in text
        assert peer.last.buttons == [["Accept", "Decline"]]
    for outsider in (anna, clara, dmitry):
        assert offers(outsider) == []

    await eva.press("Accept")
    assert "You accepted this request" in eva.last.text
    assert eva.last.buttons == [["Exchange contacts", "Close"]]
    for peer in (boris, fedor):
        assert peer.last.text == "Request #1 has been taken by another peer. Thank you!"
        assert peer.last.buttons == []
    assert anna.last.text.startswith("Eva accepted your question #1.")
    assert (await offer_states(database)) == {
        2: OfferStatus.WITHDRAWN,
        5: OfferStatus.ACCEPTED,
        6: OfferStatus.WITHDRAWN,
    }

    await anna.send("We have 12 volunteers.")
    assert eva.last.text == "#1 · the asker:\nWe have 12 volunteers."
    await eva.send("Yes, a civil contract works.")
    assert anna.last.text == "#1 · expert Eva:\nYes, a civil contract works."
    await anna.send_file(b"%PDF draft", file_name="draft.pdf", caption="Our draft")
    assert eva.last.text == "#1 · the asker:\nOur draft"
    assert "document" in eva.last.raw

    await eva.press("Exchange contacts")
    assert anna.last.text == "The other side of consultation #1 would like to exchange contacts."
    await anna.press("Exchange contacts")
    assert anna.last.text == "Consultation #1: the contact of Eva is tg://user?id=5"
    assert eva.last.text == "Consultation #1: the contact of Anna is tg://user?id=1"

    await anna.press("Close", anna.messages[-4])
    assert eva.last.text == "Consultation #1 was closed by the other side."
    assert anna.last.text.startswith("You closed consultation #1.\nHow helpful was Eva?")
    await anna.press("5")
    assert anna.last.text.startswith("Would you like to thank the expert publicly?")
    await anna.send("Eva explained everything in ten minutes.")
    assert anna.last.text == "Thank you, your recommendation is published."
    row = await consultation(database)
    assert (row.status, row.rating) == (ConsultationStatus.CLOSED, 5)
    assert row.expert_id is not None
    assert await consultation_records.recommendations_for(database, row.expert_id) == [
        "Eva explained everything in ten minutes."
    ]

    await anna.send("One more thing")  # nothing open any more: the general answer
    assert "/help" in anna.last.text
    await boris.send("/experts legal")
    assert "• Eva, available, 1 consultation, rating 5.0" in boris.last.text
    assert "«Eva explained everything in ten minutes.»" in boris.last.text
    await boris.send("/consultations")
    assert boris.last.text.startswith("You have no consultations yet.")
    await anna.send("/consultations")
    assert "#1 · closed · you asked; expert: Eva · 5/5" in anna.last.text


async def test_shown_name_and_region_preference(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna", region="MOW")
    boris = await member(telegram, 2, "Boris", ("children",), region="MOW")
    clara = await member(telegram, 3, "Clara", ("children",), region="KZN")
    await anna.send("/ask")
    await anna.send("Games for a children's camp?")
    await anna.send_file(b"photo", kind="photo")
    await anna.press("Work with children")
    await anna.press("Done")
    await anna.press("Urgent (an hour)")
    await anna.press("Show my name")
    await anna.send("tatar")  # typed region
    assert "Region: Republic of Tatarstan" in anna.last.text
    assert "A file is attached." in anna.last.text
    await anna.press("Send")
    for peer in (boris, clara):
        assert "From: Anna" in offers(peer)[-1]
        assert "urgent" in offers(peer)[-1]
        assert "photo" in peer.messages[-2].raw
    await clara.press("Accept")
    await anna.send("Hello")
    assert clara.last.text == "#1 · Anna (asker):\nHello"


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
    assert len(telegram.application.job_queue.get_jobs_by_name("consultations.round.1")) == 1  # type: ignore[union-attr]


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


async def test_several_open_consultations_route_replies(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    clara = await member(telegram, 3, "Clara", ("grants",))
    await ask(anna, "Legal question")
    await boris.press("Accept")
    await ask(anna, "Grant question", ("Grants and fundraising",))
    await clara.press("Accept")
    await boris.send("Legal answer")
    relayed_from_boris = anna.last
    await anna.send("Which one?")
    assert anna.last.text == "Which consultation is this message for?"
    await anna.press("#2")
    assert clara.last.text == "#2 · the asker:\nWhich one?"
    assert anna.last.text == "Passed on to consultation #2."
    await anna.send("Thanks for the legal part", reply_to=relayed_from_boris)
    assert boris.last.text == "#1 · the asker:\nThanks for the legal part"
    await anna.send("And one more detail")  # the last one written to stays current
    assert boris.last.text == "#1 · the asker:\nAnd one more detail"
    await clara.press("Close")
    relayed_from_clara = next(m for m in anna.messages if m.text.startswith("Clara accepted"))
    await anna.send("Late words", reply_to=relayed_from_clara)
    assert anna.last.text == "Consultation #2 is closed; your message was not passed on."


async def test_reminder_and_abandoned_consultation(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna)
    await boris.press("Accept")
    await anna.send("Are you there?")
    job_queue = telegram.application.job_queue
    assert job_queue is not None
    await wait_for_job(telegram, SWEEP)
    (sweep,) = job_queue.get_jobs_by_name("consultations.sweep")
    await sweep.run(telegram.application)
    assert boris.last.text == "#1 · the asker:\nAre you there?"  # not yet a day

    async with database.session() as session:
        row = await session.get(Consultation, 1)
        assert row is not None
        row.last_message_at = utcnow() - timedelta(hours=25)
    await sweep.run(telegram.application)
    assert boris.last.text.startswith("A message in consultation #1 is waiting for your answer")
    await sweep.run(telegram.application)
    assert sum("waiting for your answer" in text for text in boris.texts) == 1

    async with database.session() as session:
        row = await session.get(Consultation, 1)
        assert row is not None
        row.last_message_at = utcnow() - timedelta(days=15)
    await sweep.run(telegram.application)
    assert boris.last.text == "Consultation #1 was closed after a long silence."
    assert anna.last.text.startswith("Consultation #1 was closed after a long silence.")
    assert anna.last.buttons == [["1", "2", "3", "4", "5"]]
    await anna.press("4")
    await anna.press("Skip")
    assert anna.last.text == "All right. Thank you for the rating!"
    assert (await consultation(database)).rating == 4


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


async def test_ask_dialogue_checks_input_and_roles(telegram: LocalTelegram) -> None:
    stranger = telegram.user(8, "Stranger", language_code="en")
    await stranger.send("/ask")
    assert stranger.last.text.startswith("This is for a member or above")
    anna = await member(telegram, 1, "Anna")
    await anna.send("/ask")
    await anna.send_file(b"x")
    assert anna.last.text == "Please write the question as text (a file can follow)."
    await anna.send("x" * 3600)
    assert anna.last.text.startswith("The question is too long (3600 characters)")
    await anna.send("A short question")
    await anna.send("not a file")
    assert anna.last.text == "Please send a document or a photo, or press “No file”."
    await anna.press("No file")
    await anna.press("Done")
    assert anna.last_answer == "Choose at least one area."
    await anna.send("legal")
    assert anna.last.text == "Please answer with the buttons above (or /cancel)."
    await anna.press_data("cs:ar:astrology", anna.last_with_buttons())
    assert anna.last_answer == "This button is no longer active."
    await anna.press("Legal questions")
    await anna.press("Done")
    await anna.press("Normal (a day)")
    await anna.press("Stay anonymous")
    await anna.send("Atlantis")
    assert anna.last.text.startswith("I don't know this region.")
    await anna.send("/cancel")
    assert anna.last.text == "All right, the question was not sent."
    await anna.send("/consultations")
    assert anna.last.text.startswith("You have no consultations yet.")


async def test_dialogue_continues_after_restart(
    harness: BotHarness, telegram: LocalTelegram
) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await anna.send("/ask")
    await anna.send("Question before restart")
    await harness.restart()
    await anna.press("No file")
    await anna.press("Legal questions")
    await anna.press("Done")
    await anna.press("Normal (a day)")
    await anna.press("Stay anonymous")
    await anna.press("Any region")
    await anna.press("Send")
    assert "Question before restart" in offers(boris)[-1]


async def test_withdrawing_a_question(telegram: LocalTelegram, database: Database) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna)
    await anna.press("Withdraw the question")
    assert anna.last.text == "Your question #1 is withdrawn."
    assert boris.last.text == "Request #1 was withdrawn by the asker."
    assert (await consultation(database)).status is ConsultationStatus.CANCELLED
    assert telegram.application.job_queue.get_jobs_by_name("consultations.round.1") == ()  # type: ignore[union-attr]


async def test_statistics_for_organisers(telegram: LocalTelegram) -> None:
    organiser = await member(telegram, ORGANISER_ID, "Olga", role=Role.ORGANISER)
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna)
    await boris.press("Accept")
    await anna.send("/consultstats")
    assert anna.last.text.startswith("This is for a organiser or above")
    await organiser.send("/consultstats")
    text = organiser.last.text
    assert "• Legal questions: 1" in text
    assert "Median time to accept: 0 min" in text
    assert "Answered: 1 of 1 finished requests" in text
    assert "Areas where nobody is available: Work with older people" in text
    assert "Legal questions" not in text.split("nobody is available:")[1]


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


async def test_flood_limit_while_offering_is_waited_out(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await anna.send("/ask")
    await anna.send("A question under flood control")
    await anna.press("No file")
    await anna.press("Legal questions")
    await anna.press("Done")
    await anna.press("Normal (a day)")
    await anna.press("Stay anonymous")
    await anna.press("Any region")
    telegram.server.flood(retry_after=1, method="sendMessage")
    await anna.press("Send")
    assert offers(boris) == [offers(boris)[0]]
    assert anna.last.text.startswith("Your question #1 has been offered to peers")


async def test_commands_for_members_only(telegram: LocalTelegram) -> None:
    stranger = telegram.user(8, "Stranger", language_code="en")
    for command in ("/available", "/consultations", "/experts legal"):
        await stranger.send(command)
        assert stranger.last.text.startswith("This is for a member or above"), command
    anna = await member(telegram, 1, "Anna")
    group = telegram.group(-1001, "Community")
    await anna.send("/ask@community_test_bot", chat=group)
    assert group.last.text == "Please ask your question in a private chat with me: send /ask there."
    await anna.send("/experts")
    assert anna.last.text.startswith("Send /experts and an area, e.g. /experts legal.")
    assert "legal — Legal questions" in anna.last.text
    await anna.send("/experts grants")
    assert anna.last.text == "Nobody consults in “Grants and fundraising” yet."
    await anna.send("/available")
    assert "Your profile has no areas of expertise yet" in anna.last.text
    await anna.send("/available")
    assert anna.last.text.startswith("You are available for consultations")


async def test_a_side_that_blocked_the_bot_gets_nothing_relayed(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna)
    await boris.press("Accept")
    telegram.server.block(2)
    await anna.send("Hello?")
    assert anna.last.text == "I could not pass your message on: the other side has blocked the bot."


async def test_consultations_list_buttons_and_recommendation_input(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = await member(telegram, 1, "Anna", region="MOW")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna, "First")
    await boris.press("Accept")
    await anna.send("/ask")
    await anna.send("Second")
    await anna.press("No file")
    await anna.press("Legal questions")
    await anna.press("Done")
    await anna.press("Normal (a day)")
    await anna.press("Stay anonymous")
    assert anna.last.buttons == [["Any region"], ["Moscow"]]
    await anna.send("oblast")  # several regions match: choose one
    assert anna.last.text == "Which one?"
    await anna.press(1)
    await anna.press("Send")
    await anna.send("/consultations")
    assert anna.last.text.startswith("Open:\n#2 · looking for an expert")
    assert anna.last.buttons == [["Withdraw #2"], ["Write to #1", "Close #1"]]
    await anna.press("Write to #1")
    assert anna.last.text == "Your messages now go to consultation #1."
    location = telegram.server.user_message(
        1, extra={"location": {"latitude": 55.7, "longitude": 37.6}}
    )
    await telegram.deliver({"message": location})
    assert anna.last.text == "I can pass on text, photos, documents, voice messages and videos."
    await anna.send("/consultations")
    await anna.press("Close #1")
    assert boris.last.text == "Consultation #1 was closed by the other side."
    await anna.press("3")
    await anna.send_file(b"x")
    assert anna.last.text == "Please write your recommendation as text, or press Skip."
    await anna.send("x" * 1001)
    assert anna.last.text == "Please keep it under 1000 characters and send it again."
    await anna.send("/cancel")
    assert anna.last.text == "All right. Thank you for the rating!"
    row = await consultation(database)
    assert (row.rating, row.recommendation) == (3, None)


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


async def test_long_messages_are_relayed_whole(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris", ("legal",))
    await ask(anna)
    await boris.press("Accept")
    await anna.send("a" * 4096)
    assert [m.text for m in boris.messages[-2:]] == ["#1 · the asker:", "a" * 4096]
    await anna.send_file(b"doc", caption="c" * 1024)
    assert [m.text for m in boris.messages[-2:]] == ["#1 · the asker:", "c" * 1024]
    await boris.send("Got both", reply_to=boris.messages[-1])
    assert anna.last.text == "#1 · expert Boris:\nGot both"
