"""Recognising repeated updates."""

from __future__ import annotations

from collections import OrderedDict

RECENT_UPDATES = 10_000


class RecentUpdates:
    """The ids of the last updates processed; Telegram delivers at least once (a webhook
    retried after a time-out, polling after a crash), so a repeated id is dropped."""

    def __init__(self, size: int = RECENT_UPDATES) -> None:
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._size = size

    def first_time(self, update_id: int) -> bool:
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True
