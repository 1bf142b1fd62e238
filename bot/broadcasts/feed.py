"""The optional news feed (RSS 2.0 or Atom) read with the standard library only."""

from __future__ import annotations

import asyncio
import html
import re
import urllib.request
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

ATOM = "{http://www.w3.org/2005/Atom}"
MAX_BYTES = 2_000_000
_TAG_RE = re.compile(r"<[^>]+>")
_SPACES_RE = re.compile(r"[ \t\r\f\v]+")


class FeedError(Exception):
    """The feed could not be read or parsed."""


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    link: str
    summary: str

    def as_text(self, limit: int = 3500) -> str:
        """The draft announcement: title, summary, link."""
        summary = self.summary if len(self.summary) <= limit else self.summary[:limit] + "…"
        return "\n\n".join(part for part in (self.title, summary, self.link) if part)


def _plain(markup: str | None) -> str:
    text = html.unescape(_TAG_RE.sub(" ", markup or ""))
    return "\n".join(_SPACES_RE.sub(" ", line).strip() for line in text.splitlines()).strip()


def _text(element: ElementTree.Element, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def parse(content: bytes) -> list[FeedItem]:
    """The items of an RSS or Atom document, in the feed's order (newest first usually)."""
    if b"<!ENTITY" in content:
        raise FeedError("entity declarations are not accepted")
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        raise FeedError(f"not XML: {error}") from None
    items: list[FeedItem] = []
    if root.tag == f"{ATOM}feed":
        for entry in root.iter(f"{ATOM}entry"):
            link_element = entry.find(f"{ATOM}link[@rel='alternate']")
            if link_element is None:
                link_element = entry.find(f"{ATOM}link")
            link = link_element.get("href", "") if link_element is not None else ""
            summary = _text(entry, f"{ATOM}summary") or _text(entry, f"{ATOM}content")
            guid = _text(entry, f"{ATOM}id") or link
            items.append(
                FeedItem(guid, _plain(_text(entry, f"{ATOM}title")), link, _plain(summary))
            )
    elif root.tag == "rss":
        for item in root.iter("item"):
            link = _text(item, "link")
            guid = _text(item, "guid") or link or _text(item, "title")
            summary = _plain(_text(item, "description"))
            items.append(FeedItem(guid, _plain(_text(item, "title")), link, summary))
    else:
        raise FeedError(f"neither RSS nor Atom: <{root.tag}>")
    return [item for item in items if item.guid][:50]


def _download(url: str, timeout: float) -> bytes:
    if not url.startswith(("http://", "https://", "file://")):
        raise FeedError("the feed URL must be http://, https:// or file://")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            content: bytes = response.read(MAX_BYTES + 1)
    except (OSError, ValueError) as error:
        raise FeedError(str(error)) from None
    if len(content) > MAX_BYTES:
        raise FeedError("the feed is larger than 2 MB")
    return content


async def fetch(url: str) -> list[FeedItem]:
    """Download (in a thread: never blocks the bot) and parse the feed."""
    return parse(await asyncio.to_thread(_download, url, 15.0))
