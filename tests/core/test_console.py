"""The terminal console: without a token `python -m bot` says so and lets a person chat."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def run_bot(tmp_path: Path, *arguments: str, lines: list[str]) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_"))
    }
    environment["PYTHONPATH"] = str(PROJECT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        input="\n".join(lines) + "\n",
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_token_the_bot_points_at_the_console_and_runs_it(tmp_path: Path) -> None:
    result = run_bot(tmp_path, lines=["/start", "/language", "2", "/start", ":quit"])
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr.splitlines()[0]
    output = result.stdout
    assert "[bot] Здравствуйте, Анна!" in output
    assert "[1] Русский   [2] English" in output
    assert "[edited] Language: English. Send /help for the commands." in output
    assert "[bot] Hello, Анна!" in output
    assert (tmp_path / "community.db").exists()  # the real database, migrated


def test_console_switches_users_and_groups(tmp_path: Path) -> None:
    result = run_bot(
        tmp_path,
        "console",
        lines=[":as 2 Bob en", "/help", ":group -100 Team", "/help", ":private", "7", ":oops"],
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert "(you are now user 2, Bob)" in output
    assert "Your role: applicant." in output
    assert "(now speaking in Team, as one of its admins)" in output
    assert "[bot → Team] Your role: applicant." in output
    assert "(cannot press: no message with buttons" in output
    assert "Unknown console command" in output
