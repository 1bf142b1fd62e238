"""Settings from environment variables and an optional `.env` file."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SUPPORTED_LOCALES = ("ru", "en")
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///community.db"

_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{32,256}$")  # 32: not to be guessed
_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}


class ConfigError(ValueError):
    """A setting has a wrong value; the message names the variable."""


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    telegram_api_base_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    bot_organiser_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_locale: Literal["ru", "en"] = "ru"
    timezone: str = "Europe/Moscow"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    news_feed_url: str | None = None
    news_feed_interval: int = Field(default=1800, ge=60)  # seconds between reads of the feed
    # Minutes before a meeting when those going are reminded.
    meeting_reminder_minutes: Annotated[tuple[int, ...], NoDecode] = (1440, 60)
    # Routing of consultations: experts offered at once, time to accept, reminder, closing.
    consultations_batch_size: int = Field(default=3, ge=1, le=20)
    consultations_urgent_timeout_minutes: int = Field(default=60, ge=1)
    consultations_normal_timeout_hours: int = Field(default=24, ge=1)
    consultations_reminder_hours: int = Field(default=24, ge=1)
    consultations_abandon_days: int = Field(default=14, ge=1)

    @field_validator(
        "telegram_bot_token", "telegram_api_base_url", "webhook_url", "news_feed_url", mode="before"
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: str | None) -> str | None:
        if value is not None and not _TOKEN_RE.match(value.strip()):
            raise ValueError("must look like 123456789:AA… (the token @BotFather gave)")
        return value.strip() if value else value

    @field_validator("database_url")
    @classmethod
    def _database_driver(cls, value: str) -> str:
        scheme, sep, rest = value.strip().partition("://")
        if not sep or scheme not in _DRIVERS:
            raise ValueError("must be a sqlite:/// or postgresql:// URL")
        return f"{_DRIVERS[scheme]}://{rest}"

    @field_validator("telegram_api_base_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/") if value else value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: str | None) -> str | None:
        if value is not None and not _SECRET_RE.match(value):
            raise ValueError(
                "must be 32 to 256 characters of A-Z, a-z, 0-9, _ and - "
                "(e.g. the output of: openssl rand -hex 32)"
            )
        return value

    @field_validator("bot_organiser_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            try:
                return [int(part) for part in parts if part]
            except ValueError:
                raise ValueError("must be Telegram user ids separated by commas") from None
        return value

    @field_validator("meeting_reminder_minutes", mode="before")
    @classmethod
    def _minutes_list(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                minutes = {int(part) for part in value.split(",") if part.strip()}
            except ValueError:
                raise ValueError("whole minutes separated by commas") from None
            value = tuple(sorted(minutes))
        if isinstance(value, tuple | list) and (not value or min(value) <= 0):
            raise ValueError("whole minutes separated by commas")
        return tuple(sorted(value)) if isinstance(value, tuple | list) else value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Europe/Moscow") from None
        return value

    def locale_for(self, saved: str | None) -> str:
        """The language to write to someone in: their saved choice, else the default."""
        return saved if saved in SUPPORTED_LOCALES else self.default_locale

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and not self.webhook_secret:
            raise ValueError("WEBHOOK_SECRET: must be set when WEBHOOK_URL is set")
        return self


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; a wrong value raises ConfigError with one readable line."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        location = first.get("loc") or ()
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        line = f"{str(location[0]).upper()}: {message}" if location else message
        raise ConfigError(line) from None
