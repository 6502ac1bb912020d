"""Records of the cluster stage: canonical events (clusters), reports, source groups, timelines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from basewatch.records import DateSpan, Evidence, Installation, Place, Record, Source


@dataclass
class Report(Record):
    """One article's telling of a canonical event: who says so, and in which words."""

    event_id: str
    article_id: str | None
    outlet: str | None
    via: list[str] = field(default_factory=list)
    source: Source = field(default_factory=Source)
    evidence: Evidence | None = None
    background: bool = False
    caption: bool = False
    modality: str = "completed"
    date: DateSpan | None = None
    reported: DateSpan | None = None
    published: str | None = None  # ISO day the article was published (its latest possible day)
    doc: str | None = None


@dataclass
class SourceGroup(Record):
    """Reports that count as one independent source, and why they were merged."""

    id: str
    label: str
    reasons: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)


@dataclass
class Cluster(Record):
    """A canonical event: one real-world event as told by one or more articles.

    ``id`` depends only on the type and the smallest member event id, so it does not
    change with arrival order. Canonical fields are computed from the member set.
    """

    id: str
    type: str
    key: str
    date: DateSpan | None = None
    location: Place | None = None
    installation: Installation | None = None
    modality: str = "completed"
    modalities: dict[str, int] = field(default_factory=dict)
    disputed: bool = False
    actor: str | None = None
    counterpart: str | None = None
    fatalities: int | None = None
    reports: list[Report] = field(default_factory=list)
    independent_sources: int = 0
    source_groups: list[SourceGroup] = field(default_factory=list)

    @property
    def event_ids(self) -> list[str]:
        return [r.event_id for r in self.reports]

    @property
    def article_ids(self) -> list[str]:
        return sorted({r.article_id for r in self.reports if r.article_id})

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["articles"] = len(self.article_ids)
        return data


@dataclass
class TimelineDate(Record):
    """When a status holds: an interval (start may be unknown), its precision and its basis.

    ``basis`` is ``event`` (the text dates the event), ``reported`` (undated news, placed at the
    report or publication date) or ``before`` (undated background: it happened before ``end``).
    """

    start: str | None
    end: str | None
    precision: str | None
    basis: str = "event"
    text: str = ""


@dataclass
class TimelineSource(Record):
    outlet: str | None
    via: list[str]
    source: Source
    article_id: str | None
    event_id: str
    evidence: Evidence | None
    background: bool = False
    published: str | None = None


@dataclass
class Conflict(Record):
    entry_id: str
    rule: str
    description: str


@dataclass
class TimelineEntry(Record):
    """One status change (or observation) of an installation, with every source that claims it."""

    id: str
    status: str
    type: str
    modality: str
    date: TimelineDate
    cluster_id: str
    sources: list[TimelineSource] = field(default_factory=list)
    independent_sources: int = 0
    source_groups: list[SourceGroup] = field(default_factory=list)
    conflicts_with: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class Timeline(Record):
    """An installation's status over time; ``conflicting`` pairs are shown side by side."""

    name: str
    id: str | None
    aliases: list[str]
    country: str | None
    lat: float | None
    lon: float | None
    timeline: list[TimelineEntry] = field(default_factory=list)

    @property
    def conflicting(self) -> list[tuple[TimelineEntry, TimelineEntry]]:
        """Every contradicting pair once, in timeline order."""
        by_id = {e.id: e for e in self.timeline}
        pairs: list[tuple[TimelineEntry, TimelineEntry]] = []
        seen: set[tuple[str, str]] = set()
        for entry in self.timeline:
            for other_id in entry.conflicts_with:
                key = tuple(sorted((entry.id, other_id)))
                if key in seen or other_id not in by_id:
                    continue
                seen.add(key)  # type: ignore[arg-type]
                pairs.append((entry, by_id[other_id]))
        return pairs

    @property
    def last(self) -> TimelineEntry | None:
        return self.timeline[-1] if self.timeline else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape, plus ``conflicts``: each contradicting pair once, with its rules."""
        data = super().to_dict()
        data["conflicts"] = [
            {
                "entries": [left.id, right.id],
                "rules": sorted({c.rule for c in left.conflicts if c.entry_id == right.id}),
            }
            for left, right in self.conflicting
        ]
        return data


def _date_span(raw: dict[str, Any] | None) -> DateSpan | None:
    if not raw:
        return None
    return DateSpan(
        start=dt.date.fromisoformat(raw["start"]),
        end=dt.date.fromisoformat(raw["end"]),
        precision=raw.get("precision", "day"),
        text=raw.get("text", ""),
        char_start=raw.get("char_start", -1),
        char_end=raw.get("char_end", -1),
    )


def _installation(raw: dict[str, Any] | None) -> Installation | None:
    if not raw:
        return None
    known = {f.name for f in fields(Installation)}
    return Installation(**{k: v for k, v in raw.items() if k in known})


def _place(raw: dict[str, Any] | None) -> Place | None:
    if not raw:
        return None
    known = {f.name for f in fields(Place)} - {"installation"}
    return Place(
        **{k: v for k, v in raw.items() if k in known}, installation=_installation(raw.get("installation"))
    )


def _report(raw: dict[str, Any]) -> Report:
    source = raw.get("source") or {}
    evidence = raw.get("evidence")
    return Report(
        event_id=raw["event_id"],
        article_id=raw.get("article_id"),
        outlet=raw.get("outlet"),
        via=list(raw.get("via") or []),
        source=Source(kind=source.get("kind", "none"), text=source.get("text")),
        evidence=Evidence(evidence["text"], evidence["start"], evidence["end"]) if evidence else None,
        background=bool(raw.get("background", False)),
        caption=bool(raw.get("caption", False)),
        modality=raw.get("modality", "completed"),
        date=_date_span(raw.get("date")),
        reported=_date_span(raw.get("reported")),
        published=raw.get("published"),
        doc=raw.get("doc"),
    )


def cluster_from_dict(raw: dict[str, Any]) -> Cluster:
    """Rebuild a ``Cluster`` from ``Cluster.to_dict()`` output (as persisted in the store)."""
    return Cluster(
        id=raw["id"],
        type=raw["type"],
        key=raw.get("key", ""),
        date=_date_span(raw.get("date")),
        location=_place(raw.get("location")),
        installation=_installation(raw.get("installation")),
        modality=raw.get("modality", "completed"),
        modalities=dict(raw.get("modalities") or {}),
        disputed=bool(raw.get("disputed", False)),
        actor=raw.get("actor"),
        counterpart=raw.get("counterpart"),
        fatalities=raw.get("fatalities"),
        reports=[_report(r) for r in raw.get("reports") or []],
        independent_sources=int(raw.get("independent_sources", 0)),
        source_groups=[SourceGroup(**g) for g in raw.get("source_groups") or []],
    )
