"""When a membership ends (/revoke, or /deleteme): what the person could do as a member ends
with it, in every feature, in the same transaction as the role change.

Each feature offers one hook: an async function of the person's id that ends what is theirs
(open consultations, proposals, the coordination of groups) and returns what it ended, for
the feature's handlers to tell the people concerned. `bot/services.py` lists the hooks; the
services of other features are never imported here (they import membership)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.core.people import PersonView

Hook = Callable[[int], Awaitable[object]]
"""A feature's clean-up: the person's id → what it ended."""

T = TypeVar("T")


@dataclass(frozen=True)
class Ended:
    """What the end of a membership ended, one outcome per hook, in the order of the hooks."""

    person: PersonView
    outcomes: tuple[object, ...]

    def of(self, kind: type[T]) -> T | None:
        """The outcome of the feature whose hook returns a `kind` (None: no such hook)."""
        return next((outcome for outcome in self.outcomes if isinstance(outcome, kind)), None)


class MembershipEnd:
    """Runs every feature's hook for someone who is no longer a member."""

    def __init__(self, hooks: Sequence[Hook] = ()) -> None:
        self.hooks = tuple(hooks)

    async def end(self, person: PersonView) -> Ended:
        """End everything `person` could do as a member (inside the caller's unit of work)."""
        return Ended(person, tuple([await hook(person.id) for hook in self.hooks]))
