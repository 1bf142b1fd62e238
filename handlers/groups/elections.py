"""Coordinator elections: /elect, self-nomination with a statement, voting buttons, and the
deadline jobs (re-created from the database when the bot starts)."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import groups, jobs
from bot.commands.catalogue import CommandCatalogue, CommandSpec
from bot.context import BotContext, CommunityApplication
from bot.groups import GroupRefused, elections
from bot.groups.elections import ElectionView, Outcome, PhaseResult
from bot.i18n import N_, _
from bot.outbox.notices import send_to_each, tell
from handlers.groups.common import (
    CALLBACK_PREFIX,
    in_community_locale,
    moment,
    named_group,
    post_to_chat,
    refuse,
)
from handlers.kit.replies import reply, require_role
from handlers.kit.setup import Setup
from models import ElectionStatus, Role, utcnow

STATEMENT = 1
NOMINATE = re.compile(rf"^{CALLBACK_PREFIX}n:(\d+)$")
VOTE = re.compile(rf"^{CALLBACK_PREFIX}v:(\d+):(\d+):(\d+)$")


def job_name(election_id: int) -> str:
    return f"groups.election.{election_id}"


def schedule(application: CommunityApplication, election: ElectionView) -> None:
    """One job per election, at the end of its current phase (replacing an older one)."""
    jobs.cancel(application, job_name(election.id))
    if election.status not in elections.OPEN:
        return
    jobs.run_once(
        application,
        close_phase,
        max(election.deadline, utcnow()),
        data={"election": election.id, "status": election.status.value, "round": election.round},
        name=job_name(election.id),
    )


async def announce_start(context: BotContext, election: ElectionView) -> None:
    """Tell the group chat and every member; each member gets a "nominate myself" button."""
    services = context.services
    until = moment(context, election.deadline)
    with in_community_locale(services):
        chat_text = _(
            "The election of the coordinator of «{group}» has started. Members can nominate "
            "themselves in a private chat with me until {until}."
        ).format(group=election.group_name, until=until)
    await post_to_chat(context.bot, election.group_chat_id, chat_text)

    def render(_label: str) -> tuple[str, InlineKeyboardMarkup]:
        text = _(
            "The election of the coordinator of «{group}» has started. To stand, nominate "
            "yourself with a short statement until {until}."
        ).format(group=election.group_name, until=until)
        button = InlineKeyboardButton(
            _("Nominate myself"), callback_data=f"{CALLBACK_PREFIX}n:{election.id}"
        )
        return text, InlineKeyboardMarkup([[button]])

    assert context.job_queue is not None
    schedule(context.community, election)  # first: the deadline holds whatever happens next
    await send_to_each(
        context.application,
        kind="election",
        people=await groups.members(services.db, election.group_id),
        render=render,
    )


async def start_by_bot(context: BotContext, group_id: int) -> None:
    """The group has no coordinator: the bot calls an election (if there are members)."""
    if not await groups.members(context.services.db, group_id):
        return
    try:
        election = await elections.start(context.services.db, group_id=group_id, started_by_id=None)
    except GroupRefused:
        return  # one is already under way
    await announce_start(context, election)


@require_role(Role.MEMBER)
async def elect(update: Update, context: BotContext) -> None:
    """/elect <group>: any member of the group calls an election (or a re-election); the
    caller hears of it with everyone else."""
    group = await named_group(
        update, context, _("Which group? Send /elect and the group's name, e.g. /elect Media.")
    )
    if group is None:
        return
    try:
        election = await elections.start(
            context.services.db, group_id=group.id, started_by_id=context.me.id
        )
    except GroupRefused as refusal:
        await refuse(update, refusal.reason)
        return
    await announce_start(context, election)


async def ask_statement(update: Update, context: BotContext) -> int:
    """The "nominate myself" button: ask for a short statement."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.user_data is not None
    match = NOMINATE.match(query.data)
    election = await elections.get(context.services.db, int(match.group(1))) if match else None
    if election is None or election.status is not ElectionStatus.NOMINATION:
        await query.answer(_("This stage of the election is over."), show_alert=True)
        return ConversationHandler.END
    person = context.person
    if person is None or not await groups.is_member(
        context.services.db, election.group_id, person.id
    ):
        await query.answer(_("This is only for members of the working group."), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    context.user_data["wg_election"] = election.id
    await reply(update, _statement_question(election.group_name))
    return STATEMENT


def _statement_question(group_name: str) -> str:
    return _(
        "Write a short statement for the members of «{group}»: why you, and what you plan "
        "(up to {limit} characters). /cancel to stop."
    ).format(group=group_name, limit=elections.STATEMENT_LIMIT)


async def take_statement(update: Update, context: BotContext) -> int:
    """Save the nomination; a statement too long or empty is asked again."""
    assert update.message is not None and context.user_data is not None
    statement = (update.message.text or "").strip()
    election_id = int(context.user_data.get("wg_election", 0))
    if not statement or len(statement) > elections.STATEMENT_LIMIT:
        election = await elections.get(context.services.db, election_id)
        await reply(
            update,
            _("The statement must be 1 to {limit} characters; you sent {n}.").format(
                limit=elections.STATEMENT_LIMIT, n=len(statement)
            )
            + "\n\n"
            + _statement_question(election.group_name if election else ""),
        )
        return STATEMENT
    context.user_data.pop("wg_election", None)
    try:
        election = await elections.nominate(
            context.services.db,
            election_id=election_id,
            person_id=context.me.id,
            statement=statement,
        )
    except GroupRefused as refusal:
        await refuse(update, refusal.reason)
        return ConversationHandler.END
    await reply(
        update,
        _("You are a candidate in «{group}». Voting starts on {when}.").format(
            group=election.group_name, when=moment(context, election.deadline)
        ),
    )
    return ConversationHandler.END


async def cancel_nomination(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop("wg_election", None)
    await reply(update, _("Nomination cancelled."))
    return ConversationHandler.END


def _ballot(election: ElectionView) -> tuple[str, InlineKeyboardMarkup]:
    """The ballot in the current language: candidates with statements, a button each."""
    lines = [
        _("Election of the coordinator of «{group}»").format(group=election.group_name)
        + (" — " + _("run-off") if election.round > 1 else ""),
        "",
    ]
    lines += [f"• {c.name}: {c.statement}" for c in election.candidates]
    lines += ["", _("One vote each; you can change it until the end of the vote.")]
    prefix = f"{CALLBACK_PREFIX}v:{election.id}:{election.round}:"
    if len(election.candidates) == 1:
        single = election.candidates[0]
        rows = [
            [
                InlineKeyboardButton(
                    _("For {name}").format(name=single.name),
                    callback_data=f"{prefix}{single.person_id}",
                ),
                InlineKeyboardButton(_("Against"), callback_data=f"{prefix}0"),
            ]
        ]
    else:
        rows = [
            [InlineKeyboardButton(c.name, callback_data=f"{prefix}{c.person_id}")]
            for c in election.candidates
        ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def _send_ballots(context: BotContext, election: ElectionView) -> None:
    services = context.services
    until = moment(context, election.deadline)

    def render(_label: str) -> tuple[str, InlineKeyboardMarkup]:
        text, markup = _ballot(election)
        return text + "\n" + _("Voting is open until {until}.").format(until=until), markup

    await send_to_each(
        context.application,
        kind="election",
        people=await groups.members(services.db, election.group_id),
        render=render,
    )
    with in_community_locale(services):
        text = (
            _("Run-off in «{group}» between {names}: vote in my private chat until {until}.")
            if election.round > 1
            else _("The vote for the coordinator of «{group}» is open until {until}: {names}.")
        ).format(
            group=election.group_name,
            names=", ".join(c.name for c in election.candidates),
            until=until,
        )
    await post_to_chat(context.bot, election.group_chat_id, text)


def _result_text(result: PhaseResult) -> str:
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
    services = context.services
    election = result.election
    assert election is not None
    with in_community_locale(services):
        posted = await post_to_chat(context.bot, election.group_chat_id, _result_text(result))
    people = await groups.members(services.db, election.group_id)
    if not posted:
        await send_to_each(
            context.application,
            kind="election",
            people=people,
            render=lambda _label: (_result_text(result), None),
        )
    previous = next((p for p in people if p.id == result.previous_coordinator_id), None)
    if result.outcome is Outcome.ELECTED and previous is not None:
        await tell(
            context.application,
            previous,
            lambda: (
                _("You have stepped down as coordinator of «{group}»; thank you!").format(
                    group=election.group_name
                ),
                None,
            ),
        )


async def close_phase(context: BotContext) -> None:
    """The deadline job: move the election on and tell the members."""
    assert context.job is not None
    data = context.job.data
    assert isinstance(data, dict)
    result = await elections.close_phase(
        context.services.db,
        election_id=int(data["election"]),
        status=ElectionStatus(data["status"]),
        round=int(data["round"]),
    )
    if result.outcome is Outcome.NOTHING:
        return
    assert result.election is not None and context.job_queue is not None
    schedule(context.community, result.election)  # the next deadline, or none when finished
    if result.outcome in (Outcome.VOTING, Outcome.RUNOFF):
        await _send_ballots(context, result.election)
    else:
        await _announce_result(context, result)


async def cast_vote(update: Update, context: BotContext) -> None:
    """A ballot button: record (or change) the vote and confirm it in a toast."""
    query = update.callback_query
    assert query is not None and query.data is not None
    match = VOTE.match(query.data)
    person = context.person
    if match is None or person is None:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    election_id, round_, choice = (int(part) for part in match.groups())
    try:
        election = await elections.vote(
            context.services.db,
            election_id=election_id,
            round=round_,
            voter_id=person.id,
            candidate_id=choice or None,
        )
    except GroupRefused as refusal:
        await refuse(update, refusal.reason)
        return
    chosen = next((c.name for c in election.candidates if c.person_id == choice), _("Against"))
    await query.answer(
        _("Your vote: {choice}. You can change it until {until}.").format(
            choice=chosen, until=moment(context, election.deadline)
        ),
        show_alert=True,
    )


async def restore(context: BotContext) -> None:
    """At start: a deadline job for every open election (late ones run at once)."""
    assert context.job_queue is not None
    for election in await elections.open_elections(context.services.db):
        schedule(context.community, election)


def register(setup: Setup) -> None:
    application = setup.application
    catalogue: CommandCatalogue = application.services.commands  # type: ignore[attr-defined]
    catalogue.add(
        CommandSpec("elect", N_("call an election of a group's coordinator"), min_role=Role.MEMBER)
    )
    application.add_handler(CommandHandler("elect", elect))
    application.add_handler(
        ConversationHandler(
            entry_points=[CallbackQueryHandler(ask_statement, pattern=NOMINATE)],
            states={STATEMENT: [MessageHandler(filters.TEXT & ~filters.COMMAND, take_statement)]},
            fallbacks=[CommandHandler("cancel", cancel_nomination)],
            name="groups.nominate",
            persistent=True,
            allow_reentry=True,  # another "nominate myself" button starts afresh
        )
    )
    application.add_handler(CallbackQueryHandler(cast_vote, pattern=VOTE))
    assert application.job_queue is not None
    application.job_queue.run_once(restore, 0, name="groups.restore")
