"""Fast aggregates for listings (timeline, installations) over many events.

Building whole events means decoding each row's JSON; for counts and dates the indexed columns
suffice. Review corrections are applied by re-reading only the reviewed events, so the result
equals what ``Store.list_events`` would give.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sqlalchemy as sa

from basewatch.api.installations import EventBrief


def event_briefs(store: Any, event_filter: Any) -> list[EventBrief]:
    """(id, type, modality, day, installation id) of every event matching ``event_filter``."""
    build_query = getattr(store, "_event_query", None)
    if build_query is None or not hasattr(store, "session"):
        return [EventBrief.of(e) for e in store.list_events(event_filter)]
    matching = build_query(event_filter).subquery()
    statement = sa.select(
        matching.c.id,
        matching.c.type,
        matching.c.modality,
        sa.func.coalesce(matching.c.date_start, matching.c.reported_start),
        matching.c.installation_id,
    )
    with store.session() as session:
        rows = session.execute(statement).all()
    corrected: dict[str, EventBrief] = {}
    if event_filter.reviewed is not False:
        reviewed_filter = dataclasses.replace(event_filter, reviewed=event_filter.reviewed or True)
        corrected = {e.id: EventBrief.of(e) for e in store.list_events(reviewed_filter)}
    briefs = []
    for event_id, event_type, modality, day, installation_id in rows:
        machine = EventBrief(event_id, event_type, modality or "completed", day, installation_id)
        briefs.append(corrected.get(event_id) or machine)
    return briefs
