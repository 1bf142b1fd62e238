"""Time polls fixed into meetings, attendee list and CSV, feedback, materials, groups."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlmodel import select

from bot.db import Database
from bot.groups import GroupView
from bot.localapi import LocalTelegram
from bot.meetings.views import JobPlan
from handlers.meetings.notices import schedule
from models import Meeting, MeetingStatus, Role, utcnow
from tests.support.harness import BotHarness, make_settings
from tests.support.jobs import pause_jobs, run_jobs
from tests.support.meetings import create_meeting, moscow, text_of
from tests.support.people import member, organiser


async def test_time_poll_is_fixed_into_a_meeting_with_one_press(
    tg: LocalTelegram, database: Database
) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    bob = await member(tg, 2, "Bob", language="en")
    first, second = moscow(days=5).replace(hour=10, minute=0), moscow(days=6).replace(hour=18)
    second = second.replace(minute=0)
    for answer in ["/newmeeting", "Стратегия", "План на год"]:
        await org.send(answer)
    await org.send(f"{text_of(first)}\n{text_of(first)}")
    assert org.last.text.startswith("Одно и то же время предложено дважды.")
    await org.send(f"{text_of(first)}\n{text_of(second)}")
    for answer in ["120", "-", "https://meet.example.org/s", "-", "-"]:
        await org.send(answer)
    await org.press("Все участники")
    assert org.last.text.startswith("Опрос о времени встречи «Стратегия» (№1) отправляется 3")
    await run_jobs(tg, "meetings.invite")
    poll = anna.last
    assert poll.text.startswith("Когда встречаемся: «Стратегия» (№1)?")
    assert poll.buttons == [
        [f"{first:%d.%m %H:%M}: Да", "Возможно", "Нет"],
        [f"{second:%d.%m %H:%M}: Да", "Возможно", "Нет"],
    ]
    assert bob.last.buttons[0][0] == f"{first:%d.%m %H:%M}: Yes"
    await anna.press(1)  # first time: Yes
    assert anna.last_answer == "Спасибо, записали."
    await anna.press(5)  # second time: Maybe
    assert f"✅ {text_of(first)}" in anna.last.text and f"❔ {text_of(second)}" in anna.last.text
    await bob.press(3)  # first: No
    await bob.press(6)  # second: No, then changes his mind
    await bob.press(4)  # second: Yes

    await org.send("/meeting 1")
    assert "Голоса (лучшее время первым):" in org.last.text
    assert f"{text_of(second)}: да 1, возможно 1, нет 0" in org.last.text
    assert f"{text_of(first)}: да 1, возможно 0, нет 1" in org.last.text
    fix = org.last.button(f"Назначить лучшее время: {text_of(second)}")
    await anna.press_data(fix["callback_data"], anna.last)
    assert anna.last_answer == "Изменять встречу может только её организатор."
    await anna.press(f"{first:%d.%m %H:%M}: Да", anna.last)  # no meeting to answer yet
    await org.press(f"Назначить лучшее время: {text_of(second)}")
    assert org.last.text.startswith(f"Время назначено: {text_of(second)}")
    async with database.session() as session:
        meeting = (await session.exec(select(Meeting))).one()
    assert meeting.status is MeetingStatus.SCHEDULED and meeting.duration_minutes == 120
    await run_jobs(tg, "meetings.invite")
    assert anna.last.text.startswith("Приглашаем вас на встречу.")
    assert f"Когда: {text_of(second)}–20:00 (Europe/Moscow)" in anna.last.text
    await anna.press_data("mt:v:1:y", anna.last)
    assert anna.last_answer == "Этот опрос закрыт."
    jobs = [job.name for job in tg.application.job_queue.jobs()]  # type: ignore[union-attr]
    assert "meetings.remind.1.1440" in jobs and "meetings.remind.1.60" in jobs


async def test_attendee_list_and_csv_export(tg: LocalTelegram) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна", username="user1")
    bob = await member(tg, 2, "Борис", username="user2")
    await member(tg, 3, "Карина", username="user3")
    meeting_id = await create_meeting(org, text_of(moscow(days=2)), capacity="1")
    tg.server.block(3)
    await run_jobs(tg, "meetings.invite")
    await anna.press("Пойду")
    await bob.press("Пойду")
    await org.send(f"/meeting {meeting_id}")
    await org.press("Участники")
    assert org.last.text == (
        "Ответы по встрече «Встреча координаторов»:\n"
        "1. Анна — пойду\n2. Борис — в листе ожидания\n\n"
        "Приглашения: доставлено 3, заблокировали бота 1, ошибок 0, ещё отправляются 0."
    )
    await org.send(f"/meeting {meeting_id}")
    await org.press("Выгрузить CSV")
    document = org.last.raw["document"]
    assert document["file_name"] == f"meeting-{meeting_id}-attendees.csv"
    content = tg.server.files[document["file_id"]].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == [
        "Имя",
        "Контакт",
        "Ответ",
        "Когда ответил(а)",
        "Оценка",
        "Комментарий",
    ]
    assert [row[:3] for row in rows[1:]] == [  # no profile, so no contact to show
        ["Анна", "", "пойду"],
        ["Борис", "", "в листе ожидания"],
    ]


async def test_feedback_after_the_meeting_and_materials(
    tg: LocalTelegram, database: Database
) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    bob = await member(tg, 2, "Борис")
    meeting_id = await create_meeting(org, text_of(moscow(days=2)))
    await run_jobs(tg, "meetings.invite")
    await anna.press("Пойду")
    await bob.press("Не пойду")
    await run_jobs(tg, "meetings.feedback")  # too early: nothing is asked
    assert not any(text.startswith("Как прошла") for text in anna.texts)

    await org.send(f"/meeting {meeting_id}")
    await org.press("Добавить материал")
    assert org.last.text == "Пришлите файл или ссылку для встречи «Встреча координаторов»."
    await org.send("не ссылка")
    assert org.last.text.startswith("Это не похоже на ссылку.")
    await org.send_file(b"jpeg", kind="photo")
    assert org.last.text == "Пришлите файл (документом) или ссылку."
    await org.send_file(b"%PDF slides", file_name="slides.pdf")
    assert org.last.text.startswith("Добавлено.")
    await org.send(f"/meeting {meeting_id}")
    await org.press("Добавить материал")
    await org.send("https://docs.example.org/notes")

    async with database.session() as session:  # the meeting took place
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.starts_at = utcnow() - timedelta(hours=3)
        session.add(meeting)
    schedule(tg.application, JobPlan(meeting_id, feedback_at=utcnow()))
    await run_jobs(tg, "meetings.feedback")
    ask = anna.last
    assert ask.text == "Как прошла встреча «Встреча координаторов»? Оцените от 1 до 5."
    assert ask.buttons == [["1", "2", "3", "4", "5"]]
    assert not any(text.startswith("Как прошла") for text in bob.texts)
    await run_jobs(tg, "meetings.feedback")
    await bob.press_data(f"mt:r:{meeting_id}:5", ask)
    assert bob.last_answer == "Оценить встречу могут только её участники."
    await anna.press("4")
    await anna.send("/skip")
    assert anna.last.text == "Спасибо за отзыв!"
    await anna.press_data(f"mt:r:{meeting_id}:5", ask)  # the rating can be changed
    edited = next(message for message in anna.messages if message.message_id == ask.message_id)
    assert edited.text.startswith("Спасибо: 5 из 5. Добавите короткий комментарий?")
    await anna.send("Очень полезно")
    assert anna.last.text == "Спасибо за отзыв!"

    await org.send(f"/meeting {meeting_id}")
    assert "Отзывы: 1 оценка, в среднем 5.0." in org.last.text
    await org.press("Выгрузить CSV")
    content = tg.server.files[org.last.raw["document"]["file_id"]].decode("utf-8-sig")
    assert "Очень полезно" in content

    await anna.send("/meetings")
    assert "Прошедшие встречи с материалами:" in anna.last.text
    await anna.press(f"#{meeting_id} Встреча координаторов")
    assert anna.messages[-2].text == (
        "Материалы встречи «Встреча координаторов»:\nhttps://docs.example.org/notes\nslides.pdf"
    )
    assert anna.last.raw["document"]["file_id"].startswith("file-")


class OneGroup:
    """Stands in for the working groups feature: Кирилл coordinates group 7 (Анна in it)."""

    async def coordinated_by(self, person_id: int) -> list[tuple[int, str]]:
        return [(7, "Дети")] if person_id == 2 else []

    async def member_ids(self, group_id: int) -> list[int]:
        return [1, 2] if group_id == 7 else []

    async def group(self, group_id: int) -> GroupView | None:
        if group_id != 7:
            return None
        return GroupView(7, "Дети", "", None, None, 2, "Кирилл", False, False, 2)


async def test_a_coordinator_invites_their_working_group(database: Database) -> None:
    def add_groups(application) -> None:  # type: ignore[no-untyped-def]
        application.services.meetings.groups = OneGroup()

    harness = BotHarness(make_settings(database.url), database, customise=add_groups)
    await harness.start()
    try:
        tg = pause_jobs(harness)
        anna = await member(tg, 1, "Анна")  # person id 1
        kirill = await member(tg, 2, "Кирилл", role=Role.COORDINATOR)  # person id 2
        bob = await member(tg, 3, "Борис")
        for answer in ["/newmeeting", "Группа", "Дела", text_of(moscow(days=2)), "60"]:
            await kirill.send(answer)
        for answer in ["Офис", "-", "-", "-"]:
            await kirill.send(answer)
        assert kirill.last.buttons == [["Рабочая группа: Дети"]]
        await kirill.press_data("mt:to:all", kirill.last)
        assert kirill.last_answer == "Эта кнопка больше не действует."
        await kirill.press("Рабочая группа: Дети")
        assert "приглашение отправляется 2 участникам" in kirill.last.text
        await run_jobs(tg, "meetings.invite")
        assert anna.last.text.startswith("Приглашаем вас на встречу.")
        assert not any(text.startswith("Приглашаем") for text in bob.texts)
        await bob.send("/meeting 1")
        assert bob.last.text == "Такой встречи для вас нет."
        await bob.send("/meetings")
        assert bob.last.text.startswith("Ближайших встреч нет.")
        await kirill.send("/meeting 1")
        assert "Изменить время" in str(kirill.last.buttons)
    finally:
        await harness.stop()
