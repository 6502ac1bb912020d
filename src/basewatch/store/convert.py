"""Conversions between the records of ``basewatch.records`` and table rows / JSON dicts."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from basewatch.records import (
    Actor,
    Article,
    Attribution,
    Block,
    DateSpan,
    Event,
    Evidence,
    Installation,
    Place,
    Published,
    Source,
)
from basewatch.store.models import ArticleRow


def normalised_content_hash(text: str) -> str:
    """SHA-256 of the text with white space folded and case ignored (the dedupe key)."""
    folded = " ".join(text.split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def clean_nul(value: str | None) -> str | None:
    """Replace NUL characters (refused by PostgreSQL text and JSON) keeping offsets unchanged."""
    if value is None or "\x00" not in value:
        return value
    return value.replace("\x00", "\ufffd")


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# --------------------------------------------------------------------------- articles


def article_columns(article: Article) -> dict[str, Any]:
    """Column values of an article (without id, content hash and timestamps)."""
    published = article.published
    return {
        "url": clean_nul(article.url),
        "doc": clean_nul(article.doc) or "",
        "outlet": clean_nul(article.outlet),
        "title": clean_nul(article.title),
        "author": clean_nul(article.author),
        "language": article.language,
        "published_start": published.start if published else None,
        "published_end": published.end if published else None,
        "published_inferred": published.inferred if published else None,
        "published_confidence": published.confidence if published else None,
        "published_from": published.source if published else None,
        "text": clean_nul(article.text) or "",
        "blocks": [{"kind": b.kind, "start": b.start, "end": b.end} for b in article.blocks],
        "offset_map": [list(run) for run in article.offset_map],
        "raw": bytes(article.raw or b""),
        "raw_format": article.raw_format or "text",
        "meta": _json_safe(article.meta or {}),
    }


def row_to_article(row: ArticleRow, *, with_raw: bool = True) -> Article:
    """Rebuild the Article record from its row."""
    published = None
    if row.published_start is not None:
        published = Published(
            start=row.published_start,
            end=row.published_end or row.published_start,
            inferred=bool(row.published_inferred),
            confidence=1.0 if row.published_confidence is None else float(row.published_confidence),
            source=row.published_from or "metadata",
        )
    return Article(
        text=row.text,
        doc=row.doc or "",
        id=row.id,
        url=row.url,
        outlet=row.outlet,
        title=row.title,
        author=row.author,
        language=row.language,
        published=published,
        blocks=[Block(kind=b["kind"], start=int(b["start"]), end=int(b["end"])) for b in row.blocks or []],
        content_hash=row.content_hash,
        raw=bytes(row.raw or b"") if with_raw else b"",
        raw_format=row.raw_format,
        offset_map=[(int(a), int(b), int(c)) for a, b, c in row.offset_map or []],
        meta=dict(row.meta or {}),
    )


def _json_safe(value: Any) -> Any:
    """JSON-ready copy: dates as ISO strings, tuples as lists, NUL characters replaced."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return clean_nul(value)
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_json_safe(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


# --------------------------------------------------------------------------- events


def event_id(article_id: str, type_: str, start: int | None, end: int | None, dup: int = 0) -> str:
    """Stable event id: sha1 of article, type and evidence offsets (``dup`` separates exact twins)."""
    key = f"{article_id}|{type_}|{-1 if start is None else start}|{-1 if end is None else end}"
    if dup:
        key += f"|{dup}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def assign_event_ids(article_id: str, events: list[Event]) -> None:
    """Give events the store's stable ids (same rule as ``Store.replace_events``)."""
    taken: set[str] = set()
    for ev in events:
        start = ev.evidence.start if ev.evidence else None
        end = ev.evidence.end if ev.evidence else None
        dup = 0
        new_id = event_id(article_id, ev.type, start, end)
        while new_id in taken:
            dup += 1
            new_id = event_id(article_id, ev.type, start, end, dup)
        taken.add(new_id)
        ev.id = new_id
        ev.article_id = article_id


def event_columns(event: Event) -> dict[str, Any]:
    """Flat, filterable columns of an event (the full record goes to ``data``)."""
    location = event.location
    date = event.date
    reported = event.reported
    evidence = event.evidence
    attribution = event.attribution or Attribution()
    return {
        "type": event.type,
        "modality": event.modality,
        "actor": event.actor.name if event.actor else None,
        "actor_text": clean_nul(event.actor.text) if event.actor else None,
        "counterpart": event.counterpart.name if event.counterpart else None,
        "counterpart_text": clean_nul(event.counterpart.text) if event.counterpart else None,
        "installation_id": event.installation.id if event.installation else None,
        "installation_name": event.installation.name if event.installation else None,
        "location_name": clean_nul(location.name) if location else None,
        "location_text": clean_nul(location.text) if location else None,
        "location_admin1": location.admin1 if location else None,
        "location_country": location.country if location else None,
        "location_lat": location.lat if location else None,
        "location_lon": location.lon if location else None,
        "location_precision": location.precision if location else None,
        "location_resolved": location.resolved if location else None,
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "date_precision": date.precision if date else None,
        "date_text": clean_nul(date.text) if date else None,
        "reported_start": reported.start if reported else None,
        "reported_end": reported.end if reported else None,
        "reported_precision": reported.precision if reported else None,
        "reported_text": clean_nul(reported.text) if reported else None,
        "outlet": clean_nul(attribution.outlet),
        "via": _json_safe(list(attribution.via)),
        "source_kind": attribution.source.kind if attribution.source else None,
        "source_text": clean_nul(attribution.source.text) if attribution.source else None,
        "hedges": _json_safe(list(event.hedges)),
        "fatalities": event.fatalities,
        "background": bool(event.background),
        "caption": bool(event.caption),
        "evidence_text": clean_nul(evidence.text) if evidence else None,
        "evidence_start": evidence.start if evidence else None,
        "evidence_end": evidence.end if evidence else None,
        "confidence": event.confidence,
        "data": _json_safe(event.to_dict()),
    }


def _actor(value: Any) -> Actor | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Actor(name=value, text=value)
    return Actor(name=value.get("name"), text=value.get("text"))


def _installation(value: Any) -> Installation | None:
    if not value:
        return None
    fields = Installation.__dataclass_fields__
    return Installation(**{k: v for k, v in value.items() if k in fields})


def place_from_dict(value: Any) -> Place | None:
    """Place from its dict (``installation`` nested); None for empty values."""
    if not value:
        return None
    if isinstance(value, str):
        return Place(name=value, text=value, resolved=False, lat=None, lon=None)
    fields = Place.__dataclass_fields__
    data = {k: v for k, v in value.items() if k in fields and k != "installation"}
    data.setdefault("name", value.get("text") or "")
    return Place(**data, installation=_installation(value.get("installation")))


def datespan_from_dict(value: Any) -> DateSpan | None:
    """DateSpan from its dict (ISO date strings); None for empty values."""
    if not value:
        return None
    start = _date(value.get("start"))
    end = _date(value.get("end")) or start
    if start is None or end is None:
        return None
    return DateSpan(
        start=start,
        end=end,
        precision=value.get("precision") or "day",
        text=value.get("text") or "",
        char_start=int(value.get("char_start", -1)),
        char_end=int(value.get("char_end", -1)),
    )


def event_from_dict(data: dict[str, Any]) -> Event:
    """Event from its ``to_dict`` shape (as stored in ``events.data``)."""
    attribution = data.get("attribution") or {}
    source = attribution.get("source") or {}
    evidence = data.get("evidence")
    return Event(
        type=data["type"],
        modality=data.get("modality") or "completed",
        actor=_actor(data.get("actor")),
        counterpart=_actor(data.get("counterpart")),
        installation=_installation(data.get("installation")),
        location=place_from_dict(data.get("location")),
        date=datespan_from_dict(data.get("date")),
        reported=datespan_from_dict(data.get("reported")),
        attribution=Attribution(
            outlet=attribution.get("outlet"),
            via=list(attribution.get("via") or []),
            source=Source(kind=source.get("kind") or "none", text=source.get("text")),
        ),
        hedges=list(data.get("hedges") or []),
        fatalities=data.get("fatalities"),
        background=bool(data.get("background")),
        caption=bool(data.get("caption")),
        evidence=Evidence(text=evidence.get("text") or "", start=evidence["start"], end=evidence["end"])
        if evidence
        else None,
        confidence=float(data.get("confidence", 0.5)),
        article_id=data.get("article_id"),
        doc=data.get("doc"),
        id=data.get("id"),
    )


def apply_corrections(event: Event, corrections: dict[str, Any]) -> Event:
    """Apply a review's corrections (type, modality, date, place, actor) to an event in place."""
    if not corrections:
        return event
    if corrections.get("type"):
        event.type = str(corrections["type"])
    if corrections.get("modality"):
        event.modality = str(corrections["modality"])
    if "date" in corrections:
        event.date = datespan_from_dict(corrections["date"])
    place = corrections.get("place", corrections.get("location"))
    if place is not None:
        event.location = place_from_dict(place)
    if "actor" in corrections:
        event.actor = _actor(corrections["actor"])
    return event
