"""A person's contact is shown to other members only as that person allowed it in the
questionnaire: in /experts, in the directory and in a meeting's attendee CSV alike."""

from __future__ import annotations

import csv
import io

from bot.localapi import LocalTelegram
from tests.support.jobs import run_jobs
from tests.support.meetings import create_meeting, moscow, text_of
from tests.support.membership import make_member
from tests.support.people import organiser

PHONE = "+79001234567"  # what make_member saves for the phone option


async def test_contacts_appear_only_as_each_person_allowed(tg: LocalTelegram) -> None:
    olga = await organiser(tg)  # @olga, no profile: nothing of hers may be shown
    anna = await make_member(
        tg, 1, "Анна Петрова", contact="bot", username="anna", areas=("legal",)
    )
    boris = await make_member(
        tg, 2, "Борис Иванов", contact="username", username="boris", areas=("legal",)
    )
    vera = await make_member(
        tg, 3, "Вера Смирнова", contact="phone", username="vera", areas=("legal",)
    )
    gleb = await make_member(tg, 4, "Глеб Орлов", contact="bot", username="gleb")

    await gleb.send("/experts legal")
    experts = gleb.last.text
    assert "• Анна, " in experts and "• Борис (@boris), " in experts
    assert f"• Вера ({PHONE}), " in experts
    assert "@anna" not in experts and "@vera" not in experts

    await gleb.send("/directory")
    await gleb.press("Юридические вопросы")
    found = gleb.last.text
    assert "@boris" in found and PHONE in found
    assert "@anna" not in found and "@vera" not in found

    meeting_id = await create_meeting(olga, text_of(moscow(days=2)))
    await run_jobs(tg, "meetings.invite")
    for user in (anna, boris, vera, gleb):
        await user.press("Пойду")
    await olga.send(f"/meeting {meeting_id}")
    await olga.press("Выгрузить CSV")
    content = tg.server.files[olga.last.raw["document"]["file_id"]].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:2] == ["Имя", "Контакт"]
    assert [row[:2] for row in rows[1:]] == [  # a leading @ or + is kept from formulas
        ["Анна", ""],
        ["Борис", "'@boris"],
        ["Вера", f"'{PHONE}"],
        ["Глеб", ""],
    ]
    assert not any(name in content for name in ("anna", "vera", "gleb", "olga"))
