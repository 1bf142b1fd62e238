"""Working groups: /groups, /join, /leave, /mygroups for members; /newgroup, /editgroup,
/archivegroup, /appoint for organisers; /elect and the nomination dialogue; in a group's
chat /linkchat and the coordinator's /members, /announce_group, /remove, /pin, /task; the
chats' join requests; the election deadlines and the weekly digest as jobs.

Other features use `tell_ended` (a membership ending) and `coordinator_group` (a
coordinator's command in a group's chat).
"""

from __future__ import annotations

from telegram.ext import (
    ChatJoinRequestHandler,
    ChatMemberHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.commands.catalogue import Where
from bot.i18n import N_
from handlers.groups import (
    chats,
    coordinator,
    digest,
    elections,
    manage,
    members,
    notices,
    tasks,
)
from handlers.groups.buttons import (
    ASK_LEAVE,
    GROUPS_PAGE,
    JOIN,
    LEAVE,
    MY_GROUPS_PAGE,
    NOMINATE,
    STATEMENTS,
    STAY,
    VOTE,
)
from handlers.groups.coordinator import coordinator_group
from handlers.groups.digest import DIGEST_JOB, DIGEST_TIME, MONDAY
from handlers.groups.members import tell_ended
from handlers.kit.incoming import TEXT
from handlers.kit.setup import Callback, Handler, Setup
from models import Role

__all__ = ["coordinator_group", "register", "tell_ended"]

GROUP_CHATS = 1  # the handler group of chat join requests and chat members
PRIVATE = filters.ChatType.PRIVATE


def _in_group_chat(setup: Setup, name: str, callback: Callback, description: str) -> None:
    """A command for a group's chat. An anonymous admin has no person, hence no role: their
    command reaches the callback unguarded, which tells them why it cannot be theirs."""
    setup.command(name, callback, None, filters=filters.SenderChat.ALL)
    setup.command(name, callback, description, role=Role.MEMBER, where=Where.GROUP)


def register(setup: Setup) -> None:
    member, organiser = Role.MEMBER, Role.ORGANISER
    for name, callback, description in (
        ("groups", members.list_groups, N_("working groups")),
        ("join", members.join_command, N_("join a working group")),
        ("leave", members.leave_command, N_("leave a working group")),
        ("mygroups", members.my_groups, N_("your working groups")),
        ("tasks", tasks.my_tasks, N_("the open tasks of your working groups")),
    ):
        setup.command(name, callback, description, role=member, filters=PRIVATE)
    entry_points: list[Handler] = [
        setup.command_handler(
            "newgroup", manage.new_group, N_("create a working group"), role=organiser,
            filters=PRIVATE,
        ),
        setup.command_handler(
            "editgroup", manage.edit_group, N_("rename a working group or change its purpose"),
            role=organiser, filters=PRIVATE,
        ),
    ]  # fmt: skip
    for name, callback, description in (
        ("archivegroup", manage.archive_group, N_("archive a working group")),
        ("appoint", manage.appoint, N_("appoint an acting coordinator")),
    ):
        setup.command(name, callback, description, role=organiser, filters=PRIVATE)
    _in_group_chat(setup, "linkchat", chats.link_chat, N_("link this chat to a working group"))
    setup.button(JOIN, members.join_button, role=member)
    setup.button(ASK_LEAVE, members.ask_leave_button, role=member)
    setup.button(LEAVE, members.confirm_leave, role=member)
    setup.button(STAY, members.stay)
    setup.button(GROUPS_PAGE, members.turn_groups, role=member)
    setup.button(MY_GROUPS_PAGE, members.turn_mine, role=member)
    text = TEXT & PRIVATE
    setup.add(
        ConversationHandler(
            entry_points=entry_points,
            states={
                manage.NAME: [MessageHandler(text, manage.take_name)],
                manage.PURPOSE: [MessageHandler(text, manage.take_purpose)],
            },
            fallbacks=[setup.command_handler("cancel", manage.cancel_edit, None)],
            name="groups.edit",
            persistent=True,
        )
    )
    # Group 1: membership handles the community chat's join requests and members in group 0.
    setup.add(ChatJoinRequestHandler(chats.join_request), GROUP_CHATS)
    setup.add(
        ChatMemberHandler(chats.chat_member_changed, ChatMemberHandler.CHAT_MEMBER), GROUP_CHATS
    )

    setup.command(
        "elect", elections.elect, N_("call an election of a group's coordinator"), role=member
    )
    setup.add(
        ConversationHandler(
            entry_points=[setup.button_handler(NOMINATE, elections.ask_statement)],
            states={elections.STATEMENT: [MessageHandler(TEXT, elections.take_statement)]},
            fallbacks=[setup.command_handler("cancel", elections.cancel_nomination, None)],
            name="groups.nominate",
            persistent=True,
            allow_reentry=True,  # another "nominate myself" button starts afresh
        )
    )
    setup.button(VOTE, elections.cast_vote)
    setup.button(STATEMENTS, notices.send_statements, role=member)

    coordinator_commands: list[tuple[str, Callback, str]] = [
        ("members", coordinator.show_members,
         N_("the group's members, in this chat or not (coordinator)")),
        ("announce_group", coordinator.announce,
         N_("a message to every member of the group (coordinator)")),
        ("remove", coordinator.remove_member, N_("remove a member from the group (coordinator)")),
        ("pin", coordinator.pin, N_("pin the message you reply to (coordinator)")),
        ("task", tasks.task, N_("the group's tasks (list and done: every member)")),
    ]  # fmt: skip
    for command, handler, description in coordinator_commands:
        _in_group_chat(setup, command, handler, description)

    job_queue = setup.application.job_queue
    assert job_queue is not None
    job_queue.run_once(notices.restore, 0, name=notices.RESTORE_JOB)
    job_queue.run_daily(digest.weekly_digest, DIGEST_TIME, days=(MONDAY,), name=DIGEST_JOB)
