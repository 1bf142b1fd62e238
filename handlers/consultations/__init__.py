"""Consultations: /ask, offers to peers, the relayed conversation, ratings and records.

Order matters: the two dialogues (/ask, and the recommendation after a rating) come before
the relay of free text, which takes any other private message; the whole feature comes after
the other features' dialogues (handlers/__init__.py) and before the fallback.

`tell_ended` is for the end of a membership (/revoke, /deleteme: membership).
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.i18n import N_
from handlers.consultations import again, answers, asking, info, offers, rating, relay, talk
from handlers.consultations.asking import AREAS, CONFIRM, FILE, NAME, PLACE, QUESTION, URGENT
from handlers.consultations.buttons import (
    ACCEPT,
    AREA,
    AREAS_DONE,
    ASK_AGAIN,
    ASK_ORGANISERS,
    AVAILABILITY,
    CLOSE,
    CONTACTS,
    DECLINE,
    EXPERTS,
    NO_FILE,
    RATE,
    REGION,
    SEND,
    SHOW_NAME,
    SKIP,
    STOP,
    URGENCY,
    WIDEN,
    WIDEN_AREA,
    WIDEN_DONE,
    WITHDRAW,
    WRITE_TO,
)
from handlers.consultations.departures import tell_ended
from handlers.kit.incoming import NEW
from handlers.kit.setup import Callback, Setup, guard
from models import Role

__all__ = ["register", "tell_ended"]

RESTORE_JOB = "consultations.restore"
SWEEP_JOB = "consultations.sweep"
SWEEP_SECONDS = 3600
TEXT = filters.TEXT & ~filters.COMMAND
ANYTHING = ~filters.COMMAND


def typed(accepted: filters.BaseFilter, callback: Callback) -> MessageHandler[BotContext, Any]:
    """A dialogue's step that reads a message; a refusal keeps the dialogue at the step."""
    return MessageHandler(NEW & accepted, guard(callback))


def ask_dialogue(setup: Setup) -> ConversationHandler[BotContext]:
    """/ask step by step; text where a button is expected is answered, the step stays."""
    wrong = typed(ANYTHING, asking.use_buttons)
    return ConversationHandler(
        entry_points=[
            setup.command_handler(
                "ask",
                asking.start_ask,
                N_("ask peers for advice"),
                role=Role.MEMBER,
                filters=filters.ChatType.PRIVATE,
            )
        ],
        states={
            QUESTION: [
                typed(TEXT, asking.got_question),
                typed(ANYTHING, asking.question_wrong_input),
            ],
            FILE: [
                typed(filters.Document.ALL | filters.PHOTO, asking.got_file),
                setup.button_handler(NO_FILE, asking.no_file),
                typed(ANYTHING, asking.file_wrong_input),
            ],
            AREAS: [
                setup.button_handler(AREA, asking.toggle_area),
                setup.button_handler(AREAS_DONE, asking.areas_done),
                wrong,
            ],
            URGENT: [setup.button_handler(URGENCY, asking.got_urgency), wrong],
            NAME: [setup.button_handler(SHOW_NAME, asking.got_name_choice), wrong],
            PLACE: [
                setup.button_handler(REGION, asking.chosen_region),
                typed(TEXT, asking.typed_region),
                wrong,
            ],
            CONFIRM: [
                setup.button_handler(SEND, asking.send_question),
                setup.button_handler(STOP, asking.stop_asking),
                wrong,
            ],
        },
        fallbacks=[setup.command_handler("cancel", asking.stop_asking, None)],
        name="consultations.ask",
        persistent=True,
    )


def recommend_dialogue(setup: Setup) -> ConversationHandler[BotContext]:
    """A rating, then the asker's public thanks (or Skip, or /cancel)."""
    return ConversationHandler(
        entry_points=[setup.button_handler(RATE, rating.rate)],
        states={
            rating.RECOMMEND: [
                typed(TEXT, rating.recommendation_text),
                setup.button_handler(SKIP, rating.skip_recommendation),
                typed(ANYTHING, rating.recommendation_wrong_input),
            ]
        },
        fallbacks=[setup.command_handler("cancel", rating.stop_recommendation, None)],
        name="consultations.recommend",
        persistent=True,
    )


async def restore(context: BotContext) -> None:
    """At start: the time-out job of every question looking for an expert, and the sweep
    (jobs are not persisted; stable names keep them single)."""
    await offers.restore(context)
    job_queue = context.community.job_queue
    assert job_queue is not None
    if not job_queue.get_jobs_by_name(SWEEP_JOB):
        job_queue.run_repeating(talk.sweep, SWEEP_SECONDS, first=SWEEP_SECONDS, name=SWEEP_JOB)


def register(setup: Setup) -> None:
    member = Role.MEMBER
    private = filters.ChatType.PRIVATE
    setup.add(ask_dialogue(setup))
    setup.command("ask", asking.ask_in_private, None, filters=filters.ChatType.GROUPS)
    for name, callback, description, role in (
        (
            "available",
            info.available,
            N_("switch whether peers' questions come to you"),
            member,
        ),
        ("consultations", info.list_consultations, N_("your open and past consultations"), member),
        ("experts", info.show_experts, N_("who consults in an area"), member),
        ("consultstats", info.show_stats, N_("statistics of consultations"), Role.ORGANISER),
    ):
        setup.command(name, callback, description, role=role, filters=private)
    setup.button(EXPERTS, info.experts_of_area, role=member)
    setup.button(AVAILABILITY, info.answer_availability, role=member)
    setup.button(ACCEPT, answers.accept_offer)
    setup.button(DECLINE, answers.decline_offer)
    setup.button(WITHDRAW, answers.withdraw_question)
    setup.button(WRITE_TO, relay.choose_consultation)
    setup.button(CONTACTS, talk.share_contacts)
    setup.button(CLOSE, talk.close_consultation)
    setup.button(ASK_AGAIN, again.ask_again, role=member)
    setup.button(WIDEN, again.widen, role=member)
    setup.button(WIDEN_AREA, again.widen_area, role=member)
    setup.button(WIDEN_DONE, again.widen_done, role=member)
    setup.button(ASK_ORGANISERS, again.ask_organisers, role=member)
    setup.add(recommend_dialogue(setup))
    # Last: any other private message goes to the other side of an open consultation.
    relayed = NEW & private & ~filters.COMMAND & ~filters.StatusUpdate.ALL
    setup.add(MessageHandler(relayed, guard(relay.relay_message)))
    assert setup.application.job_queue is not None
    setup.application.job_queue.run_once(restore, 0, name=RESTORE_JOB)
