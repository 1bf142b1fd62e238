# The community bot: python -m bot as a non-root user, translations compiled at build time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

RUN useradd --create-home --uid 10001 bot

COPY pyproject.toml README.md alembic.ini ./
COPY bot ./bot
COPY handlers ./handlers
COPY models ./models
COPY migrations ./migrations
COPY locales ./locales

RUN pip install . && python -m bot.catalogues compile && mkdir -p /data && chown bot:bot /data

USER 10001
ENV DATABASE_URL=sqlite+aiosqlite:////data/community.db
VOLUME ["/data"]
EXPOSE 8080

CMD ["python", "-m", "bot"]
