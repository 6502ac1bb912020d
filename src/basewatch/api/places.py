"""Resolve a reviewer's corrected place name with the offline gazetteer (``basewatch.places``)."""

from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger(__name__)
_lock = threading.Lock()


def _resolver(app: Any) -> Any:
    """The app's ``PlaceResolver``, built on first use (loading the gazetteer takes a moment)."""
    with _lock:
        resolver = getattr(app.state, "place_resolver", None)
        if resolver is None:
            from basewatch.places import PlaceResolver

            resolver = PlaceResolver()
            app.state.place_resolver = resolver
        return resolver


def resolve_place(app: Any, name: str, current: Any = None) -> dict[str, Any] | str:
    """The place as a dict with coordinates when the gazetteer knows it, else the bare name."""
    countries = [current.country] if current is not None and getattr(current, "country", None) else None
    try:
        place = _resolver(app).resolve(name, context_countries=countries)
    except Exception:  # a missing or broken gazetteer must not block a review
        log.warning("could not resolve corrected place %r; stored as a name only", name, exc_info=True)
        return name
    if not place.resolved or place.lat is None or place.lon is None:
        return name
    data: dict[str, Any] = place.to_dict()
    data["text"] = name
    return data
