"""/announce end to end: compose with preview, every audience, now or at a time, confirm;
restarts in the middle; wrong input, forged buttons and people who may not announce."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core import expertise
from models import Role
from tests.support.community import (
    announce,
    last_broadcast,
    member,
    organiser,
    received,
    send_text,
)
from tests.support.harness import BotHarness

BOLD = [{"type": "bold", "offset": 0, "length": 6}]


async def test_text_keeps_formatting_and_reaches_all_members(telegram) -> None:
    boss = await organiser(telegram)
    anna = await member(telegram, 1, "Анна")
    boris = await member(telegram, 2, "Борис", role=Role.COORDINATOR)
    newcomer = await member(telegram, 3, "Вера", role=Role.APPLICANT)

    await boss.send("/announce")
    assert "Пришлите объявление" in boss.last.text
    await send_text(boss, "Важно: собрание в пятницу", BOLD)
    preview = boss.messages[-2]
    assert preview.text == "Важно: собрание в пятницу" and preview.raw["entities"] == BOLD
    assert boss.last.text == "Кому отправить?"
    await boss.press("Все участники")
    await boss.press("Отправить сейчас")
    assert "Получатели: все участники (3)." in boss.last.text  # Анна, Борис, Ольга
    assert "Когда: сейчас." in boss.last.text
    await boss.press("Подтвердить")
    stats = await last_broadcast(telegram)
    assert (stats.sent, stats.pending, stats.blocked, stats.failed) == (3, 0, 0, 0)
    for person in (anna, boris):
        assert person.last.text == "Важно: собрание в пятницу"
        assert person.last.raw["entities"] == BOLD
    assert received(telegram, newcomer.id, "Важно: собрание в пятницу") == 0
    assert any(text.startswith("Рассылка №1 завершена.") for text in boss.texts)

    await anna.send("/news")
    assert "Важно: собрание в пятницу" in anna.last.text


async def test_preview_comes_before_the_audience_question(telegram) -> None:
    boss = await organiser(telegram)
    await boss.send("/announce")
    await send_text(boss, "Текст")
    texts = boss.texts[-3:]
    assert texts == ["Предпросмотр — участники увидят ровно это:", "Текст", "Кому отправить?"]


async def test_photo_with_caption_to_one_region(telegram) -> None:
    boss = await organiser(telegram)
    moscow = await member(telegram, 1, "Анна", region="MOW")
    piter = await member(telegram, 2, "Борис", region="SPE")
    await boss.send("/announce")
    await boss.send_file(b"jpeg", kind="photo", caption="Фотоотчёт")
    preview = boss.messages[-2]
    assert preview.raw["photo"] and preview.text == "Фотоотчёт"
    await boss.press("Регион")
    await boss.send("Неверляндия")
    assert boss.last.text == "Регион «Неверляндия» не найден. Попробуйте ещё раз."
    await boss.send("Моск")
    assert boss.last.text == "Какой именно?"
    await boss.press("Москва")
    await boss.press("Отправить сейчас")
    assert "участники из региона «Москва» (1)" in boss.last.text
    await boss.press("Подтвердить")
    stats = await last_broadcast(telegram)
    assert stats.sent == 1
    assert moscow.last.text == "Фотоотчёт" and moscow.last.raw["photo"]
    assert received(telegram, piter.id, "Фотоотчёт") == 0


async def test_document_to_an_expertise_area(telegram) -> None:
    boss = await organiser(telegram)
    anna = await member(telegram, 1, "Анна")
    boris = await member(telegram, 2, "Борис")
    db = telegram.application.services.db
    person = await telegram.application.services.people.get(anna.id)
    await expertise.set_person_areas(db, person.id, ["children"])
    await boss.send("/announce")
    await boss.send_file(b"%PDF", caption="Методичка")
    await boss.press("Область экспертизы")
    await boss.press_data("bc:area:no-such-area", boss.last)
    assert boss.last_answer == "Эта кнопка больше не действует."
    await boss.press("Работа с детьми")
    await boss.press("Отправить сейчас")
    assert "«Работа с детьми» (1)" in boss.last.text
    await boss.press("Подтвердить")
    assert (await last_broadcast(telegram)).sent == 1
    assert anna.last.text == "Методичка" and anna.last.raw["document"]
    assert received(telegram, boris.id, "Методичка") == 0


async def test_everyone_who_started_the_bot_includes_applicants(telegram) -> None:
    boss = await organiser(telegram)
    newcomer = await member(telegram, 3, "Вера", role=Role.APPLICANT)
    await announce(boss, "Открытая встреча", "Все, кто запускал бота")
    await boss.press("Отправить сейчас")
    assert "все, кто запускал бота (2)" in boss.last.text
    await boss.press("Подтвердить")
    assert (await last_broadcast(telegram)).sent == 2
    assert newcomer.last.text == "Открытая встреча"
    await newcomer.send("/news")
    assert "Открытая встреча" in newcomer.last.text


async def test_members_only_news_is_hidden_from_applicants(telegram) -> None:
    boss = await organiser(telegram)
    newcomer = await member(telegram, 3, "Вера", role=Role.APPLICANT)
    await announce(boss, "Только для участников", "Все участники")
    await boss.press("Отправить сейчас")
    await boss.press("Подтвердить")
    await last_broadcast(telegram)
    await newcomer.send("/news")
    assert newcomer.last.text == "Новостей пока нет."


async def test_not_an_organiser_cannot_announce(telegram) -> None:
    anna = await member(telegram, 1, "Анна", role=Role.COORDINATOR)
    await anna.send("/announce")
    assert "организатор" in anna.last.text
    await anna.send("Попытка")
    assert "команды" in anna.last.text.lower()  # free text outside any dialogue
    await anna.send("/broadcasts")
    assert "организатор" in anna.last.text
    assert await telegram.application.services.outbox.recent() == []


async def test_wrong_content_and_wrong_times_are_asked_again(telegram) -> None:
    boss = await organiser(telegram)
    await boss.send("/announce")
    await boss.send_contact("+79990000000")
    assert boss.last.text == "Пришлите, пожалуйста, текст, фото или документ. /cancel — прервать."
    await send_text(boss, "Позже")
    await boss.press("Все участники")
    await boss.send("сейчас же")
    assert boss.last.text == "Пожалуйста, воспользуйтесь кнопками выше или /cancel, чтобы прервать."
    await boss.press("В заданное время")
    await boss.send("завтра")
    assert boss.last.text == "Не получилось разобрать. Пришлите в виде ДД.ММ.ГГГГ ЧЧ:ММ."
    await boss.send("01.01.2020 10:00")
    assert boss.last.text == "Это время уже прошло. Пришлите время в будущем."
    await boss.send("/cancel")
    assert boss.last.text == "Отменено: ничего не отправлено."
    assert await telegram.application.services.outbox.recent() == []


async def test_cancel_at_confirmation_sends_nothing(telegram) -> None:
    boss = await organiser(telegram)
    await member(telegram, 1, "Анна")
    await announce(boss, "Черновик", "Все участники")
    await boss.press("Отправить сейчас")
    await boss.press("Отмена")
    assert boss.last.text == "Отменено: ничего не отправлено."
    assert await telegram.application.services.outbox.recent() == []
    await boss.press_data("bc:ok", boss.last)  # a stale Confirm: nothing happens
    assert boss.last_answer == "Эта кнопка больше не действует."
    assert await telegram.application.services.outbox.recent() == []


async def test_forged_buttons_in_the_dialogue_change_nothing(telegram) -> None:
    boss = await organiser(telegram)
    await boss.send("/announce")
    await send_text(boss, "Текст")
    await boss.press_data("bc:ok", boss.last)  # Confirm before the audience was chosen
    assert boss.last_answer == "Эта кнопка больше не действует."
    await boss.press_data("bc:aud:everybody", boss.last)
    assert boss.last_answer == "Эта кнопка больше не действует."
    await boss.press("Регион")
    await boss.press_data("bc:reg:XX", boss.last)
    assert boss.last_answer == "Эта кнопка больше не действует."
    assert await telegram.application.services.outbox.recent() == []


async def test_urgent_toggle_is_shown_in_the_summary(telegram) -> None:
    boss = await organiser(telegram)
    await announce(boss, "Срочно", "Все участники")
    await boss.press("Срочное: нет")
    assert boss.last.buttons[1] == ["Срочное: да"]
    await boss.press("Отправить сейчас")
    assert "Срочное: придёт всем сразу." in boss.last.text


async def test_dialogue_continues_after_a_restart(harness: BotHarness, telegram) -> None:
    boss = await organiser(telegram)
    anna = await member(telegram, 1, "Анна")
    await announce(boss, "Пережил перезапуск", "Все участники")
    await harness.restart()
    await boss.press("Отправить сейчас")
    await boss.press("Подтвердить")
    await last_broadcast(telegram)
    assert anna.last.text == "Пережил перезапуск"


async def test_scheduled_announcement_survives_a_restart(harness: BotHarness, telegram) -> None:
    boss = await organiser(telegram)
    anna = await member(telegram, 1, "Анна")
    zone = ZoneInfo("Europe/Moscow")
    at = (datetime.now(zone) + timedelta(days=1)).replace(second=0, microsecond=0)
    await announce(boss, "По расписанию", "Все участники")
    await boss.press("В заданное время")
    await boss.send(at.strftime("%d.%m.%Y %H:%M"))
    assert f"Когда: {at:%d.%m.%Y %H:%M}." in boss.last.text
    await boss.press("Подтвердить")
    assert boss.last.text == f"Запланировано на {at:%d.%m.%Y %H:%M}."
    assert received(telegram, anna.id, "По расписанию") == 0

    await harness.restart()
    for job in telegram.application.job_queue.get_jobs_by_name("broadcasts.restore"):
        await job.run(telegram.application)  # in case it has not run yet: no second job
    jobs = telegram.application.job_queue.jobs()
    scheduled = [job for job in jobs if job.name and job.name.startswith("broadcasts.publish:")]
    assert len(scheduled) == 1
    assert scheduled[0].next_t is not None and abs(scheduled[0].next_t - at) < timedelta(seconds=1)
    await scheduled[0].run(telegram.application)
    await scheduled[0].run(telegram.application)  # running twice publishes once
    await last_broadcast(telegram)
    assert received(telegram, anna.id, "По расписанию") == 1
    assert any(text.startswith("Рассылка №1 завершена.") for text in boss.texts)


async def test_a_scheduled_announcement_can_be_cancelled(telegram) -> None:
    boss = await organiser(telegram)
    anna = await member(telegram, 1, "Анна")
    at = datetime.now(ZoneInfo("Europe/Moscow")) + timedelta(hours=3)
    await announce(boss, "Отменят", "Все участники")
    await boss.press("В заданное время")
    await boss.send(at.strftime("%d.%m.%Y %H:%M"))
    await boss.press("Подтвердить")
    await boss.send("/broadcasts")
    listing = boss.messages[-2]
    assert listing.text.startswith("Запланированные объявления:\n#1 · ")
    assert boss.last.text == "Рассылок пока не было."
    await anna.press_data("bc:unsched:1", anna.last)  # a member cannot cancel it
    assert anna.last_answer == "Эта кнопка больше не действует."
    assert telegram.application.job_queue.get_jobs_by_name("broadcasts.publish:1")
    await boss.press("Отменить №1", listing)
    assert boss.last_answer == "Запланированное объявление отменено."
    assert boss.last.text == "Объявление №1 не будет отправлено."
    assert not telegram.application.job_queue.get_jobs_by_name("broadcasts.publish:1")
    await boss.press_data("bc:unsched:1", listing)
    assert boss.last_answer == "Эта кнопка больше не действует."
    assert received(telegram, anna.id, "Отменят") == 0
