"""Scheduling jobs from handlers and services' Telegram side.

A job often reads what the update that scheduled it just wrote (an invitation job reads
the new meeting): it is scheduled once that work is committed. Names are stable, so a
restart's restore and a second scheduling replace the job rather than double it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.context import BotContext, CommunityApplication

JobCallback = Callable[["BotContext"], Coroutine[Any, Any, object]]
When = float | timedelta | datetime


def run_once(
    application: CommunityApplication,
    callback: JobCallback,
    when: When,
    *,
    name: str,
    data: object = None,
    replace: bool = True,
) -> None:
    """Run `callback` at `when` under `name`, after the current update commits. `replace`:
    a job of that name is removed first; otherwise an existing one is kept."""

    def schedule() -> None:
        job_queue = application.job_queue
        assert job_queue is not None
        existing = job_queue.get_jobs_by_name(name)
        if existing and not replace:
            return
        for job in existing:
            job.schedule_removal()
        job_queue.run_once(callback, when, name=name, data=data)

    application.services.db.after_commit(schedule)


def cancel(application: CommunityApplication, name: str) -> None:
    """Remove the jobs of that name (nothing to wait for: the removal is immediate)."""
    assert application.job_queue is not None
    for job in application.job_queue.get_jobs_by_name(name):
        job.schedule_removal()
