"""strip bidirectional control characters from names and titles stored before they were
stripped at input (bot.core.text.strip_bidi)

Revision ID: limits_0001
Revises: meetings14_0001
Create Date: 2026-12-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "limits_0001"
down_revision: str | Sequence[str] | None = "meetings14_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The characters of bot.core.text.BIDI_CONTROLS, spelled out: a migration stays as written.
CONTROLS = [
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
    "\u200e",
    "\u200f",
    "\u061c",
]
COLUMNS = [
    ("person", "first_name"),
    ("person", "last_name"),
    ("member_profile", "full_name"),
    ("member_profile", "organisation"),
    ("working_group", "name"),
    ("working_group", "name_key"),
    ("group_candidate", "statement"),
    ("proposal", "title"),
    ("meeting", "title"),
    ("poll_vote", "name"),
]


def upgrade() -> None:
    values = {f"c{index}": char for index, char in enumerate(CONTROLS)}
    for table, column in COLUMNS:
        stripped = column
        for name in values:
            stripped = f"replace({stripped}, :{name}, '')"
        found = " OR ".join(f"{column} LIKE '%' || :{name} || '%'" for name in values)
        op.execute(
            sa.text(f"UPDATE {table} SET {column} = {stripped} WHERE {found}").bindparams(**values)
        )


def downgrade() -> None:
    """The characters are gone for good; nothing to undo."""
