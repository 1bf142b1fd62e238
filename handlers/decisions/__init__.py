"""Decisions by consensus: /propose, review, cards with stances, /proposals, /pending,
/decision, and the timed steps (reminders, deadline, review date) restored at start.

Order matters: the dialogue (one per person, also reached from buttons in group chats) comes
first, then the plain commands and buttons; all of them before the catch-all fallback.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    InlineQueryHandler,
    PollAnswerHandler,
)

from bot.commands.catalogue import CommandCatalogue, CommandSpec, Where
from bot.context import BotContext
from bot.i18n import N_, _
from handlers.decisions import consensus, inline, listing, manage, plan, polls, propose, stances
from handlers.decisions.callbacks import pattern
from handlers.decisions.lifecycle import RESTORE_JOB, restore
from handlers.kit.replies import reply
from handlers.kit.setup import Setup
from models import Role

POLL_ANSWER_GROUP = 5
DIALOGUE_KEYS = ("dc_draft", "dc_reason", "dc_back", "dc_amend", "dc_outcome")


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel inside the dialogue: drop what was being written; nothing is saved."""
    assert context.user_data is not None
    for key in DIALOGUE_KEYS:
        context.user_data.pop(key, None)
    await reply(update, _("Stopped; nothing was changed."))
    return ConversationHandler.END


def dialogue() -> ConversationHandler:
    return ConversationHandler(
        entry_points=[
            CommandHandler("propose", propose.start),
            CallbackQueryHandler(stances.ask_reason, pattern=stances.WITH_REASON_PATTERN),
            CallbackQueryHandler(propose.ask_return_comment, pattern=pattern("back")),
            CallbackQueryHandler(manage.ask_amendment, pattern=pattern("am")),
            CallbackQueryHandler(manage.ask_outcome, pattern=pattern("out")),
        ],
        states={**propose.states(), **stances.REASON_STATES, **manage.states()},
        fallbacks=[CommandHandler("cancel", cancel)],
        name="decisions",
        persistent=True,
        per_chat=False,
        per_user=True,
        allow_reentry=True,
    )


def register(setup: Setup) -> None:
    application = setup.application
    services = application.services  # type: ignore[attr-defined]
    catalogue: CommandCatalogue = services.commands
    for name, description in (
        ("propose", N_("propose a plan item, a change, priorities or a rule")),
        ("proposals", N_("open and recent proposals")),
        ("pending", N_("proposals awaiting your stance")),
        ("decision", N_("a proposal's card and actions: /decision <number>")),
        ("plan", N_("the action plan")),
        ("priorities", N_("give your priority points to plan items")),
        ("progress", N_("report progress: /progress <item> <text>")),
        ("done", N_("mark a plan item done: /done <item>")),
        ("consensus", N_("quorum and threshold of decisions: /consensus [group] quorum 60%")),
    ):
        catalogue.add(CommandSpec(name, description, min_role=Role.MEMBER))
    for name, description in (
        ("poll", N_("a quick poll: /poll Question? | option | option")),
        ("pollresults", N_("the results of the latest poll (or the one replied to)")),
    ):
        catalogue.add(CommandSpec(name, description, min_role=Role.MEMBER, where=Where.GROUP))
    application.add_handler(dialogue())
    application.add_handler(CommandHandler("proposals", listing.list_proposals))
    application.add_handler(CommandHandler("pending", listing.pending))
    application.add_handler(CommandHandler("decision", manage.show_decision))
    application.add_handler(CommandHandler("consensus", consensus.consensus))
    application.add_handler(CommandHandler("plan", plan.show_plan))
    application.add_handler(CommandHandler("priorities", plan.priorities))
    application.add_handler(CommandHandler("progress", plan.progress))
    application.add_handler(CommandHandler("done", plan.done))
    application.add_handler(CommandHandler("poll", polls.create_poll))
    application.add_handler(CommandHandler("pollresults", polls.poll_results))
    # In a group of its own: it ignores polls it did not send, and no other feature's poll
    # answer handler can keep the answers to ours from it.
    application.add_handler(PollAnswerHandler(polls.record_answer), group=POLL_ANSWER_GROUP)
    application.add_handler(InlineQueryHandler(inline.inline_query))
    for action, callback in (
        ("c", listing.open_card),
        ("rv", listing.open_review),
        ("f", listing.toggle_following),
        ("r", stances.show_reasons),
        ("o", propose.open_for_decision),
        ("wd", manage.withdraw),
        ("end", manage.close_early),
        ("pp", plan.change_points),
    ):
        application.add_handler(CallbackQueryHandler(callback, pattern=pattern(action)))
    application.add_handler(
        CallbackQueryHandler(stances.simple_stance, pattern=stances.SIMPLE_PATTERN)
    )
    assert application.job_queue is not None
    application.job_queue.run_once(restore, 0, name=RESTORE_JOB)
    zone = ZoneInfo(services.settings.timezone)
    application.job_queue.run_daily(
        plan.overdue_job, plan.OVERDUE_AT.replace(tzinfo=zone), name=plan.OVERDUE_JOB
    )
