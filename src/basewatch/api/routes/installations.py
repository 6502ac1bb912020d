"""/api/installations and /api/clusters: derived views over the events."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from basewatch.api.aggregate import event_briefs
from basewatch.api.errors import not_found
from basewatch.api.filters import event_filter_params, make_event_filter
from basewatch.api.installations import installation_detail, summarize_installations
from basewatch.api.routes.deps import get_store
from basewatch.api.serialize import event_dict, jsonable

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["installations"])


@router.get("/installations")
def list_installations(
    filters: Annotated[dict[str, Any], Depends(event_filter_params)],
    store: Annotated[Any, Depends(get_store)],
) -> dict[str, Any]:
    """Installations that events of the filter mention: place, counts, first/last date, latest status."""
    briefs = event_briefs(store, make_event_filter(filters))

    def installation_of(event_id: str) -> Any:
        event = store.get_event(event_id)
        return event.installation if event is not None else None

    rows = summarize_installations(briefs, installation_of)
    return {"total": len(rows), "items": rows}


# The clustered timeline compares entries pairwise; past this many events it is skipped (filter by date).
CLUSTER_TIMELINE_MAX_EVENTS = 400


@router.get("/installations/{installation_id}")
def get_installation(
    installation_id: str,
    store: Annotated[Any, Depends(get_store)],
    date_from: Annotated[str | None, Query(description="Only events from this day (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, Query(description="Only events up to this day (YYYY-MM-DD).")] = None,
) -> dict[str, Any]:
    """One installation: status timeline, claims side by side with their sources, and (when
    ``basewatch.cluster`` is available) the clustered timeline with contradictions flagged."""
    values = event_filter_params(date_from=date_from, date_to=date_to, installation=installation_id)
    events = store.list_events(make_event_filter(values))
    detail = installation_detail(installation_id, events)
    if detail is None:
        raise not_found("installation", installation_id)
    detail["cluster_timeline"] = None
    detail["cluster_timeline_note"] = None
    if len(events) > CLUSTER_TIMELINE_MAX_EVENTS:
        detail["cluster_timeline_note"] = (
            f"{len(events)} events: too many for the clustered timeline; narrow with date_from/date_to"
        )
    else:
        published = _published_dates(store, events)
        detail["cluster_timeline"] = _cluster_timeline(detail["installation"], events, published)
    return detail


def _published_dates(store: Any, events: list[Any]) -> dict[str, Any]:
    """Article id -> publication date, so the clustered timeline can place undated reports."""
    dates: dict[str, Any] = {}
    for article_id in {e.article_id for e in events if e.article_id}:
        article = store.get_article(article_id)
        if article is not None and article.published is not None:
            dates[article_id] = article.published
    return dates


def _cluster_timeline(installation: dict[str, Any], events: list[Any], published: dict[str, Any]) -> Any:
    """``basewatch.cluster.installation_timeline`` as JSON, or None when unavailable or failing."""
    try:
        from basewatch.cluster import installation_timeline
    except ImportError:
        return None
    from basewatch.records import Installation

    try:
        timeline = installation_timeline(Installation(**installation), events, published=published)
        return jsonable(timeline.to_dict())
    except Exception:  # the derived timeline above still answers; log and carry on
        log.exception("installation_timeline failed for %s", installation.get("id"))
        return None


@router.get("/clusters")
def list_clusters(
    store: Annotated[Any, Depends(get_store)],
    type: Annotated[str | None, Query(description="Only clusters of this event type.", max_length=48)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    with_events: Annotated[bool, Query(description="Embed the member events.")] = False,
) -> dict[str, Any]:
    """Canonical events (one happening told by several articles), as stored by ``basewatch cluster``."""
    clusters = [jsonable(c) for c in store.list_clusters(type=type or None, limit=limit)]
    if with_events:
        for cluster in clusters:
            members = [store.get_event(m["event_id"]) for m in cluster.get("members", [])]
            cluster["events"] = [event_dict(e) for e in members if e is not None]
    return {"total": len(clusters), "items": clusters}
