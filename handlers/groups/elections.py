"""Coordinator elections as members take part: /elect, self-nomination with a statement (a
dialogue that survives a restart), and the ballot's buttons. The notices and deadline jobs
are in `handlers.groups.notices`."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.core.errors import Refused
from bot.core.text import clean, length
from bot.groups.votes import STATEMENT_LIMIT
from bot.i18n import _
from handlers.groups.buttons import NOMINATE, VOTE
from handlers.groups.common import argument_text, moment
from handlers.groups.notices import announce_start
from handlers.kit.replies import alert, refuse, reply

STATEMENT = 1
ELECTION_KEY = "wg_election"


async def elect(update: Update, context: BotContext) -> None:
    """/elect <group>: any member of the group calls an election (or a re-election); the
    caller hears of it with everyone else."""
    name = argument_text(context)
    if not name:
        await reply(update, _("Which group? Send /elect and the group's name, e.g. /elect Media."))
        return
    election = await context.services.groups.elections.call(group=name, started_by_id=context.me.id)
    await announce_start(context, election)


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
    await query.answer(
        alert(
            _("Your vote: {choice}. You can change it until {until}.").format(
                choice=chosen, until=moment(context, election.deadline)
            )
        ),
        show_alert=True,
    )
