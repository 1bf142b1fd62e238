"""Coordinator elections as members take part: /elect, self-nomination with a statement (a
dialogue that survives a restart), and the ballot's buttons. The notices and deadline jobs
are in `handlers.groups.notices`."""

from __future__ import annotations

from contextlib import suppress

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.people import PersonView
from bot.core.text import clean, fit_lines, length
from bot.groups import GroupView
from bot.groups.petitions import Called
from bot.groups.votes import STATEMENT_LIMIT
from bot.i18n import _, ngettext
from bot.outbox.notices import Rendered, tell
from handlers.groups.buttons import NOMINATE, VOTE
from handlers.groups.common import moment
from handlers.groups.notices import announce_start, ballot
from handlers.kit.replies import alert, refuse, reply

STATEMENT = 1
ELECTION_KEY = "wg_election"


async def _group_and_reason(context: BotContext) -> tuple[GroupView | None, str]:
    """/elect's words: the longest start that names a group, then the reason."""
    words = context.args or []
    for cut in range(len(words), 0, -1):
        group = await context.services.groups.find(" ".join(words[:cut]))
        if group is not None:
            return group, clean(" ".join(words[cut:]))
    return None, ""


async def elect(update: Update, context: BotContext) -> None:
    """/elect <group> [reason]: an election, or (a sitting elected coordinator) a request
    for a re-election that opens it once enough members asked (`bot.groups.petitions`)."""
    group, reason = await _group_and_reason(context)
    if group is None:
        await reply(update, _("Which group? Send /elect and the group's name, e.g. /elect Media."))
        return
    called = await context.services.groups.petitions.call(
        group=group.id, person_id=context.me.id, reason=reason
    )
    if called.election is None:
        await reply(
            update,
            ngettext(
                "Your request is counted: {n} of {needed} members needed ask for a re-election "
                "of the coordinator of «{group}». Requests count for 14 days.",
                "Your request is counted: {n} of {needed} members needed ask for a re-election "
                "of the coordinator of «{group}». Requests count for 14 days.",
                called.supporters,
                needed=called.needed,
                group=called.group_name,
            ),
        )
        return
    await announce_start(context, called.election)
    if called.coordinator is not None:
        await _tell_coordinator(context, called.coordinator, called)


async def _tell_coordinator(context: BotContext, person: PersonView, called: Called) -> None:
    """The sitting coordinator hears why the group asked for a re-election (not who asked)."""

    def render() -> Rendered:
        lines = [
            _(
                "A re-election of the coordinator of «{group}» has started. You stay "
                "coordinator until someone else is elected, and you may stand again."
            ).format(group=called.group_name)
        ]
        if called.reasons:
            lines += ["", _("The members' reasons:"), *(f"• {r}" for r in called.reasons)]
        return fit_lines(lines, range(3, len(lines))), None

    await tell(context.community, person, render)


def _statement_question(group_name: str) -> str:
    return _(
        "Write a short statement for the members of «{group}»: why you, and what you plan "
        "(up to {limit} characters). /cancel to stop."
    ).format(group=group_name, limit=STATEMENT_LIMIT)


async def ask_statement(update: Update, context: BotContext) -> int:
    """The "nominate myself" button: ask for a short statement."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    (election_id,) = NOMINATE.decode(query.data)
    try:
        election = await context.services.groups.elections.nomination(
            election_id=election_id, person_id=context.me.id
        )
    except Refused as error:  # a nomination begun before stays no longer
        await refuse(update, error)
        return ConversationHandler.END
    await query.answer()
    context.user_data[ELECTION_KEY] = election.id
    await reply(update, _statement_question(election.group_name))
    return STATEMENT


async def take_statement(update: Update, context: BotContext) -> int:
    """Save the nomination; a statement too long or empty is asked again."""
    assert update.message is not None and context.user_data is not None
    statement = clean(update.message.text)
    election_id = int(context.user_data.get(ELECTION_KEY, 0))
    elections = context.services.groups.elections
    if not statement or length(statement) > STATEMENT_LIMIT:
        election = await elections.get(election_id)
        await reply(
            update,
            _("The statement must be 1 to {limit} characters; you sent {n}.").format(
                limit=STATEMENT_LIMIT, n=length(statement)
            )
            + "\n\n"
            + _statement_question(election.group_name if election else ""),
        )
        return STATEMENT
    context.user_data.pop(ELECTION_KEY, None)
    try:
        election = await elections.nominate(
            election_id=election_id, person_id=context.me.id, statement=statement
        )
    except Refused as error:  # the nomination is over: so is the dialogue
        await refuse(update, error)
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
    context.user_data.pop(ELECTION_KEY, None)
    await reply(update, _("Nomination cancelled."))
    return ConversationHandler.END


async def cast_vote(update: Update, context: BotContext) -> None:
    """A ballot button: record (or change) the vote and confirm it in a toast."""
    query = update.callback_query
    assert query is not None
    election_id, round_, choice = VOTE.decode(query.data)
    election = await context.services.groups.elections.vote(
        election_id=election_id, round=round_, voter_id=context.me.id, candidate_id=choice or None
    )
    chosen = next((c.name for c in election.candidates if c.person_id == choice), _("Against"))
    until = moment(context, election.deadline)
    await query.answer(
        alert(
            _("Your vote: {choice}. You can change it until {until}.").format(
                choice=chosen, until=until
            )
        ),
        show_alert=True,
    )
    if query.message is not None:  # the ballot marks the vote (pressed again: no change)
        _text, markup = ballot(election, until, chosen=choice)
        with suppress(BadRequest):
            await query.edit_message_reply_markup(markup)
