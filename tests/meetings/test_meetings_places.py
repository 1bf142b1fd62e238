"""Places: the waiting list shows each person's place; "I can't come" under a reminder frees
a place for the next in the queue; the calendar file has a SEQUENCE that grows with each
change, an alarm, and a caption."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar

from bot.localapi import LocalTelegram
from bot.localapi.client import SimUser
from tests.support.jobs import run_jobs
from tests.support.meetings import LINK, create_meeting, moscow, text_of
from tests.support.people import member, organiser


def calendar_of(telegram: LocalTelegram, user: SimUser) -> Calendar:
    document = user.last.raw["document"]
    return Calendar.from_ical(telegram.server.files[document["file_id"]])


async def test_the_waiting_list_shows_places_and_a_reminder_frees_one(tg: LocalTelegram) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    bob = await member(tg, 2, "Bob", language="en")
    carol = await member(tg, 3, "Карина")
    dan = await member(tg, 4, "Денис")
    meeting_id = await create_meeting(org, text_of(moscow(days=0, hours=3)), capacity="1")
    await run_jobs(tg, "meetings.invite")
    await anna.press("Пойду")
    await carol.press("Пойду")
    assert carol.last_answer == "Мест нет: вы в листе ожидания, ваше место в очереди — 1."
    await bob.press("Going")
    assert bob.last_answer == (
        "The meeting is full: you are on the waiting list, place 2 in the queue."
    )
    await dan.press("Пойду")
    assert "Ваш ответ: в листе ожидания, ваше место в очереди — 3." in dan.last.text
    await carol.press("Пойду", carol.last_with_buttons())  # again: her place is kept
    assert carol.last_answer == "Мест нет: вы в листе ожидания, ваше место в очереди — 1."
    await carol.press("Не пойду", carol.last_with_buttons())  # the first waiting leaves
    await bob.send(f"/meeting {meeting_id}")
    assert "Your answer: on the waiting list, place 1 in the queue." in bob.last.text
    await dan.send(f"/meeting {meeting_id}")
    assert "Ваш ответ: в листе ожидания, ваше место в очереди — 2." in dan.last.text

    await run_jobs(tg, f"meetings.remind.{meeting_id}.1440")  # 3 hours ahead: due at once
    reminder = anna.last
    assert reminder.text.startswith("Напоминание: «Встреча координаторов»")
    assert reminder.buttons == [["Не смогу прийти"]]
    assert not any(text.startswith("Напоминание") for text in dan.texts)  # only those going
    cant_come = reminder.button("Не смогу прийти")["callback_data"]
    await anna.press("Не смогу прийти", reminder)
    assert anna.last_answer == "Ваш ответ: не пойду."
    assert "Ваш ответ: не пойду." in anna.last.text  # the reminder now shows her card
    await anna.press_data(cant_come, reminder)
    assert anna.last_answer == "Ваш ответ: не пойду."  # pressed twice: nothing more happens
    assert bob.last.text.startswith("A place became free: you are now registered for")
    assert LINK in bob.last.text
    await dan.send(f"/meeting {meeting_id}")
    assert "Ваш ответ: в листе ожидания, ваше место в очереди — 1." in dan.last.text


async def test_the_calendar_file_grows_its_sequence_with_an_alarm_and_a_caption(
    tg: LocalTelegram,
) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    start = moscow(days=5).replace(hour=18, minute=0)
    meeting_id = await create_meeting(org, text_of(start))
    await run_jobs(tg, "meetings.invite")
    await anna.press("В календарь (.ics)")
    assert anna.last.text == (
        f"Файл календаря встречи №{meeting_id}: откройте его, чтобы добавить встречу в свой "
        "календарь, с напоминанием. Если встреча изменится, возьмите здесь новый файл."
    )
    event = calendar_of(tg, anna).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 0
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(minutes=60)

    await org.send(f"/meeting {meeting_id}")
    await org.press("Изменить время")
    await org.send(text_of(start + timedelta(days=1)))
    await org.press("Да, перенести")
    await org.send(f"/meeting {meeting_id}")
    await org.press("Изменить место")
    await org.send("Казань, Баумана, 5")
    await run_jobs(tg, "meetings.announce")
    await anna.press("В календарь (.ics)", anna.last_with_buttons())
    event = calendar_of(tg, anna).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 2
    assert event.decoded("DTSTART") == start + timedelta(days=1)
    assert str(event["LOCATION"]) == "Казань, Баумана, 5"
    assert "Место изменилось: Москва, Тверская, 1 → Казань, Баумана, 5." in "\n".join(anna.texts)

    await org.send(f"/meeting {meeting_id}")
    await org.press("Изменить место")
    await org.send("https://meet.example.org/new")  # a new link: not shown to those not going
    await run_jobs(tg, "meetings.announce")
    invitation = anna.messages[1]
    assert invitation.text.startswith("Изменилось место или ссылка для участия онлайн.")
    assert "meet.example.org" not in "\n".join(anna.texts)
    await anna.press("В календарь (.ics)", anna.last_with_buttons())
    assert calendar_of(tg, anna).walk("VEVENT")[0]["SEQUENCE"] == 3
