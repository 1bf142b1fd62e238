"""The buttons of news and broadcasts: `bc:<action>[:<value>]`, the shapes of old messages
kept. The Cancel button under a progress message is the outbox's (`bot.outbox.sender.STOP`)."""

from __future__ import annotations

from bot.broadcasts.news import MAX_PAGE
from bot.core.callbacks import ID, WORD, Callbacks, Field, member_of
from models import AudienceKind, DeliveryMode

PAGE = Field(
    r"[0-9]{1,5}", int, str, lambda value: isinstance(value, int) and 0 <= value <= MAX_PAGE
)
"""A page of /news, from 0."""

BUTTONS = Callbacks("bc")

# /announce, step by step
AUDIENCE = BUTTONS.action("aud", member_of(AudienceKind))
REGION = BUTTONS.action("reg", WORD)
AREA = BUTTONS.action("area", WORD)
GROUP = BUTTONS.action("grp", ID)
NOW = BUTTONS.action("now")
LATER = BUTTONS.action("later")
URGENT = BUTTONS.action("urgent")
CHANNEL = BUTTONS.action("chan")  # also to the news channel: yes / no
CONFIRM = BUTTONS.action("ok")
CANCEL = BUTTONS.action("no")

# /broadcasts: a scheduled announcement's Cancel
UNSCHEDULE = BUTTONS.action("unsched", ID)
SCHEDULED_PAGE = BUTTONS.action("sched", PAGE)

# /news, /settings, and a draft of the news feed
NEWS_PAGE = BUTTONS.action("news", PAGE)
PREFERENCE = BUTTONS.action("pref", member_of(DeliveryMode))
PUBLISH_DRAFT = BUTTONS.action("pub", ID)
PUBLISH_DRAFT_TO_CHANNEL = BUTTONS.action("pubch", ID)
DISCARD_DRAFT = BUTTONS.action("drop", ID)
