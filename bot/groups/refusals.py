"""Why the working-group rules say no: message ids for `Refused` (translated by
`handlers.kit.replies.explain`). A button that no longer fits is `bot.core.errors.STALE`."""

from __future__ import annotations

from bot.i18n import N_

NOT_FOUND = N_("There is no such working group. Send /groups for the list.")
NAME_TAKEN = N_("A working group with this name already exists.")
ALREADY_MEMBER = N_("You are already in this working group.")
NOT_MEMBER = N_("This is only for members of the working group.")
NOT_IN_GROUP = N_("You are not in «{group}».")
NOT_A_MEMBER_OF = N_("{who} is not a member of «{group}».")
NOT_A_MEMBER_HERE = N_("{who} is not a member of this group.")
CHAT_TAKEN = N_("This chat is already linked to another working group.")
LINK_NOT_ALLOWED = N_("Only an organiser or the group's coordinator can link a chat.")
HAS_COORDINATOR = N_("This group already has a coordinator.")
NOT_COORDINATOR = N_("Only the coordinator of this group, as an admin of this chat, can do this.")
ELECTION_RUNNING = N_("An election is already under way in this group.")
PHASE_OVER = N_("This stage of the election is over.")
REASON_LENGTH = N_(
    "The group has an elected coordinator: to ask for a re-election, give your reason, "
    "{low} to {high} characters, e.g. /elect Media the coordinator has not answered since May."
)
TASK_LENGTH = N_("The task must be 1 to 300 characters, the plan item up to 100.")
NO_OPEN_TASK = N_("There is no open task #{id} in this group.")
NOT_YOUR_TASK = N_("Only the task's owner or the group's coordinator can mark it done.")
DUE_IN_PAST = N_("The due date must be after today.")
NO_PLAN_ITEM = N_("Neither the group's plan nor the community's has that item.")

# In a group's chat, for the coordinator's commands (`handlers.groups.coordinator`):
PRIVATE_CHAT = N_("Use this command in your working group's chat.")
NOT_LINKED = N_("This chat is not linked to a working group.")
ANONYMOUS_ADMIN = N_(
    "I can't tell which admin writes anonymously. The coordinator should turn off anonymity "
    "and send the command again."
)
