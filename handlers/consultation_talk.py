"""Transitional: /deleteme (membership) imports `close_for_leaver` from here until the lead
repoints it at `handlers.consultations` (then this module goes)."""

from handlers.consultations import close_for_leaver

__all__ = ["close_for_leaver"]
