"""Canonical events across articles, installation timelines and conflicting claims.

``cluster_events(events)`` merges reports of one real-world event into a ``Cluster``;
``ClusterIndex`` does it incrementally; ``installation_timeline(installation, events)`` gives an
installation's status over time with every source and contradictions flagged. Rules and
thresholds live in ``data/status.yaml``.
"""

from __future__ import annotations

from basewatch.cluster.core import ClusterIndex, build_cluster, cluster_events, partition_key
from basewatch.cluster.model import (
    Cluster,
    Conflict,
    Report,
    SourceGroup,
    Timeline,
    TimelineDate,
    TimelineEntry,
    TimelineSource,
)
from basewatch.cluster.persist import rebuild_clusters, timeline_from_store, update_clusters
from basewatch.cluster.rules import RulesError, StatusRules, load_rules
from basewatch.cluster.sources import group_sources, name_key
from basewatch.cluster.timeline import installation_timeline, matches_installation

__all__ = [
    "Cluster",
    "ClusterIndex",
    "Conflict",
    "Report",
    "RulesError",
    "SourceGroup",
    "StatusRules",
    "Timeline",
    "TimelineDate",
    "TimelineEntry",
    "TimelineSource",
    "build_cluster",
    "cluster_events",
    "group_sources",
    "installation_timeline",
    "load_rules",
    "matches_installation",
    "name_key",
    "partition_key",
    "rebuild_clusters",
    "timeline_from_store",
    "update_clusters",
]
