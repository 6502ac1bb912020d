"""Event filters from query parameters, validated with clear messages (shared by events and export)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Query

from basewatch.api.errors import ApiError
from basewatch.records import EVENT_TYPES, MODALITIES

REVIEW_STATUSES: tuple[str, ...] = ("accepted", "rejected", "corrected")


def _parse_date(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None


def _parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ApiError(400, f"bbox: expected four numbers 'west,south,east,north', got {value!r}") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ApiError(400, "bbox: longitudes lie in [-180, 180], latitudes in [-90, 90], south <= north")
    return (west, south, east, north)


def _check_choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value and value not in allowed:
        raise ApiError(400, f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return value or None


def _check_type(value: str | None) -> str | None:
    """An exact event type, or a family ("force", "force.", "force.*") as the store understands it."""
    if not value:
        return None
    families = {t.split(".")[0] for t in EVENT_TYPES}
    if value in EVENT_TYPES or value.removesuffix("*").removesuffix(".") in families:
        return value
    raise ApiError(400, f"type: {value!r} is not an event type or family ({', '.join(EVENT_TYPES)})")


def _check_reviewed(value: str | None) -> bool | str | None:
    if value in (None, ""):
        return None
    lowered = value.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    if lowered in REVIEW_STATUSES:
        return lowered
    raise ApiError(400, f"reviewed: expected true, false or one of {', '.join(REVIEW_STATUSES)}")


def event_filter_params(
    type: Annotated[str | None, Query(description="Event type (base.attack) or family (force).")] = None,
    modality: Annotated[str | None, Query(description="planned, ongoing, completed, ...")] = None,
    date_from: Annotated[str | None, Query(description="Events ending on or after (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, Query(description="Events starting on or before (YYYY-MM-DD).")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code.", max_length=2)] = None,
    admin1: Annotated[str | None, Query(description="First-order admin area name.", max_length=200)] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees.")] = None,
    actor: Annotated[str | None, Query(description="Canonical actor name.", max_length=200)] = None,
    installation: Annotated[str | None, Query(description="Installation id.", max_length=200)] = None,
    outlet: Annotated[str | None, Query(description="Publishing outlet.", max_length=200)] = None,
    reviewed: Annotated[
        str | None, Query(description="true, false, or a review status (accepted|rejected|corrected).")
    ] = None,
    background: Annotated[bool | None, Query(description="Background (true) or news (false).")] = None,
    article_id: Annotated[str | None, Query(description="Events of one article.", max_length=200)] = None,
    q: Annotated[str | None, Query(description="Text contained in the evidence.", max_length=200)] = None,
) -> dict[str, Any]:
    """Validated filter values, ready for ``EventFilter(**values)``."""
    start = _parse_date("date_from", date_from)
    end = _parse_date("date_to", date_to)
    if start and end and start > end:
        raise ApiError(400, "date_from is after date_to")
    return {
        "type": _check_type(type),
        "modality": _check_choice("modality", modality, MODALITIES),
        "date_from": start,
        "date_to": end,
        "country": country.upper() if country else None,
        "admin1": admin1 or None,
        "bbox": _parse_bbox(bbox),
        "actor": actor or None,
        "installation": installation or None,
        "outlet": outlet or None,
        "reviewed": _check_reviewed(reviewed),
        "background": background,
        "article_id": article_id or None,
        "text": q or None,
    }


def make_event_filter(values: dict[str, Any]) -> Any:
    """An ``EventFilter`` from validated values (fields the store does not know are left out)."""
    import dataclasses

    from basewatch.store import EventFilter

    known = {f.name for f in dataclasses.fields(EventFilter)}
    return EventFilter(**{k: v for k, v in values.items() if k in known})
