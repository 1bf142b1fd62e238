"""/plan by owner: the members responsible for items offered as buttons, or named with
@username or #<Telegram id>; the priorities an accepted proposal sets order the plan."""

from __future__ import annotations

from bot.db import Database
from tests.decisions.support import (
    Clock,
    add_item,
    bot_and_community,
    decisions_bot,
    organiser_and_members,
)
from tests.decisions.test_decisions_plan import accept
from tests.support.harness import ORGANISER_ID
from tests.support.people import member


async def test_plan_filtered_by_owner(database: Database) -> None:
    """Anna's fair is Anna's and Boris's, Vera's newsletter is Gleb's. Olga picks Boris from
    /plan owner while Gleb asks for his own by @username; Vera's typo is refused (forged
    presses: tests/core/test_callback_access.py)."""
    async with decisions_bot(database, Clock()) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna, boris, vera = await organiser_and_members(telegram, 3)
        gleb = await member(telegram, 5, "Gleb", language="en", username="gleb")
        everyone = [organiser, anna, boris, vera, gleb]
        await organiser.send("/plan owner")
        assert organiser.last.text == "Nobody is responsible for a plan item yet."
        await add_item(anna, "Spring fair", "2. Anna", "3. Boris")
        await organiser.press("Open for 7 days")
        await accept(organiser, everyone, chat)
        await add_item(vera, "Newsletter", "5. Gleb")
        await organiser.press("Open for 7 days")
        await accept(organiser, everyone, chat)

        await organiser.send("/plan owner")
        offer = organiser.last
        assert [button["text"] for row in offer.keyboard for button in row] == [
            "Anna", "Boris", "Gleb"
        ]  # fmt: skip
        await gleb.send("/plan @Gleb")
        await organiser.press("Boris", offer)
        assert organiser.last.text.startswith("The action plan, responsible: Boris:")
        assert "#1 Spring fair" in organiser.last.text and "Newsletter" not in organiser.last.text
        assert gleb.last.text.startswith("The action plan, responsible: Gleb:")
        assert "#2 Newsletter" in gleb.last.text and "Spring fair" not in gleb.last.text
        await vera.send("/plan #2")  # Boris's Telegram id
        assert "#1 Spring fair" in vera.last.text and "Newsletter" not in vera.last.text
        await vera.send(f"/plan #{ORGANISER_ID}")  # Olga is responsible for nothing
        assert vera.last.text == "Responsible: Olga. No plan items yet."
        await vera.send("/plan @glen")
        assert vera.last.text == (
            "Nobody known to the bot matches @glen. Write /plan owner to choose, or "
            "/plan @username."
        )


async def test_an_accepted_priorities_proposal_orders_the_plan(database: Database) -> None:
    """Two items; Boris's points put the fair first. Vera proposes the library first: her
    first order names an item that does not exist, her second is accepted while Boris
    still sees the old order; then /plan shows the library first, with its place."""
    async with decisions_bot(database, Clock()) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna, boris, vera = await organiser_and_members(telegram, 3)
        everyone = [organiser, anna, boris, vera]
        for title in ("Spring fair", "Library corner"):
            await add_item(anna, title)
            await organiser.press("Open for 7 days")
            await accept(organiser, everyone, chat)
        await boris.send("/priorities")
        await boris.press(1)

        await vera.send("/propose")
        await vera.press("change priorities")
        await vera.send("Books first")
        await vera.send("The library helps every day")
        assert vera.last.text == (
            "Write the numbers of the plan items in their new order, the most important "
            "first (for example: 3, 1, 2):\n#1 Spring fair\n#2 Library corner"
        )
        await vera.send("2, 9")
        assert vera.last.text.startswith("Please write the numbers of open plan items")
        await vera.send("library first")
        assert vera.last.text.startswith("Please write the numbers of open plan items")
        await vera.send("#2 #1")
        assert "Changes: #2 Library corner → #1 Spring fair" in vera.last.text
        await vera.press("Submit for review")
        await organiser.press("Open for 7 days")
        card = chat.last
        for voter in (anna, vera):
            await voter.press("Agree", card)
        await boris.send("/plan")
        assert boris.last.text.index("Spring fair") < boris.last.text.index("Library corner")
        await boris.press("Agree", card)
        await organiser.press("Agree", card)
        await organiser.send("/decision 3")
        await organiser.press("Close now")
        await boris.send("/plan")
        plan = boris.last.text
        assert plan.index("Library corner") < plan.index("Spring fair")
        assert "#2 Library corner (priority #1)" in plan
        assert "#1 Spring fair (priority #2; 1 point)" in plan
        await anna.send("/item 2")
        assert "place in the plan — decision #3" in anna.last.text
