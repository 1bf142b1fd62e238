"""Quick questions as native Telegram polls: parsing `/poll`, recording the answers that
Telegram reports (non-anonymous polls only), and summarising them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from bot.core.errors import Refused
from bot.core.text import POLL_OPTION, POLL_QUESTION, clean, length
from bot.db import Database
from bot.decisions.refusals import POLL_USAGE
from models import PollVote, QuickPoll, utcnow

QUESTION_MAX = POLL_QUESTION
OPTION_MAX = POLL_OPTION
OPTIONS_MIN, OPTIONS_MAX = 2, 12
MULTIPLE_MARK = "*"


@dataclass(frozen=True)
class PollDraft:
    question: str
    options: list[str]
    multiple: bool


@dataclass(frozen=True)
class OptionResult:
    text: str
    count: int
    names: list[str]


def parse_poll(text: str) -> PollDraft:
    """`Question | option | option ...`; a leading `*` allows several answers. Anything
    else is refused with the usage."""
    cleaned = clean(text)
    multiple = cleaned.startswith(MULTIPLE_MARK)
    parts = [part.strip() for part in cleaned.removeprefix(MULTIPLE_MARK).split("|")]
    question, options = parts[0], [option for option in parts[1:] if option]
    if (
        not question
        or not OPTIONS_MIN <= len(options) <= OPTIONS_MAX
        or length(question) > QUESTION_MAX
        or any(length(option) > OPTION_MAX for option in options)
        or len(set(options)) != len(options)
    ):
        raise Refused(POLL_USAGE, options=OPTIONS_MAX, question=QUESTION_MAX, option=OPTION_MAX)
    return PollDraft(question, options, multiple)


class Polls:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock

    async def record_poll(
        self,
        *,
        telegram_poll_id: str,
        chat_id: int,
        message_id: int,
        draft: PollDraft,
        creator_id: int,
    ) -> QuickPoll:
        poll = QuickPoll(
            telegram_poll_id=telegram_poll_id,
            chat_id=chat_id,
            message_id=message_id,
            question=draft.question,
            options=draft.options,
            multiple=draft.multiple,
            creator_id=creator_id,
        )
        async with self.db.session() as session:
            session.add(poll)
        return poll

    async def record_answer(
        self, telegram_poll_id: str, telegram_user_id: int, name: str, option_ids: list[int]
    ) -> bool:
        """Store (or replace) a person's answer; False for polls the bot does not know."""
        async with self.db.session() as session:
            poll = (
                await session.exec(
                    select(QuickPoll).where(QuickPoll.telegram_poll_id == telegram_poll_id)
                )
            ).first()
            if poll is None:
                return False
            valid = sorted({index for index in option_ids if 0 <= index < len(poll.options)})
            poll_id = poll.id
            assert poll_id is not None
            vote = await session.get(PollVote, (poll_id, telegram_user_id))
            if vote is None:
                vote = PollVote(poll_id=poll_id, telegram_user_id=telegram_user_id)
                session.add(vote)
            vote.name = clean(name)[:200]
            vote.option_ids = valid
            vote.updated_at = self.clock()
        return True

    async def find(self, chat_id: int, message_id: int | None = None) -> QuickPoll | None:
        """The poll behind a message of the chat, or the chat's latest poll."""
        statement = select(QuickPoll).where(QuickPoll.chat_id == chat_id)
        if message_id is not None:
            statement = statement.where(QuickPoll.message_id == message_id)
        statement = statement.order_by(col(QuickPoll.id).desc())
        async with self.db.session() as session:
            return (await session.exec(statement)).first()

    async def results(self, poll: QuickPoll) -> tuple[list[OptionResult], int]:
        """Per option: how many and who (those with a name); and how many people answered."""
        async with self.db.session() as session:
            votes = list(await session.exec(select(PollVote).where(PollVote.poll_id == poll.id)))
        answered = [vote for vote in votes if vote.option_ids]
        results = [
            OptionResult(
                text,
                sum(1 for vote in answered if index in vote.option_ids),
                [vote.name for vote in answered if index in vote.option_ids and vote.name],
            )
            for index, text in enumerate(poll.options)
        ]
        return results, len(answered)
