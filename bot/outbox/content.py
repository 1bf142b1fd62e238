"""The content of one message as recipients will see it: a text, or a photo or a document
with its caption, formatting (entities) kept. JSON-safe, so it can wait in user_data or in
the outbox."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.core.text import CAPTION, MESSAGE
from bot.core.text import length as utf16_length

_COMMAND = re.compile(r"/\S*\s*")


@dataclass(frozen=True)
class Draft:
    """What one message says (an announcement, a group announcement, a notice)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    media_kind: str | None = None  # "photo" | "document"
    file_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def headed(self, header: str) -> Draft:
        """With a line in front, e.g. who it is from; the formatting moves along."""
        prefix = f"{header}\n\n"
        return Draft(
            prefix + self.text,
            _shifted(self.entities, utf16_length(prefix)),
            self.media_kind,
            self.file_id,
        )

    def after_command(self) -> Draft:
        """The text of a "/command text" message without the command (formatting kept)."""
        match = _COMMAND.match(self.text)
        cut = len(match.group(0)) if match else 0
        shift = utf16_length(self.text[:cut])
        kept = [entity for entity in self.entities if entity["offset"] >= shift]
        return Draft(self.text[cut:], _shifted(kept, -shift), self.media_kind, self.file_id)

    def room(self) -> int:
        """How many more characters Telegram takes (a caption is shorter than a text)."""
        return (CAPTION if self.media_kind else MESSAGE) - utf16_length(self.text)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        return cls(
            text=str(data.get("text") or ""),
            entities=list(data.get("entities") or []),
            media_kind=data.get("media_kind"),
            file_id=data.get("file_id"),
        )


def _shifted(entities: list[dict[str, Any]], by: int) -> list[dict[str, Any]]:
    return [{**entity, "offset": entity["offset"] + by} for entity in entities]
