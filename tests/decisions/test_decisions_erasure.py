"""/deleteme and the plan: a person who leaves is no longer responsible for any item, nor
named in a proposal's responsible people; /mydata lists the items they were responsible for."""

from __future__ import annotations

import json
from typing import Any

from bot.db import Database
from bot.localapi import SimUser
from models import PlanItem, Proposal
from tests.decisions.support import (
    Clock,
    add_item,
    bot_and_community,
    decisions_bot,
    organiser_and_members,
)
from tests.decisions.test_decisions_plan import accept


def _file(user: SimUser) -> dict[str, Any]:
    document = user.last.raw["document"]
    return json.loads(user.telegram.server.files[document["file_id"]])


async def test_deleteme_leaves_the_plan_items_responsible_people(database: Database) -> None:
    """Anna's fair is Anna's and Boris's; Vera proposes a newsletter with Boris responsible
    (still open). Boris checks /mydata, then leaves with /deleteme: the fair is Anna's alone,
    the open proposal names nobody, /plan no longer shows his name."""
    async with decisions_bot(database, Clock()) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna, boris, vera = await organiser_and_members(telegram, 3)
        await add_item(anna, "Spring fair", "2. Anna", "3. Boris")
        await organiser.press("Open for 7 days")
        await accept(organiser, [organiser, anna, boris, vera], chat)
        await add_item(vera, "Newsletter", "3. Boris")
        await organiser.press("Open for 7 days")
        await anna.press("Agree", chat.last)

        await boris.send("/mydata")
        exported = _file(boris)["Decisions"]["Plan items you are responsible for"]
        assert exported == [{"Number": 1, "Plan item": "Spring fair", "State": "planned"}]
        await anna.send("/mydata")
        assert _file(anna)["Decisions"]["Plan items you are responsible for"][0]["Number"] == 1
        await vera.send("/mydata")
        assert _file(vera)["Decisions"]["Plan items you are responsible for"] == []

        await boris.send("/deleteme")
        await boris.press("Yes, delete my data")
        assert boris.last.text.startswith("Your personal data have been deleted.")
        async with database.session() as session:
            item = await session.get(PlanItem, 1)
            open_one = await session.get(Proposal, 2)
        assert item is not None and item.responsible_ids == [2] and item.responsible == "Anna"
        assert open_one is not None and open_one.responsible_ids == []
        assert open_one.responsible is None
        await vera.send("/plan")
        assert "#1 Spring fair (responsible: Anna)" in vera.last.text
        await anna.send("/item 1")
        assert "Responsible: Anna\n" in anna.last.text and "Boris" not in anna.last.text
