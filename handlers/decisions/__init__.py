"""Decisions by consensus: /propose, review, cards with stances, /proposals, /pending,
/decision, the plan, /consensus, quick polls, inline mode, and the timed steps (reminders,
deadline, review date) restored at start. `tell_ended` is for the end of a membership
(membership).

Order matters: the dialogue (one per person, also reached from buttons in group chats, the
stance buttons among them) comes first, then the plain commands and buttons; all of them
before the catch-all fallback.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ConversationHandler, InlineQueryHandler, MessageHandler, PollAnswerHandler

from bot import jobs
from bot.commands.catalogue import Where
from bot.context import BotContext
from bot.i18n import N_, _
from handlers.decisions import (
    consensus,
    inline,
    items,
    listing,
    manage,
    outcome,
    owners,
    plan,
    polls,
    propose,
    review,
    stances,
)
from handlers.decisions.buttons import (
    AMEND,
    CARD,
    CLOSE,
    FOLLOW,
    FULL_TEXT,
    OPEN,
    OUTCOME,
    PENDING_PAGE,
    PLAN_OWNER,
    PLAN_PAGE,
    PLAN_VIEW,
    POINTS,
    PRIORITIES_PAGE,
    PROPOSALS_PAGE,
    REASONS,
    REVIEW,
    SEND_BACK,
    STANCE,
    WITHDRAW,
)
from handlers.decisions.lifecycle import RESTORE_JOB, restore, tell_ended
from handlers.decisions.states import REASON
from handlers.decisions.steps import PRIVATE_TEXT
from handlers.kit.replies import reply
from handlers.kit.setup import Setup
from models import Role

__all__ = ["register", "tell_ended"]

POLL_ANSWER_GROUP = 5
DIALOGUE_KEYS = ("dc_draft", "dc_reason", "dc_back", "dc_amend", "dc_outcome")
MEMBER = Role.MEMBER
PRIVATE, GROUP = Where.PRIVATE, Where.GROUP


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel inside the dialogue: drop what was being written; nothing is saved."""
    assert context.user_data is not None
    for key in DIALOGUE_KEYS:
        context.user_data.pop(key, None)
    await reply(update, _("Stopped; nothing was changed."))
    return ConversationHandler.END


def dialogue(setup: Setup) -> ConversationHandler[BotContext]:
    """Writing a proposal, a reason, a comment, an amendment or an outcome (one at a time
    per person: a new question replaces an older one)."""
    button = setup.button_handler
    return ConversationHandler(
        entry_points=[
            setup.command_handler(
                "propose",
                propose.start,
                N_("propose a plan item, a change, priorities or a rule"),
                role=MEMBER,
            ),
            button(STANCE, stances.press_stance),
            button(SEND_BACK, review.ask_return_comment, role=MEMBER),
            button(AMEND, manage.ask_amendment),
            button(OUTCOME, outcome.ask_outcome, role=MEMBER),
        ],
        states={
            **propose.states(setup),
            REASON: [MessageHandler(PRIVATE_TEXT, stances.reason)],
            **review.states(),
            **manage.states(),
            **outcome.states(setup),
        },
        fallbacks=[setup.command_handler("cancel", cancel, None)],
        name="decisions",
        persistent=True,
        per_chat=False,
        per_user=True,
        allow_reentry=True,
    )


def register(setup: Setup) -> None:
    setup.add(dialogue(setup))
    for name, callback, description, where in (
        ("proposals", listing.list_proposals, N_("open and recent proposals"), PRIVATE),
        ("pending", listing.pending, N_("proposals awaiting your stance"), PRIVATE),
        (
            "decision",
            manage.show_decision,
            N_("a proposal's card and actions: /decision <number>"),
            PRIVATE,
        ),
        ("plan", plan.show_plan, N_("the action plan"), PRIVATE),
        ("item", items.show_item, N_("a plan item and its history: /item <number>"), PRIVATE),
        ("priorities", plan.priorities, N_("give your priority points to plan items"), PRIVATE),
        ("progress", plan.progress, N_("report progress: /progress <item> <text>"), PRIVATE),
        ("done", plan.done, N_("mark a plan item done: /done <item>"), PRIVATE),
        (
            "consensus",
            consensus.consensus,
            N_("quorum and threshold of decisions: /consensus [group] quorum 60%"),
            PRIVATE,
        ),
        ("poll", polls.create_poll, N_("a quick poll: /poll Question? | option | option"), GROUP),
        (
            "pollresults",
            polls.poll_results,
            N_("the results of the latest poll (or the one replied to)"),
            GROUP,
        ),
    ):
        setup.command(name, callback, description, role=MEMBER, where=where)
    # In a group of its own: it ignores polls it did not send, and no other feature's poll
    # answer handler can keep the answers to ours from it.
    setup.add(PollAnswerHandler(polls.record_answer), group=POLL_ANSWER_GROUP)
    setup.add(InlineQueryHandler(inline.inline_query))
    setup.button(CARD, listing.open_card, role=MEMBER)
    setup.button(REVIEW, review.open_review, role=MEMBER)
    setup.button(FOLLOW, listing.toggle_following, role=MEMBER)
    setup.button(PROPOSALS_PAGE, listing.turn_page, role=MEMBER)
    setup.button(PENDING_PAGE, listing.turn_pending, role=MEMBER)
    setup.button(REASONS, stances.show_reasons)  # the service says who may read them
    setup.button(FULL_TEXT, stances.show_full_text, role=MEMBER)
    setup.button(OPEN, review.open_for_decision, role=MEMBER)
    setup.button(WITHDRAW, manage.withdraw)  # the service checks the author
    setup.button(CLOSE, manage.close_early, role=MEMBER)
    setup.button(POINTS, plan.change_points, role=MEMBER)
    setup.button(PLAN_PAGE, plan.turn_plan, role=MEMBER)
    setup.button(PLAN_VIEW, plan.turn_view, role=MEMBER)
    setup.button(PLAN_OWNER, owners.turn_owner, role=MEMBER)
    setup.button(PRIORITIES_PAGE, plan.turn_priorities, role=MEMBER)
    jobs.run_once(setup.application, restore, 0, name=RESTORE_JOB)
    assert setup.application.job_queue is not None
    zone = ZoneInfo(setup.services.settings.timezone)
    setup.application.job_queue.run_daily(
        plan.overdue_job, plan.OVERDUE_AT.replace(tzinfo=zone), name=plan.OVERDUE_JOB
    )
