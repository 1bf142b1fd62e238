"""The reminder minutes come from the settings, also from a `.env` file, to the running bot."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.db import Database
from tests.support.harness import ORGANISER_ID, BotHarness
from tests.support.jobs import pause_jobs
from tests.support.meetings import create_meeting, moscow, text_of
from tests.support.people import organiser


async def test_reminder_minutes_in_a_dotenv_file_reach_the_running_service(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MEETING_REMINDER_MINUTES", raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("MEETING_REMINDER_MINUTES=90, 30\n", encoding="utf-8")
    settings = Settings(
        _env_file=env_file,  # type: ignore[call-arg]  # pydantic-settings' own argument
        database_url=database.url,
        telegram_bot_token=None,
        bot_organiser_ids=[ORGANISER_ID],
        default_locale="ru",
    )
    assert settings.meeting_reminder_minutes == (30, 90)
    harness = BotHarness(settings, database)
    await harness.start()
    try:
        tg = pause_jobs(harness)
        assert tg.application.services.meetings.reminder_minutes == (30, 90)
        org = await organiser(tg)
        meeting_id = await create_meeting(org, text_of(moscow(days=3)))
        names = {job.name for job in tg.application.job_queue.jobs()}  # type: ignore[union-attr]
        reminders = {name for name in names if name.startswith("meetings.remind.")}
        assert reminders == {f"meetings.remind.{meeting_id}.30", f"meetings.remind.{meeting_id}.90"}
    finally:
        await harness.stop()
