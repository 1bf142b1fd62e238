"""Transitional: the meetings feature's import of the digest's sections from here still
works until it imports them from `handlers.groups`; delete this module then."""

from handlers.groups import DIGEST_SOURCES, DigestSection

__all__ = ["DIGEST_SOURCES", "DigestSection"]
