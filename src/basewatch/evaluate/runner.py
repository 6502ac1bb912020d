"""Run the pipeline over a gold set and score it: ``evaluate(gold_dir, texts_dir)``.

For each gold file the document it names is read (beside the gold file or under
``texts_dir``), turned into an :class:`~basewatch.records.Article` by ingest,
passed to the extractor and scored. With ``use_metadata=False`` the gold metadata
is withheld and the publication date is inferred from the text; the report then
says, per document, whether the inferred interval contains the true date.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from basewatch.evaluate.gold import GoldDoc, GoldError, load_gold
from basewatch.evaluate.scoring import Report, score
from basewatch.records import Article, Event, Published

log = logging.getLogger(__name__)

# Issue 6 gate for publication dates inferred without metadata.
PUBLISHED_MAX_WIDTH_DAYS = 366


class EvalError(ValueError):
    """Evaluation cannot run (missing texts, missing pipeline stage); the message says what to do."""


class ExtractionFailed(EvalError):
    """The extractor raised on a document: a bug to report, named with the document."""


class SupportsExtract(Protocol):
    def extract(self, article: Article) -> list[Event]: ...


def find_text(gold: GoldDoc, texts_dir: Path | None) -> Path:
    """The document a gold file names: under ``texts_dir`` first, else beside the gold file."""
    candidates: list[Path] = []
    if texts_dir is not None:
        candidates.append(Path(texts_dir) / gold.doc)
    candidates.append(gold.path.parent / gold.doc)
    for path in candidates:
        if path.is_file():
            return path
    looked = ", ".join(str(p) for p in candidates)
    raise EvalError(f"{gold.path}: document {gold.doc!r} not found (looked at {looked}); pass --texts DIR")


def _fallback_article(path: Path, gold: GoldDoc, use_metadata: bool) -> Article:
    """An Article built here while ``basewatch.ingest.read_document`` is not available."""
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise EvalError(f"{path}: cannot read ({exc.strerror or exc})") from None
    text, blocks, title = raw, [], None
    try:
        from basewatch.clean import clean_text

        cleaned = clean_text(raw)
        text = getattr(cleaned, "text", text)
        blocks = list(getattr(cleaned, "blocks", []) or [])
        title = getattr(cleaned, "title", None)
    except ImportError:
        pass
    article = Article(text=text, doc=gold.doc, title=title, blocks=blocks, raw=raw.encode("utf-8"))
    if use_metadata:
        meta = gold.metadata
        article.url = meta.url
        article.outlet = meta.outlet
        if meta.published is not None:
            article.published = Published(start=meta.published, end=meta.published, source="metadata")
    return article


def load_article(path: Path, gold: GoldDoc, *, use_metadata: bool = True) -> Article:
    """Read one document the way the pipeline does, with or without the gold metadata."""
    try:
        from basewatch.ingest import read_document
    except ImportError:
        read_document = None  # type: ignore[assignment]
    if read_document is None:
        article = _fallback_article(path, gold, use_metadata)
    else:
        metadata = gold.metadata.as_dict() if use_metadata else None
        try:
            result = read_document(path, metadata=metadata)
        except Exception as exc:  # ingest's own error names the file and problem; keep it whole
            raise EvalError(f"{path}: cannot read the document ({exc})") from exc
        # Readers of multi-record formats return a list; a gold file names one article.
        articles = result if isinstance(result, list) else [result]
        if not articles:
            raise EvalError(f"{path}: no article found in the document {gold.doc!r}")
        article = articles[0]
    article.doc = article.doc or gold.doc
    if not use_metadata:
        # Withheld means withheld: nothing from the gold file, and whatever ingest guessed is replaced
        # by the content-based inference so the check below measures it.
        article.published = infer_published_date(article.text)
    return article


def infer_published_date(text: str) -> Published | None:
    """``basewatch.dates.infer_published`` on the text alone (no URL, no metadata)."""
    try:
        from basewatch.dates import infer_published
    except ImportError as exc:
        raise EvalError(
            "--no-metadata needs basewatch.dates.infer_published, which this install lacks"
        ) from exc
    return infer_published(text, url=None)


def published_check(gold: GoldDoc, inferred: Published | None) -> dict[str, Any]:
    """Does the inferred publication interval contain the gold date, and how wide is it."""
    truth = gold.metadata.published
    if inferred is None:
        return {
            "gold": truth.isoformat() if truth else None,
            "inferred": None,
            "contains": False,
            "width_days": None,
        }
    width = (inferred.end - inferred.start).days
    return {
        "gold": truth.isoformat() if truth else None,
        "inferred": inferred.to_dict(),
        "contains": truth is not None and inferred.start <= truth <= inferred.end,
        "width_days": width,
    }


def _published_summary(checks: Sequence[dict[str, Any]]) -> dict[str, Any]:
    judged = [c for c in checks if c["gold"] is not None]
    return {
        "documents": len(judged),
        "contains": sum(1 for c in judged if c["contains"]),
        "within_one_year": sum(
            1 for c in judged if c["width_days"] is not None and c["width_days"] <= PUBLISHED_MAX_WIDTH_DAYS
        ),
        "inferred": sum(1 for c in judged if c["inferred"] is not None),
    }


def _default_extractor() -> SupportsExtract:
    try:
        from basewatch.extract import Extractor
    except ImportError as exc:
        raise EvalError("basewatch.extract.Extractor is not available in this install") from exc
    return Extractor()


def evaluate(
    gold_dir: Path | str,
    texts_dir: Path | str | None = None,
    *,
    use_metadata: bool = True,
    extractor: SupportsExtract | Callable[[Article], list[Event]] | None = None,
    strict_places: bool = False,
) -> Report:
    """Extract events from every document of a gold set and score them (EVENTS.md §5).

    ``extractor`` is an object with ``extract(article)`` or a plain callable; the
    project's :class:`basewatch.extract.Extractor` by default.
    """
    gold = load_gold(gold_dir)
    texts = Path(texts_dir) if texts_dir is not None else None
    if texts is not None and not texts.is_dir():
        raise EvalError(f"{texts}: --texts must be a folder holding the documents the gold files name")
    paths = {g.doc: find_text(g, texts) for g in gold}  # fail early, before the slow part
    engine = extractor if extractor is not None else _default_extractor()
    run: Callable[[Article], list[Event]] = engine.extract if hasattr(engine, "extract") else engine  # type: ignore[assignment, union-attr]

    predicted: dict[str, list[Event]] = {}
    checks: dict[str, dict[str, Any]] = {}
    for g in gold:
        article = load_article(paths[g.doc], g, use_metadata=use_metadata)
        if not use_metadata:
            checks[g.doc] = published_check(g, article.published)
        try:
            events = list(run(article))
        except Exception as exc:  # name the document so the bug can be reproduced on it alone
            raise ExtractionFailed(f"{paths[g.doc]}: extraction failed: {type(exc).__name__}: {exc}") from exc
        for event in events:
            event.doc = event.doc or g.doc
        predicted[g.doc] = events
        log.debug("%s: %d events", g.doc, len(events))

    report = score(predicted, gold, strict_places=strict_places)
    report.settings = {
        "strict_places": strict_places,
        "gold_dir": str(gold_dir),
        "texts_dir": str(texts) if texts else None,
        "use_metadata": use_metadata,
        "evaluated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    if not use_metadata:
        for doc_result in report.docs:
            doc_result.published = checks.get(doc_result.doc)
        report.published = _published_summary(list(checks.values()))
    return report


__all__ = [
    "EvalError",
    "ExtractionFailed",
    "GoldError",
    "evaluate",
    "find_text",
    "load_article",
    "published_check",
]
