"""`python -m bot` runs the bot; `python -m bot console` chats with it in the terminal;
`python -m bot migrate` only upgrades the database."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot import logs
from bot.config import ConfigError, Settings, load_settings
from bot.db import Database


async def _upgrade(settings: Settings) -> None:
    database = Database(settings.database_url)
    try:
        await database.upgrade()
    finally:
        await database.dispose()


def run_bot(settings: Settings) -> None:
    """Upgrade the schema, then poll Telegram (or serve the webhook) until stopped."""
    from telegram import Update

    from bot.app import build_application

    application = build_application(settings)  # checks the features' settings too
    asyncio.run(_upgrade(settings))
    if settings.webhook_url:
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path="telegram",
            webhook_url=f"{settings.webhook_url}/telegram",
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument("command", nargs="?", default="run", choices=["run", "console", "migrate"])
    arguments = parser.parse_args(argv)
    try:
        return _dispatch(arguments.command, load_settings())
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2


def _dispatch(command: str, settings: Settings) -> int:
    """Run the chosen command; a feature's wrong setting surfaces here as ConfigError."""
    use_console = command == "console" or (command == "run" and not settings.telegram_bot_token)
    logs.configure(settings, quiet=use_console)  # the console shows warnings only
    if command == "migrate":
        asyncio.run(_upgrade(settings))
        return 0
    if use_console:
        if command == "run":
            print(
                "TELEGRAM_BOT_TOKEN is not set: starting the local console "
                "(python -m bot console), a simulated Telegram in this terminal.",
                file=sys.stderr,
            )
        from bot.console import run_console

        return asyncio.run(run_console(settings))
    run_bot(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
