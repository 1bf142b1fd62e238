"""decisions: what a change proposal changes, responsible members, plan history and order

Revision ID: plan14_0001
Revises: groups13_0003
Create Date: 2026-12-02 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "plan14_0001"
down_revision: str | Sequence[str] | None = "groups13_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("responsible_ids", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(sa.Column("rank", sa.Integer(), nullable=True))
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("responsible_ids", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(sa.Column("changes", sa.JSON(), nullable=True))
    op.create_table(
        "plan_item_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["plan_item.id"],
            name=op.f("fk_plan_item_change_item_id_plan_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_plan_item_change_proposal_id_proposal"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_item_change")),
    )
    with op.batch_alter_table("plan_item_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_item_change_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_item_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_item_change_item_id"))
    op.drop_table("plan_item_change")
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_column("changes")
        batch_op.drop_column("responsible_ids")
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_column("rank")
        batch_op.drop_column("responsible_ids")
