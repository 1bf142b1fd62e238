"""What the bot says about elections on its own: the start (to the group's chat and every
member, with a "nominate myself" button), the ballots, the result; and the deadline jobs
that move an election on (re-created from the database when the bot starts)."""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import jobs
from bot.context import BotContext, CommunityApplication
from bot.core.people import PersonView
from bot.core.text import MESSAGE, fit_lines, shorten
from bot.groups import GroupView
from bot.groups.votes import OPEN, ElectionView, Outcome, PhaseResult
from bot.i18n import _
from bot.outbox.notices import Rendered, send_to_each, tell
from handlers.groups.buttons import NOMINATE, STATEMENTS, VOTE
from handlers.groups.common import in_community_locale, moment, post_to_chat
from handlers.groups.welcome import welcome_coordinator
from handlers.kit.pages import send_parts
from handlers.kit.replies import pressed
from models import ElectionStatus, utcnow

RESTORE_JOB = "groups.restore"


def job_name(election_id: int) -> str:
    return f"groups.election.{election_id}"


def schedule(application: CommunityApplication, election: ElectionView) -> None:
    """One job per election, at the end of its current phase (replacing an older one)."""
    jobs.cancel(application, job_name(election.id))
    if election.status not in OPEN:
        return
    jobs.run_once(
        application,
        close_phase,
        max(election.deadline, utcnow()),
        data={"election": election.id, "status": election.status.value, "round": election.round},
        name=job_name(election.id),
    )


async def _to_members(
    context: BotContext, election: ElectionView, render: Callable[[str], Rendered] | None
) -> list[PersonView]:
    """Each member of the election's group gets `render` in their language (through the
    outbox); None sends nothing. Returns the members."""
    people = await context.services.groups.members(election.group_id)
    if render is not None:
        await send_to_each(context.community, kind="election", people=people, render=render)
    return people


async def _to_chat(context: BotContext, election: ElectionView, text: Callable[[], str]) -> bool:
    """A post in the group's chat, in the community's language; False when there is none."""
    with in_community_locale(context.services):
        said = text()
    return await post_to_chat(context.bot, election.group_chat_id, said)


def _sitting(election: ElectionView) -> str:
    """A re-election says who stays coordinator meanwhile, and if nobody is elected."""
    if election.sitting is None:
        return ""
    return "\n" + _(
        "Until someone else is elected, {name} stays coordinator, also if nobody stands."
    ).format(name=election.sitting)


async def announce_start(context: BotContext, election: ElectionView) -> None:
    """Tell the group chat and every member; each member gets a "nominate myself" button."""
    until = moment(context, election.deadline)
    await _to_chat(
        context,
        election,
        lambda: (
            _(
                "The election of the coordinator of «{group}» has started. Members can nominate "
                "themselves in a private chat with me until {until}."
            ).format(group=election.group_name, until=until)
            + _sitting(election)
        ),
    )

    def render(_label: str) -> Rendered:
        text = _(
            "The election of the coordinator of «{group}» has started. To stand, nominate "
            "yourself with a short statement until {until}."
        ).format(group=election.group_name, until=until) + _sitting(election)
        button = InlineKeyboardButton(_("Nominate myself"), callback_data=NOMINATE(election.id))
        return text, InlineKeyboardMarkup([[button]])

    schedule(context.community, election)  # first: the deadline holds whatever happens next
    await _to_members(context, election, render)


def ballot_lines(election: ElectionView, until: str) -> list[str]:
    """The ballot's text in the current language: every candidate with their statement."""
    lines = [
        _("Election of the coordinator of «{group}»").format(group=election.group_name)
        + (" — " + _("run-off") if election.round > 1 else ""),
        "",
    ]
    lines += [f"• {c.name}: {c.statement}" for c in election.candidates]
    lines += ["", _("One vote each; you can change it until the end of the vote.")]
    return [*lines, _("Voting is open until {until}.").format(until=until)]


def ballot(election: ElectionView, until: str, *, chosen: int | None = None) -> Rendered:
    """The ballot as one message, a button per candidate; the statements are shortened
    with "…" when they do not all fit, and one more button sends them in full. `chosen`
    (a candidate's id, 0 for "against") is marked: the voter sees her vote."""

    def mark(label: str, choice: int) -> str:
        return f"✅ {label}" if choice == chosen else label

    lines = ballot_lines(election, until)
    text = fit_lines(lines, range(2, 2 + len(election.candidates)))
    if len(election.candidates) == 1:
        single = election.candidates[0]
        rows = [
            [
                InlineKeyboardButton(
                    mark(_("For {name}").format(name=single.name), single.person_id),
                    callback_data=VOTE(election.id, election.round, single.person_id),
                ),
                InlineKeyboardButton(
                    mark(_("Against"), 0), callback_data=VOTE(election.id, election.round, 0)
                ),
            ]
        ]
    else:
        rows = [
            [
                InlineKeyboardButton(
                    mark(c.name, c.person_id),
                    callback_data=VOTE(election.id, election.round, c.person_id),
                )
            ]
            for c in election.candidates
        ]
    if text != "\n".join(lines):
        label = _("All statements in full")
        rows.append([InlineKeyboardButton(label, callback_data=STATEMENTS(election.id))])
    return text, InlineKeyboardMarkup(rows)


async def _send_ballots(context: BotContext, election: ElectionView) -> None:
    until = moment(context, election.deadline)
    await _to_members(context, election, lambda _label: ballot(election, until))
    await _to_chat(
        context,
        election,
        lambda: (
            _("Run-off in «{group}» between {names}: vote in my private chat until {until}.")
            if election.round > 1
            else _("The vote for the coordinator of «{group}» is open until {until}: {names}.")
        ).format(
            group=election.group_name,
            names=", ".join(c.name for c in election.candidates),
            until=until,
        ),
    )


async def send_statements(update: Update, context: BotContext) -> None:
    """ "All statements in full" under a shortened ballot: the ballot's whole text, in
    parts, to a member of the group."""
    query = pressed(update)
    (election_id,) = STATEMENTS.decode(query.data)
    election = await context.services.groups.elections.statements(
        election_id=election_id, person_id=context.me.id
    )
    await query.answer()
    text = "\n".join(ballot_lines(election, moment(context, election.deadline)))
    await send_parts(context.bot, context.me.telegram_id, text)


def result_text(result: PhaseResult) -> str:
    election = result.election
    assert election is not None
    counts = ", ".join(f"{c.name}: {result.votes.get(c.person_id, 0)}" for c in election.candidates)
    texts = {
        Outcome.ELECTED: _("«{group}» has elected its coordinator: {winner}. Votes: {counts}."),
        Outcome.NO_CANDIDATES: _(
            "Nobody stood in the election in «{group}»; the group has no elected coordinator. "
            "Members can call a new election with /elect."
        ),
        Outcome.NO_VOTES: _(
            "Nobody voted in the election in «{group}»; no coordinator was elected."
        ),
        Outcome.NO_MAJORITY: _(
            "The only candidate in «{group}» did not get a majority of the votes cast "
            "(for: {votes_for}, against: {votes_against}); no coordinator was elected."
        ),
        Outcome.TIE: _(
            "The run-off in «{group}» tied again ({counts}); no coordinator was elected. "
            "Members can call a new election with /elect."
        ),
    }
    single = election.candidates[0].person_id if election.candidates else -1
    return texts[result.outcome].format(
        group=election.group_name,
        winner=result.winner_name,
        counts=counts,
        votes_for=result.votes.get(single, 0),
        votes_against=result.votes.get(None, 0),
    )


async def _announce_result(context: BotContext, result: PhaseResult) -> None:
    """The result goes to the group chat, or to every member when there is no chat."""
    election = result.election
    assert election is not None
    posted = await _to_chat(context, election, lambda: result_text(result))
    people = await _to_members(
        context,
        election,
        None if posted else lambda _label: (shorten(result_text(result), MESSAGE), None),
    )
    winner = next((p for p in people if p.id == result.winner_id), None)
    if winner is not None:
        await welcome_coordinator(context, election, winner)
    previous = next((p for p in people if p.id == result.previous_coordinator_id), None)
    if result.outcome is Outcome.ELECTED and previous is not None:
        await tell(
            context.community,
            previous,
            lambda: (
                _("You have stepped down as coordinator of «{group}»; thank you!").format(
                    group=election.group_name
                ),
                None,
            ),
        )


async def coordinator_gone(context: BotContext, group: GroupView, person: PersonView) -> None:
    """The coordinator's membership of the community ended: the group's chat is told, or
    every member when there is none (an election follows when anyone is left to elect)."""

    def text() -> str:
        return _(
            "«{group}» has no coordinator now: the membership of {name} in the community has ended."
        ).format(group=group.name, name=person.display_name)

    with in_community_locale(context.services):
        said = text()
    if await post_to_chat(context.bot, group.chat_id, said):
        return
    people = await context.services.groups.members(group.id)
    await send_to_each(
        context.community, kind="group_coordinator", people=people, render=lambda _l: (text(), None)
    )


async def close_phase(context: BotContext) -> None:
    """The deadline job: move the election on and tell the members."""
    assert context.job is not None
    data = context.job.data
    assert isinstance(data, dict)
    result = await context.services.groups.elections.close_phase(
        election_id=int(data["election"]),
        status=ElectionStatus(data["status"]),
        round=int(data["round"]),
    )
    if result.outcome is Outcome.NOTHING:
        return
    assert result.election is not None
    schedule(context.community, result.election)  # the next deadline, or none when finished
    if result.outcome in (Outcome.VOTING, Outcome.RUNOFF):
        await _send_ballots(context, result.election)
    else:
        await _announce_result(context, result)


async def restore(context: BotContext) -> None:
    """At start: a deadline job for every open election (late ones run at once)."""
    for election in await context.services.groups.elections.open_elections():
        schedule(context.community, election)
