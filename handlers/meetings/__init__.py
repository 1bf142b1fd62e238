"""Meetings: the creation dialogue (also from a working group's chat), /meetings and
/meeting with the cards' buttons, the dialogues that change a meeting or rate it, and the
jobs that send its notices."""

from __future__ import annotations

from telegram.ext import filters

from bot import jobs
from bot.i18n import N_
from handlers.kit.setup import Setup
from handlers.meetings import cards, changes, group_chat, manage, new, notices
from handlers.meetings.buttons import (
    ANSWER,
    ATTENDEES,
    ATTENDEES_PAGE,
    CALENDAR,
    CANCEL,
    CANCEL_NO,
    CANCEL_YES,
    EXPORT,
    FIX,
    FULL_TEXT,
    MATERIALS,
    OPEN,
    VOTE,
)
from models import Role


def register(setup: Setup) -> None:
    # The creation dialogue first: its /newmeeting (private) and its steps' free text come
    # before anything else of the feature; then the same commands in a working group's chat.
    setup.add(new.conversation(setup))
    group_chat.register(setup)
    for dialogue in changes.dialogues(setup):
        setup.add(dialogue)
    private = filters.ChatType.PRIVATE  # cards may carry the online link: never in groups
    member = Role.MEMBER
    setup.command(
        "meetings", cards.list_meetings, N_("upcoming meetings"), role=member, filters=private
    )
    setup.command(
        "meeting",
        cards.show_meeting,
        N_("one meeting: answer, calendar, materials"),
        role=member,
        filters=private,
    )
    setup.button(OPEN, cards.open_meeting, role=member)
    setup.button(ANSWER, cards.answer_invitation, role=member)
    setup.button(CALENDAR, cards.send_calendar, role=member)
    setup.button(VOTE, cards.vote_slot, role=member)
    setup.button(MATERIALS, cards.show_materials, role=member)
    setup.button(FULL_TEXT, cards.send_full_text, role=member)
    setup.button(ATTENDEES, manage.show_attendees, role=member)
    setup.button(ATTENDEES_PAGE, manage.turn_attendees, role=member)
    setup.button(EXPORT, manage.export_attendees, role=member)
    setup.button(FIX, manage.fix_time, role=member)
    setup.button(CANCEL, manage.ask_cancel, role=member)
    setup.button(CANCEL_YES, manage.confirm_cancel, role=member)
    setup.button(CANCEL_NO, manage.keep_meeting)
    jobs.run_once(setup.application, notices.restore, 0, name="meetings.restore")
