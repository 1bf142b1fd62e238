"""Meetings within Telegram's limits: a long attendee list in pages, a card with the longest
title, agenda, place and link allowed, typed texts measured as Telegram counts them."""

from __future__ import annotations

from sqlmodel import select

from bot.localapi import LocalTelegram
from models import Meeting, Role
from tests.support.jobs import run_jobs
from tests.support.limits import EMOJI, beyond_limits, sent_texts, utf16
from tests.support.meetings import moscow, text_of
from tests.support.people import member, organiser

LONG_NAME = EMOJI * 64
LINK = "https://meet.example.org/" + "x" * 475  # 500 characters, the longest link


async def _long_meeting(org, *, agenda: str) -> None:  # type: ignore[no-untyped-def]
    for answer in [
        "/newmeeting",
        "Т" * 200,
        agenda,
        text_of(moscow(days=2)),
        "90",
        EMOJI * 250,  # a place of 500 code units
        LINK,
        "-",
        "-",
    ]:
        await org.send(answer)
    await org.press("Все участники")


async def test_a_long_attendee_list_is_in_pages(tg: LocalTelegram) -> None:
    org = await organiser(tg)
    await _long_meeting(org, agenda="Планы на год")
    people = []
    for number in range(1, 41):
        person = tg.user(number, LONG_NAME, last_name=LONG_NAME)
        await person.send("/start")
        await tg.application.services.people.set_role(  # type: ignore[attr-defined]
            actor=None, telegram_id=number, role=Role.MEMBER
        )
        people.append(person)
    await run_jobs(tg, "meetings.invite")
    for person in people[:20]:  # half answer, while the organiser looks at the list
        await person.press("Пойду")
    await org.send("/meeting 1")
    await org.press("Участники")
    first = org.last
    assert first.text.startswith("Ответы по встрече «" + "Т" * 200 + "»:\nСтраница 1 из 2.")
    for person in people[20:]:
        await person.press("Не пойду")
    await org.press("›", first)
    assert org.last.message_id == first.message_id and "Страница 2 из 3." in org.last.text
    await org.press("›", org.last)
    assert org.last.text.endswith("ещё отправляются 0.")
    numbers = []
    for page in range(3):
        await org.press_data(f"mt:lp:1:{page}", org.last)
        lines = org.last.text.splitlines()[2:]
        numbers += [int(line.split(".")[0]) for line in lines if line[:1].isdigit()]
    assert numbers == list(range(1, 41))
    await people[0].press_data("mt:lp:1:0", people[0].last)
    assert people[0].last_answer == "Изменять встречу может только её организатор."
    assert beyond_limits(tg) == []


async def test_the_longest_card_is_cut_and_sent_in_full_on_request(tg: LocalTelegram) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    await org.send("/newmeeting")
    await org.send(EMOJI * 101)  # 202 code units, though 101 characters
    assert org.last.text.startswith("Слишком длинно: не больше 200 символов, пожалуйста.")
    await org.send("/cancel")
    agenda = (EMOJI + " ") * 1000  # 3,000 code units, the longest agenda
    await _long_meeting(org, agenda=agenda.strip())
    async with tg.application.services.db.session() as session:  # type: ignore[attr-defined]
        meeting = (await session.exec(select(Meeting))).one()
    assert utf16(meeting.agenda or "") == 2999
    await run_jobs(tg, "meetings.invite")
    invitation = anna.last
    assert utf16(invitation.text) <= 4096 and "…" in invitation.text
    await anna.press("Пойду", invitation)
    card = anna.last
    assert utf16(card.text) <= 4096 and card.buttons[-1] == ["Читать полностью"]
    before = len(sent_texts(tg, anna.id))
    await anna.press("Читать полностью", card)
    full = "\n".join(sent_texts(tg, anna.id)[before:])
    assert agenda.strip() in full and LINK in full and EMOJI * 250 in full
    outsider = await member(tg, 2, "Чужой", role=Role.APPLICANT)
    await outsider.press_data("mt:full:1", card)
    assert outsider.last_answer is not None and outsider.last_answer.startswith("Это доступно")
    assert beyond_limits(tg) == []
