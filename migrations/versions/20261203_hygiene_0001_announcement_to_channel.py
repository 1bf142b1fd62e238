"""announcement.to_channel: the organiser chose to post it to the news channel too

Revision ID: hygiene_0001
Revises: concurrency_0001
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "hygiene_0001"
down_revision: str | Sequence[str] | None = "concurrency_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Announcements stored before: not posted to the channel unless chosen again.
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("to_channel", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.drop_column("to_channel")
