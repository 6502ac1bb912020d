"""/api/installations and /api/clusters: derived views over the events."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

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
    rows = summarize_installations(store.list_events(make_event_filter(filters)))
    return {"total": len(rows), "items": rows}


@router.get("/installations/{installation_id}")
def get_installation(installation_id: str, store: Annotated[Any, Depends(get_store)]) -> dict[str, Any]:
    """One installation: status timeline and claims side by side with their sources."""
    events = store.list_events(make_event_filter({"installation": installation_id}))
    detail = installation_detail(installation_id, events)
    if detail is None:
        raise not_found("installation", installation_id)
    detail["cluster_timeline"] = _cluster_timeline(detail["installation"], events)
    return detail


def _cluster_timeline(installation: dict[str, Any], events: list[Any]) -> Any:
    """``basewatch.cluster.installation_timeline`` when that module provides it, else None."""
    try:
        from basewatch.cluster import installation_timeline
    except ImportError:
        return None
    from basewatch.records import Installation

    try:
        timeline = installation_timeline(Installation(**installation), events)
        return jsonable(timeline.to_dict()) if hasattr(timeline, "to_dict") else None
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
