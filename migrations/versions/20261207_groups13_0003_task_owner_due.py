"""a group task has an owner (a member of the group) and a due date

Revision ID: groups13_0003
Revises: groups13_0002
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "groups13_0003"
down_revision: str | Sequence[str] | None = "groups13_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("group_task") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("due_date", sa.Date(), nullable=True))
        batch.create_foreign_key("fk_group_task_owner_id_person", "person", ["owner_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("group_task") as batch:
        batch.drop_constraint("fk_group_task_owner_id_person", type_="foreignkey")
        batch.drop_column("due_date")
        batch.drop_column("owner_id")
