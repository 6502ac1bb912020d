"""Installation lists and timelines derived from events (used when ``basewatch.cluster`` has none).

Status comes from ``web/static/data/installation_status.json`` (type and modality -> status), a data
file users extend. Speculative and denied claims never change the status; they are listed as claims.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from basewatch.records import Event, Installation

STATUS_FILE = Path(__file__).resolve().parents[1] / "web" / "static" / "data" / "installation_status.json"
UNCERTAIN = ("speculative", "denied")


@lru_cache(maxsize=1)
def status_table() -> dict[str, dict[str, str]]:
    data = json.loads(STATUS_FILE.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def status_after(event: Event | EventBrief) -> str | None:
    """The installation status this event reports, or None when it says nothing firm."""
    if event.modality in UNCERTAIN:
        return None
    by_modality = status_table().get(event.type)
    if not by_modality:
        return None
    return by_modality.get(event.modality) or by_modality.get("*")


def event_day(event: Event) -> dt.date | None:
    """When it happened, else when it was reported (for ordering)."""
    if event.date:
        return event.date.start
    if event.reported:
        return event.reported.start
    return None


@dataclass(frozen=True)
class EventBrief:
    """The few fields listings aggregate over, without building whole events."""

    id: str
    type: str
    modality: str
    day: dt.date | None
    installation_id: str | None

    @classmethod
    def of(cls, event: Event) -> EventBrief:
        installation_id = event.installation.id if event.installation and event.installation.id else None
        return cls(event.id or "", event.type, event.modality, event_day(event), installation_id)


def _sort_key(event: Event) -> tuple[dt.date, str]:
    return (event_day(event) or dt.date.max, event.id or "")


def _installation_key(event: Event) -> str | None:
    return event.installation.id if event.installation and event.installation.id else None


def summarize_installations(
    events: list[Event] | list[EventBrief], lookup: Callable[[str], Installation | None] | None = None
) -> list[dict[str, Any]]:
    """One row per installation mentioned by the events: where, how often, first/last, latest status.

    ``events`` may be whole events or briefs; with briefs, ``lookup(event_id)`` gives the installation
    record of one event of each group.
    """
    known: dict[str, Installation] = {}
    briefs: list[EventBrief] = []
    for event in events:
        if isinstance(event, Event):
            if event.installation is not None and event.id:
                known[event.id] = event.installation
            briefs.append(EventBrief.of(event))
        else:
            briefs.append(event)
    groups: dict[str, list[EventBrief]] = defaultdict(list)
    for brief in briefs:
        if brief.installation_id:
            groups[brief.installation_id].append(brief)
    rows = []
    for key, group in groups.items():
        group.sort(key=lambda b: (b.day or dt.date.max, b.id))
        installation = known.get(group[0].id) or (lookup(group[0].id) if lookup else None)
        if installation is None:
            continue
        days = [b.day for b in group if b.day]
        statuses = [s for s in (status_after(b) for b in group) if s]
        rows.append(
            {
                "id": key,
                "name": installation.name,
                "kind": installation.kind,
                "country": installation.country,
                "admin1": installation.admin1,
                "lat": installation.lat,
                "lon": installation.lon,
                "event_count": len(group),
                "first_date": min(days).isoformat() if days else None,
                "last_date": max(days).isoformat() if days else None,
                "status": statuses[-1] if statuses else None,
                "types": sorted({b.type for b in group}),
            }
        )
    rows.sort(key=lambda r: (-r["event_count"], r["name"]))
    return rows


def _claim(event: Event) -> dict[str, Any]:
    source = event.attribution.source
    day = event_day(event)
    return {
        "event_id": event.id,
        "article_id": event.article_id,
        "type": event.type,
        "modality": event.modality,
        "date": day.isoformat() if day else None,
        "outlet": event.attribution.outlet,
        "via": list(event.attribution.via),
        "source_kind": source.kind,
        "source_text": source.text,
        "hedges": list(event.hedges),
        "evidence": event.evidence.text if event.evidence else None,
        "reviewed": event.reviewed,
        "review_status": event.review_status,
    }


def installation_detail(installation_id: str, events: list[Event]) -> dict[str, Any] | None:
    """The installation, its status timeline, and its claims grouped by type with conflicts flagged.

    A type's claims conflict when some sources affirm it (planned/ongoing/completed) while others deny
    it or only speculate: the dashboard shows those side by side.
    """
    group = sorted((e for e in events if _installation_key(e) == installation_id), key=_sort_key)
    if not group:
        return None
    installation = group[0].installation
    assert installation is not None
    timeline = []
    for event in group:
        day = event_day(event)
        timeline.append(
            {
                "date": day.isoformat() if day else None,
                "date_precision": event.date.precision if event.date else None,
                "status": status_after(event),
                **_claim(event),
            }
        )
    by_type: dict[str, list[Event]] = defaultdict(list)
    for event in group:
        by_type[event.type].append(event)
    claims = []
    for event_type, type_events in sorted(by_type.items()):
        modalities = {e.modality for e in type_events}
        conflicting = bool(modalities & set(UNCERTAIN)) and bool(modalities - set(UNCERTAIN))
        claims.append(
            {
                "type": event_type,
                "conflicting": conflicting,
                "by_modality": {
                    m: [_claim(e) for e in type_events if e.modality == m] for m in sorted(modalities)
                },
            }
        )
    statuses = [row["status"] for row in timeline if row["status"]]
    return {
        "installation": installation.to_dict(),
        "status": statuses[-1] if statuses else None,
        "timeline": timeline,
        "claims": claims,
    }
