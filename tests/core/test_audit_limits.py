"""/audit within Telegram's limits: long reasons and many entries, page by page."""

from __future__ import annotations

from bot.core import audit
from bot.localapi import LocalTelegram
from tests.support.harness import ORGANISER_ID
from tests.support.limits import beyond_limits, utf16
from tests.support.people import member, organiser


async def test_the_audit_log_with_long_reasons_is_in_pages(telegram: LocalTelegram) -> None:
    olga = await organiser(telegram)
    anna = await member(telegram, 1, "Анна", username="anna")
    services = telegram.application.services  # type: ignore[attr-defined]
    person = await services.people.get(ORGANISER_ID)
    async with services.db.session() as session:
        for _entry in range(30):
            audit.record(
                session, actor_id=person.id, action="group.remove_member", reason="п" * 3000
            )
    await anna.send("/revoke")  # a member may not; the log is the organisers'
    await olga.send("/revoke @anna " + "п" * 501)
    assert olga.last.text == "Слишком длинно (501 симв.); предел — 500."
    await olga.send("/audit")
    first = olga.last
    assert first.text.startswith("Последние действия администраторов:\nСтраница 1 из ")
    assert "(reason=" + "п" * 199 + "…)" in first.text
    pages = int(first.text.splitlines()[1].split()[-1].rstrip("."))
    assert first.buttons == [["›"]]
    seen = first.text.count("group.remove_member")
    for _page in range(pages - 1):
        await olga.press("›", olga.last)
        assert olga.last.message_id == first.message_id
        seen += olga.last.text.count("group.remove_member")
    assert olga.last.buttons == [["‹"]] and "role.bootstrap" in olga.last.text
    assert seen == 30
    await anna.press_data("au:p:1", first)
    assert anna.last_answer == "Это доступно роли «организатор» и выше; ваша роль — «участник»."
    assert all(utf16(text) <= 4096 for text in olga.texts)
    assert beyond_limits(telegram) == []
