"""/api/config and /api/health: what the dashboard needs to know about this server."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from basewatch.records import EVENT_TYPES, MODALITIES

router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/config")
def config(request: Request) -> dict[str, Any]:
    """Read-only or not, optional tile URL, and the vocabularies for the filter menus."""
    state = request.app.state
    return {
        "read_only": not state.token,
        "tiles_url": state.tiles_url,
        "tiles_attribution": state.tiles_attribution,
        "types": list(EVENT_TYPES),
        "modalities": list(MODALITIES),
    }


@router.get("/health")
def health(request: Request) -> dict[str, Any]:
    """Liveness and the number of events in the store."""
    return {"ok": True, "events": request.app.state.store.count_events(None)}
