"""Transitional: membership's cards import these names from here until the lead repoints
them at `bot.consultations` (then this module goes)."""

from bot.consultations.records import Consulting, consulting

__all__ = ["Consulting", "consulting"]
