"""a working group keeps its chat's invite link (made once, when the chat is linked)

Revision ID: groups13_0001
Revises: limits_0001
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "groups13_0001"
down_revision: str | Sequence[str] | None = "limits_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("working_group") as batch:
        batch.add_column(
            sa.Column("invite_link", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("working_group") as batch:
        batch.drop_column("invite_link")
