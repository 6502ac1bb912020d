"""REST API over the store (FastAPI): events, installations, articles, clusters, exports, reviews.

``create_app(db_url, token=...)`` builds the application; ``basewatch serve`` runs it with uvicorn.
"""

from __future__ import annotations

from basewatch.api.app import create_app

__all__ = ["create_app"]
