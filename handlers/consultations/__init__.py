"""Consultations: /ask, offers to peers, the relayed conversation, ratings and records."""

from handlers.consultations.asking import register
from handlers.consultations.talk import close_for_leaver

__all__ = ["close_for_leaver", "register"]
