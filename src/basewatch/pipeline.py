"""The main job in one call: ingest articles, extract their events, store both.

``ingest`` stores articles; ``run`` also extracts events from every newly stored
article (and from stored articles whose extraction never finished); ``reextract``
recomputes the machine output of stored articles and never touches reviews.
Each article is committed on its own, so an interrupted run loses nothing
committed and the next run picks up the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from basewatch import __version__
from basewatch.dates import infer_published
from basewatch.ingest import iter_documents
from basewatch.records import Article, Event
from basewatch.store import Store

log = logging.getLogger(__name__)

# Called once per input handled with (label, outcome); outcome: stored|duplicate|failed|extracted.
ProgressCallback = Callable[[str, str], None]


class EventExtractor(Protocol):
    """What the pipeline needs from an extractor (``basewatch.extract.Extractor`` fits)."""

    def extract(self, article: Article) -> list[Event]: ...


class PipelineError(Exception):
    """A problem that stops the whole run (for instance no extractor available)."""


@dataclass
class RunSummary:
    """What a run did: articles stored and skipped, failures with file and line, events written."""

    stored: int = 0
    duplicates: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    events: int = 0
    extracted: int = 0
    article_ids: list[str] = field(default_factory=list)  # newly stored articles
    extracted_ids: list[str] = field(default_factory=list)  # articles whose events were (re)computed
    clusters: dict[str, int] = field(default_factory=dict)  # what the clustering update did

    def to_dict(self) -> dict[str, Any]:
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "extracted": self.extracted,
            "events": self.events,
            "article_ids": self.article_ids,
            "clusters": self.clusters,
        }

    @property
    def ok(self) -> bool:
        return not self.failed


def _failure(item: Any) -> dict[str, Any]:
    """``{"path", "line", "error"}`` from an ingest error object (any shape with those attributes)."""
    if hasattr(item, "to_dict"):
        data = dict(item.to_dict())
    elif isinstance(item, dict):
        data = dict(item)
    else:
        data = {}
    path = data.get("path", getattr(item, "path", None) or getattr(item, "source", None))
    line = data.get("line", getattr(item, "line", None))
    error = data.get("error") or getattr(item, "error", None) or getattr(item, "message", None) or str(item)
    return {"path": str(path) if path is not None else None, "line": line, "error": str(error)}


def _iter_inputs(
    paths: Iterable[str | Path], meta_csv: str | Path | None, allow_private: bool
) -> Iterator[Article | Any]:
    kwargs: dict[str, Any] = {"allow_private": allow_private}
    if meta_csv is not None:
        kwargs["meta_csv"] = str(meta_csv)
    yield from iter_documents([str(p) for p in paths], **kwargs)


def fill_published(article: Article) -> None:
    """Infer the publication date from the text and URL when no page or sidecar gave one."""
    if article.published is not None:
        return
    try:
        article.published = infer_published(article.text, url=article.url)
    except Exception as exc:  # a date heuristic must never stop a batch
        log.warning("publication date inference failed for %s: %s", article.doc or article.url, exc)


def store_articles(
    items: Iterable[Article | Any],
    store: Store,
    *,
    progress: ProgressCallback | None = None,
    extract: Callable[[Article], tuple[list[Event], str] | None] | None = None,
) -> RunSummary:
    """Store Articles (anything else counts as a failure).

    With ``extract``, each new article's events (or None when extraction failed) are computed first
    and stored with the article in one transaction.
    """
    summary = RunSummary()
    for item in items:
        if not isinstance(item, Article):
            failure = _failure(item)
            summary.failed.append(failure)
            if progress:
                progress(failure["path"] or "?", "failed")
            continue
        label = item.doc or item.url or "?"
        try:
            fill_published(item)
            extracted = None
            if extract is not None and store.find_duplicate(item) is None:
                extracted = extract(item)
            if extracted is None:
                _article_id, created = store.add_article(item)
            else:
                events, version = extracted
                _article_id, created = store.add_article(item, events, extractor_version=version)
                if created:
                    summary.extracted += 1
                    summary.events += len(events)
                    summary.extracted_ids.append(item.id or "")
        except Exception as exc:  # one bad article never stops the batch
            log.debug("storing %s failed", label, exc_info=True)
            summary.failed.append(
                {"path": label, "line": item.meta.get("line"), "error": f"not stored: {exc}"}
            )
            if progress:
                progress(label, "failed")
            continue
        if created:
            summary.stored += 1
            summary.article_ids.append(item.id or "")
        else:
            summary.duplicates += 1
        if progress:
            progress(label, "stored" if created else "duplicate")
    return summary


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    meta_csv: str | Path | None = None,
    allow_private: bool = False,
    progress: ProgressCallback | None = None,
) -> RunSummary:
    """Read every input (files, folders, globs, URLs) and store each article once."""
    return store_articles(_iter_inputs(paths, meta_csv, allow_private), store, progress=progress)


def load_extractor(model: str | None = None) -> EventExtractor:
    """The default extractor (``basewatch.extract.Extractor``), imported lazily (it loads NLP models)."""
    from basewatch.extract import Extractor  # imported here: spaCy is heavy and not every command needs it

    try:
        return Extractor(model=model)
    except Exception as exc:  # a missing model or a broken lexicon file: say so, no traceback
        raise PipelineError(f"the extractor could not start: {exc}") from exc


def _extractor_version(extractor: EventExtractor) -> str:
    version = getattr(extractor, "version", None)
    if version:
        return str(version)
    return f"{type(extractor).__name__}/{__version__}"


def extract_article(
    article: Article, store: Store, extractor: EventExtractor, summary: RunSummary, version: str
) -> None:
    """Extract and store the events of one stored article; a failure is recorded, not raised."""
    label = article.doc or article.url or article.id or "?"
    try:
        events = extractor.extract(article)
        ids = store.replace_events(article.id or "", events, extractor_version=version)
    except Exception as exc:  # one article's extraction failure never stops the batch
        log.debug("extraction of %s failed", label, exc_info=True)
        summary.failed.append({"path": label, "line": None, "error": f"extraction failed: {exc}"})
        return
    summary.extracted += 1
    summary.events += len(ids)
    summary.extracted_ids.append(article.id or "")


def run(
    paths: Iterable[str | Path],
    store: Store,
    *,
    extractor: EventExtractor | None = None,
    model: str | None = None,
    meta_csv: str | Path | None = None,
    allow_private: bool = False,
    progress: ProgressCallback | None = None,
) -> RunSummary:
    """Ingest the inputs and extract events from each new article (and from any never extracted).

    A new article and its events are committed together; an article whose extraction failed is
    stored without events and retried by the next run.
    """
    extractor = extractor or load_extractor(model)
    version = _extractor_version(extractor)
    failures: list[dict[str, Any]] = []
    failed_articles: list[Article] = []

    def extract(article: Article) -> tuple[list[Event], str] | None:
        label = article.doc or article.url or "?"
        try:
            events = extractor.extract(article)
        except Exception as exc:  # one article's extraction failure never stops the batch
            log.debug("extraction of %s failed", label, exc_info=True)
            failures.append({"path": label, "line": None, "error": f"extraction failed: {exc}"})
            failed_articles.append(article)
            return None
        if progress:
            progress(label, "extracted")
        return events, version

    summary = store_articles(
        _iter_inputs(paths, meta_csv, allow_private), store, progress=progress, extract=extract
    )
    summary.failed.extend(failures)
    # Articles stored by an earlier, interrupted run (or by `ingest`) that were never extracted.
    tried = {a.id for a in failed_articles}
    pending = [i for i in store.article_ids(unextracted_only=True) if i not in tried]
    for article in store.iter_articles(pending):
        extract_article(article, store, extractor, summary, version)
        if progress:
            progress(article.doc or article.url or "?", "extracted")
    update_clusters(store, summary)
    return summary


def update_clusters(store: Store, summary: RunSummary) -> None:
    """Merge the events of the articles just extracted into the canonical events (incremental)."""
    if not summary.extracted_ids:
        return
    from basewatch.cluster import update_clusters as update

    try:
        summary.clusters = update(store, summary.extracted_ids).to_dict()
    except Exception as exc:  # clusters can be rebuilt later (`basewatch clusters --refresh`)
        log.warning("clustering update failed: %s", exc)
        summary.failed.append({"path": None, "line": None, "error": f"clustering update failed: {exc}"})


def reextract(
    store: Store,
    extractor: EventExtractor | None = None,
    article_ids: Iterable[str] | None = None,
    *,
    model: str | None = None,
    progress: ProgressCallback | None = None,
) -> RunSummary:
    """Recompute the machine output of stored articles (all, or the given ids); reviews stay."""
    extractor = extractor or load_extractor(model)
    version = _extractor_version(extractor)
    summary = RunSummary()
    wanted = list(article_ids) if article_ids is not None else None
    if wanted is not None:
        known = set(store.article_ids())
        for missing in [i for i in wanted if i not in known]:
            summary.failed.append({"path": missing, "line": None, "error": "no such article id in the store"})
        wanted = [i for i in wanted if i in known]
    for article in store.iter_articles(wanted):
        extract_article(article, store, extractor, summary, version)
        if progress:
            progress(article.doc or article.url or article.id or "?", "extracted")
    update_clusters(store, summary)
    return summary


__all__ = [
    "EventExtractor",
    "PipelineError",
    "ProgressCallback",
    "RunSummary",
    "extract_article",
    "fill_published",
    "ingest",
    "load_extractor",
    "reextract",
    "run",
    "store_articles",
]
