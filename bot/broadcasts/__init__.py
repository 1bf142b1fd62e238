"""News and broadcasts (moving into this package)."""

from bot.broadcasts.announcements import Announcements, Audience, draft_of_announcement

__all__ = ["Announcements", "Audience", "draft_of_announcement"]
