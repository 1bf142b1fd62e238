"""A rejected applicant applies again from their previous answers and changes only what
they want, while other applicants and the organiser go on."""

from __future__ import annotations

from sqlmodel import col, select

from bot.db import Database
from bot.localapi import LocalTelegram
from models import ApplicationStatus, MemberProfile, MembershipApplication, Person
from tests.support.membership import answer_until_summary, submitted
from tests.support.people import organiser


async def test_rejected_applicant_applies_again_from_her_answers(
    telegram: LocalTelegram, database: Database
) -> None:
    olga = await organiser(telegram)
    anna = telegram.user(1, "Анна")
    boris = telegram.user(2, "Борис")
    await submitted(anna)
    anna_card = olga.last
    await boris.send("/apply")  # Борис starts while Анна's application waits
    await olga.press("Отклонить", anna_card)
    await boris.send("Борис Иванов")
    await olga.send("Укажите подтверждение квалификации")
    assert anna.last.text.startswith("К сожалению, ваша заявка не одобрена.")
    # His dialogue is his own: the reason went to Анна, he is at his second question.
    assert boris.last.text.startswith("Какую организацию вы представляете")

    await anna.send("/apply")
    assert anna.messages[-2].text.startswith("Ваши прежние ответы уже заполнены.")
    summary = anna.last.text
    assert summary.startswith("Проверьте ваши ответы:")
    assert "Регион: Тверская область" in summary and "Опыт (лет): 7" in summary
    await anna.press("✏️ Квалификация")
    await anna.send("я" * 5000)  # too long: refused, asked again, the rest is kept
    assert not anna.last.text.startswith("Проверьте ваши ответы:")
    await anna.send("Курсы, сертификат № 123, диплом психолога")
    assert "Квалификация: Курсы, сертификат № 123, диплом психолога" in anna.last.text
    assert "Организация и должность: АНО «Забота», координатор" in anna.last.text
    summary_message = anna.last
    await anna.press("Отправить заявку")
    assert anna.last.text.startswith("Спасибо!")
    await anna.press_data("mb:s:submit", summary_message)  # a second press sends nothing
    second_card = olga.last
    assert second_card.text.startswith("Заявка №2")
    assert "диплом психолога" in second_card.text

    # Борис finishes his own questionnaire from scratch: nobody else's answers leak in.
    await boris.send("/apply")
    assert boris.last.text.startswith("Какую организацию вы представляете")
    await boris.send("/cancel")
    await boris.send("/apply")
    assert boris.last.text == "Как вас зовут (полностью)?"
    await answer_until_summary(boris)
    await boris.press("Отправить заявку")
    async with database.session() as session:
        by_id = select(MembershipApplication).order_by(col(MembershipApplication.id))
        rows = list(await session.exec(by_id))
        person = (await session.exec(select(Person).where(Person.telegram_id == 1))).one()
        profile = await session.get(MemberProfile, person.id)
    assert [(row.person_id, row.status) for row in rows] == [
        (person.id, ApplicationStatus.REJECTED),
        (person.id, ApplicationStatus.PENDING),
        (rows[2].person_id, ApplicationStatus.PENDING),
    ]
    assert profile is not None and profile.qualification.endswith("диплом психолога")
    assert profile.organisation == "АНО «Забота», координатор"
