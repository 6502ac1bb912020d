"""Last touches of an event: background or news, confidence, stable id."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from basewatch.extract.candidates import Candidate
from basewatch.extract.merge import Cluster
from basewatch.records import Article, DateSpan, Event

BACKGROUND_DAYS = 30  # an event dated this long before publication is context, not the news


_RECENT = re.compile(
    r"\b(?:recently|in recent (?:days|weeks)|this week|today|tonight|currently|now|latest|ongoing)\b", re.I
)


def is_background(
    date: DateSpan | None,
    anchor: dt.date | None,
    source_kind: str,
    modality: str,
    caption: bool,
    members: list[Candidate],
    etype: str,
) -> bool:
    """Context rather than news: dated well before publication, or undated unsourced narration."""
    if caption:
        return False
    if date is not None and anchor is not None:
        return (anchor - date.end).days > BACKGROUND_DAYS
    # The first two body paragraphs tell the news; later unsourced narration is context,
    # unless it says the event is recent.
    if any(m.sentence.first_in_body or m.sentence.body_rank <= 1 for m in members):
        return False
    if any(_RECENT.search(m.sentence.text) for m in members):
        return False
    return (
        source_kind == "none"
        and modality in ("completed", "ongoing")
        and not etype.startswith("politics.threat")
    )


def confidence(event: Event, cluster: Cluster) -> float:
    """Explainable score: trigger strength, arguments found, attribution, hedges, repetition."""
    score = max(m.strength for m in cluster.members)
    score += 0.05 if event.actor is not None else -0.05
    if event.location is not None:
        score += 0.05 if event.location.precision <= 2 else 0.0
    else:
        score -= 0.1
    score += {"official_statement": 0.05, "named": 0.04, "anonymous": 0.0, "media": 0.02, "none": 0.0}.get(
        event.attribution.source.kind, 0.0
    )
    score += min(0.1, 0.03 * (len(cluster.members) - 1))
    score -= 0.05 * min(2, len(event.hedges))
    if event.modality == "speculative":
        score -= 0.1
    return round(min(0.99, max(0.05, score)), 3)


def event_id(article: Article, event: Event) -> str:
    start = event.evidence.start if event.evidence else -1
    place = event.location.name if event.location else ""
    raw = f"{article.id or article.doc}|{event.type}|{start}|{place}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]
