"""Clusters in the store: incremental updates of the ``clusters`` and ``cluster_members`` tables.

``update_clusters(store, article_ids)`` re-clusters only the partitions (event type, country)
that the given articles' events touch now or touched before, and rewrites only those rows.
The ``key`` column holds the partition key, so a partition can be replaced on its own.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from basewatch.cluster.core import PublishedValue, cluster_partition, partition_key
from basewatch.cluster.model import Cluster, Report, Timeline, cluster_from_dict
from basewatch.cluster.rules import StatusRules, load_rules
from basewatch.cluster.sources import group_sources
from basewatch.cluster.timeline import installation_timeline, relevant_events
from basewatch.records import Event, Installation
from basewatch.store import EventFilter, Store
from basewatch.store.models import ClusterMemberRow, ClusterRow, EventRow

log = logging.getLogger(__name__)

CLUSTERS = ClusterRow.__table__
MEMBERS = ClusterMemberRow.__table__
EVENTS = EventRow.__table__


@dataclass
class ClusterUpdate:
    """What ``update_clusters`` did."""

    partitions: list[str] = field(default_factory=list)
    written: int = 0
    removed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"partitions": self.partitions, "written": self.written, "removed": self.removed}


def prepare_events(store: Store, events: list[Event]) -> dict[str, PublishedValue]:
    """Publication intervals of the events' articles; fills a missing outlet from the article."""
    wanted = sorted({e.article_id for e in events if e.article_id})
    published: dict[str, PublishedValue] = {}
    outlets: dict[str, str] = {}
    if not wanted:
        return published
    for article in store.iter_articles(wanted):
        if not article.id:
            continue
        if article.published is not None:
            published[article.id] = (article.published.start, article.published.end)
        if article.outlet:
            outlets[article.id] = article.outlet
    for event in events:
        if not event.attribution.outlet and event.article_id in outlets:
            event.attribution.outlet = outlets[event.article_id]
    return published


def cluster_row(cluster: Cluster) -> dict[str, Any]:
    """The ``clusters`` row of a cluster (canonical columns plus the full record in ``data``)."""
    location = cluster.location
    installation = cluster.installation
    lat = location.lat if location is not None and location.lat is not None else None
    lon = location.lon if location is not None and location.lon is not None else None
    if installation is not None and installation.lat is not None:
        lat, lon = installation.lat, installation.lon
    return {
        "id": cluster.id,
        "type": cluster.type,
        "key": cluster.key,
        "date_start": cluster.date.start if cluster.date else None,
        "date_end": cluster.date.end if cluster.date else None,
        "precision": cluster.date.precision if cluster.date else None,
        "installation_id": installation.id if installation is not None and installation.id else None,
        "location": location.to_dict() if location is not None else None,
        "country": (location.country if location is not None else None)
        or (installation.country if installation is not None else None),
        "admin1": location.admin1 if location is not None else None,
        "lat": lat,
        "lon": lon,
        "data": cluster.to_dict(),
    }


def _events_of_partitions(store: Store, partitions: set[str]) -> list[Event]:
    types = sorted({p.split("|", 1)[0] for p in partitions})
    if not types:
        return []
    return [e for e in store.list_events(EventFilter(type=types)) if partition_key(e) in partitions]


def _normalised(data: Any) -> str:
    """Canonical JSON text of a cluster record, to tell changed rows from unchanged ones."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


def _write_partitions(store: Store, partitions: set[str], clusters: list[Cluster]) -> tuple[int, int]:
    """Make the rows of ``partitions`` equal ``clusters``, touching only rows that changed.

    Returns (rows written, rows deleted) in one transaction.
    """
    keys = sorted(partitions)
    new_rows = {c.id: cluster_row(c) for c in clusters}
    with store.engine.begin() as conn:
        old = {
            row_id: _normalised(data)
            for row_id, data in conn.execute(
                sa.select(CLUSTERS.c.id, CLUSTERS.c.data).where(CLUSTERS.c.key.in_(keys))
            )
        }
        unchanged = {i for i, row in new_rows.items() if old.get(i) == _normalised(row["data"])}
        stale = sorted(set(old) - unchanged)
        if stale:
            conn.execute(sa.delete(MEMBERS).where(MEMBERS.c.cluster_id.in_(stale)))
            conn.execute(sa.delete(CLUSTERS).where(CLUSTERS.c.id.in_(stale)))
        fresh = [c for c in clusters if c.id not in unchanged]
        if fresh:
            conn.execute(sa.insert(CLUSTERS), [new_rows[c.id] for c in fresh])
            members = [
                {"cluster_id": c.id, "event_id": r.event_id, "article_id": r.article_id}
                for c in fresh
                for r in c.reports
            ]
            if members:
                conn.execute(sa.insert(MEMBERS), members)
    return len(fresh), len(stale)


def _recluster(store: Store, partitions: set[str], rules: StatusRules) -> ClusterUpdate:
    events = _events_of_partitions(store, partitions)
    published = prepare_events(store, events)
    by_partition: dict[str, list[Event]] = {}
    for event in events:
        if event.review_status != "rejected":
            by_partition.setdefault(partition_key(event), []).append(event)
    clusters: list[Cluster] = []
    for key in sorted(by_partition):
        clusters.extend(cluster_partition(by_partition[key], published, rules))
    written, removed = _write_partitions(store, partitions, clusters)
    log.info(
        "re-clustered %d partitions: %d clusters written, %d replaced", len(partitions), written, removed
    )
    return ClusterUpdate(sorted(partitions), written, removed)


def update_clusters(
    store: Store, article_ids: Iterable[str], rules: StatusRules | None = None
) -> ClusterUpdate:
    """Bring clusters up to date after the given articles were added or re-extracted.

    Only the partitions their events belong to (now, or before re-extraction) are recomputed.
    """
    rules = rules or load_rules()
    ids = sorted(set(article_ids))
    touched: set[str] = set()
    for article_id in ids:
        touched.update(partition_key(e) for e in store.list_events(EventFilter(article_id=article_id)))
    if ids:
        with store.engine.connect() as conn:
            query = (
                sa.select(CLUSTERS.c.key)
                .join(MEMBERS, MEMBERS.c.cluster_id == CLUSTERS.c.id)
                .where(MEMBERS.c.article_id.in_(ids))
                .distinct()
            )
            touched.update(k for (k,) in conn.execute(query) if k)
    if not touched:
        return ClusterUpdate()
    return _recluster(store, touched, rules)


def rebuild_clusters(store: Store, rules: StatusRules | None = None) -> ClusterUpdate:
    """Recompute every cluster from every event (and drop rows of partitions now empty)."""
    rules = rules or load_rules()
    partitions = {partition_key(e) for e in store.list_events()}
    with store.engine.connect() as conn:
        partitions.update(k for (k,) in conn.execute(sa.select(CLUSTERS.c.key).distinct()) if k)
    if not partitions:
        return ClusterUpdate()
    return _recluster(store, partitions, rules)


def stale_articles(store: Store) -> list[str]:
    """Articles whose clusters are out of date: events not in any cluster, or members now gone.

    Covers articles stored or re-extracted by a run that did not call ``update_clusters``.
    Events a reviewer rejected are never members, so their articles always count as stale.
    """
    unclustered = (
        sa.select(EVENTS.c.article_id).where(~sa.exists().where(MEMBERS.c.event_id == EVENTS.c.id)).distinct()
    )
    vanished = (
        sa.select(MEMBERS.c.article_id)
        .where(~sa.exists().where(EVENTS.c.id == MEMBERS.c.event_id))
        .distinct()
    )
    with store.engine.connect() as conn:
        found = {r[0] for r in conn.execute(unclustered)} | {r[0] for r in conn.execute(vanished)}
    return sorted(a for a in found if a)


def update_stale_clusters(store: Store, rules: StatusRules | None = None) -> ClusterUpdate:
    """``update_clusters`` for every stale article (nothing to do when all are up to date)."""
    stale = stale_articles(store)
    return update_clusters(store, stale, rules) if stale else ClusterUpdate()


def stored_clusters_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(CLUSTERS)).scalar() or 0)


def load_clusters(
    store: Store,
    *,
    type: str | None = None,
    installation_id: str | None = None,
    refresh: bool = False,
    limit: int | None = None,
) -> list[Cluster]:
    """Stored clusters, brought up to date first (``refresh`` recomputes every cluster)."""
    if refresh:
        rebuild_clusters(store)
    else:
        update_stale_clusters(store)
    query = sa.select(CLUSTERS.c.data).order_by(CLUSTERS.c.date_start.nulls_last(), CLUSTERS.c.id)
    if type:
        query = query.where(CLUSTERS.c.type == type)
    if installation_id:
        query = query.where(CLUSTERS.c.installation_id == installation_id)
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        return [cluster_from_dict(data) for (data,) in conn.execute(query) if data]


def timeline_from_store(
    store: Store, installation: Installation, rules: StatusRules | None = None
) -> Timeline:
    """An installation's timeline from the events in the store (clustered for this installation)."""
    rules = rules or load_rules()
    candidates = store.list_events(EventFilter(type=sorted(rules.status_map)))
    events = relevant_events(installation, candidates, rules)
    published = prepare_events(store, events)
    return installation_timeline(installation, events, published, rules)


@dataclass
class InstallationSummary:
    """One row of ``basewatch installations``."""

    id: str | None
    name: str
    country: str | None
    last_status: str | None
    last_date: str | None
    last_report: str | None
    sources: int
    entries: int
    conflicts: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _register_entry(installation: Installation, register: Any) -> Installation:
    """The register's record for an event's installation (by id, then by name), else itself."""
    if register is None:
        return installation
    found = register.get(installation.id) if installation.id else None
    if found is None and installation.name:
        found = register.find(installation.name)
    return found or installation


def installations_overview(
    store: Store, register: Any = None, rules: StatusRules | None = None
) -> list[Timeline]:
    """Timelines of every installation that events in the store mention, by name."""
    rules = rules or load_rules()
    candidates = [
        e
        for e in store.list_events(EventFilter(type=sorted(rules.status_map)))
        if e.review_status != "rejected"
    ]
    published = prepare_events(store, candidates)
    installations: dict[str, Installation] = {}
    for event in candidates:
        if event.installation is not None:
            entry = _register_entry(event.installation, register)
            installations.setdefault(entry.id or entry.name, entry)
    timelines = [
        installation_timeline(inst, relevant_events(inst, candidates, rules), published, rules)
        for inst in installations.values()
    ]
    return sorted((t for t in timelines if t.timeline), key=lambda t: t.name.lower())


def summarise_timeline(timeline: Timeline) -> InstallationSummary:
    """Last status, day of the latest report and number of independent sources of a timeline."""
    last = timeline.last
    reports = [
        Report(event_id=s.event_id, article_id=s.article_id, outlet=s.outlet, via=s.via, source=s.source)
        for entry in timeline.timeline
        for s in entry.sources
    ]
    # The latest report: publication days of the sources, else the latest dated entry.
    report_days = [s.published for e in timeline.timeline for s in e.sources if s.published]
    report_days += [e.date.end for e in timeline.timeline if e.date.end and e.date.basis == "reported"]
    if not report_days:
        report_days = [e.date.end for e in timeline.timeline if e.date.end]
    return InstallationSummary(
        id=timeline.id,
        name=timeline.name,
        country=timeline.country,
        last_status=last.status if last else None,
        last_date=(last.date.start or last.date.end) if last else None,
        last_report=max(report_days) if report_days else None,
        sources=len(group_sources(reports)),
        entries=len(timeline.timeline),
        conflicts=len(timeline.conflicting),
    )
