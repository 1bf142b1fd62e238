"""Handlers: thin adapters between Telegram updates and the services in bot/.

Each feature package has `register(setup)`; the order below is the order in which they get
a chance at an update, so the catch-all fallback comes last.
"""

from __future__ import annotations

from bot.context import CommunityApplication
from handlers import (
    broadcasts,
    consultations,
    decisions,
    groups,
    meetings,
    membership,
)
from handlers.core import audit, fallback, language, middleware, start
from handlers.kit.setup import Setup

FEATURES = [
    middleware,  # groups -2 and -1: repeated updates dropped, the person identified
    start,  # /start and /help
    language,
    audit,
    membership,
    groups,  # working groups, their elections, chats and digest
    meetings,
    decisions,
    broadcasts,  # announcements, broadcasts and news
    consultations,  # its relay of free text must come after other features' dialogues
    fallback,  # whatever no feature handled, and the error handler
]


def register_all(application: CommunityApplication) -> None:
    setup = Setup(application)
    for feature in FEATURES:
        feature.register(setup)
