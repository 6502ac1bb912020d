"""Installation timelines: status over time, every claim with its sources, contradictions flagged."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

from basewatch.cluster.core import PublishedMap, cluster_events, haversine_km, published_interval
from basewatch.cluster.model import (
    Cluster,
    Conflict,
    Report,
    Timeline,
    TimelineDate,
    TimelineEntry,
    TimelineSource,
)
from basewatch.cluster.rules import ConflictRule, StatusRules, load_rules
from basewatch.cluster.sources import group_sources, name_key
from basewatch.records import Event, Installation


def installation_names(installation: Installation) -> set[str]:
    """Spelling-insensitive keys of an installation's name and aliases."""
    return {k for k in (name_key(n) for n in [installation.name, *installation.aliases]) if k}


def matches_installation(
    event_installation: Installation | None, installation: Installation, names: set[str] | None = None
) -> bool:
    """Whether an event's installation is ``installation`` (same id, or any alias spelling)."""
    if event_installation is None:
        return False
    if event_installation.id and installation.id and event_installation.id == installation.id:
        return True
    names = names if names is not None else installation_names(installation)
    return bool(installation_names(event_installation) & names)


def _near(event: Event, installation: Installation, radius_km: float) -> bool:
    """An installation event with no installation, located at the site itself (within ``radius_km``)."""
    place = event.location
    if (
        radius_km <= 0
        or event.installation is not None
        or not event.type.startswith("base.")
        or place is None
        or not place.resolved
        or place.precision > 2
        or None in (place.lat, place.lon, installation.lat, installation.lon)
    ):
        return False
    distance = haversine_km(place.lat, place.lon, installation.lat, installation.lon)  # type: ignore[arg-type]
    return distance <= radius_km


def relevant_events(
    installation: Installation, events: Iterable[Event], rules: StatusRules | None = None
) -> list[Event]:
    """The events about ``installation`` whose type implies a status (``status.yaml``)."""
    rules = rules or load_rules()
    names = installation_names(installation)
    return [
        e
        for e in events
        if e.type in rules.status_map
        and e.review_status != "rejected"
        and (
            matches_installation(e.installation, installation, names)
            or _near(e, installation, rules.installation_radius_km)
        )
    ]


def _entry_id(cluster_id: str, part: str) -> str:
    return "t-" + hashlib.sha1(f"{cluster_id}|{part}".encode()).hexdigest()[:12]


def _entry_date(cluster: Cluster, reports: Sequence[Report], published: PublishedMap) -> TimelineDate:
    """Event date when known; else the report date of undated news; else 'before publication'."""
    if cluster.date is not None:
        return TimelineDate(
            start=cluster.date.start.isoformat(),
            end=cluster.date.end.isoformat(),
            precision=cluster.date.precision,
            basis="event",
            text=cluster.date.text,
        )
    news_anchors: list[tuple[dt.date, dt.date, str]] = []
    background_ends: list[dt.date] = []
    for report in reports:
        anchor = None
        precision = "day"
        if report.reported is not None:
            anchor = (report.reported.start, report.reported.end)
            precision = report.reported.precision
        elif report.article_id and report.article_id in published:
            anchor = published_interval(published[report.article_id])
        elif report.published:
            day = dt.date.fromisoformat(report.published)
            anchor = (day, day)
        if anchor is None:
            continue
        if report.background:
            background_ends.append(anchor[1])
        else:
            news_anchors.append((anchor[0], anchor[1], precision))
    if news_anchors:
        start, end, precision = min(news_anchors)
        return TimelineDate(start.isoformat(), end.isoformat(), precision, basis="reported")
    if background_ends:
        return TimelineDate(None, min(background_ends).isoformat(), "range", basis="before")
    return TimelineDate(None, None, None, basis="unknown")


def _sources(reports: Sequence[Report]) -> list[TimelineSource]:
    return [
        TimelineSource(
            outlet=r.outlet,
            via=list(r.via),
            source=r.source,
            article_id=r.article_id,
            event_id=r.event_id,
            evidence=r.evidence,
            background=r.background,
            published=r.published,
        )
        for r in reports
    ]


def _entries_for(cluster: Cluster, published: PublishedMap, rules: StatusRules) -> list[TimelineEntry]:
    """One entry per cluster; a cluster holding both claims and denials gives one entry for each side."""
    denied = [r for r in cluster.reports if r.modality == "denied"]
    affirmed = [r for r in cluster.reports if r.modality != "denied"]
    sides: list[tuple[str, str, list[Report]]] = []
    if affirmed:
        sides.append(("claim", cluster.modality if cluster.modality != "denied" else "completed", affirmed))
    if denied:
        sides.append(("denial", "denied", denied))
    has_counterpart = cluster.counterpart is not None
    affirmed_modality = sides[0][1] if affirmed else "completed"
    entries: list[TimelineEntry] = []
    for part, modality, reports in sides:
        # A denial carries the status of the claim it denies.
        status = rules.status_for(
            cluster.type, affirmed_modality if part == "denial" else modality, has_counterpart
        )
        if status is None:
            continue
        groups = group_sources(reports, rules)
        entries.append(
            TimelineEntry(
                id=_entry_id(cluster.id, part),
                status=status,
                type=cluster.type,
                modality=modality,
                date=_entry_date(cluster, reports, published),
                cluster_id=cluster.id,
                sources=_sources(reports),
                independent_sources=len(groups),
                source_groups=groups,
            )
        )
    return entries


def _bounds(date: TimelineDate) -> tuple[dt.date | None, dt.date | None]:
    start = dt.date.fromisoformat(date.start) if date.start else None
    end = dt.date.fromisoformat(date.end) if date.end else None
    return start, end


def _related(first: TimelineEntry, second: TimelineEntry, relation: str) -> bool:
    a_start, a_end = _bounds(first.date)
    b_start, b_end = _bounds(second.date)
    if relation == "after":
        return a_end is not None and b_start is not None and b_start > a_end
    if relation == "disjoint":
        if None in (a_start, a_end, b_start, b_end):
            return False
        return b_start > a_end or a_start > b_end  # type: ignore[operator]
    # overlap: unknown bounds are open-ended
    if a_end is not None and b_start is not None and b_start > a_end:
        return False
    return not (b_end is not None and a_start is not None and a_start > b_end)


def _rule_applies(rule: ConflictRule, first: TimelineEntry, second: TimelineEntry) -> bool:
    return (
        rule.first.matches(first.status, first.type, first.modality)
        and rule.second.matches(second.status, second.type, second.modality)
        and (not rule.same_status or first.status == second.status)
        and _related(first, second, rule.relation)
    )


def flag_conflicts(entries: Sequence[TimelineEntry], rules: StatusRules) -> None:
    """Fill ``conflicts_with`` and ``conflicts`` on both sides of every contradicting pair."""
    for first in entries:
        for second in entries:
            if first is second:
                continue
            for rule in rules.conflicts:
                if not _rule_applies(rule, first, second):
                    continue
                for entry, other in ((first, second), (second, first)):
                    if any(c.entry_id == other.id and c.rule == rule.name for c in entry.conflicts):
                        continue
                    entry.conflicts.append(Conflict(other.id, rule.name, rule.description))
                    if other.id not in entry.conflicts_with:
                        entry.conflicts_with.append(other.id)
    for entry in entries:
        entry.conflicts_with.sort()
        entry.conflicts.sort(key=lambda c: (c.entry_id, c.rule))


def _sort_key(entry: TimelineEntry, rules: StatusRules) -> tuple[str, str, int, str]:
    start = entry.date.start or entry.date.end or "9999-12-31"
    return (start, entry.date.end or start, rules.status_rank(entry.status), entry.id)


def installation_timeline(
    installation: Installation,
    events_or_clusters: Iterable[Event] | Iterable[Cluster],
    published: PublishedMap | None = None,
    rules: StatusRules | None = None,
) -> Timeline:
    """Status of ``installation`` over time, from events (clustered here) or ready clusters.

    Only events about this installation (by id or any alias spelling, or base.* events located
    at the site) whose type maps to a status in ``status.yaml`` are used. ``published`` maps
    article ids to publication dates, used to place undated reports.
    """
    rules = rules or load_rules()
    items = list(events_or_clusters)
    published = published or {}
    if items and all(isinstance(i, Cluster) for i in items):
        names = installation_names(installation)
        clusters = [
            c
            for c in items
            if isinstance(c, Cluster)
            and c.type in rules.status_map
            and (
                matches_installation(c.installation, installation, names)
                or (c.installation is None and _cluster_near(c, installation, rules))
            )
        ]
    else:
        events = [i for i in items if isinstance(i, Event)]
        clusters = cluster_events(relevant_events(installation, events, rules), published, rules)
    entries = [entry for c in clusters for entry in _entries_for(c, published, rules)]
    flag_conflicts(entries, rules)
    entries.sort(key=lambda e: _sort_key(e, rules))
    return Timeline(
        name=installation.name,
        id=installation.id or None,
        aliases=list(installation.aliases),
        country=installation.country or None,
        lat=installation.lat,
        lon=installation.lon,
        timeline=entries,
    )


def _cluster_near(cluster: Cluster, installation: Installation, rules: StatusRules) -> bool:
    probe = Event(type=cluster.type, location=cluster.location)
    return _near(probe, installation, rules.installation_radius_km)
