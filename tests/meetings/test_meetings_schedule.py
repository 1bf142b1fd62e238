"""Calendar files, reminders across restarts, who may change a meeting, cancelled polls,
announcements across restarts."""

from __future__ import annotations

from datetime import UTC, timedelta

from icalendar import Calendar

from bot.db import Database
from bot.localapi import LocalTelegram
from models import Role
from tests.support.harness import BotHarness
from tests.support.jobs import deliveries_done, pause_jobs, run_jobs
from tests.support.meetings import LINK, create_meeting, moscow, text_of
from tests.support.people import member, organiser


def calendar_of(telegram: LocalTelegram, chat_id: int) -> Calendar:
    document = telegram.server.chat_messages(chat_id)[-1]["document"]
    assert document["file_name"].endswith(".ics")
    return Calendar.from_ical(telegram.server.files[document["file_id"]])


async def test_calendar_file_parses_back_with_the_right_time(tg: LocalTelegram) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    start = moscow(days=6).replace(hour=18, minute=30)
    title = "Встреча; координаторов, с запятой и очень длинным названием для переноса строк"
    meeting_id = await create_meeting(org, text_of(start), title=title, length="20:00")
    await run_jobs(tg, "meetings.invite")
    await anna.press("В календарь (.ics)")
    event = calendar_of(tg, 1).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == start.astimezone(UTC)
    assert event.decoded("DTEND") == start.replace(hour=20, minute=0).astimezone(UTC)
    assert str(event["SUMMARY"]) == title
    assert str(event["UID"]).startswith(f"meeting-{meeting_id}@")
    assert str(event["LOCATION"]) == "Москва, Тверская, 1"
    assert "URL" not in event and LINK not in str(event.get("DESCRIPTION"))
    await anna.press("Пойду", anna.last_with_buttons())
    await anna.press("В календарь (.ics)", anna.last_with_buttons())
    event = calendar_of(tg, 1).walk("VEVENT")[0]
    assert str(event["URL"]) == LINK and LINK in str(event["DESCRIPTION"])


async def test_reminders_survive_restarts_and_go_out_once(
    harness: BotHarness, database: Database
) -> None:
    tg = pause_jobs(harness)
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    bob = await member(tg, 2, "Борис")
    start = moscow(days=0, hours=3)
    meeting_id = await create_meeting(org, text_of(start))
    await run_jobs(tg, "meetings.invite")
    await anna.press("Пойду")
    # created 3 hours ahead: the 24-hour reminder is due at once, the 1-hour one later
    jobs = {job.name: job for job in tg.application.job_queue.jobs()}  # type: ignore[union-attr]
    one_hour = jobs[f"meetings.remind.{meeting_id}.60"]
    assert abs(one_hour.next_t - (start - timedelta(hours=1))) < timedelta(seconds=2)  # type: ignore[operator]
    assert f"meetings.feedback.{meeting_id}" in jobs

    await harness.restart()
    tg = pause_jobs(harness)
    assert await run_jobs(tg, "meetings.restore") == ["meetings.restore"]
    names = await run_jobs(tg, f"meetings.remind.{meeting_id}.1440")
    assert names == [f"meetings.remind.{meeting_id}.1440"]
    assert anna.last.text.startswith("Напоминание: «Встреча координаторов»")
    assert LINK in anna.last.text
    assert not any(text.startswith("Напоминание") for text in bob.texts)  # not going

    await harness.restart()
    tg = pause_jobs(harness)
    await run_jobs(tg, "meetings.restore")
    left = [job.name for job in tg.application.job_queue.jobs()]  # type: ignore[union-attr]
    assert f"meetings.remind.{meeting_id}.1440" not in left
    assert f"meetings.remind.{meeting_id}.60" in left
    await run_jobs(tg, "meetings.remind")
    await run_jobs(tg, "meetings.remind")
    reminders = [text for text in anna.texts if text.startswith("Напоминание")]
    assert len(reminders) == 2  # the 24-hour one and the 1-hour one, each once
    assert await tg.application.services.meetings.sent_notices(meeting_id) == {
        "remind:1440",
        "remind:60",
    }


async def test_invitations_queued_before_a_restart_go_out_once(harness: BotHarness) -> None:
    tg = pause_jobs(harness)
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    meeting_id = await create_meeting(org, text_of(moscow(days=3)))
    (invite,) = tg.application.job_queue.get_jobs_by_name(f"meetings.invite.{meeting_id}")  # type: ignore[union-attr]
    await invite.run(tg.application)  # queued in the outbox, not sent yet
    assert not any(text.startswith("Приглашаем") for text in anna.texts)

    await harness.restart()  # the outbox is resumed at start
    assert harness.telegram is not None
    await deliveries_done(harness.telegram)
    tg = pause_jobs(harness)
    await run_jobs(tg, "meetings.restore")
    await run_jobs(tg, "meetings.invite")
    assert sum(text.startswith("Приглашаем") for text in anna.texts) == 1


async def test_nobody_but_the_organiser_changes_a_meeting(tg: LocalTelegram) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    kirill = await member(tg, 2, "Кирилл", role=Role.COORDINATOR)
    meeting_id = await create_meeting(org, text_of(moscow(days=3)))
    await run_jobs(tg, "meetings.invite")
    await anna.send(f"/meeting {meeting_id}")
    assert anna.last.buttons == [
        ["Пойду", "Возможно", "Не пойду"],
        ["В календарь (.ics)", "Материалы"],
    ]
    for data in ["et", "ep", "am", "cx", "cxy", "list", "csv"]:
        await kirill.press_data(f"mt:{data}:{meeting_id}", kirill.last_with_buttons())
        assert kirill.last_answer == "Изменять встречу может только её организатор.", data
    await anna.send("Казань")  # no dialogue was opened
    assert anna.last.text.startswith("Я отвечаю на команды и кнопки.")
    await anna.press_data("mt:cxy:abc", anna.last_with_buttons())
    assert anna.last_answer == "Такой встречи для вас нет."
    await anna.send("/meeting 999")
    assert anna.last.text == "Такой встречи для вас нет."
    await anna.send("/meeting")
    assert anna.last.text.startswith("Пришлите /meeting <номер>")

    other = await member(tg, 5, "Олег", role=Role.ORGANISER)  # another organiser may change it
    await other.send(f"/meeting {meeting_id}")
    await other.press("Изменить место")
    await other.send("https://meet.example.org/new")
    assert other.last.text == "Изменено; сообщаем 3 приглашённым."  # Ольга, Анна, Кирилл


async def test_change_dialogue_rejects_bad_input_and_stops(tg: LocalTelegram) -> None:
    org = await organiser(tg)
    meeting_id = await create_meeting(org, text_of(moscow(days=3)))
    await org.send(f"/meeting {meeting_id}")
    await org.press("Изменить место")
    await org.send("https://localhost")
    assert org.last.text.startswith("Это не похоже на ссылку.")
    await org.send("/cancel")
    assert org.last.text == "Прервано; ничего не изменилось."
    await org.send(f"/meeting {meeting_id}")
    assert "Где: Москва, Тверская, 1" in org.last.text
    await org.press("Изменить время")
    await org.send(f"{text_of(moscow(days=4))}\n{text_of(moscow(days=5))}")
    assert org.last.text == "Пришлите одни дату и время."


async def test_cancelling_a_time_poll_tells_the_voters(tg: LocalTelegram) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    bob = await member(tg, 2, "Борис")
    for answer in ["/newmeeting", "Опрос", "Повестка"]:
        await org.send(answer)
    await org.send(f"{text_of(moscow(days=3))}\n{text_of(moscow(days=4))}")
    for answer in ["60", "Офис", "-", "-", "-"]:
        await org.send(answer)
    await org.press("Все участники")
    await run_jobs(tg, "meetings.invite")
    await anna.press(1)
    bob_count = len(bob.messages)
    await anna.press_data("mt:ics:1", anna.last)
    assert anna.last_answer == "Время этой встречи ещё не выбрано."
    await org.send("/meeting 1")
    await org.press("Отменить встречу")
    await org.send("Договорились встретиться позже")
    await org.press("Да, отменить")
    assert org.last.text == "Встреча отменена; сообщаем 3 приглашённым."  # all who got the poll
    await run_jobs(tg, "meetings.announce")
    told = "Опрос о времени встречи «Опрос» отменён.\nПричина: Договорились встретиться позже"
    assert anna.last.text == told and bob.last.text == told
    assert len(bob.messages) == bob_count + 1
    poll = bob.messages[bob_count - 1]  # Bob's poll, never answered: edited too
    assert poll.edited and poll.text == told and poll.buttons == []


async def test_a_change_announcement_survives_a_restart(harness: BotHarness) -> None:
    tg = pause_jobs(harness)
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    meeting_id = await create_meeting(org, text_of(moscow(days=3)))
    await run_jobs(tg, "meetings.invite")
    await anna.press("Пойду")
    await org.send(f"/meeting {meeting_id}")
    await org.press("Изменить место")
    await org.send("Казань, Баумана, 5")
    await harness.restart()  # before the announcement went out
    tg = pause_jobs(harness)
    await run_jobs(tg, "meetings.restore")
    assert len(await run_jobs(tg, "meetings.announce")) == 1
    assert anna.last.text.startswith("Место встречи «Встреча координаторов» изменилось.")
    await harness.restart()
    tg = pause_jobs(harness)
    await run_jobs(tg, "meetings.restore")
    assert await run_jobs(tg, "meetings.announce") == []
