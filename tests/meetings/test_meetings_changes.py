"""A meeting moved or cancelled: everyone invited is told (also who never answered), and
every invitation message is edited to the change: old → new time, or cancelled with the
organiser's reason. The working group chat's card is in test_meetings_groups."""

from __future__ import annotations

from bot.db import Database
from bot.localapi import LocalTelegram
from bot.localapi.client import BotMessage, SimUser
from models import Meeting, MeetingStatus
from tests.support.harness import BotHarness
from tests.support.jobs import pause_jobs, run_jobs
from tests.support.meetings import LINK, create_meeting, moscow, text_of
from tests.support.people import member, organiser

TITLE = "Встреча координаторов"
ANSWERS = [["Пойду", "Возможно", "Не пойду"], ["В календарь (.ics)", "Материалы"]]


def message(user: SimUser, message_id: int) -> BotMessage:
    """One of the bot's messages to `user` as it looks now."""
    return next(found for found in user.messages if found.message_id == message_id)


def jobs_named(telegram: LocalTelegram, prefix: str) -> list[str]:
    job_queue = telegram.application.job_queue
    assert job_queue is not None
    return [job.name for job in job_queue.jobs() if (job.name or "").startswith(prefix)]


async def test_a_new_time_reaches_everyone_invited_and_edits_each_invitation(
    harness: BotHarness, database: Database
) -> None:
    tg = pause_jobs(harness)
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    bob = await member(tg, 2, "Bob", language="en")
    carol = await member(tg, 3, "Карина")  # never answers
    start = moscow(days=3).replace(hour=18, minute=30)
    meeting_id = await create_meeting(org, text_of(start))
    await run_jobs(tg, "meetings.invite")
    invitation = {user.id: user.last.message_id for user in (anna, bob, carol)}
    await anna.press("Пойду")
    await bob.press("Not going")

    await org.send(f"/meeting {meeting_id}")
    await org.press("Изменить время")
    assert org.last.text.startswith("Новые дата и время? Например, 15.12.2026 18:30")
    await org.send("01.01.2020 10:00")
    assert org.last.text.startswith("01.01.2020 10:00 — это уже прошло.")
    await org.send(text_of(start))
    assert org.last.text == "Встреча и так назначена на это время."
    new_start = moscow(days=4).replace(hour=11, minute=0)
    await org.send(text_of(new_start))
    confirmation = org.last
    assert confirmation.text.startswith(f"Новое время встречи «{TITLE}»: ")
    assert f"{new_start.year}, 11:00 (Europe/Moscow). Переносим?" in confirmation.text
    assert confirmation.buttons == [["Да, перенести", "Нет, оставить"]]
    move = confirmation.button("Да, перенести")["callback_data"]
    anna_count = len(anna.messages)
    await anna.press_data(move, anna.last)  # the wrong person
    assert anna.last_answer == "Изменять встречу может только её организатор."
    assert len(anna.messages) == anna_count

    await harness.restart()  # the confirmation carries the new time: a restart loses nothing
    tg = pause_jobs(harness)
    await run_jobs(tg, "meetings.restore")
    await org.press("Да, перенести", confirmation)
    assert message(org, confirmation.message_id).text == "Изменено; сообщаем 4 приглашённым."
    await org.press_data(move, confirmation)  # pressed twice
    assert org.last_answer == "Встреча и так назначена на это время."
    await bob.press("Maybe", message(bob, invitation[bob.id]))  # before the notices go out

    await run_jobs(tg, "meetings.announce")
    old, new = text_of(start), text_of(new_start)
    told = f"Время встречи «{TITLE}» изменилось: {old} → {new}–12:30 (Europe/Moscow)."
    assert anna.last.text.startswith(told) and carol.last.text.startswith(told)
    assert bob.last.text.startswith(
        f"The time of «{TITLE}» has changed: {old} → {new}–12:30 (Europe/Moscow)."
    )
    edited = {user.id: message(user, invitation[user.id]) for user in (anna, bob, carol)}
    assert all(invite.edited for invite in edited.values())
    assert edited[anna.id].text.startswith(f"Время изменилось: {old} → {new}.\n\n«{TITLE}»")
    assert "Ваш ответ: пойду." in edited[anna.id].text and LINK in edited[anna.id].text
    assert edited[bob.id].text.startswith(f"The time has changed: {old} → {new}.")
    assert "Your answer: maybe." in edited[bob.id].text and LINK not in edited[bob.id].text
    assert edited[carol.id].text.startswith(f"Время изменилось: {old} → {new}.")
    assert "Ваш ответ" not in edited[carol.id].text and edited[carol.id].buttons == ANSWERS
    assert jobs_named(tg, f"meetings.remind.{meeting_id}.") == [
        f"meetings.remind.{meeting_id}.1440",
        f"meetings.remind.{meeting_id}.60",
    ]
    async with database.session() as session:
        stored = await session.get(Meeting, meeting_id)
    assert stored is not None and stored.sequence == 1
    assert await run_jobs(tg, "meetings.announce") == []  # told once


async def test_a_cancellation_with_its_reason_reaches_everyone_invited(
    tg: LocalTelegram, database: Database
) -> None:
    org = await organiser(tg)
    anna = await member(tg, 1, "Анна")
    bob = await member(tg, 2, "Bob", language="en")
    carol = await member(tg, 3, "Карина")
    meeting_id = await create_meeting(org, text_of(moscow(days=3)))
    await run_jobs(tg, "meetings.invite")
    invitation = {user.id: user.last.message_id for user in (anna, bob, carol)}
    await anna.press("Пойду")
    await bob.press("Maybe")

    await org.send(f"/meeting {meeting_id}")
    await org.press("Отменить встречу")
    assert org.last.text == (
        f"Почему отменяется встреча «{TITLE}»? Напишите причину — её прочитают все "
        "приглашённые. /cancel — не отменять."
    )
    await anna.press_data(f"mt:cx:{meeting_id}", anna.last)
    assert anna.last_answer == "Изменять встречу может только её организатор."
    await org.send("я" * 501)
    assert org.last.text.startswith("Слишком длинно")
    await org.send("Докладчик заболел")
    assert org.last.text == (
        f"Отменить встречу «{TITLE}»? Причина: Докладчик заболел\n"
        "Все приглашённые получат сообщение."
    )
    first = org.last
    await org.press("Нет, оставить")
    assert message(org, first.message_id).text == "Ничего не изменилось."
    await org.press_data(f"mt:cxy:{meeting_id}", first)  # an old Yes: the reason is asked again
    assert org.last.text.startswith(f"Почему отменяется встреча «{TITLE}»?")
    await org.send("Докладчик заболел, перенесём на весну")
    await org.press("Да, отменить")
    assert org.last.text == "Встреча отменена; сообщаем 4 приглашённым."

    await run_jobs(tg, "meetings.announce")
    reason = "Докладчик заболел, перенесём на весну"
    for user in (anna, carol):
        assert user.last.text.startswith(f"Встреча «{TITLE}» отменена.")
        assert f"ОТМЕНЕНА\nПричина: {reason}" in user.last.text
    assert bob.last.text.startswith(f"«{TITLE}» is cancelled.")
    assert f"CANCELLED\nReason: {reason}" in bob.last.text
    for user in (anna, bob, carol):
        edited = message(user, invitation[user.id])
        assert edited.edited and edited.buttons == []
    assert message(anna, invitation[anna.id]).text.startswith(
        f"Организатор отменил встречу.\n\n«{TITLE}» (#{meeting_id})\nОТМЕНЕНА\nПричина: {reason}"
    )
    assert message(bob, invitation[bob.id]).text.startswith("Cancelled by the organiser.")
    await carol.press_data(f"mt:a:{meeting_id}:g", carol.last)
    assert carol.last_answer == "Эта встреча отменена."
    assert jobs_named(tg, f"meetings.remind.{meeting_id}") == []
    async with database.session() as session:
        stored = await session.get(Meeting, meeting_id)
    assert stored is not None and stored.status is MeetingStatus.CANCELLED
    assert (stored.cancel_reason, stored.sequence) == (reason, 1)
