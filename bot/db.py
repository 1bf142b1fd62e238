"""The async engine, the unit of work of an update, and schema upgrades with Alembic.

Everything one update does happens in ONE session and transaction, its unit of work: the
application opens it before the first handler and closes it after the last one. A service
simply writes ``async with db.session() as session:``; inside an update that is the update's
own session (joined, not committed on its own), so the check of an action and its write
commit together. Outside an update (a job, a broadcast worker, a test) it is a short session
of its own that commits when the block ends.

The unit of work commits before the bot speaks: the rate limiter calls `commit_current()`
before any request to Telegram, so what a person is told is already stored, and no
transaction is held while a message waits for its turn.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

import models  # noqa: F401  (registers the tables)
from bot.core.errors import Refused

PROJECT_ROOT = Path(__file__).resolve().parent.parent
logger = logging.getLogger(__name__)


def alembic_config(database_url: str) -> Config:
    """Alembic's configuration, independent of the working directory."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def _create_private(url: str) -> None:
    """Create a SQLite database file readable by its owner only (0600) before SQLite would
    create it with the umask's mode (usually 0644: readable by everyone). Its -wal and -shm
    files take the file's mode. An existing file keeps its mode; a warning says if others
    may read it."""
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if os.stat(path).st_mode & 0o077:
            logger.warning("the database file %s can be read by others: chmod 600 it", path)
    except FileNotFoundError:  # no such directory: SQLite will say so
        pass


def _tune_sqlite(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]  # a DB-API connection
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Updates run concurrently and each one writes (its seen_update row): a writer waits its
    # turn for SQLite's one write lock rather than failing with "database is locked".
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class UnitOfWork:
    """One session and transaction for what one task (an update) does.

    The session is opened on first use. `commit()` may run more than once (before each
    request to Telegram, and at the end); callbacks given to `after_commit` run after the
    commit that follows them, never after a rollback.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self.task = asyncio.current_task()
        self._session: AsyncSession | None = None
        self._after_commit: list[Callable[[], object]] = []
        self._doomed = False

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self.database.new_session()
        return self._session

    def doom(self) -> None:
        """Something failed: the current transaction must not commit."""
        self._doomed = True

    def after_commit(self, callback: Callable[[], object]) -> None:
        self._after_commit.append(callback)

    async def commit(self) -> None:
        """Commit what was done so far (or roll it back if it failed), then run the
        after-commit callbacks. The session stays open for what follows."""
        if self._doomed:
            await self.rollback()
            return
        session = self._session
        if session is not None and session.in_transaction():
            await session.commit()
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            try:
                callback()
            except Exception:  # what is committed stays so; the reply still goes out
                logger.exception("an after-commit callback failed")

    async def rollback(self) -> None:
        """Undo what was done since the last commit and forget its after-commit callbacks."""
        self._doomed = False
        self._after_commit.clear()
        if self._session is not None and self._session.in_transaction():
            await self._session.rollback()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


_current: ContextVar[UnitOfWork | None] = ContextVar("unit_of_work", default=None)


def current_unit_of_work() -> UnitOfWork | None:
    """The unit of work of the running task (tasks it starts get none: they run apart)."""
    unit = _current.get()
    if unit is None or unit.task is not asyncio.current_task():
        return None
    return unit


async def commit_current() -> None:
    """Commit the running update's work before the bot waits for Telegram (see the module
    docstring); nothing happens outside an update."""
    unit = current_unit_of_work()
    if unit is not None:
        await unit.commit()


class Database:
    """Owns the engine; hands out the session of the current unit of work, or a short one."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        # hide_parameters: an error's message shows the SQL, never the values (names, texts).
        self.engine: AsyncEngine = create_async_engine(
            url, echo=echo, pool_pre_ping=True, hide_parameters=True
        )
        if self.is_sqlite:
            _create_private(url)
            event.listen(self.engine.sync_engine, "connect", _tune_sqlite)
        self._sessions = async_sessionmaker(
            self.engine, class_=AsyncSession, expire_on_commit=False
        )

    def new_session(self) -> AsyncSession:
        return self._sessions()

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        """Everything inside is one transaction: committed at the end (and before each
        request to Telegram), rolled back if it failed."""
        unit = UnitOfWork(self)
        token = _current.set(unit)
        try:
            yield unit
            await unit.commit()
        except BaseException:
            await unit.rollback()
            raise
        finally:
            _current.reset(token)
            await unit.close()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """The current update's session (flushed when the block ends, committed with the
        update), or a new one that commits on success and rolls back on any error. A
        `Refused` leaves the update's transaction as it is: rules refuse before they write."""
        unit = current_unit_of_work()
        if unit is not None and unit.database is self:
            session = unit.session
            try:
                yield session
                await session.flush()  # ids assigned, as a commit would; committed later
            except Refused:
                raise
            except BaseException:
                unit.doom()
                raise
            return
        async with self._sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    def after_commit(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the current update's work is committed (at once outside an
        update): start a job that reads what was just written, update a cache."""
        unit = current_unit_of_work()
        if unit is not None and unit.database is self:
            unit.after_commit(callback)
        else:
            callback()

    async def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision` (the bot calls this on every start)."""

        def run(connection: Connection) -> None:
            config = alembic_config(self.url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

        async with self.engine.begin() as connection:
            await connection.run_sync(run)

    async def dispose(self) -> None:
        await self.engine.dispose()
