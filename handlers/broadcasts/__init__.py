"""News and broadcasts (moving into this package)."""

from handlers.broadcasts.announce import publish, register

__all__ = ["publish", "register"]
