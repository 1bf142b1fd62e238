"""Configuration: good values parse, wrong ones give one line naming the variable (exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_", "BOT_", "DEFAULT_LOCALE")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///community.db"
    assert settings.default_locale == "ru"
    assert settings.telegram_bot_token is None
    assert settings.bot_organiser_ids == []


def test_values_from_environment_and_dotenv(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("BOT_ORGANISER_IDS=11, 22;33\nDEFAULT_LOCALE=en\n")
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:secret@db:5432/community")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081/")
    settings = load_settings()
    assert settings.bot_organiser_ids == [11, 22, 33]
    assert settings.default_locale == "en"
    assert settings.database_url == "postgresql+asyncpg://bot:secret@db:5432/community"
    assert settings.telegram_api_base_url == "http://127.0.0.1:8081"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DATABASE_URL", "mysql://x/y", "DATABASE_URL: must be a sqlite:/// or postgresql:// URL"),
        ("BOT_ORGANISER_IDS", "12,abc", "BOT_ORGANISER_IDS: must be Telegram user ids"),
        ("DEFAULT_LOCALE", "de", "DEFAULT_LOCALE: "),
        ("TELEGRAM_BOT_TOKEN", "not-a-token", "TELEGRAM_BOT_TOKEN: must look like"),
        ("TELEGRAM_API_BASE_URL", "ftp://x", "TELEGRAM_API_BASE_URL: must be an http"),
        ("WEBHOOK_URL", "https://bot.example.org", "WEBHOOK_SECRET: must be set"),
        ("WEBHOOK_SECRET", "has spaces", "WEBHOOK_SECRET: must be 32 to 256 characters"),
        ("WEBHOOK_SECRET", "s3cret-Token", "WEBHOOK_SECRET: must be 32 to 256 characters"),
        ("WEBHOOK_SECRET", "a" * 31, "WEBHOOK_SECRET: must be 32 to 256 characters of"),
        ("WEBHOOK_SECRET", "a" * 257, "WEBHOOK_SECRET: must be 32 to 256 characters of"),
        ("WEBHOOK_PORT", "99999", "WEBHOOK_PORT: "),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE: must be an IANA time zone"),
    ],
)
def test_wrong_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert str(error.value).startswith(expected)
    assert "\n" not in str(error.value)


def test_a_webhook_secret_of_32_characters_is_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org")
    monkeypatch.setenv("WEBHOOK_SECRET", "0123456789abcdef" * 2)
    assert load_settings().webhook_secret == "0123456789abcdef" * 2


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DATABASE_URL", "mysql://nope", "DATABASE_URL: must be a sqlite:/// or postgresql:// URL"),
        ("MEETING_REMINDER_MINUTES", "soon", "MEETING_REMINDER_MINUTES: whole minutes"),
        ("CONSULTATIONS_BATCH_SIZE", "0", "CONSULTATIONS_BATCH_SIZE: "),
        ("WEBHOOK_SECRET", "short", "WEBHOOK_SECRET: must be 32 to 256 characters"),
    ],
)
def test_bot_exits_2_with_one_line_on_bad_configuration(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    environment = {**os.environ, variable: value, "PYTHONPATH": str(PROJECT)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Configuration error: {expected}")
    assert "Traceback" not in result.stderr


async def test_a_dotenv_file_reaches_every_feature(tmp_path: Path, database_url: str) -> None:
    """Each feature's setting, written only in `.env`, is what the running bot uses."""
    from bot.db import Database
    from bot.localapi.session import running_bot

    (tmp_path / ".env").write_text(
        "\n".join(
            [
                f"DATABASE_URL={database_url}",
                "BOT_ORGANISER_IDS=555",
                "DEFAULT_LOCALE=en",
                "TIMEZONE=Asia/Novosibirsk",
                "MEETING_REMINDER_MINUTES=30",
                "CONSULTATIONS_BATCH_SIZE=2",
                "CONSULTATIONS_ABANDON_DAYS=5",
                "NEWS_FEED_URL=https://portal.example.org/feed",
                "NEWS_FEED_INTERVAL=600",
            ]
        )
    )
    settings = load_settings()
    database = Database(settings.database_url)
    try:
        async with running_bot(settings, database=database) as telegram:
            services = telegram.application.services
            assert services.people.organiser_ids == {555}
            assert services.meetings.reminder_minutes == (30,)
            assert services.consultations.rules.batch_size == 2
            assert services.consultations.rules.abandon_days == 5
            assert str(telegram.application.bot.defaults.tzinfo) == "Asia/Novosibirsk"
            job_queue = telegram.application.job_queue
            feed_jobs = [job for job in job_queue.jobs() if job.name == "broadcasts.feed"]
            assert [job.trigger.interval.total_seconds() for job in feed_jobs] == [600]
            newcomer = telegram.user(1, "Newcomer", language_code=None)
            await newcomer.send("/start")
            assert newcomer.last.text.startswith("Hello, Newcomer!")
            olga = telegram.user(555, "Olga")
            await olga.send("/start")
            olga_now = await services.people.get(555)
            assert olga_now is not None and olga_now.role.value == "organiser"
    finally:
        await database.dispose()
