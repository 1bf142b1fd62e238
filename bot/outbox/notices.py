"""Messages the bot sends on its own to people (not a reply to what they just did):

- `Batch`/`send_to_each`: one message for each of many people, each in their own language,
  queued in the outbox and sent by the delivery engine;
- `tell`: one private message to one person now.

    from bot.outbox.notices import send_to_each
    await send_to_each(application, kind="group_announce", people=members,
                       render=lambda _label: (text, markup))
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Message
from telegram.error import Forbidden, TelegramError

from bot.context import CommunityApplication
from bot.i18n import use_locale
from bot.outbox import sender
from bot.outbox.content import Draft
from bot.outbox.records import Recipient, variants_payload
from models import PersonStatus

logger = logging.getLogger(__name__)


def text_payload(
    text: str,
    entities: list[dict[str, Any]] | None = None,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> dict[str, Any]:
    """A payload for a plain message (entities as `MessageEntity.to_dict()`)."""
    return {
        "text": text,
        "entities": entities or [],
        "media_kind": None,
        "file_id": None,
        "reply_markup": reply_markup.to_dict() if reply_markup else None,
    }


def draft_of(message: Message) -> Draft | None:
    """What a message says, as a broadcast's content: a text, or a photo or a document with
    its caption, formatting kept; None for any other kind of message."""
    if message.photo:
        entities = [entity.to_dict() for entity in message.caption_entities or ()]
        return Draft(message.caption or "", entities, "photo", message.photo[-1].file_id)
    if message.document:
        entities = [entity.to_dict() for entity in message.caption_entities or ()]
        return Draft(message.caption or "", entities, "document", message.document.file_id)
    if message.text:
        return Draft(message.text, [entity.to_dict() for entity in message.entities or ()])
    return None


class Addressee(Protocol):
    """What sending needs of a person (`Person` and `PersonView` both are)."""

    @property
    def id(self) -> int | None: ...
    @property
    def telegram_id(self) -> int: ...
    @property
    def language(self) -> str | None: ...
    @property
    def status(self) -> PersonStatus: ...


Rendered = tuple[str, InlineKeyboardMarkup | None]


def _no_label(_person: Any) -> str:
    return ""


class Batch:
    """One message for each reachable person in their own language, queued in the outbox
    inside the caller's transaction (`add`) and sent once that has committed (`start`).

    `render(label)` is called once per language and label (e.g. the person's answer to an
    invitation, from `label(person)`), in that language, and gives a text with its buttons
    or a whole payload (`Draft.to_dict()`); all of them make one broadcast.
    """

    def __init__(
        self,
        application: CommunityApplication,
        *,
        kind: str,
        render: Callable[[str], Rendered | dict[str, Any]],
        label: Callable[[Any], str] = _no_label,
        progress_chat_id: int | None = None,
    ) -> None:
        self.application = application
        self.kind = kind
        self.render = render
        self.label = label
        self.progress_chat_id = progress_chat_id
        self.broadcast_ids: list[int] = []
        self.queued = 0

    async def add(
        self,
        session: AsyncSession,
        people: Iterable[Addressee],
        *,
        edit: Mapping[int, int] | None = None,
    ) -> None:
        """Queue the message for `people`; with `edit` (person id → message id), it replaces
        the text of that earlier message of each person instead (those without one are left
        out)."""
        settings = self.application.services.settings
        variants: dict[str, dict[str, Any]] = {}
        recipients: list[Recipient] = []
        for person in people:
            if person.status is not PersonStatus.ACTIVE or person.id is None:
                continue
            message_id = None if edit is None else edit.get(person.id)
            if edit is not None and message_id is None:
                continue
            locale = settings.locale_for(person.language)
            label = self.label(person)
            variant = f"{locale}:{label}"
            if variant not in variants:
                with use_locale(locale):
                    rendered = self.render(label)
                variants[variant] = (
                    rendered
                    if isinstance(rendered, dict)
                    else text_payload(rendered[0], reply_markup=rendered[1])
                ) | ({"edit": True} if edit is not None else {})
            recipients.append(Recipient(person.id, person.telegram_id, variant, message_id))
        if not recipients:
            return
        broadcast_id = await self.application.services.outbox.add(
            session,
            kind=self.kind,
            payload=variants_payload(variants),
            recipients=recipients,
            progress_chat_id=self.progress_chat_id,
        )
        self.broadcast_ids.append(broadcast_id)
        self.queued += len(recipients)

    def start(self) -> int:
        """Send what was queued (after the transaction committed); how many will get it."""
        for broadcast_id in self.broadcast_ids:
            sender.start(self.application, broadcast_id)
        return self.queued


async def send_to_each(
    application: CommunityApplication,
    *,
    kind: str,
    people: Iterable[Addressee],
    render: Callable[[str], Rendered | dict[str, Any]],
    label: Callable[[Any], str] = _no_label,
    progress_chat_id: int | None = None,
) -> int:
    """Queue and send one message for each reachable person (see `Batch`); how many will
    get it."""
    batch = Batch(
        application, kind=kind, render=render, label=label, progress_chat_id=progress_chat_id
    )
    async with application.services.db.session() as session:
        await batch.add(session, people)
    return batch.start()


async def tell(
    application: CommunityApplication, person: Addressee, render: Callable[[], Rendered]
) -> Message | None:
    """One private message now, in the person's language (a reply to something they did, or
    a notice to one person). A 403 marks them unreachable, other errors are logged."""
    services = application.services
    if person.status is not PersonStatus.ACTIVE:
        return None
    with use_locale(services.settings.locale_for(person.language)):
        text, markup = render()
    try:
        return await application.bot.send_message(person.telegram_id, text, reply_markup=markup)
    except Forbidden:
        await services.people.set_status(person.telegram_id, PersonStatus.UNREACHABLE)
    except TelegramError as error:
        logger.warning("message to person %s failed: %s", person.id, error)
    return None
