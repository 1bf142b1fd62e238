"""seen updates: update ids processed in the last day

Revision ID: concurrency_0001
Revises: 0700
Create Date: 2026-12-02 04:22:13
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "concurrency_0001"
down_revision: str | Sequence[str] | None = "0700"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seen_update",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_seen_update")),
    )
    with op.batch_alter_table("seen_update", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seen_update_seen_at"), ["seen_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("seen_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seen_update_seen_at"))

    op.drop_table("seen_update")
