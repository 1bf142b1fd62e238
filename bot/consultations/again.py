"""A question asked once more, when its expert left or nobody could take it: to peers again,
with other areas, or straight to the organisers. Only the asker, only a question of hers
that is over, and only once while the same question is still open."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select

from bot.consultations.queries import view_of
from bot.consultations.refusals import ALREADY_ASKED, NOT_MEMBER, STALE
from bot.consultations.routing import Routing
from bot.consultations.rules import ADMITTED, OPEN, check_areas
from bot.consultations.views import ConsultationView, Effects
from bot.core.errors import Refused
from bot.db import Database
from models import Consultation, Person


class Again:
    """The asker's question once more."""

    def __init__(self, db: Database, routing: Routing) -> None:
        self.db = db
        self.routing = routing

    async def question(self, consultation_id: int, asker_id: int) -> ConsultationView:
        """Her question that may be asked again (someone else's, or one still open: STALE;
        she is no longer a member: NOT_MEMBER; asked again already: ALREADY_ASKED)."""
        async with self.db.session() as session:
            old = await session.get(Consultation, consultation_id)
            asker = await session.get(Person, asker_id)
            if old is None or old.asker_id != asker_id or old.status in OPEN:
                raise Refused(STALE)
            if asker is None or asker.role not in ADMITTED:
                raise Refused(NOT_MEMBER)
            again = await session.exec(
                select(Consultation.id).where(
                    Consultation.asker_id == asker_id,
                    Consultation.question == old.question,
                    col(Consultation.status).in_(OPEN),
                )
            )
            if again.first() is not None:
                raise Refused(ALREADY_ASKED)
            return await view_of(session, old)

    async def ask(
        self,
        consultation_id: int,
        asker_id: int,
        *,
        area_codes: Sequence[str] | None = None,
        organisers: bool = False,
    ) -> Effects:
        """The same question (file, urgency, name choice, region) as a new request: to peers
        of its areas or of `area_codes`, or, with `organisers`, to the organisers at once."""
        view = await self.question(consultation_id, asker_id)
        if area_codes is not None:
            check_areas(list(area_codes))
        return await self.routing.create(
            asker_id=asker_id,
            question=view.question,
            area_codes=view.area_codes if area_codes is None else area_codes,
            urgency=view.urgency,
            show_name=view.show_name,
            region=view.region,
            file_id=view.file_id,
            file_kind=view.file_kind,
            organisers=organisers,
        )
