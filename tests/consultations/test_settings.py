"""The numbers of routing come from Settings, so a `.env` file reaches the running bot."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.db import Database
from tests.support.consultations import ask, member, offers
from tests.support.harness import ORGANISER_ID, BotHarness


async def test_rules_in_a_dotenv_file_reach_the_running_service(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CONSULTATIONS_BATCH_SIZE", "CONSULTATIONS_URGENT_TIMEOUT_MINUTES"):
        monkeypatch.delenv(name, raising=False)  # the environment would win over the file
    env_file = tmp_path / ".env"
    env_file.write_text("CONSULTATIONS_BATCH_SIZE=1\nCONSULTATIONS_URGENT_TIMEOUT_MINUTES=5\n")
    settings = Settings(
        _env_file=env_file,  # type: ignore[call-arg]  # pydantic-settings' init-only argument
        database_url=database.url,
        telegram_bot_token=None,
        bot_organiser_ids=[ORGANISER_ID],
    )
    harness = BotHarness(settings, database)
    telegram = await harness.start()
    try:
        consultations = telegram.application.services.consultations  # type: ignore[attr-defined]  # a CommunityApplication
        assert consultations.rules.batch_size == 1
        assert consultations.routing.rules is consultations.rules
        assert consultations.talks.rules is consultations.rules
        anna = await member(telegram, 1, "Anna")
        peers = [await member(telegram, n, f"Peer{n}", ("legal",)) for n in (2, 3, 4)]
        await ask(anna, urgent=True)
        assert [len(offers(peer)) for peer in peers] == [1, 0, 0]  # one peer per round
        job_queue = telegram.application.job_queue
        assert job_queue is not None
        (job,) = job_queue.get_jobs_by_name("consultations.round.1")
        assert job.next_t is not None
        view = (await consultations.routing.seeking())[0]
        assert view.round_deadline is not None
        assert view.round_deadline - view.created_at == timedelta(minutes=5)
    finally:
        await harness.stop()
