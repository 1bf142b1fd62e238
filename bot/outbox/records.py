"""What the outbox is made of, as plain values: who gets a message, what `send` is given,
what Telegram answered, and counts of deliveries by state."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from models import BroadcastStatus, DeliveryState


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the person blocked the bot or is gone; never retried
    FAILED = "failed"  # anything else: retried with back-off a bounded number of times
    RETRY_LATER = "retry_later"  # 429 flood control: try again after `retry_after` seconds
    UNCERTAIN = "uncertain"  # timed out: it may have arrived, so it is never sent again


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    retry_after: float = 0.0
    error: str | None = None
    message_id: int | None = None  # the message sent (or edited)


@dataclass(frozen=True)
class Recipient:
    person_id: int
    chat_id: int
    variant: str = ""  # the key of this person's payload in `payload["variants"]`
    message_id: int | None = None  # for an edit (`payload["edit"]`): the message to edit


@dataclass(frozen=True)
class OutboxItem:
    """What `send` gets: whom to send to, and the broadcast's payload."""

    delivery_id: int
    broadcast_id: int
    person_id: int
    chat_id: int
    payload: dict[str, Any]
    attempts: int = 0
    message_id: int | None = None


@dataclass(frozen=True)
class DeliveryCounts:
    """How many recipients are in each state (of one broadcast, or of several)."""

    counts: dict[DeliveryState, int] = field(default_factory=dict)

    def __getitem__(self, state: DeliveryState) -> int:
        return self.counts.get(state, 0)

    @property
    def sent(self) -> int:
        return self[DeliveryState.SENT]

    @property
    def pending(self) -> int:
        return self[DeliveryState.PENDING] + self[DeliveryState.SENDING]

    @property
    def blocked(self) -> int:
        return self[DeliveryState.BLOCKED]

    @property
    def failed(self) -> int:
        return self[DeliveryState.FAILED] + self[DeliveryState.UNCERTAIN]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class DeliveryStats(DeliveryCounts):
    broadcast_id: int = 0
    status: BroadcastStatus = BroadcastStatus.SENDING


def variants_payload(variants: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A payload that differs between recipients (by language, say): each `Recipient` names
    its variant. One broadcast, one outbox and one progress report for all of them."""
    return {"variants": variants}


def payload_for(payload: dict[str, Any], variant: str) -> dict[str, Any]:
    """The payload one recipient gets."""
    variants = payload.get("variants")
    return payload if variants is None else dict(variants[variant])
