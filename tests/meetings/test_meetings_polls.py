"""A time poll has a deadline and reminds those who have not voted; at the deadline the
organiser gets the votes with a button for every time; any time can be chosen, and those who
said Yes to it are registered as going (up to the capacity, then waiting)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from models import Answer, Attendance, Meeting, Person, utcnow
from tests.support.jobs import run_jobs
from tests.support.meetings import moscow, text_of
from tests.support.people import member, organiser

LINK = "https://meet.example.org/strategy"
WEEKDAYS = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]


async def test_a_time_poll_with_a_deadline_reminder_and_any_time_chosen(
    tg: LocalTelegram, database: Database
) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    bob = await member(tg, 2, "Bob", language="en")
    carol = await member(tg, 3, "Карина")
    dan = await member(tg, 4, "Денис")
    first = moscow(days=5).replace(hour=10, minute=0)
    second = moscow(days=6).replace(hour=18, minute=0)
    third = moscow(days=7).replace(hour=12, minute=0)
    for answer in ["/newmeeting", "Стратегия", "План на год"]:
        await org.send(answer)
    await org.send("\n".join(text_of(moment) for moment in (first, second, third)))
    assert org.last.text.startswith("Варианты времени:\n• ")
    for answer in ["120", "Офис", LINK, "1"]:
        await org.send(answer)
    assert org.last.text.startswith("До какого времени голосуем?")
    await org.send(text_of(third))
    assert org.last.text.startswith("Голосование должно закончиться раньше первого варианта")
    deadline = moscow(days=3).replace(hour=12, minute=0)
    await org.send(text_of(deadline))
    assert (
        f"Голосование закончится: {WEEKDAYS[deadline.weekday()]}, {deadline.day} " in org.last.text
    )
    await org.press("Все участники")
    jobs = {job.name for job in tg.application.job_queue.jobs()}  # type: ignore[union-attr]
    assert {"meetings.poll_remind.1", "meetings.poll_close.1"} <= jobs

    await run_jobs(tg, "meetings.invite")
    assert f"Голосование до {text_of(deadline)}." in anna.last.text
    await anna.press(1)  # first: Yes
    await carol.press(1)
    await dan.press(1)
    await anna.press(4)  # second: Yes, Анна before Карина
    await carol.press(4)
    await dan.press(5)  # second: Maybe
    assert bob.last.text.startswith("When shall we meet for «Стратегия» (#1)?")

    await run_jobs(tg, "meetings.poll_remind")
    assert bob.last.text.startswith("You have not voted yet: voting closes ")
    assert org.last.text.startswith("Вы ещё не проголосовали: голосование закончится ")
    assert not any(text.startswith("Вы ещё не проголосовали") for text in anna.texts)
    await bob.press(7)  # third: Yes, from the reminder
    assert bob.last_answer == "Thank you, noted."
    count = len(bob.messages)
    await run_jobs(tg, "meetings.poll_remind")  # once only
    assert len(bob.messages) == count

    async with database.session() as session:  # the deadline passes
        meeting = await session.get(Meeting, 1)
        assert meeting is not None
        meeting.poll_deadline = utcnow() - timedelta(minutes=1)
        session.add(meeting)
    await carol.press(7, carol.last_with_buttons())
    assert carol.last_answer == "Этот опрос закрыт."
    await run_jobs(tg, "meetings.poll_close")
    closed = org.last
    assert closed.text.startswith(
        "Голосование о времени встречи «Стратегия» (№1) закончилось. Выберите время:"
    )
    assert f"{text_of(first)}: да 3, возможно 0, нет 0" in closed.text
    assert closed.buttons == [
        [f"Назначить лучшее время: {text_of(first)}"],
        [f"Назначить: {text_of(second)}"],
        [f"Назначить: {text_of(third)}"],
        ["Отменить встречу"],
    ]
    fix_second = closed.button(f"Назначить: {text_of(second)}")["callback_data"]
    await anna.press_data(fix_second, anna.last)
    assert anna.last_answer == "Изменять встречу может только её организатор."
    await org.press(f"Назначить: {text_of(second)}", closed)  # not the best: any time goes
    assert org.last.text.startswith(f"Время назначено: {text_of(second)}")
    assert org.last.text.endswith(
        "1 участник, ответивший «Да» на это время, записан на встречу.\nЕщё 1 — в листе ожидания."
    )
    await org.press_data(fix_second, closed)  # twice
    assert org.last_answer == "Этот опрос закрыт."

    await run_jobs(tg, "meetings.invite")
    assert anna.last.text.startswith("Время выбрано, и вы ответили на него «Да»: вы записаны.")
    assert f"Онлайн: {LINK}" in anna.last.text and "Ваш ответ: пойду." in anna.last.text
    assert carol.last.text.startswith("Время выбрано, и вы ответили на него «Да», но места заняты")
    assert LINK not in carol.last.text
    assert dan.last.text.startswith("Приглашаем вас на встречу.")  # a Maybe is not a Yes
    assert bob.last.text.startswith("You are invited to a meeting.")
    await carol.send("/meeting 1")
    assert "Ваш ответ: в листе ожидания, ваше место в очереди — 1." in carol.last.text
    async with database.session() as session:
        rows = await session.exec(
            select(Person.telegram_id, Attendance.answer, Attendance.invited_at)
            .join(Attendance, Attendance.person_id == Person.id)  # type: ignore[arg-type]  # SQL
            .order_by(Person.telegram_id)  # type: ignore[arg-type]  # a column
        )
        answers = {
            telegram_id: (answer, invited is not None) for telegram_id, answer, invited in rows
        }
    assert answers == {
        1: (Answer.GOING, True),
        2: (Answer.INVITED, True),
        3: (Answer.WAITING, True),
        4: (Answer.INVITED, True),
        100: (Answer.INVITED, True),
    }
    await run_jobs(tg, "meetings.invite")  # as at a restart: nobody is invited twice
    assert sum(text.startswith("Время выбрано") for text in anna.texts) == 1
