"""The action plan: accepted proposals make and change items; priorities; status updates;
overdue items reminded once a day."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.db import Database
from bot.decisions.plan import Plan
from bot.localapi import SimChat, SimUser
from models import Person, PlanItem, PlanStatus, Proposal, ProposalKind, ProposalState, Role
from tests.decisions.support import (
    START,
    Clock,
    bot_and_community,
    decisions_bot,
    open_proposal,
    organiser_and_members,
    restored,
)
from tests.support.jobs import run_jobs
from tests.support.people import member


async def accept(organiser: SimUser, voters: list[SimUser], chat: SimChat) -> None:
    """Everyone agrees, the coordinator closes early."""
    card = chat.last
    for voter in voters:
        await voter.press("Agree", card)
    number = card.text.split(":")[0].split("#")[1]
    await organiser.send(f"/decision {number}")
    await organiser.press("Close now")


async def test_plan_from_accepted_proposals(database: Database) -> None:
    """Anna adds an item with Anna and Boris responsible (chosen from the members); Boris's
    change of the due date is accepted after Anna and Olga agree and Vera disagrees: only
    the due date changes, and the item's history says by which decision. Boris, responsible
    but not an author, reports progress while Anna asks /plan mine."""
    clock = Clock()
    async with decisions_bot(database, clock) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna, boris, vera = await organiser_and_members(telegram, 3)
        everyone = [organiser, anna, boris, vera]
        await anna.send("/plan")
        assert anna.last.text.startswith("The plan is empty.")

        await anna.send("/propose")
        await anna.press("add a plan item")
        await anna.send("Spring fair")
        await anna.send("A fair for older people in May")
        await anna.send("Anna and Boris")  # typed names are not people
        assert anna.last.text.startswith("Please write numbers from the list, from 1 to 4")
        await anna.press("2. Anna")
        await anna.send("3")
        assert anna.last.button("✓ 2. Anna") and anna.last.button("✓ 3. Boris")
        await anna.press("Done")
        await anna.send("15.05.2027")
        assert "Responsible: Anna, Boris" in anna.last.text
        await anna.press("Submit for review")
        await organiser.press("Open for 7 days")
        await accept(organiser, everyone, chat)
        assert boris.last.text.startswith("You are responsible for plan item #1 «Spring fair»")
        assert anna.messages[-2].text.startswith("You are responsible for plan item #1")
        await boris.send("/plan")
        assert boris.last.text == (
            "The action plan:\n\nPlanned:\n"
            "#1 Spring fair (responsible: Anna, Boris; due 15.05.2027)\n"
            "   A fair for older people in May"
        )

        await boris.send("/propose")
        await boris.press("change a plan item")
        await boris.send("Fair in June")
        await boris.send("The hall is free only in June")
        await boris.send("Spring fair")  # an item is chosen, not named
        assert (
            boris.last.text == "Please choose the plan item from the buttons or write its number."
        )
        await boris.press("#1 Spring fair")
        await boris.press("That is all")
        assert boris.last_answer == "Choose at least one thing the proposal changes in the item."
        await boris.press("Due date")
        await boris.send("15.06.2027")
        assert "• new due date: 15.06.2027" in boris.last.text
        await boris.press("That is all")
        preview = boris.last.text
        assert "Changes: #1 Spring fair" in preview and "• new due date: 15.06.2027" in preview
        assert "new description" not in preview
        await boris.press("Submit for review")
        await organiser.press("Open for 7 days")
        card = chat.last
        await anna.press("Agree", card)
        await vera.press("Disagree", card)
        await vera.send("June is too hot for older people")
        await organiser.press("Agree", card)
        await boris.press("Agree", card)
        await organiser.send("/decision 2")
        await organiser.press("Close now")
        async with database.session() as session:
            item = await session.get(PlanItem, 1)
        assert item is not None
        assert item.title == "Spring fair"  # the change named only the due date
        assert item.description == "A fair for older people in May"
        assert item.responsible_ids == [2, 3]
        assert item.due_date is not None and item.due_date.month == 6
        await vera.send("/item 1")
        view = vera.last.text
        assert "A fair for older people in May" in view
        assert (
            "History:\n25.11.2026: created — decision #1\n25.11.2026: due date — decision #2"
            in view
        )

        await vera.send("/progress 1 The venue is booked")
        assert vera.last.text.startswith("Only the item's responsible people")
        await boris.send("/progress 1 The venue is booked")
        await anna.send("/plan mine")
        assert boris.last.text == "Plan item #1 is now: in progress."
        assert "#1 Spring fair" in anna.last.text and "The venue is booked" in anna.last.text
        await vera.send("/plan mine")
        assert vera.last.text.startswith("The plan is empty.")
        assert chat.last.text == (
            "Plan item #1 «Spring fair»: in progress.\nProgress: The venue is booked"
        )
        await anna.send("/progress")
        assert anna.last.text.startswith("Usage: /done <item number>")
        await anna.send("/done 7")
        assert anna.last.text == "There is no such open plan item."
        await anna.send("/plan soon")
        assert anna.last.text.startswith("Usage: /plan [mine | overdue")

        await boris.send("/priorities")
        assert boris.last.text.endswith("Points left: 3.")
        for _press in range(3):
            await boris.press(1)
        assert boris.last.text.endswith("Points left: 0.")
        await boris.press(1)
        assert boris.last_answer == "You have given all your points; take one back first."
        await boris.press("−")
        assert boris.last.text.endswith("Points left: 1.")
        await boris.send("/plan")
        assert "#1 Spring fair" in boris.last.text and "2 points" in boris.last.text
        assert boris.last.text.startswith("The action plan:\n\nIn progress:")

        clock.now = START + timedelta(days=400)  # past the due date
        await run_jobs(telegram, "decisions.plan.overdue")
        assert chat.last.text == "Overdue plan items:\n#1 «Spring fair» — due 15.06.2027"
        assert anna.last.text.startswith("Your plan item #1 «Spring fair» was due 15.06.2027.")
        assert boris.last.text.startswith("Your plan item #1 «Spring fair» was due 15.06.2027.")
        await vera.send("/plan overdue")
        assert "#1 Spring fair (overdue; responsible: Anna, Boris" in vera.last.text
        seen = len(chat.messages)
        await run_jobs(telegram, "decisions.plan.overdue")  # the same day: not again
        assert len(chat.messages) == seen

        await organiser.send("/done 1")
        assert organiser.last.text == "Plan item #1 is now: done."
        async with database.session() as session:
            item = await session.get(PlanItem, 1)
        assert item is not None and item.status is PlanStatus.DONE
        await boris.send("/priorities")
        assert boris.last.text == "There are no open plan items to prioritise."


async def test_inline_query_offers_proposals_and_plan_items(database: Database) -> None:
    async with decisions_bot(database, Clock()) as harness:
        telegram, chat = bot_and_community(harness)
        organiser, anna = await organiser_and_members(telegram, 1)
        guest = await member(telegram, 9, "Guest", role=Role.APPLICANT, language="en")
        await anna.send("/propose")
        await anna.press("add a plan item")
        await anna.send("Spring fair")
        await anna.send("A fair for older people")
        await anna.press("Skip")
        await anna.press("Skip")
        await anna.press("Submit for review")
        await organiser.press("Open for 7 days")
        await accept(organiser, [organiser, anna], chat)
        await open_proposal(anna, organiser, title="Quiet hours", text="Nothing after 22:00")

        async def ask(user: SimUser, text: str) -> list[str]:
            update = await telegram.deliver(
                {
                    "inline_query": {
                        "id": text + str(user.id),
                        "from": user.user,
                        "query": text,
                        "offset": "",
                    }
                }
            )
            answer = telegram.server.inline_answers[update["inline_query"]["id"]]
            return [result["title"] for result in answer["results"]]

        assert await ask(anna, "") == ["Proposal #2: Quiet hours", "#1 Spring fair"]
        assert await ask(anna, "plan") == ["#1 Spring fair"]
        assert await ask(anna, "quiet") == ["Proposal #2: Quiet hours"]
        assert await ask(anna, "older fair") == ["#1 Spring fair"]
        assert await ask(guest, "") == []


async def test_accepted_addition_interrupted_by_a_stop_gets_its_item(database: Database) -> None:
    async with database.session() as session:
        person = Person(telegram_id=1, first_name="Anna", role=Role.MEMBER)
        session.add(person)
        await session.flush()
        session.add(
            Proposal(
                kind=ProposalKind.PLAN_ADD,
                title="Library corner",
                description="Books for the day centre",
                proposer_id=person.id,
                state=ProposalState.ACCEPTED,
            )
        )
    async with decisions_bot(database, Clock()) as harness:
        telegram = harness.telegram
        assert telegram is not None
        await restored(telegram)
        async with database.session() as session:
            items = list(await session.exec(select(PlanItem)))
            proposal = await session.get(Proposal, 1)
        assert [item.title for item in items] == ["Library corner"]
        assert proposal is not None and proposal.plan_item_id == items[0].id


async def test_an_addition_applied_twice_makes_one_item(database: Database) -> None:
    """A caller that read the proposal before another applied it undoes its own item (inside
    an update's unit of work too, where a rollback would undo the whole update)."""
    async with database.session() as session:
        person = Person(telegram_id=1, first_name="Anna", role=Role.MEMBER)
        session.add(person)
        await session.flush()
        accepted = Proposal(
            kind=ProposalKind.PLAN_ADD,
            title="Library corner",
            description="Books for the day centre",
            proposer_id=person.id,
            state=ProposalState.ACCEPTED,
        )
        session.add(accepted)
    plan = Plan(database)
    assert (await plan.apply_accepted(accepted)).items
    async with database.unit_of_work():
        assert not (await plan.apply_accepted(accepted)).items  # read before: applied already
    async with database.session() as session:
        items = list(await session.exec(select(PlanItem)))
    assert [item.title for item in items] == ["Library corner"]
