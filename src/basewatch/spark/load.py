"""``basewatch load-parquet``: bring the Spark job's Parquet output into SQLite or PostgreSQL."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from basewatch.records import Article, Block, Published
from basewatch.store import Store
from basewatch.store.convert import event_from_dict


class LoadError(Exception):
    """The folder is not the output of ``basewatch spark``."""


def article_from_json(text: str) -> Article:
    """Rebuild an Article from the ``article_json`` column."""
    data: dict[str, Any] = json.loads(text)
    pub = data.get("published")
    published = None
    if pub:
        import datetime as dt

        published = Published(
            start=dt.date.fromisoformat(pub["start"]),
            end=dt.date.fromisoformat(pub["end"]),
            inferred=bool(pub.get("inferred")),
            confidence=float(pub.get("confidence", 1.0)),
            source=pub.get("from") or pub.get("source") or "metadata",
        )
    return Article(
        text=data["text"],
        doc=data.get("doc") or "",
        id=data.get("id"),
        url=data.get("url"),
        outlet=data.get("outlet"),
        title=data.get("title"),
        author=data.get("author"),
        language=data.get("language"),
        published=published,
        blocks=[Block(kind=b["kind"], start=b["start"], end=b["end"]) for b in data.get("blocks", [])],
        content_hash=data.get("content_hash") or "",
        raw_format=data.get("raw_format") or "text",
        offset_map=[tuple(run) for run in data.get("offset_map", [])],  # type: ignore[misc]
        meta=data.get("meta") or {},
    )


def _table(folder: Path, columns: list[str]) -> list[dict[str, Any]]:
    if not folder.is_dir():
        raise LoadError(f"{folder}: missing; give the --out folder of a finished `basewatch spark` run")
    dataset = ds.dataset(str(folder), format="parquet", partitioning="hive")
    return dataset.to_table(columns=columns).to_pylist()


def load_parquet(out_dir: str | Path, store: Store) -> dict[str, int]:
    """Load ``DIR/articles`` and ``DIR/events`` into the store; returns counts. Idempotent."""
    root = Path(out_dir)
    articles = _table(root / "articles", ["article_id", "article_json"])
    events = _table(root / "events", ["article_id", "event_json", "seq"])
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in events:
        by_article[row["article_id"]].append(row)
    stored = duplicates = n_events = 0
    for row in sorted(articles, key=lambda r: r["article_id"]):
        article = article_from_json(row["article_json"])
        article_id, created = store.add_article(article)
        stored += created
        duplicates += not created
        ev_rows = sorted(by_article.get(row["article_id"], []), key=lambda r: r["seq"])
        evs = [event_from_dict(json.loads(r["event_json"])) for r in ev_rows]
        n_events += len(store.replace_events(article_id, evs, extractor_version="spark"))
    return {"stored": stored, "duplicates": duplicates, "events": n_events}
