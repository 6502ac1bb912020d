"""/api/articles: full-text search, listing, one article with its blocks and events."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from basewatch.api.errors import not_found
from basewatch.api.filters import make_event_filter
from basewatch.api.routes.deps import get_store
from basewatch.api.serialize import article_dict, event_dict

router = APIRouter(prefix="/api", tags=["articles"])


@router.get("/articles")
def list_articles(
    store: Annotated[Any, Depends(get_store)],
    q: Annotated[str | None, Query(description="Full-text query (FTS5 / tsvector).", max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Search articles by text (with a snippet each), or list them when ``q`` is empty."""
    if q and q.strip():
        hits = store.search_articles(q.strip(), limit=limit)
        items = [{**article_dict(a, with_text=False), "snippet": snippet} for a, snippet in hits]
        return {"query": q, "limit": limit, "offset": 0, "items": items}
    articles = store.list_articles(limit=limit, offset=offset)
    items = [article_dict(a, with_text=False) for a in articles]
    return {"query": None, "limit": limit, "offset": offset, "items": items}


@router.get("/articles/{article_id}")
def get_article(article_id: str, store: Annotated[Any, Depends(get_store)]) -> dict[str, Any]:
    """The cleaned text, its blocks (title, body, caption), metadata, and the events read from it."""
    article = store.get_article(article_id)
    if article is None:
        raise not_found("article", article_id)
    data = article_dict(article)
    events = store.list_events(make_event_filter({"article_id": article_id}))
    data["events"] = [event_dict(e) for e in events]
    return data
