"""Handlers: thin adapters between Telegram updates and the services in bot/.

Each feature module has `register(application)`; the order below is the order in which they
get a chance at an update, so the catch-all fallback comes last.
"""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    audit,
    broadcasts,
    consultations,
    decisions,
    delivery,
    elections,
    errors,
    fallback,
    group_chat,
    group_digest,
    groups,
    language,
    meetings,
    membership,
    middleware,
    news,
    start,
)

FEATURES = [
    middleware,
    start,
    language,
    audit,
    # Feature modules go here, before the fallback.
    membership,
    groups,
    elections,
    group_chat,
    group_digest,
    meetings,
    decisions,
    delivery,  # the delivery engine: broadcasts and other features send through it
    broadcasts,
    news,
    consultations,  # its relay of free text must come after other features' dialogues
    fallback,
    errors,
]


def register_all(application: Application) -> None:
    for feature in FEATURES:
        feature.register(application)
