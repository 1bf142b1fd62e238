"""Why the decision rules say no: the message ids that the services raise as `Refused`
(`bot.core.errors`); `handlers.kit.replies.explain` translates them.

An id that names nothing (a proposal or a plan item from a button) is `STALE`: the button
is old or forged.
"""

from __future__ import annotations

from bot.core.errors import STALE
from bot.i18n import N_

__all__ = ["STALE"]

NOT_MEMBER = N_("Only members of the community can do this.")
NOT_COORDINATOR = N_("Only a coordinator or an organiser can do this.")
NOT_PROPOSER = N_("Only the author of the proposal can do this.")
NOT_REVIEWER = N_(
    "Only the group's coordinator or a coordinator or organiser of the community can "
    "review this proposal."
)
NOT_IN_GROUP = N_("Only members of that working group can propose for it.")
UNKNOWN_GROUP = N_("There is no such working group.")
NOT_RULE_SETTER = N_(
    "Only organisers set the community's rules; a working group's coordinator sets their group's."
)
BAD_SHARE = N_("A quorum or threshold must be above 0 and at most 100%.")
NOT_A_SHARE = N_(
    "«{value}» is not a valid share: write it as 60%, 3/4 or 0.6 (above 0, at most 100%)."
)
CONSENSUS_USAGE = N_(
    "Usage: /consensus [group] quorum <share> threshold <share>, e.g. "
    "/consensus Media quorum 60% threshold 3/4. A share is written as 60%, 3/4 or 0.6."
)

NO_SUCH_PROPOSAL = N_("There is no such proposal.")
WRONG_STATE = N_("This proposal has already moved on; nothing was changed.")
NOT_OPEN = N_("This proposal is not open for decision.")
NOT_CLOSED = N_("The outcome can be written once the decision is closed.")
EMPTY = N_("The text is empty.")
PAST_DATE = N_("The date must be in the future.")

NOT_IN_BODY = N_(
    "Only members of the body that decides can take a stance on this proposal. "
    "Nothing was recorded."
)
DEADLINE_PASSED = N_("The deadline has passed; stances can no longer change.")
REASON_FOR_BLOCK = N_("A block is not accepted without a reason. Please write your reason:")
REASON_NEEDED = N_("Please write your reason in a few words:")
STANCES_MISSING = N_("You can close early only when every member of the body has taken a stance.")
NO_CONSENSUS_YET = N_(
    "You can close early only when it would be accepted: nobody blocks and enough agree. "
    "Otherwise it closes at its deadline."
)

NO_SUCH_ITEM = N_("There is no such open plan item.")
NOT_RESPONSIBLE = N_(
    "Only the item's responsible people, the authors of its proposals or a coordinator can do this."
)
NO_CHANGES = N_("Choose at least one thing the proposal changes in the item.")
NOT_A_MEMBER_CHOSEN = N_(
    "Responsible people are chosen among the members of the body that decides."
)
NO_SUCH_OWNER = N_(
    "Nobody known to the bot matches {who}. Write /plan owner to choose, or /plan @username."
)
BAD_ORDER = N_(
    "Please write the numbers of open plan items in their new order, the most important "
    "first, each once (for example: 3, 1, 2)."
)
NO_POINTS_LEFT = N_("You have given all your points; take one back first.")

POLL_USAGE = N_(
    "Usage: /poll Question? | option | option … (2 to {options} options; start with * to "
    "allow several answers). The question is up to {question} characters, an option up "
    "to {option}."
)
