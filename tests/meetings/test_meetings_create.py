"""/newmeeting: the dialogue, validation, permissions, invitations and answers."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from bot.meetings.views import JobPlan
from handlers.meetings.notices import schedule
from models import Meeting, Person, PersonStatus, Role, utcnow
from tests.support.harness import BotHarness
from tests.support.jobs import pause_jobs, run_jobs
from tests.support.meetings import LINK, create_meeting, moscow, text_of
from tests.support.people import member, organiser

WEEKDAYS = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]


async def test_bad_input_gets_a_reason_and_the_question_again(
    tg: LocalTelegram, database: Database
) -> None:
    org = await organiser(tg)
    start = moscow(days=5).replace(hour=18, minute=30)
    await org.send("/newmeeting")
    assert org.last.text.startswith("Новая встреча. Как она называется?")
    await org.send("Встреча координаторов")
    await org.send("Планы на год")
    assert "Когда начало?" in org.last.text and "Europe/Moscow" in org.last.text
    await org.send("завтра вечером")
    assert org.last.text.startswith("Не получилось прочитать дату и время.")
    assert "Когда начало?" in org.last.text
    await org.send("01.01.2020 10:00")
    assert org.last.text.startswith("01.01.2020 10:00 — это уже прошло.")
    await org.send(f"{text_of(start)} Mars/Olympus")
    assert org.last.text.startswith("Неизвестный часовой пояс Mars/Olympus.")
    await org.send(f"{text_of(start)} Asia/Yekaterinburg")
    echo, question = org.last.text.split("\n\n")
    assert echo.startswith(f"Начало: {WEEKDAYS[start.weekday()]}, {start.day} ")
    assert echo.endswith(f"{start.year}, 18:30 (Asia/Yekaterinburg).")
    assert question.startswith("Сколько продлится?")
    assert org.last.buttons == [["Исправить время"]]
    await org.send("17:00")
    assert org.last.text.startswith("Окончание (")
    assert "не позже начала" in org.last.text
    await org.send("полтора часа")
    assert org.last.text.startswith("Напишите длительность в минутах")
    await org.send("90")
    assert org.last.text.startswith("Где?")
    await org.send("-")
    await org.send("meet example")
    assert org.last.text.startswith("Это не похоже на ссылку.")
    await org.send("-")
    assert org.last.text.startswith("Нужно место или ссылка")
    await org.send(LINK)
    assert org.last.text.startswith("Сколько мест?")
    await org.send("тридцать")
    assert org.last.text.startswith("Число мест должно быть целым числом")
    await org.send("30")
    await org.send(f"{start:%d.%m.%Y} 23:00")
    assert org.last.text.startswith("Запись должна закрываться до начала встречи.")
    await org.send("-")
    assert org.last.text.startswith("Проверьте встречу «Встреча координаторов».\nНачало: ")
    assert org.last.text.endswith("\n\nКого приглашаем?")
    assert org.last.buttons == [["Все участники"]]
    await org.press("Все участники")
    assert org.last.text.startswith("Встреча «Встреча координаторов» (№1) создана")
    async with database.session() as session:
        meeting = (await session.exec(select(Meeting))).one()
    assert meeting.timezone == "Asia/Yekaterinburg"
    assert meeting.starts_at == start.replace(tzinfo=ZoneInfo("Asia/Yekaterinburg")).astimezone(UTC)
    assert (meeting.place, meeting.online_link, meeting.capacity) == (None, LINK, 30)
    assert meeting.duration_minutes == 90


async def test_cancel_and_restart_in_the_middle(harness: BotHarness, database: Database) -> None:
    tg = pause_jobs(harness)
    org = await organiser(tg)
    await org.send("/newmeeting")
    await org.send("Встреча")
    await harness.restart()
    tg = pause_jobs(harness)
    await org.send("Повестка")
    assert "Когда начало?" in org.last.text
    await org.send("/newmeeting")  # starts afresh
    assert org.last.text.startswith("Новая встреча. Как она называется?")
    await org.send("/cancel")
    assert org.last.text == "Прервано; встреча не создана."
    async with database.session() as session:
        assert (await session.exec(select(Meeting))).first() is None


async def test_only_organisers_and_coordinators_of_groups_create(tg: LocalTelegram) -> None:
    anna = await member(tg, 1, "Анна")
    await anna.send("/newmeeting")
    assert anna.last.text.startswith("Координаторы создают встречи своих рабочих групп")
    newcomer = tg.user(3, "Пётр")
    await newcomer.send("/newmeeting")
    assert newcomer.last.text.startswith("Это доступно роли «участник» и выше")
    kirill = await member(tg, 2, "Кирилл", role=Role.COORDINATOR)
    await kirill.send("/newmeeting")
    assert kirill.last.text.startswith("Координаторы создают встречи своих рабочих групп")


async def test_invitation_answers_and_link_only_for_those_going(
    tg: LocalTelegram, database: Database
) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    bob = await member(tg, 2, "Bob", language="en")
    applicant = tg.user(3, "Пётр")
    await applicant.send("/start")
    meeting_id = await create_meeting(org, text_of(moscow(days=4)))
    assert "приглашение отправляется 3 участникам" in org.last.text  # org, Анна, Bob
    assert await run_jobs(tg, "meetings.invite") == [f"meetings.invite.{meeting_id}"]
    invitation = anna.last
    assert invitation.text.startswith("Приглашаем вас на встречу.")
    assert "Онлайн: ссылка будет видна после записи" in invitation.text
    assert LINK not in invitation.text
    assert invitation.buttons == [
        ["Пойду", "Возможно", "Не пойду"],
        ["В календарь (.ics)", "Материалы"],
    ]
    assert bob.last.text.startswith("You are invited to a meeting.")
    assert bob.last.buttons[0] == ["Going", "Maybe", "Not going"]
    assert applicant.texts[-1].startswith("Здравствуйте")  # not invited

    await anna.press("Пойду")
    assert anna.last_answer == "Ваш ответ: пойду."
    assert anna.last.edited and f"Онлайн: {LINK}" in anna.last.text
    assert "Идёт 1 человек." in anna.last.text
    await anna.press("Возможно")
    assert "Ваш ответ: возможно." in anna.last.text and LINK not in anna.last.text

    await anna.send("/meetings")
    assert "Ближайшие встречи:" in anna.last.text
    assert f"#{meeting_id}" in anna.last.text and "— возможно" in anna.last.text
    await bob.send("/meetings")
    assert "— no answer yet" in bob.last.text
    group = tg.group(-100, "Чат сообщества")
    await anna.send(f"/meeting {meeting_id}", chat=group)  # the link never goes to a group
    assert group.messages == []
    await applicant.send("/meetings")
    assert applicant.last.text.startswith("Это доступно роли «участник» и выше")

    # invitations go out once, even when the job runs again (restart)
    count = len(anna.messages)
    schedule(tg.application, JobPlan(meeting_id, invite=True))
    await run_jobs(tg, "meetings.invite")
    assert len(anna.messages) == count


async def test_capacity_and_waiting_list_promotion(tg: LocalTelegram) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    bob = await member(tg, 2, "Bob", language="en")
    await create_meeting(org, text_of(moscow(days=2)), capacity="1")
    await run_jobs(tg, "meetings.invite")
    await anna.press("Пойду")
    assert "Занято мест: 1 из 1." in anna.last.text
    await bob.press("Going")
    full = "The meeting is full: you are on the waiting list, place 1 in the queue."
    assert bob.last_answer == full
    assert "Your answer: on the waiting list, place 1 in the queue." in bob.last.text
    assert LINK not in bob.last.text
    await anna.press("Не пойду")
    promoted = bob.last
    assert promoted.text.startswith("A place became free: you are now registered for")
    assert LINK in promoted.text
    await bob.send("/meetings")
    assert "— going" in bob.last.text
    # answer changeable, and a forged or stale press does nothing harmful
    await anna.press("Пойду", anna.last_with_buttons())
    assert anna.last_answer == "Мест нет: вы в листе ожидания, ваше место в очереди — 1."
    await anna.press_data("mt:a:999:g", anna.last_with_buttons())
    assert anna.last_answer == "Такой встречи для вас нет."
    await anna.press_data("mt:a:1:x", anna.last_with_buttons())
    assert anna.last_answer == "Эта кнопка больше не действует."
    await anna.press_data("mt:a:abc:g", anna.last_with_buttons())
    assert anna.last_answer == "Такой встречи для вас нет."


async def test_blocked_member_and_flood_during_invitations(
    tg: LocalTelegram, database: Database
) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    bob = await member(tg, 2, "Борис")
    await create_meeting(org, text_of(moscow(days=2)))
    tg.server.block(1)
    tg.server.flood(retry_after=1, method="sendMessage")
    await run_jobs(tg, "meetings.invite")
    assert bob.last.text.startswith("Приглашаем вас на встречу.")
    assert not any(text.startswith("Приглашаем") for text in anna.texts)
    async with database.session() as session:
        anna_row = (await session.exec(select(Person).where(Person.telegram_id == 1))).one()
    assert anna_row.status is PersonStatus.UNREACHABLE


async def test_a_passing_error_is_retried_and_nobody_is_invited_twice(tg: LocalTelegram) -> None:
    org = await organiser(tg)
    bob = await member(tg, 2, "Борис")
    await create_meeting(org, text_of(moscow(days=2)))
    tg.server.fail(500, "Internal Server Error", method="sendMessage", chat_id=2)
    await run_jobs(tg, "meetings.invite")  # the outbox tries again after a back-off
    assert [text for text in bob.texts if text.startswith("Приглашаем")] == [bob.last.text]
    schedule(tg.application, JobPlan(1, invite=True))  # as the restore at the next start does
    await run_jobs(tg, "meetings.invite")
    assert sum(text.startswith("Приглашаем") for text in bob.texts) == 1


async def test_registration_closes_at_the_deadline(tg: LocalTelegram, database: Database) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    start = moscow(days=3)
    deadline = start - timedelta(days=1)
    meeting_id = await create_meeting(org, text_of(start), deadline=text_of(deadline))
    await run_jobs(tg, "meetings.invite")
    assert f"Запись до {text_of(deadline)}." in anna.last.text
    await anna.press("Возможно")
    async with database.session() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.registration_deadline = utcnow() - timedelta(minutes=1)
        session.add(meeting)
    await anna.press("Пойду")
    assert anna.last_answer == "Запись на эту встречу закрыта."
    await anna.press("Не пойду")  # declining is always possible
    assert anna.last_answer == "Ваш ответ: не пойду."
