"""The benchmarks still run (tiny sizes): they are not timed tests, but a benchmark that no
longer starts is a figure nobody can measure again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str, *arguments: str, **environment: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *arguments],
        cwd=ROOT,
        env={**os.environ, "TEST_POSTGRES_URL": "", "DATABASE_URL": "", **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_broadcast_benchmark_runs_without_duplicates() -> None:
    """It exits 0 only if nothing is duplicated and nothing is missed but messages in flight
    at its simulated crash (sent at most once, by design)."""
    out = _run("broadcast.py", "--members", "40", "--speed", "20")
    assert "duplicates: 0 " in out, out


def test_latency_benchmark_runs() -> None:
    """It exits 0 only if every /help was answered."""
    out = _run("latency.py", "--members", "40", "--speed", "30", "--probes", "20")
    assert "one group sends 60 a minute" in out and "p95" in out, out


def test_updates_benchmark_runs() -> None:
    out = _run("updates.py", BENCH_PEOPLE="20")
    assert "SQLite" in out and "first contact" in out, out


def test_statements_benchmark_runs() -> None:
    out = _run("statements.py", BENCH_STATEMENT_PEOPLE="3")
    assert "stance press" in out and "RSVP" in out, out
