"""Transitional: the meetings feature's import of `coordinator_group` from here still works
until it imports it from `handlers.groups`; delete this module then."""

from handlers.groups import coordinator_group

__all__ = ["coordinator_group"]
