"""The application factory: one place that wires settings, database, services and handlers."""

from __future__ import annotations

import logging
import warnings
from functools import partial
from zoneinfo import ZoneInfo

from telegram.ext import Application, ApplicationBuilder, BaseRateLimiter, ContextTypes, Defaults
from telegram.request import BaseRequest
from telegram.warnings import PTBUserWarning

from bot.config import Settings
from bot.context import BotContext, CommunityApplication
from bot.db import Database
from bot.persistence import DatabasePersistence
from bot.ratelimit import PriorityRateLimiter
from bot.services import build_services
from bot.updates import ChatOrderedUpdates

# Dialogues mix buttons and typed answers on purpose, with per_message=False (PTB warns).
warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)

LOCAL_TOKEN = "123456789:LOCAL-console-token-not-for-telegram"
_USE_DEFAULT = object()
logger = logging.getLogger(__name__)


def default_rate_limiter() -> PriorityRateLimiter:
    """Telegram's limits (~30 messages/s overall, 1/s per chat for bulk sends, 20/min per
    group), interactive replies ahead of broadcasts; a 429 pauses everything and is retried."""
    return PriorityRateLimiter()


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    database: Database | None = None,
    rate_limiter: BaseRateLimiter[dict[str, object]] | object | None = _USE_DEFAULT,
) -> CommunityApplication:
    """Build the bot. `request` replaces HTTP (the local Bot API); the schema must be current."""
    from bot.commands.menus import refresh_person_menu
    from handlers import register_all

    services = build_services(settings, database or Database(settings.database_url))
    builder = (
        ApplicationBuilder()
        .application_class(CommunityApplication, kwargs={"services": services})
        .token(settings.telegram_bot_token or LOCAL_TOKEN)
        .context_types(ContextTypes(context=BotContext))
        .defaults(Defaults(tzinfo=ZoneInfo(settings.timezone)))
        .persistence(DatabasePersistence(services.db))
        # Chats run concurrently, each chat's and each person's updates in order.
        .concurrent_updates(ChatOrderedUpdates())
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    limiter = default_rate_limiter() if rate_limiter is _USE_DEFAULT else rate_limiter
    if isinstance(limiter, BaseRateLimiter):
        builder = builder.rate_limiter(limiter)
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if settings.telegram_api_base_url:
        base = settings.telegram_api_base_url
        builder = builder.base_url(f"{base}/bot{{token}}").base_file_url(
            f"{base}/file/bot{{token}}"
        )
    application = builder.build()
    assert isinstance(application, CommunityApplication)
    # The one place where the service side is told about the Telegram side: a role change
    # gives the person the command menu of their new role.
    services.people.on_role_change = partial(refresh_person_menu, application.bot, services)
    register_all(application)
    return application


def _community(application: Application) -> CommunityApplication:
    assert isinstance(application, CommunityApplication)
    return application


async def _post_init(application: Application) -> None:
    """After the bot is initialised: command menus for everyone; members' own menus follow
    in the background (there may be thousands)."""
    from bot.commands.menus import publish_default_menus

    community = _community(application)
    await publish_default_menus(community.bot, community.services)
    assert community.job_queue is not None
    community.job_queue.run_once(_sync_menus, 0, name="menus.sync")


async def _sync_menus(context: BotContext) -> None:
    from bot.commands.menus import sync_member_menus

    count = await sync_member_menus(context.bot, context.services)
    logger.info("menus refreshed for %d members", count)


async def _post_shutdown(application: Application) -> None:
    await _community(application).services.db.dispose()
