"""Flat Parquet rows for articles and events, shared by the Spark job and ``load-parquet``.

The documented schema (docs/scaling.md) lives here once: ``EVENT_SCHEMA`` and
``ARTICLE_SCHEMA`` are pyarrow schemas; Spark derives its own from them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyarrow as pa

from basewatch.cluster.core import partition_key
from basewatch.records import Article, Event

UNKNOWN = "unknown"  # partition value when a year, month or country is not known

ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("doc", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("language", pa.string()),
        ("published_start", pa.date32()),
        ("published_end", pa.date32()),
        ("published_inferred", pa.bool_()),
        ("published_confidence", pa.float64()),
        ("published_from", pa.string()),
        ("text", pa.string()),
        ("content_hash", pa.string()),
        ("raw_format", pa.string()),
        ("n_events", pa.int32()),
        ("article_json", pa.string()),  # the full Article record (blocks, offset map, meta) as JSON
        ("year", pa.string()),
        ("month", pa.string()),
        ("country", pa.string()),
    ]
)

EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("seq", pa.int32()),  # order within its article, as the extractor gave it
        ("article_id", pa.string()),
        ("doc", pa.string()),
        ("type", pa.string()),
        ("modality", pa.string()),
        ("actor", pa.string()),
        ("counterpart", pa.string()),
        ("installation", pa.string()),
        ("location_name", pa.string()),
        ("admin1", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("geo_precision", pa.int32()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", pa.string()),
        ("outlet", pa.string()),
        ("via", pa.list_(pa.string())),
        ("source_kind", pa.string()),
        ("source_text", pa.string()),
        ("hedges", pa.list_(pa.string())),
        ("fatalities", pa.int32()),
        ("background", pa.bool_()),
        ("caption", pa.bool_()),
        ("evidence", pa.string()),
        ("evidence_start", pa.int32()),
        ("evidence_end", pa.int32()),
        ("confidence", pa.float64()),
        ("event_json", pa.string()),  # the full Event record in the EVENTS.md shape
        ("cluster_key", pa.string()),  # blocking partition of basewatch.cluster (type|country)
        ("year", pa.string()),
        ("month", pa.string()),
        ("country", pa.string()),
    ]
)

CLUSTER_SCHEMA = pa.schema(
    [
        ("cluster_id", pa.string()),
        ("type", pa.string()),
        ("n_reports", pa.int32()),
        ("independent_sources", pa.int32()),
        ("event_ids", pa.list_(pa.string())),
        ("cluster_json", pa.string()),
    ]
)


def _partition_date(day: dt.date | None) -> tuple[str, str]:
    if day is None:
        return UNKNOWN, UNKNOWN
    return f"{day.year:04d}", f"{day.month:02d}"


def event_row(event: Event, seq: int = 0) -> dict[str, Any]:
    """One flat row of ``EVENT_SCHEMA``; partitions by the event date, else the report date."""
    loc = event.location
    day = event.date.start if event.date else (event.reported.start if event.reported else None)
    year, month = _partition_date(day)
    src = event.attribution.source
    return {
        "event_id": event.id,
        "seq": seq,
        "article_id": event.article_id,
        "doc": event.doc,
        "type": event.type,
        "modality": event.modality,
        "actor": event.actor.name if event.actor else None,
        "counterpart": event.counterpart.name if event.counterpart else None,
        "installation": event.installation.name if event.installation else None,
        "location_name": loc.name if loc else None,
        "admin1": loc.admin1 if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": loc.precision if loc and loc.resolved else None,
        "date_start": event.date.start if event.date else None,
        "date_end": event.date.end if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "outlet": event.attribution.outlet,
        "via": list(event.attribution.via),
        "source_kind": src.kind,
        "source_text": src.text,
        "hedges": list(event.hedges),
        "fatalities": event.fatalities,
        "background": event.background,
        "caption": event.caption,
        "evidence": event.evidence.text if event.evidence else None,
        "evidence_start": event.evidence.start if event.evidence else None,
        "evidence_end": event.evidence.end if event.evidence else None,
        "confidence": event.confidence,
        "event_json": json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True),
        "cluster_key": partition_key(event),
        "year": year,
        "month": month,
        "country": (loc.country if loc and loc.country else UNKNOWN),
    }


def article_row(article: Article, events: list[Event]) -> dict[str, Any]:
    """One flat row of ``ARTICLE_SCHEMA``; partitioned by publication month and main event country."""
    pub = article.published
    year, month = _partition_date(pub.start if pub else None)
    countries = [e.location.country for e in events if e.location and e.location.country]
    country = max(sorted(set(countries)), key=countries.count) if countries else UNKNOWN
    record = article.to_dict()
    record.pop("raw", None)  # bytes stay out of the JSON copy
    return {
        "article_id": article.id,
        "doc": article.doc,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "author": article.author,
        "language": article.language,
        "published_start": pub.start if pub else None,
        "published_end": pub.end if pub else None,
        "published_inferred": pub.inferred if pub else None,
        "published_confidence": pub.confidence if pub else None,
        "published_from": pub.source if pub else None,
        "text": article.text,
        "content_hash": article.content_hash,
        "raw_format": article.raw_format,
        "n_events": len(events),
        "article_json": json.dumps(record, ensure_ascii=False, sort_keys=True, default=str),
        "year": year,
        "month": month,
        "country": country,
    }
