"""The membership questionnaire end to end: answers, validation, summary and edits,
/cancel, restart in the middle, Russian and English."""

from __future__ import annotations

from sqlmodel import select

from bot.db import Database
from bot.localapi import LocalTelegram
from models import MemberProfile, MembershipApplication, Person, PersonExpertise, Role
from tests.support.harness import BotHarness
from tests.support.membership import answer_until_summary


async def test_full_application_in_russian(telegram: LocalTelegram, database: Database) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/start")
    assert anna.last.buttons == [["Подать заявку на вступление"]]
    await anna.press("Подать заявку")
    assert anna.last.text == "Как вас зовут (полностью)?"
    await answer_until_summary(anna)
    summary = anna.last.text
    assert summary.startswith("Проверьте ваши ответы:")
    assert "Регион: Тверская область" in summary
    assert "Области экспертизы: Работа с детьми" in summary
    assert "Опыт (лет): 7" in summary
    await anna.press("Отправить заявку")
    assert anna.last.text.startswith("Спасибо!")
    async with database.session() as session:
        person = (await session.exec(select(Person).where(Person.telegram_id == 1))).one()
        profile = await session.get(MemberProfile, person.id)
        application = (await session.exec(select(MembershipApplication))).one()
        areas = list(await session.exec(select(PersonExpertise)))
    assert person.region == "TVE"
    assert profile is not None and profile.full_name == "Анна Петрова"
    assert profile.experience_years == 7 and profile.consent_version == "2026-11-25"
    assert application.status == "pending" and len(areas) == 1


async def test_full_application_in_english_with_edit(telegram: LocalTelegram) -> None:
    bob = telegram.user(2, "Bob", language_code="en", username="bob")
    await bob.send("/apply")
    assert bob.last.text == "What is your full name?"
    await answer_until_summary(bob, english=True)
    assert bob.last.text.startswith("Please check your answers:")
    assert "Contacts in the directory: Only via the bot" in bob.last.text
    # Change the contact option to the phone: the phone question follows, then the summary.
    await bob.press("✏️ Contacts in the directory")
    await bob.press("Show my phone number")
    assert bob.last.text.startswith("Send your phone number")
    await bob.send("8 (900) 123-45-67")
    assert "Phone: +79001234567" in bob.last.text
    await bob.press("✏️ Region")
    await bob.send("moscow")
    await bob.press("Moscow")
    assert "Region: Moscow" in bob.last.text
    assert "Region: Tver Oblast" not in bob.last.text
    await bob.press("Send the application")
    assert bob.last.text.startswith("Thank you!")


async def test_every_validation_error_asks_again(telegram: LocalTelegram) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/apply")
    await anna.send("   ")
    assert anna.last.text.startswith("Ответ не может быть пустым.")
    assert anna.last.text.endswith("Как вас зовут (полностью)?")
    await anna.send("А" * 201)
    assert anna.last.text.startswith("Слишком длинно (201 симв.); предел — 200.")
    await anna.send("Анна Петрова")
    await anna.send("НКО, директор")
    await anna.send("Атлантида")
    assert anna.last.text.startswith("Регион «Атлантида» не найден.")
    await anna.send("москва")
    await anna.press("Москва")
    await anna.send("Сертификат")
    await anna.send("просто текст")
    assert anna.last.text.startswith("Пришлите документ или фото")
    await anna.send_file(b"MZ...", file_name="virus.exe", mime_type="application/x-msdownload")
    assert anna.last.text.startswith("Такой файл не подходит.")
    await anna.send_file(b"%PDF-1.4", file_name="diploma.pdf")
    assert anna.last.text.startswith("Сколько лет")
    await anna.send("много")
    assert anna.last.text.startswith("Пришлите целое число")
    await anna.send("71")
    assert anna.last.text.startswith("Пришлите число от 0 до 70.")
    await anna.send("-1")
    assert anna.last.text.startswith("Пришлите число от 0 до 70.")
    await anna.send("70")
    await anna.press("Готово")
    assert anna.last.text.startswith("Выберите хотя бы одну область")
    await anna.send("дети")
    assert anna.last.text.startswith("Ответьте, пожалуйста, кнопками ниже.")
    await anna.press("Другое")
    assert "✅ Другое" in [label for row in anna.last.buttons for label in row]
    await anna.press("Готово")
    assert anna.last.text == "Какие ещё области экспертизы у вас есть?"
    await anna.send("Инклюзия")
    await anna.press("Нет")
    assert anna.last.text.startswith("Для членства нужно разделять миссию.")
    await anna.press("Да, разделяю")
    await anna.send("Опыт")
    await anna.press("Показывать мой username")
    assert anna.last.text.startswith("У вас нет username в Telegram.")
    await anna.press("Показывать мой номер")
    await anna.send("12")
    assert anna.last.text.startswith("Это не похоже на номер телефона.")
    stranger = telegram.user(9, "Чужой")
    anna_contact = {"phone_number": "+79990000000", "first_name": "Чужой", "user_id": stranger.id}
    message = telegram.server.user_message(anna.id, None, extra={"contact": anna_contact})
    await telegram.deliver({"message": message})
    assert anna.last.text.startswith("Поделитесь своим собственным контактом")
    await anna.send_contact("+7 900 000-00-00")
    await anna.press("Не даю согласия")
    assert anna.last.text.startswith("Без вашего согласия мы не можем рассмотреть заявку.")
    await anna.press("Даю согласие")
    summary = anna.last.text
    assert "Документ: приложен" in summary
    assert "Области экспертизы: Другое" in summary and "Другие области: Инклюзия" in summary
    assert "Телефон: +79000000000" in summary


async def test_cancel_at_a_step_and_at_the_summary(
    telegram: LocalTelegram, database: Database
) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/apply")
    await anna.send("Анна")
    await anna.send("/cancel")
    assert anna.last.text.startswith("Отменено; ответы не сохранены.")
    await anna.send("какой-то текст")
    assert anna.last.text.startswith("Я отвечаю на команды")  # the questionnaire is over
    await anna.send("/apply")
    assert anna.last.text == "Как вас зовут (полностью)?"  # from the start
    await answer_until_summary(anna)
    await anna.press("Отмена")
    assert anna.last.text.startswith("Отменено; ответы не сохранены.")
    async with database.session() as session:
        assert list(await session.exec(select(MembershipApplication))) == []
        assert list(await session.exec(select(MemberProfile))) == []


async def test_questionnaire_continues_after_restart(
    harness: BotHarness, telegram: LocalTelegram
) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/apply")
    await anna.send("Анна Петрова")
    await anna.send("НКО")
    await harness.restart()
    await anna.send("твер")
    assert anna.last.text == "Выберите ваш регион:"
    await anna.press("Тверская область")
    await anna.send("Курсы")
    await anna.press("Пропустить")
    await anna.send("3")
    await anna.press("Работа с детьми")
    await harness.restart()
    await anna.press("Работа с пожилыми")  # the selection survived too
    await anna.press("Готово")
    await anna.press("Да, разделяю")
    await anna.send("Помощь")
    await anna.press("Только через бота")
    await anna.press("Даю согласие")
    assert "Организация и должность: НКО" in anna.last.text
    assert "Работа с детьми" in anna.last.text and "Работа с пожилыми" in anna.last.text
    await harness.restart()
    await anna.press("Отправить заявку")
    assert anna.last.text.startswith("Спасибо!")


async def test_stale_and_forged_buttons_change_nothing(telegram: LocalTelegram) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/apply")
    await anna.send("Анна")
    await anna.send("НКО")
    await anna.send("твер")
    region_message = anna.last
    await anna.press_data("mb:q:region:XX", region_message)
    assert anna.last_answer == "Эта кнопка больше не действует."
    await anna.press_data("mb:q:experience:70", region_message)
    assert anna.last_answer == "Эта кнопка больше не действует."
    await anna.press("Тверская область")
    await anna.press_data("mb:q:region:MOW", region_message)  # answered already
    assert anna.last_answer == "Эта кнопка больше не действует."
    assert anna.last.text.startswith("Какая у вас квалификация")
    await anna.send("Курсы")
    await anna.press("Пропустить")
    await anna.send("3")
    await anna.press_data("mb:q:areas:astrology", anna.last)
    assert "астролог" not in str(anna.last.buttons).lower()


async def test_members_and_applicants_under_review_cannot_apply_again(
    telegram: LocalTelegram,
) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/apply")
    await answer_until_summary(anna)
    await anna.press("Отправить заявку")
    await anna.send("/apply")
    assert anna.last.text == "Ваша заявка на рассмотрении. Мы напишем вам здесь."
    people = telegram.application.services.people  # type: ignore[attr-defined]
    await people.set_role(actor=None, telegram_id=1, role=Role.MEMBER)
    await anna.send("/start")
    assert anna.last.buttons == []
    await anna.send("/apply")
    assert anna.last.text == "Вы уже участник сообщества."


async def test_too_large_file_and_apply_button_inside_the_questionnaire(
    telegram: LocalTelegram,
) -> None:
    anna = telegram.user(1, "Анна")
    await anna.send("/start")
    welcome = anna.last
    await anna.press("Подать заявку", welcome)
    for text in ("Анна", "НКО", "твер"):
        await anna.send(text)
    await anna.press("Тверская область")
    await anna.send("Курсы")
    big = {
        "file_id": "big",
        "file_unique_id": "big",
        "file_size": 21 * 1024 * 1024,
        "file_name": "scan.pdf",
        "mime_type": "application/pdf",
    }
    message = telegram.server.user_message(anna.id, None, extra={"document": big})
    await telegram.deliver({"message": message})
    assert anna.last.text.startswith("Файл слишком большой: предел — 20 МБ.")
    await anna.press("Подать заявку", welcome)  # the old Apply button: the question again
    assert anna.last.text.startswith("Можно прислать документ или фото")
    await anna.send("/apply")
    assert anna.last.text.startswith("Можно прислать документ или фото")
