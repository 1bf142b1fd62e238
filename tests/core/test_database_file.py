"""The SQLite database holds personal data: its file, and the -wal and -shm files beside it,
are readable by their owner only (0600), whatever the umask; an old file that others can
read is reported at start."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.db import Database


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask of most servers (022: new files readable by everyone)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.usefixtures("usual_umask")
async def test_the_database_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "community.db"
    database = Database(f"sqlite+aiosqlite:///{path}")
    try:
        await database.upgrade()  # the schema written; the pool keeps a connection open
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(file.exists() for file in files)
        assert {file.name: _mode(file) for file in files} == {file.name: 0o600 for file in files}
    finally:
        await database.dispose()


@pytest.mark.usefixtures("usual_umask")
async def test_an_existing_file_keeps_its_mode_and_a_readable_one_is_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "old.db"
    path.touch(mode=0o644)
    with caplog.at_level(logging.WARNING, logger="bot.db"):
        database = Database(f"sqlite+aiosqlite:///{path}")
    await database.dispose()
    assert _mode(path) == 0o644
    assert f"the database file {path} can be read by others: chmod 600 it" in caplog.messages
    path.chmod(0o600)
    caplog.clear()
    await Database(f"sqlite+aiosqlite:///{path}").dispose()
    assert caplog.messages == []
