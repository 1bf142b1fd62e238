"""meetings: poll deadline, change sequence, cancellation reason, group card, message ids

The outbox keeps the id of each message it sent (`delivery.message_id`), so a meeting's
invitations can be edited when it changes.

Revision ID: meetings14_0001
Revises: hygiene_0001
Create Date: 2026-12-02 04:23:16
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "meetings14_0001"
down_revision: str | Sequence[str] | None = "hygiene_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_id", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("poll_deadline", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("sequence", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(sa.Column("group_chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("group_message_id", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.alter_column("invited_at", existing_type=sa.DateTime(timezone=True), nullable=True)
    with op.batch_alter_table("meeting_notice", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
    with op.batch_alter_table("meeting_slot_vote", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting_slot_vote", schema=None) as batch_op:
        batch_op.drop_column("voted_at")
    with op.batch_alter_table("meeting_notice", schema=None) as batch_op:
        batch_op.drop_column("detail")
    op.execute(
        "UPDATE meeting_attendance SET invited_at = COALESCE(answered_at, CURRENT_TIMESTAMP) "
        "WHERE invited_at IS NULL"
    )
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.alter_column(
            "invited_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        for column in (
            "group_message_id",
            "group_chat_id",
            "cancel_reason",
            "sequence",
            "poll_deadline",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_column("message_id")
