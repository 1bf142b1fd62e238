"""The application factory: one place that wires settings, database, services and handlers."""

from __future__ import annotations

import logging
import warnings
from functools import partial
from zoneinfo import ZoneInfo

from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.ext._baseratelimiter import BaseRateLimiter
from telegram.request import BaseRequest
from telegram.warnings import PTBUserWarning

from bot.commands import CommandCatalogue
from bot.config import Settings
from bot.context import BotContext, CommunityApplication, Services
from bot.db import Database
from bot.people import People
from bot.persistence import DatabasePersistence
from bot.ratelimit import PriorityRateLimiter

# Dialogues mix buttons and typed answers on purpose, with per_message=False (PTB warns).
warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)

LOCAL_TOKEN = "123456789:LOCAL-console-token-not-for-telegram"
_USE_DEFAULT = object()


def default_rate_limiter() -> PriorityRateLimiter:
    """Telegram's limits (~30 messages/s overall, 1/s per chat for bulk sends, 20/min per
    group), interactive replies ahead of broadcasts; a 429 pauses everything and is retried."""
    return PriorityRateLimiter()


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    database: Database | None = None,
    rate_limiter: BaseRateLimiter | object | None = _USE_DEFAULT,
) -> CommunityApplication:
    """Build the bot. `request` replaces HTTP (the local Bot API); the schema must be current."""
    from handlers import register_all
    from handlers.menus import refresh_person_menu

    db = database or Database(settings.database_url)
    services = Services(
        settings=settings,
        db=db,
        people=People(db, organiser_ids=settings.bot_organiser_ids),
        commands=CommandCatalogue(),
    )
    builder = (
        ApplicationBuilder()
        .application_class(CommunityApplication, kwargs={"services": services})
        .token(settings.telegram_bot_token or LOCAL_TOKEN)
        .context_types(ContextTypes(context=BotContext))
        .defaults(Defaults(tzinfo=ZoneInfo(settings.timezone)))
        .persistence(DatabasePersistence(db))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    limiter = default_rate_limiter() if rate_limiter is _USE_DEFAULT else rate_limiter
    if limiter is not None:
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if settings.telegram_api_base_url:
        base = settings.telegram_api_base_url
        builder = builder.base_url(f"{base}/bot{{token}}").base_file_url(
            f"{base}/file/bot{{token}}"
        )
    application: CommunityApplication = builder.build()  # type: ignore[assignment]
    services.people.on_role_change = partial(refresh_person_menu, application.bot, services)
    register_all(application)
    return application


async def _post_init(application: Application) -> None:
    """After the bot is initialised: command menus for everyone; members' own menus follow
    in the background (there may be thousands)."""
    from handlers.menus import publish_default_menus

    services: Services = application.services  # type: ignore[attr-defined]
    await publish_default_menus(application.bot, services)
    assert application.job_queue is not None
    application.job_queue.run_once(_sync_menus, 0, name="menus.sync")


async def _sync_menus(context: BotContext) -> None:
    from handlers.menus import sync_member_menus

    count = await sync_member_menus(context.bot, context.services)
    logging.getLogger(__name__).info("menus refreshed for %d members", count)


async def _post_shutdown(application: Application) -> None:
    services: Services = application.services  # type: ignore[attr-defined]
    await services.db.dispose()
