"""The job queue in tests: run jobs as if their time came, count them, wait for them."""

from __future__ import annotations

import asyncio

from apscheduler.schedulers.base import STATE_PAUSED
from telegram.ext import Job

from bot.localapi import LocalTelegram
from models import BroadcastStatus
from tests.support.harness import BotHarness, until


def _jobs(telegram: LocalTelegram) -> tuple[Job, ...]:
    job_queue = telegram.application.job_queue
    assert job_queue is not None
    return job_queue.jobs()


def pause_jobs(harness: BotHarness) -> LocalTelegram:
    """Jobs run only when a test runs them: deterministic, no background sends."""
    assert harness.telegram is not None
    job_queue = harness.telegram.application.job_queue
    assert job_queue is not None
    job_queue.scheduler.pause()
    return harness.telegram


def job_count(telegram: LocalTelegram, name: str) -> int:
    """How many jobs called `name` are scheduled."""
    return sum(job.name == name for job in _jobs(telegram))


async def run_jobs(telegram: LocalTelegram, prefix: str) -> list[str]:
    """Run now (as if their time came) and drop every job whose name starts with `prefix`,
    then deliver what they put in the outbox, as the running bot does at once; their names."""
    names = await _run_jobs(telegram, prefix)
    await deliveries_done(telegram)
    return names


async def _run_jobs(telegram: LocalTelegram, prefix: str) -> list[str]:
    names = []
    for job in _jobs(telegram):
        if job.name and job.name.startswith(prefix):
            job.schedule_removal()
            names.append(job.name)
            await job.run(telegram.application)
    return names


async def run_job(telegram: LocalTelegram, name: str) -> None:
    """Run now the one job called `name` (it stays scheduled), then deliver what it put in
    the outbox."""
    jobs = [job for job in _jobs(telegram) if job.name == name]
    assert len(jobs) == 1, [job.name for job in _jobs(telegram)]
    await jobs[0].run(telegram.application)
    await deliveries_done(telegram)


async def wait_for_job(telegram: LocalTelegram, name: str, *, gone: bool = False) -> None:
    """Wait (briefly) until a job called `name` is scheduled, e.g. by the start-up restore; with
    `gone`, until none is any more."""
    for _attempt in range(200):
        if bool(job_count(telegram, name)) is not gone:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"the job {name} is {'still' if gone else 'not'} scheduled")


async def deliveries_done(telegram: LocalTelegram) -> None:
    """Until every broadcast in the outbox has been sent: with the job queue paused, run the
    delivery jobs here; otherwise wait for them (they go out in the background)."""
    job_queue = telegram.application.job_queue
    assert job_queue is not None
    if job_queue.scheduler.state == STATE_PAUSED:
        while await _run_jobs(telegram, "delivery.run"):
            pass
        return
    engine = telegram.application.services.outbox

    async def done() -> bool:
        broadcasts = await engine.recent(limit=1000)
        return all(b.status is not BroadcastStatus.SENDING for b in broadcasts)

    await until(done)
