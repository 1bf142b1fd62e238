"""Meetings: creation, answers with capacity and a waiting list, time polls, changes,
notices sent once, feedback and materials. The service is `Meetings`, built once in
`bot/services.py` (`Services.meetings`)."""

from __future__ import annotations

from bot.meetings.service import Meetings

__all__ = ["Meetings"]
