"""Areas of expertise (a list organisers manage) and who has which."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class ExpertiseArea(SQLModel, table=True):
    """One area, e.g. work with older people; hidden areas stay on old profiles."""

    __tablename__ = "expertise_area"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name_ru: str = Field(max_length=100)
    name_en: str = Field(max_length=100)
    position: int = Field(default=0)
    active: bool = Field(default=True)

    def name(self, locale: str) -> str:
        return self.name_ru if locale == "ru" else self.name_en


class PersonExpertise(SQLModel, table=True):
    """A person's area of expertise (from their profile)."""

    __tablename__ = "person_expertise"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    area_id: int = Field(foreign_key="expertise_area.id", primary_key=True, ondelete="CASCADE")
