"""JSON shapes the API returns: events as ``Event.to_dict()`` (the export schema), articles, reviews."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from basewatch.records import Article, Event


def jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return None
    return value


def event_dict(event: Event) -> dict[str, Any]:
    """The stable event record (same keys as the JSONL export)."""
    return event.to_dict()


def article_dict(article: Article, *, with_text: bool = True) -> dict[str, Any]:
    """Article metadata, blocks (captions marked) and, optionally, the cleaned text. Never the raw bytes."""
    data: dict[str, Any] = {**article.summary(), "meta": jsonable(article.meta)}
    if with_text:
        data["text"] = article.text
        data["blocks"] = [block.to_dict() for block in article.blocks]
    return data


def review_dict(review: Any) -> dict[str, Any]:
    """A stored review (who, when, what) as JSON, whatever record type the store returns."""
    if dataclasses.is_dataclass(review) and not isinstance(review, type):
        data = dataclasses.asdict(review)
    elif hasattr(review, "to_dict"):
        data = review.to_dict()
    else:
        data = dict(review)
    return jsonable(data)
