"""The store: SQLAlchemy 2 models, Alembic migrations, and the ``Store`` API over them.

``Store(url)`` opens SQLite (default ``./basewatch.db``) or PostgreSQL and migrates it.
Machine output (events, clusters) and human output (reviews) live in separate tables.
"""

from __future__ import annotations

from basewatch.store.convert import event_from_dict, event_id, normalised_content_hash
from basewatch.store.core import REVIEW_STATUSES, EventFilter, Review, Store, StoreError

__all__ = [
    "REVIEW_STATUSES",
    "EventFilter",
    "Review",
    "Store",
    "StoreError",
    "event_from_dict",
    "event_id",
    "normalised_content_hash",
]
