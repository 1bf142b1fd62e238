"""Bob, who has used every feature of the bot, among others who did too: the people the
erasure and export tests scan the database for (tests/support/scan.py).

Bob (English) applies with the questionnaire and his phone, consents and is admitted, joins
the community chat, saves his language, makes an invitation link, switches his availability,
follows new proposals, proposes, takes stances (on a decision that closes and on one still
open), gives priority points, answers a quick poll, joins a working group and its chat, stands
and is elected its coordinator, adds a task and announces to the group, asks a question and
rates the answer, takes a question as an expert, votes on meeting times, goes to a meeting and
rates it, chooses the daily digest and receives announcements (one of them thanks him).
Olga (Russian) organises; Anna and Vera (English) take part beside him."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from bot.db import Database
from bot.localapi import LocalTelegram, SimChat, SimUser
from bot.meetings.views import JobPlan
from handlers.meetings.notices import schedule
from models import Meeting, PlanItem, utcnow
from tests.decisions.support import START, Clock, community, decisions_bot, propose
from tests.groups.support import create_group, linked_chat
from tests.support import consultations
from tests.support.community import announce
from tests.support.harness import BotHarness
from tests.support.jobs import deliveries_done, pause_jobs, run_job, run_jobs
from tests.support.meetings import LINK, create_meeting, moscow, text_of
from tests.support.membership import answer_until_summary
from tests.support.people import organiser

BOB = 424242  # his Telegram id: distinctive, so a scan for it finds only him
GROUP_CHAT = -100
PHONE = "+79001234567"
THANKS = "Thanks to Bob Kowalski for the leaflets!"  # an announcement naming him, a mention


@dataclass(frozen=True)
class Cast:
    harness: BotHarness
    telegram: LocalTelegram
    olga: SimUser
    anna: SimUser
    vera: SimUser
    bob: SimUser


async def _answer_poll(telegram: LocalTelegram, user: SimUser, options: list[int]) -> None:
    poll_id = community(telegram).messages[-1].raw["poll"]["id"]
    answer = {
        "poll_id": poll_id,
        "user": user.user,
        "option_ids": options,
        "option_persistent_ids": [str(option) for option in options],
    }
    await telegram.deliver({"poll_answer": answer})


async def _admitted(telegram: LocalTelegram, olga: SimUser) -> SimUser:
    bob = telegram.user(BOB, "Bob", last_name="Kowalski", username="bkowalski", language_code="en")
    await bob.send("/start")
    await bob.send("/apply")
    await answer_until_summary(bob, english=True)
    await bob.press("✏️ Contacts in the directory")
    await bob.press("Show my phone number")
    await bob.send("8 (900) 123-45-67")
    await bob.press("Send the application")
    await olga.press("Одобрить", olga.last_with_buttons())
    assert bob.last.text.startswith("Congratulations!")
    await bob.request_join(community(telegram))
    await bob.send("/language")
    await bob.press("English")
    await bob.send("/invite")
    await bob.send("/available")  # not available, then available again: the switch is stored
    await bob.press("Switch off")
    await bob.send("/available")
    return bob


async def _decisions(telegram: LocalTelegram, clock: Clock, cast: list[SimUser]) -> None:
    olga, anna, vera, bob = cast
    await bob.send("/proposals")
    await bob.press("Send me every new proposal")
    await propose(bob, title="Quiet hours", text="No messages after 22:00")
    await olga.press("Открыть на 7 дней")
    await propose(anna, title="Spring fair", text="A fair in May")
    await olga.press("Открыть на 7 дней")
    await bob.press("Disagree", bob.last_with_buttons())  # his private card, as a follower
    await bob.send("Too early, says Bob")
    await vera.press("Согласен", community(telegram).last_with_buttons())  # a Russian chat
    clock.now = START + timedelta(days=7)
    assert len(await run_jobs(telegram, "decisions.close")) == 2
    await propose(vera, title="Newsletter", text="Monthly")
    await olga.press("Открыть на 7 дней")
    await bob.press("Agree", bob.last_with_buttons())  # a decision still open
    async with telegram.application.services.db.session() as session:
        session.add(PlanItem(title="Spring fair", description="A fair in May"))
    await bob.send("/priorities")
    await bob.press(1)
    await anna.send("/poll When do we meet? | Monday | Tuesday", chat=community(telegram))
    await _answer_poll(telegram, bob, [1])
    await _answer_poll(telegram, vera, [0])


async def _groups(telegram: LocalTelegram, cast: list[SimUser]) -> SimChat:
    olga, anna, vera, bob = cast
    await create_group(olga, "Media")
    chat = await linked_chat(telegram, olga, "Media", GROUP_CHAT)
    for person in (anna, vera, bob):  # the third member makes the bot call an election
        await person.send("/join Media")
        await person.request_join(chat)
    await deliveries_done(telegram)
    await bob.press("Nominate myself")
    await bob.send("I will run the social media")
    await anna.press("Nominate myself")
    await anna.send("I know the press")
    await run_job(telegram, "groups.election.1")
    await bob.press("Bob Kowalski")
    await anna.press("Anna")
    await vera.press("Bob Kowalski")
    await run_job(telegram, "groups.election.1")
    assert chat.last.text.startswith("Группа «Media» избрала координатора: Bob Kowalski.")
    telegram.server.set_member(GROUP_CHAT, BOB, "administrator")
    await bob.send("/task add Print the leaflets", chat=chat)
    await bob.send("/announce_group Meeting on Friday", chat=chat)
    await deliveries_done(telegram)
    return chat


async def _consultations(cast: list[SimUser]) -> None:
    _olga, anna, vera, bob = cast
    await consultations.ask(bob, "How do we register a volunteer group?")
    await anna.press("Accept")
    await bob.send("We have 12 volunteers.")
    await anna.send("A civil contract works.")
    await anna.press("Exchange contacts")
    await bob.press("Exchange contacts")
    await bob.press("Close", bob.messages[-4])
    await bob.press("5")
    await bob.send("Anna explained everything.")
    await consultations.ask(vera, "Can children volunteer?", ("Work with children",))
    await bob.press("Accept")
    await bob.send("Yes, with a parent's consent.")
    assert vera.last.text == "#2 · expert Bob Kowalski:\nYes, with a parent's consent."


async def _meetings(telegram: LocalTelegram, cast: list[SimUser]) -> None:
    olga, _anna, vera, bob = cast
    first = moscow(days=5).replace(hour=10, minute=0)
    times = f"{text_of(first)}\n{text_of(first + timedelta(days=1, hours=8))}"
    for answer in ["/newmeeting", "Strategy", "Plans", times, "120", "-", LINK, "-", "-"]:
        await olga.send(answer)
    await olga.press("Все участники")
    await run_jobs(telegram, "meetings.invite")
    await bob.press(1)  # the first time: yes
    meeting_id = await create_meeting(olga, text_of(moscow(days=2)))
    await run_jobs(telegram, "meetings.invite")
    await bob.press("Going")
    await vera.press("Going")
    async with telegram.application.services.db.session() as session:  # it took place
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.starts_at = utcnow() - timedelta(hours=3)
    schedule(telegram.application, JobPlan(meeting_id, feedback_at=utcnow()))
    await run_jobs(telegram, "meetings.feedback")
    await bob.press("4")
    await bob.send("Useful, thanks")
    assert bob.last.text == "Thank you for the feedback!"


async def _news(telegram: LocalTelegram, olga: SimUser, bob: SimUser) -> None:
    await bob.send("/settings")
    await bob.press("in a daily digest")
    mention = {"type": "text_mention", "offset": 10, "length": 12, "user": bob.user}
    for text, urgent in ((THANKS, False), ("Urgent news", True)):
        entities = [mention] if text == THANKS else None
        await announce(olga, text, "Все участники", entities=entities)
        if urgent:
            await olga.press("Срочное: нет")
        await olga.press("Отправить сейчас")
        await olga.press("Подтвердить")
        await deliveries_done(telegram)
    assert bob.last.text == "Urgent news"


@asynccontextmanager
async def bob_used_everything(database: Database) -> AsyncIterator[Cast]:
    """A running bot (jobs run only when the test runs them) after Bob and the others used
    every feature; the bot stops when the block ends."""
    clock = Clock()
    async with decisions_bot(database, clock, locale="ru") as harness:
        telegram = pause_jobs(harness)
        olga = await organiser(telegram)
        anna = await consultations.member(telegram, 11, "Anna", ("legal",))
        vera = await consultations.member(telegram, 13, "Vera")
        bob = await _admitted(telegram, olga)
        cast = [olga, anna, vera, bob]
        await _decisions(telegram, clock, cast)
        await _groups(telegram, cast)
        await _consultations(cast)
        await _meetings(telegram, cast)
        await _news(telegram, olga, bob)
        yield Cast(harness, telegram, olga, anna, vera, bob)
