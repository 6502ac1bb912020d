"""One flat row per event: ACLED-style columns first, then basewatch's own.

Every export format (CSV, GeoJSON properties, Parquet) is built from this row,
so the formats agree column for column. Values keep their Python types here
(dates, numbers, booleans, lists); each writer turns them into its own encoding.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pycountry
import yaml

from basewatch.config import data_path, load_yaml
from basewatch.export.mappings import TypeMapping
from basewatch.records import Article, Event

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
)
BASEWATCH_COLUMNS: tuple[str, ...] = (
    "basewatch_type",
    "modality",
    "installation",
    "source_kind",
    "via",
    "hedges",
    "background",
    "caption",
    "confidence",
    "reviewed",
    "review_status",
    "evidence",
    "article_id",
    "doc",
)
# Further detail that ACLED has no column for; kept last so ACLED scripts never see a shifted column.
DETAIL_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date_basis",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "reported_date",
    "installation_id",
    "country_code",
    "place_precision",
    "place_resolved",
    "counterpart",
    "fatalities",
    "source_text",
    "plover_type",
    "cameo_code",
    "evidence_start",
    "evidence_end",
    "url",
)
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + BASEWATCH_COLUMNS + DETAIL_COLUMNS

# Column kinds, used by the Parquet schema and the CSV/GeoJSON encoders.
DATE_COLUMNS = frozenset({"event_date", "date_start", "date_end", "reported_date"})
INT_COLUMNS = frozenset(
    {
        "year",
        "time_precision",
        "geo_precision",
        "place_precision",
        "fatalities",
        "evidence_start",
        "evidence_end",
    }
)
FLOAT_COLUMNS = frozenset({"latitude", "longitude", "confidence"})
BOOL_COLUMNS = frozenset({"background", "caption", "reviewed", "place_resolved"})
LIST_COLUMNS = frozenset({"via", "hedges"})

# ACLED time_precision: 1 = the day is known, 2 = the week (or a span of a few days), 3 = a month or longer.
_PRECISION_TO_ACLED = {"day": 1, "week": 2, "month": 3, "season": 3, "year": 3}
_WEEK_DAYS = 7


@dataclass(frozen=True)
class EventDate:
    """The single date an export row is filed under, its ACLED precision and where it came from."""

    date: dt.date | None
    time_precision: int | None
    basis: str  # event | reported | published | "" (no date at all)


def event_date(event: Event, article: Article | None = None) -> EventDate:
    """The event's own date when known; else the report date; else the article's publication date.

    The interval start is used (ACLED files an event under one day); when the event
    date is unknown the stand-in date is marked precision 3, the least precise.
    """
    span = event.date
    if span is not None:
        if span.precision == "range":
            precision = 1 if span.start == span.end else 2 if (span.end - span.start).days < _WEEK_DAYS else 3
        else:
            precision = _PRECISION_TO_ACLED.get(span.precision, 3)
        return EventDate(span.start, precision, "event")
    if event.reported is not None:
        return EventDate(event.reported.start, 3, "reported")
    if article is not None and article.published is not None:
        return EventDate(article.published.end, 3, "published")
    return EventDate(None, None, "")


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str | None:
    """Short English name of an ISO 3166-1 alpha-2 code ("SY" -> "Syria"); the code itself when unknown."""
    if not code:
        return None
    found = pycountry.countries.get(alpha_2=code.upper())
    if found is None:
        return code
    name = getattr(found, "common_name", None) or found.name
    return name.split(",")[0]


@lru_cache(maxsize=512)
def country_alpha3(code: str | None) -> str:
    """ISO alpha-3 code for ``event_id_cnty`` ("XXX" when the country is unknown)."""
    if not code:
        return "XXX"
    found = pycountry.countries.get(alpha_2=code.upper())
    return found.alpha_3 if found is not None else "XXX"


@lru_cache(maxsize=1)
def _outlet_scales() -> dict[str, str]:
    """Optional ``scale`` of each outlet in data/outlets.yaml (National, Regional, International...)."""
    path = data_path("outlets.yaml")
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    scales: dict[str, str] = {}
    for entry in data.get("outlets", []) if isinstance(data, dict) else []:
        if isinstance(entry, dict) and entry.get("name") and entry.get("scale"):
            scales[str(entry["name"]).casefold()] = str(entry["scale"])
    return scales


def stable_event_id(event: Event) -> str:
    """The event's id, or a stable digest of what identifies it when it has none (not yet stored)."""
    if event.id:
        return event.id
    evidence = event.evidence
    key = "|".join(
        str(part)
        for part in (
            event.article_id or event.doc or "",
            event.type,
            evidence.start if evidence else "",
            evidence.end if evidence else "",
            evidence.text if evidence else "",
        )
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _actor(actor: Any) -> str | None:
    if actor is None:
        return None
    return actor.name or actor.text or None


def _notes(event: Event) -> str | None:
    """An ACLED-style note: who says so, then the evidence sentence."""
    source = event.attribution.source
    evidence = event.evidence.text if event.evidence else ""
    said_by = source.text if source.text and source.kind != "none" else None
    via = ", ".join(event.attribution.via)
    prefix = ""
    if said_by:
        prefix = f"According to {said_by}"
        prefix += f" (via {via}): " if via else ": "
    elif via:
        prefix = f"Via {via}: "
    note = f"{prefix}{evidence}".strip()
    return note or None


def event_row(
    event: Event, article: Article | None = None, mappings: Mapping[str, TypeMapping] | None = None
) -> dict[str, Any]:
    """The flat export row of one event (keys in :data:`COLUMNS` order)."""
    loc = event.location
    inst = event.installation
    mapping = (mappings or {}).get(event.type)
    when = event_date(event, article)
    resolved = loc is not None and loc.resolved and loc.lat is not None and loc.lon is not None
    lat, lon = (loc.lat, loc.lon) if resolved and loc is not None else (None, None)
    precision = loc.precision if resolved and loc is not None else None
    if not resolved and inst is not None and inst.lat is not None and inst.lon is not None:
        # The place was not resolved but the installation has register coordinates: the site itself.
        lat, lon, precision, resolved = inst.lat, inst.lon, 1, True
    country_code = (loc.country if loc else None) or (inst.country if inst else None) or None
    outlet = event.attribution.outlet or (article.outlet if article else None)
    sources = [s for s in [outlet, *event.attribution.via] if s]
    event_id = stable_event_id(event)
    location_name = None
    if loc is not None:
        # Unresolved places keep the mention as written, so an analyst can geocode it.
        location_name = (loc.name or loc.text) if loc.resolved else (loc.text or loc.name)
    elif inst is not None:
        location_name = inst.name
    row: dict[str, Any] = {
        "event_id_cnty": f"{country_alpha3(country_code)}{event_id}",
        "event_date": when.date,
        "year": when.date.year if when.date else None,
        "time_precision": when.time_precision,
        "event_type": mapping.acled_event_type if mapping else None,
        "sub_event_type": mapping.acled_sub_event_type if mapping else None,
        "actor1": _actor(event.actor),
        "actor2": _actor(event.counterpart),
        "country": country_name(country_code),
        "admin1": loc.admin1 if loc else (inst.admin1 if inst else None),
        "location": location_name or None,
        "latitude": lat,
        "longitude": lon,
        # ACLED has three levels; a whole country (basewatch 4) is its least precise, 3.
        "geo_precision": min(precision, 3) if precision is not None else None,
        "source": "; ".join(sources) or None,
        "source_scale": _outlet_scales().get(outlet.casefold()) if outlet else None,
        "notes": _notes(event),
        "basewatch_type": event.type,
        "modality": event.modality,
        "installation": inst.name if inst else None,
        "source_kind": event.attribution.source.kind,
        "via": list(event.attribution.via),
        "hedges": list(event.hedges),
        "background": event.background,
        "caption": event.caption,
        "confidence": float(event.confidence),
        "reviewed": event.reviewed,
        "review_status": event.review_status,
        "evidence": event.evidence.text if event.evidence else None,
        "article_id": event.article_id or (article.id if article else None),
        "doc": event.doc or (article.doc if article else None) or None,
        "event_id": event_id,
        "event_date_basis": when.basis or None,
        "date_start": event.date.start if event.date else None,
        "date_end": event.date.end if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "date_text": (event.date.text or None) if event.date else None,
        "reported_date": event.reported.start if event.reported else None,
        "installation_id": (inst.id or None) if inst else None,
        "country_code": country_code,
        "place_precision": precision,
        "place_resolved": resolved,
        "counterpart": _actor(event.counterpart),
        "fatalities": event.fatalities,
        "source_text": event.attribution.source.text,
        "plover_type": mapping.plover_type if mapping else None,
        "cameo_code": mapping.cameo_code if mapping else None,
        "evidence_start": event.evidence.start if event.evidence else None,
        "evidence_end": event.evidence.end if event.evidence else None,
        "url": article.url if article else None,
    }
    return row
