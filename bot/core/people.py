"""People: who is talking to the bot, their language and role, cached for every update."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlmodel import col, func, select

from bot.core import audit
from bot.core.text import clean, strip_bidi
from bot.db import Database
from models import Person, PersonStatus, Role, utcnow


@dataclass(frozen=True)
class PersonView:
    """A read-only snapshot of a person, safe to keep between sessions."""

    id: int
    telegram_id: int
    first_name: str
    last_name: str | None
    username: str | None
    language: str | None
    role: Role
    status: PersonStatus

    @classmethod
    def of(cls, person: Person) -> PersonView:
        assert person.id is not None
        return cls(
            id=person.id,
            telegram_id=person.telegram_id,
            first_name=person.first_name,
            last_name=person.last_name,
            username=person.username,
            language=person.language,
            role=person.role,
            status=person.status,
        )

    @property
    def display_name(self) -> str:
        """The Telegram names as others read them (no bidirectional controls)."""
        names = (strip_bidi(self.first_name), strip_bidi(self.last_name or ""))
        full = " ".join(part for part in names if part)
        return full or (f"@{self.username}" if self.username else f"#{self.telegram_id}")

    def same_names(self, first_name: str, last_name: str | None, username: str | None) -> bool:
        return (self.first_name, self.last_name, self.username) == (
            first_name,
            last_name,
            username,
        )


class People:
    """Finds, creates and changes people; keeps recent ones in memory (read on every update)."""

    def __init__(self, db: Database, *, organiser_ids: list[int], cache_size: int = 10_000):
        self.db = db
        # Called after a role changed (e.g. to give the person the menu of their new role).
        self.on_role_change: Callable[[PersonView], Awaitable[None]] | None = None
        self.organiser_ids = frozenset(organiser_ids)
        self._cache: OrderedDict[int, PersonView] = OrderedDict()
        self._cache_size = cache_size

    def _remember(self, view: PersonView) -> PersonView:
        """Keep the snapshot once what it shows is committed (a rolled-back update leaves
        the cache as it was)."""
        self.db.after_commit(lambda: self._keep(view))
        return view

    def _keep(self, view: PersonView) -> None:
        self._cache[view.telegram_id] = view
        self._cache.move_to_end(view.telegram_id)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def forget(self, telegram_id: int) -> None:
        """Drop a cached snapshot after the person changed elsewhere."""
        self._cache.pop(telegram_id, None)

    async def identify(
        self,
        *,
        telegram_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
    ) -> PersonView:
        """The person who started the bot (an update from their private chat with it, which
        Telegram opens only with /start): created on first contact, names kept current (as
        others will read them: without bidirectional controls), and reachable again if they
        had blocked the bot."""
        found = await self._current(telegram_id, first_name, last_name, username, start=True)
        assert found is not None
        return found

    async def recognise(
        self,
        *,
        telegram_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
    ) -> PersonView | None:
        """The person behind an update from elsewhere (a group, a poll answer, an inline
        query): only someone who has started the bot; nothing is stored about anyone else."""
        return await self._current(telegram_id, first_name, last_name, username, start=False)

    async def _current(
        self,
        telegram_id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        *,
        start: bool,
    ) -> PersonView | None:
        first_name, last_name = clean(first_name), clean(last_name) or None
        cached = self._cache.get(telegram_id)
        if (
            cached is not None
            and (cached.status is PersonStatus.ACTIVE or not start)
            and cached.same_names(first_name, last_name, username)
        ):
            self._cache.move_to_end(telegram_id)
            return cached
        async with self.db.session() as session:
            person = (
                await session.exec(select(Person).where(Person.telegram_id == telegram_id))
            ).first()
            if person is None:
                if not start:
                    return None
                person = Person(telegram_id=telegram_id)
                session.add(person)
            person.first_name = first_name[:128]
            person.last_name = last_name[:128] if last_name else None
            person.username = username
            if start and person.status is PersonStatus.UNREACHABLE:
                person.status = PersonStatus.ACTIVE  # they wrote to us: the bot is unblocked
            person.updated_at = utcnow()
            await session.flush()
            if telegram_id in self.organiser_ids and person.role is not Role.ORGANISER:
                audit.record(
                    session,
                    actor_id=None,
                    action="role.bootstrap",
                    target_person_id=person.id,
                    old=person.role.value,
                    new=Role.ORGANISER.value,
                )
                person.role = Role.ORGANISER
                promoted = True
            else:
                promoted = False
            view = PersonView.of(person)
        self._remember(view)
        if promoted:
            await self._role_changed(view)
        return view

    async def _role_changed(self, view: PersonView) -> None:
        if self.on_role_change is not None:
            await self.on_role_change(view)

    async def get(self, telegram_id: int) -> PersonView | None:
        if telegram_id in self._cache:
            return self._cache[telegram_id]
        async with self.db.session() as session:
            person = (
                await session.exec(select(Person).where(Person.telegram_id == telegram_id))
            ).first()
            return None if person is None else self._remember(PersonView.of(person))

    async def _change(self, telegram_id: int, **values: object) -> PersonView | None:
        async with self.db.session() as session:
            person = (
                await session.exec(select(Person).where(Person.telegram_id == telegram_id))
            ).first()
            if person is None:
                return None
            for name, value in values.items():
                setattr(person, name, value)
            person.updated_at = utcnow()
            view = PersonView.of(person)
        return self._remember(view)

    async def set_language(self, telegram_id: int, language: str) -> PersonView | None:
        return await self._change(telegram_id, language=language)

    async def set_status(self, telegram_id: int, status: PersonStatus) -> PersonView | None:
        """E.g. UNREACHABLE after a 403: the person blocked the bot."""
        return await self._change(telegram_id, status=status)

    async def set_role(
        self, *, actor: PersonView | None, telegram_id: int, role: Role
    ) -> PersonView:
        """Change a role and write who did it to the audit log."""
        async with self.db.session() as session:
            person = (
                await session.exec(select(Person).where(Person.telegram_id == telegram_id))
            ).one()
            audit.record(
                session,
                actor_id=actor.id if actor else None,
                action="role.change",
                target_person_id=person.id,
                old=person.role.value,
                new=role.value,
            )
            person.role = role
            person.updated_at = utcnow()
            view = PersonView.of(person)
        self._remember(view)
        await self._role_changed(view)
        return view

    async def count_members(self) -> int:
        """Members of the community: everyone admitted (members, coordinators, organisers)."""
        admitted = [role for role in Role if role.at_least(Role.MEMBER)]
        async with self.db.session() as session:
            statement = select(func.count()).where(col(Person.role).in_(admitted))
            return int((await session.exec(statement)).one())

    async def with_role_at_least(self, role: Role) -> list[PersonView]:
        """Everyone whose role is `role` or higher (e.g. whose menu is their own)."""
        wanted = [candidate for candidate in Role if candidate.at_least(role)]
        async with self.db.session() as session:
            rows = await session.exec(select(Person).where(col(Person.role).in_(wanted)))
            return [PersonView.of(person) for person in rows]
