"""Request bodies (pydantic), validated before anything reaches the store."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from basewatch.records import EVENT_TYPES, MODALITIES


class Corrections(BaseModel):
    """What a reviewer says the event should have been; omitted fields stay as extracted."""

    model_config = ConfigDict(extra="forbid")

    type: str | None = Field(None, description="Corrected event type.")
    modality: str | None = Field(None, description="Corrected modality.")
    date: str | None = Field(None, description="YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD.", max_length=21)
    place: str | None = Field(None, description="Corrected place name.", max_length=300)
    actor: str | None = Field(None, description="Corrected canonical actor.", max_length=300)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value and value not in EVENT_TYPES:
            raise ValueError(f"{value!r} is not an event type ({', '.join(EVENT_TYPES)})")
        return value or None

    @field_validator("modality")
    @classmethod
    def _known_modality(cls, value: str | None) -> str | None:
        if value and value not in MODALITIES:
            raise ValueError(f"{value!r} is not a modality ({', '.join(MODALITIES)})")
        return value or None

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = value.split("/")
        try:
            days = [dt.date.fromisoformat(p) for p in parts]
        except ValueError:
            raise ValueError("expected YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD") from None
        if len(days) > 2 or days[0] > days[-1]:
            raise ValueError("expected YYYY-MM-DD or an ordered range YYYY-MM-DD/YYYY-MM-DD")
        return value

    def to_store(self) -> dict[str, Any]:
        """Corrections in the store's shape: a date becomes ``{start, end, precision}``."""
        data: dict[str, Any] = self.model_dump(exclude_none=True)
        if "date" in data:
            start, _, end = data["date"].partition("/")
            end = end or start
            data["date"] = {"start": start, "end": end, "precision": "day" if start == end else "range"}
        return data


class ReviewIn(BaseModel):
    """POST /api/events/{id}/review body."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["accepted", "rejected", "corrected"]
    corrections: Corrections | None = None
    note: str | None = Field(None, max_length=4000)
    reviewer: str = Field("", max_length=200)
