"""/api/events: listing with filters and pagination, one event with its reviews, reviews, timeline."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from basewatch.api.aggregate import event_briefs
from basewatch.api.errors import ApiError, not_found
from basewatch.api.filters import event_filter_params, make_event_filter
from basewatch.api.places import resolve_place
from basewatch.api.routes.deps import get_store, require_token
from basewatch.api.schemas import ReviewIn
from basewatch.api.serialize import event_dict, review_dict

router = APIRouter(prefix="/api", tags=["events"])

MAX_LIMIT = 5000
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (at most {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip.")]


@router.get("/events")
def list_events(
    filters: Annotated[dict[str, Any], Depends(event_filter_params)],
    store: Annotated[Any, Depends(get_store)],
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events matching the filters, newest first as the store orders them, with the total count."""
    event_filter = make_event_filter(filters)
    events = store.list_events(event_filter, limit=limit, offset=offset)
    return {
        "total": store.count_events(event_filter),
        "limit": limit,
        "offset": offset,
        "items": [event_dict(e) for e in events],
    }


@router.get("/events/{event_id}")
def get_event(event_id: str, store: Annotated[Any, Depends(get_store)]) -> dict[str, Any]:
    """One event (export schema) plus ``reviews``: every review of it, with who and when."""
    event = store.get_event(event_id)
    if event is None:
        raise not_found("event", event_id)
    data = event_dict(event)
    data["reviews"] = [review_dict(r) for r in _reviews_of(store, event)]
    return data


def _reviews_of(store: Any, event: Any) -> list[Any]:
    """Reviews written against this event id, plus orphans that re-attach to it.

    After re-cleaning moves evidence offsets, the event id changes and the store re-attaches the
    review to the event of the same article and type whose evidence overlaps it (so the event shows
    as reviewed); list those reviews here too, so "who and when" stays visible.
    """
    reviews = []
    for review in store.list_reviews():
        if review.event_id == event.id or _reattaches(store, review, event):
            reviews.append(review)
    return reviews


@router.post("/events/{event_id}/review", status_code=201, dependencies=[Depends(require_token)])
def review_event(
    event_id: str, review: ReviewIn, request: Request, store: Annotated[Any, Depends(get_store)]
) -> dict[str, Any]:
    """Accept, reject or correct an event. Needs ``Authorization: Bearer <BASEWATCH_TOKEN>``.

    A corrected place name is resolved with the offline gazetteer (near the event's country) so the
    event moves on the map; when it cannot be resolved it is stored as a name without coordinates.
    """
    event = store.get_event(event_id)
    if event is None:
        raise not_found("event", event_id)
    from basewatch.store import StoreError

    corrections = review.corrections.to_store() if review.corrections else None
    if corrections and isinstance(corrections.get("place"), str):
        corrections["place"] = resolve_place(request.app, corrections["place"], event.location)
    if review.status == "corrected" and not corrections:
        raise ApiError(400, "status 'corrected' needs at least one field in 'corrections'")
    try:
        stored = store.add_review(
            event_id, review.status, corrections=corrections, note=review.note, reviewer=review.reviewer
        )
    except StoreError as exc:
        raise ApiError(400, str(exc)) from None
    return review_dict(stored)


@router.get("/reviews")
def list_reviews(
    store: Annotated[Any, Depends(get_store)],
    event_id: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """All reviews (or one event's), with reviewer and time."""
    reviews = store.list_reviews(event_id=event_id)
    return {"total": len(reviews), "items": [review_dict(r) for r in reviews]}


@router.get("/timeline")
def timeline(
    filters: Annotated[dict[str, Any], Depends(event_filter_params)],
    store: Annotated[Any, Depends(get_store)],
) -> dict[str, Any]:
    """Event counts per month (by when it happened, else when reported) and type, for the chart."""
    briefs = event_briefs(store, make_event_filter(filters))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    undated = 0
    for brief in briefs:
        if brief.day is None:
            undated += 1
            continue
        counts[brief.day.strftime("%Y-%m")][brief.type] += 1
    buckets = [
        {"month": month, "total": sum(by_type.values()), "by_type": dict(sorted(by_type.items()))}
        for month, by_type in sorted(counts.items())
    ]
    return {"buckets": buckets, "undated": undated, "total": len(briefs)}


def _reattaches(store: Any, review: Any, event: Any) -> bool:
    """An orphan review (its event id is gone) of the same article and type, overlapping this evidence."""
    if review.article_id != event.article_id or review.event_type != event.type or event.evidence is None:
        return False
    if review.evidence_start is None or review.evidence_end is None:
        return False
    overlap = min(review.evidence_end, event.evidence.end) - max(review.evidence_start, event.evidence.start)
    return overlap > 0 and store.get_event(review.event_id) is None
