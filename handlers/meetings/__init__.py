"""Meetings: creation dialogues, time polls, invitations and answers, changes, feedback."""

from __future__ import annotations

from handlers.meetings.cards import register

__all__ = ["register"]
