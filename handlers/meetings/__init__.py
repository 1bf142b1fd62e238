"""Meetings: the creation dialogue (also from a working group's chat), /meetings and
/meeting with the cards' buttons, the dialogues that change a meeting or rate it, and the
jobs that send its notices."""

from __future__ import annotations

from telegram.ext import filters

from bot import jobs
from bot.i18n import N_
from handlers.kit.setup import Setup
from handlers.meetings import cards, changes, feedback, group_chat, manage, new, notices
from handlers.meetings.buttons import (
    ANSWER,
    ATTENDEES,
    ATTENDEES_PAGE,
    CALENDAR,
    EXPORT,
    FIX,
    FULL_TEXT,
    GROUP_ANSWER,
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
    # The organiser's changes (their buttons, the cancellation's too, enter the dialogue)
    # and the feedback after a meeting.
    setup.add(changes.dialogue(setup))
    setup.add(feedback.dialogue(setup))
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
    setup.button(GROUP_ANSWER, cards.answer_in_group, role=member)
    setup.button(CALENDAR, cards.send_calendar, role=member)
    setup.button(VOTE, cards.vote_slot, role=member)
    setup.button(MATERIALS, cards.show_materials, role=member)
    setup.button(FULL_TEXT, cards.send_full_text, role=member)
    setup.button(ATTENDEES, manage.show_attendees, role=member)
    setup.button(ATTENDEES_PAGE, manage.turn_attendees, role=member)
    setup.button(EXPORT, manage.export_attendees, role=member)
    setup.button(FIX, manage.fix_time, role=member)
    jobs.run_once(setup.application, notices.restore, 0, name="meetings.restore")
