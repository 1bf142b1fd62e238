"""/profile, /directory (visibility of contacts), /mydata, /deleteme and /areas."""

from __future__ import annotations

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from bot.membership import personal
from models import AuditEntry, MemberProfile, Person
from tests.support.membership import make_member, member_in_community
from tests.support.people import organiser


async def test_profile_shows_and_edits_with_the_same_validation(telegram: LocalTelegram) -> None:
    newcomer = telegram.user(5, "Иван")
    await newcomer.send("/profile")
    assert newcomer.last.text.startswith("У вас ещё нет профиля.")
    anna = await make_member(telegram, 1, "Анна Петрова")
    await anna.send("/profile")
    assert "Опыт (лет): 5" in anna.last.text
    await anna.press("✏️ Опыт (лет)")
    await anna.send("сто")
    assert anna.last.text.startswith("Пришлите целое число")
    await anna.send("12")
    assert anna.messages[-2].text == "Профиль сохранён."
    assert "Опыт (лет): 12" in anna.last.text
    await anna.press("✏️ Контакты в справочнике")
    await anna.press("Показывать мой номер")
    await anna.send("/cancel")
    assert anna.last.text == "Изменение отменено; профиль не изменился."
    await anna.send("/profile")
    assert "Контакты в справочнике: Только через бота" in anna.last.text
    await anna.press("✏️ Контакты в справочнике")
    await anna.press("Показывать мой номер")
    await anna.send("+7 911 000 00 00")
    assert "Телефон: +79110000000" in anna.last.text
    await anna.press_data("mb:p:e:consent", anna.last)  # not editable
    assert anna.last_answer == "Эта кнопка больше не действует."


async def test_directory_respects_contact_visibility(telegram: LocalTelegram) -> None:
    applicant = telegram.user(9, "Кандидат")
    await applicant.send("/directory")
    assert applicant.last.text.startswith("Это доступно роли «участник» и выше")
    anna = await make_member(telegram, 1, "Анна Петрова", region="TVE", username="anna")
    await make_member(telegram, 2, "Борис Иванов", contact="username", username="boris")
    await make_member(telegram, 3, "Вера Смирнова", contact="phone", areas=("legal",))
    gleb = await make_member(telegram, 4, "Глеб Без Ника", contact="username", language="en")
    await anna.send("/directory")
    await anna.press("Работа с детьми")
    found = anna.last.text
    assert found.startswith("Найдено 3 участника.")
    assert "Анна Петрова — НКО" in found and "Тверская область" in found
    assert "Контакт: @boris" in found
    assert "Вера" not in found  # another area
    assert "Контакт: через бота" in found  # Анна (bot only) and Глеб (no username)
    assert "@anna" not in found
    await anna.send("/directory Вера")
    assert "Контакт: +79001234567" in anna.last.text
    await anna.send("/directory твер")
    assert anna.last.text.startswith("Найден 1 участник.")
    assert anna.last.buttons == []  # no button to write to oneself
    await anna.send("/directory Марс")
    assert anna.last.text == "Никого не нашлось."
    await anna.send("/directory Глеб")
    await anna.press("Написать через бота: Глеб Без Ника")
    await anna.send("/skip")
    assert anna.last.text == "Ваш запрос передан."
    assert gleb.last.text.startswith("A member found you in the community directory")
    assert "Member: Анна Петрова (@anna)." in gleb.last.text
    await anna.press_data("mb:d:c:999", anna.last)
    assert anna.last_answer == "Эта кнопка больше не действует."
    await anna.press_data("mb:d:a:astrology:0", anna.last)
    assert anna.last_answer == "Эта кнопка больше не действует."


async def test_directory_pages(telegram: LocalTelegram) -> None:
    anna = await make_member(telegram, 1, "Анна 00")
    for number in range(1, 7):
        await make_member(telegram, 10 + number, f"Участник {number:02}")
    await anna.send("/directory")
    await anna.press("Работа с детьми")
    assert anna.last.text.startswith("Найдено 7 участников.\nСтраница 1 из 2.")
    results = anna.last
    await anna.press("▶", results)
    assert results.text.startswith("Найдено 7 участников.\nСтраница 2 из 2.")
    assert "Участник 06" in results.text and "Анна 00" not in results.text
    await anna.press("◀", results)
    assert "Анна 00" in results.text


async def test_mydata_and_deleteme(telegram: LocalTelegram, database: Database) -> None:
    olga = await organiser(telegram)
    anna, _community = await member_in_community(telegram, olga)
    await anna.send("/mydata")
    sent = telegram.server.calls_to("sendDocument")[-1]
    assert sent.params["chat_id"] == 1
    assert sent.params["caption"].startswith("Всё, что бот хранит о вас.")
    services = telegram.application.services  # type: ignore[attr-defined]
    person = await services.people.get(1)
    exported = {s.title: s.records for s in await personal.personal_data(database, person.id)}
    assert exported["Telegram account"][0]["Username"] == "anna"
    assert exported["Profile"][0]["Full name"] == "Анна Петрова"
    assert exported["Applications"][0]["State"] == "approved"
    await anna.send("/deleteme")
    await anna.press("Нет, сохранить")
    assert anna.last.text == "Ничего не удалено."
    await anna.send("/deleteme")
    await anna.press("Да, удалить мои данные")
    assert anna.last.text.startswith("Ваши персональные данные удалены.")
    assert telegram.server.members[(-500, 1)] == "left"
    async with database.session() as session:
        assert await session.get(MemberProfile, person.id) is None
        erased = await session.get(Person, person.id)
        entries = list(await session.exec(select(AuditEntry)))
    assert erased is not None and erased.telegram_id < 0
    assert (erased.first_name, erased.username, erased.region) == ("", None, None)
    assert any(entry.action == "person.erase" for entry in entries)
    await anna.send("/start")  # a new beginning, as a stranger
    assert anna.last.buttons == [["Подать заявку на вступление"]]
    await anna.send("/profile")
    assert anna.last.text.startswith("У вас ещё нет профиля.")


async def test_organisers_manage_the_areas(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    await olga.send("/areas add Наставничество | Mentoring")
    assert olga.messages[-2].text == "Добавлено: Наставничество."
    await olga.send("/areas add только одно")
    assert olga.last.text.startswith("Как использовать: /areas add")
    await olga.send("/areas")
    await olga.press("✅ Гранты и фандрайзинг")
    assert "🚫 Гранты и фандрайзинг" in str(olga.last.buttons)
    await olga.press_data("mb:ar:999", olga.last)
    assert olga.last_answer == "Эта кнопка больше не действует."
    anna = telegram.user(1, "Анна")
    await anna.send("/areas")
    assert anna.last.text.startswith("Это доступно роли «организатор» и выше")
    await anna.send("/apply")
    for text in ("Анна", "НКО", "твер"):
        await anna.send(text)
    await anna.press("Тверская область")
    await anna.send("Курсы")
    await anna.press("Пропустить")
    await anna.send("3")
    labels = str(anna.last.buttons)
    assert "Наставничество" in labels and "Гранты" not in labels
