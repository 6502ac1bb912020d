"""From paths and URLs to cleaned :class:`Article` records.

``iter_documents`` expands its inputs, reads each in its format, learns boilerplate lines
from the batch, cleans, and yields articles and errors; it never raises for bad input.
``read_document`` reads one file and raises the first problem.
"""

from __future__ import annotations

import glob
import io
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import py3langid

from basewatch import config
from basewatch.clean import (
    LineStatistics,
    canonical_outlet,
    clean_text,
    content_hash,
    outlet_from_text,
    outlet_from_url,
)
from basewatch.ingest.decode import sniff_format, suffix_format
from basewatch.ingest.errors import IngestError
from basewatch.ingest.fetch import Fetcher
from basewatch.ingest.metadata import (
    ARTICLE_FIELDS,
    csv_metadata,
    is_sidecar,
    load_meta_csv,
    load_sidecar,
    url_date,
)
from basewatch.ingest.readers import (
    RawDocument,
    read_feed,
    read_html,
    read_json,
    read_jsonl,
    read_text,
    read_warc,
)
from basewatch.records import Article, Published

log = logging.getLogger(__name__)

# Articles are cleaned in windows: line statistics need a batch, memory needs a bound.
WINDOW = 500
GLOB_CHARS = frozenset("*?[")
# py3langid is sure of a news language well before this many characters.
LANGUAGE_SAMPLE_CHARS = 1500


def default_max_bytes() -> int:
    """The size cap per input (setting ``max_text_bytes``, env BASEWATCH_MAX_TEXT_BYTES)."""
    return int(config.get("max_text_bytes"))


def _parse_published(value: str, source: str) -> Published:
    """Publication date by the dates package (imported late: it loads on first use)."""
    from basewatch.dates import parse_published

    return parse_published(value, source)


def _language(text: str) -> str | None:
    """ISO 639-1 code of the text's language by py3langid, None for empty text."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if not sample.strip():
        return None
    code, _score = py3langid.classify(sample)
    return str(code)


def _published(
    explicit: str | None, page: str | None, url: str | None, meta: dict[str, Any]
) -> Published | None:
    """Publication date: metadata, then the page, then the URL; losers and failures go to ``meta``."""
    candidates = [(explicit, "metadata"), (page, "html"), (url_date(url), "url")]
    chosen: Published | None = None
    for value, source in candidates:
        if not value:
            continue
        try:
            parsed = _parse_published(str(value), source)
        except ValueError as exc:
            meta.setdefault("published_errors", []).append(str(exc))
            continue
        if chosen is None:
            chosen = parsed
        elif source != "url" and (parsed.start, parsed.end) != (chosen.start, chosen.end):
            # The sidecar wins, but a page that disagrees is worth a look.
            meta["published_conflict"] = {"value": str(value), "from": source}
    return chosen


def build_article(
    raw_doc: RawDocument,
    overrides: dict[str, Any] | None = None,
    *,
    boilerplate_lines: set[str] | None = None,
) -> Article:
    """Clean a raw document and fill every Article field; ``overrides`` win over inference."""
    given = {**raw_doc.given, **(overrides or {})}
    meta = {k: v for k, v in given.items() if k not in ARTICLE_FIELDS}
    cleaned = clean_text(
        raw_doc.text,
        title_hint=raw_doc.title_hint,
        boilerplate_lines=boilerplate_lines,
        caption_lines=set(raw_doc.captions) if raw_doc.captions else None,
    )
    if not cleaned.text.strip():
        raise IngestError(raw_doc.doc, None, "nothing is left after removing boilerplate: not an article")
    if cleaned.dropped:
        meta["dropped_lines"] = len(cleaned.dropped)
    url = given.get("url") or raw_doc.url
    outlet = (
        given.get("outlet")
        or outlet_from_url(url)
        or canonical_outlet(raw_doc.sitename)
        or outlet_from_text(raw_doc.text)
        or raw_doc.sitename
    )
    return Article(
        text=cleaned.text,
        doc=raw_doc.doc,
        url=url,
        outlet=outlet,
        title=given.get("title") or cleaned.title,
        author=given.get("author") or raw_doc.author or cleaned.byline,
        language=given.get("language") or _language(cleaned.text),
        published=_published(given.get("published"), raw_doc.page_published, url, meta),
        blocks=cleaned.blocks,
        content_hash=content_hash(cleaned.text, cleaned.blocks),
        raw=raw_doc.raw,
        raw_format=raw_doc.raw_format,
        offset_map=cleaned.offset_map,
        meta=meta,
    )


# --------------------------------------------------------------------------- reading inputs


def _read_bytes(
    data: bytes,
    name: str,
    max_bytes: int,
    *,
    url: str | None = None,
    content_type: str | None = None,
    charset: str | None = None,
) -> Iterator[RawDocument | IngestError]:
    """Raw documents of one input's bytes, in whatever format it is."""
    fmt = sniff_format(data, name, content_type)
    try:
        if fmt == "jsonl":
            yield from read_jsonl(io.BytesIO(data), name, max_bytes)
        elif fmt == "json":
            yield from read_json(data, name)
        elif fmt == "warc":
            yield from read_warc(io.BytesIO(data), name, max_bytes)
        elif fmt == "feed":
            yield from read_feed(data, name)
        elif fmt == "html":
            yield read_html(data, name, url=url, raw_format="url" if url else "html", charset=charset)
        else:
            raw_doc = read_text(data, name, charset=charset)
            if url:
                raw_doc.url, raw_doc.raw_format = url, "url"
            yield raw_doc
    except IngestError as exc:
        yield exc


def _read_file(path: Path, name: str, max_bytes: int) -> Iterator[RawDocument | IngestError]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield IngestError(name, None, f"cannot read: {exc.strerror}")
        return
    fmt = suffix_format(path.name)
    if fmt in ("jsonl", "warc"):
        # Containers are streamed: the cap applies to each record, not to the file.
        try:
            with path.open("rb") as stream:
                reader = read_jsonl if fmt == "jsonl" else read_warc
                yield from reader(stream, name, max_bytes)  # type: ignore[arg-type]
        except OSError as exc:
            yield IngestError(name, None, f"cannot read: {exc.strerror}")
        return
    if size > max_bytes:
        yield IngestError(
            name,
            None,
            f"file is {size} bytes, over the {max_bytes}-byte cap: split it, or raise the cap "
            "(BASEWATCH_MAX_TEXT_BYTES)",
        )
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(name, None, f"cannot read: {exc.strerror}")
        return
    yield from _read_bytes(data, name, max_bytes)


def expand_inputs(paths: Iterable[str]) -> Iterator[str | Path | IngestError]:
    """Files, folders (recursive), globs, ``-`` and URLs -> ``Path``s, URLs (str) and errors."""
    for item in paths:
        text = str(item)
        if text == "-" or text.lower().startswith(("http://", "https://")):
            yield text
            continue
        if "://" in text:
            yield IngestError(
                text, None, "only http and https URLs can be fetched; download other URLs first"
            )
            continue
        path = Path(text).expanduser()
        if path.is_dir():
            # Only files whose suffix names an article format: READMEs and scripts are skipped.
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = found.relative_to(path)
                if any(part.startswith(".") for part in relative.parts) or is_sidecar(found):
                    continue
                if suffix_format(found.name) is None:
                    continue
                yield found
        elif path.is_file():
            if is_sidecar(path):
                continue
            yield path
        elif GLOB_CHARS & set(text):
            matches = sorted(Path(m) for m in glob.glob(os.path.expanduser(text), recursive=True))
            files = [m for m in matches if m.is_file() and not is_sidecar(m)]
            if not files:
                yield IngestError(text, None, "no file matches this pattern")
            yield from files
        else:
            yield IngestError(text, None, "no such file or folder (check the path)")


def _read_input(
    item: str | Path, fetcher: Fetcher, max_bytes: int, csv_table: dict[str, dict[str, Any]]
) -> Iterator[tuple[RawDocument, dict[str, Any]] | IngestError]:
    """Raw documents of one input, each with the metadata overrides that apply to it."""
    if isinstance(item, Path):
        try:
            overrides = {**load_sidecar(item), **csv_metadata(csv_table, item)}
        except IngestError as exc:
            yield exc
            return
        name = item.name
        for result in _read_file(item, name, max_bytes):
            yield result if isinstance(result, IngestError) else (result, overrides)
        return
    if item == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            yield IngestError("-", None, f"standard input is over the {max_bytes}-byte cap")
            return
        for result in _read_bytes(data, "-", max_bytes):
            yield result if isinstance(result, IngestError) else (result, csv_metadata(csv_table, "-"))
        return
    try:
        fetched = fetcher.fetch(item)
    except IngestError as exc:
        yield exc
        return
    for result in _read_bytes(
        fetched.body,
        fetched.url,
        max_bytes,
        url=fetched.url,
        content_type=fetched.content_type,
        charset=fetched.charset,
    ):
        yield result if isinstance(result, IngestError) else (result, csv_metadata(csv_table, item))


def _guarded(
    results: Iterator[tuple[RawDocument, dict[str, Any]] | IngestError], name: str
) -> Iterator[tuple[RawDocument, dict[str, Any]] | IngestError]:
    """Pass results through; a reader's unexpected crash becomes an error for that input only."""
    try:
        yield from results
    except Exception as exc:  # a library bug on hostile input must not stop the batch
        log.debug("reading %s failed", name, exc_info=True)
        yield IngestError(name, None, f"internal error while reading ({exc!r}); please report it")


def _finish_window(
    window: list[tuple[RawDocument, dict[str, Any]]], statistics: LineStatistics
) -> Iterator[Article | IngestError]:
    boilerplate = statistics.boilerplate()
    for raw_doc, overrides in window:
        try:
            yield build_article(raw_doc, overrides, boilerplate_lines=boilerplate)
        except IngestError as exc:
            yield exc
        except Exception as exc:  # a cleaning bug must not stop the batch; report it with the file
            log.debug("cleaning failed for %s", raw_doc.doc, exc_info=True)
            yield IngestError(raw_doc.doc, None, f"internal error while cleaning ({exc!r}); please report it")
    window.clear()


def iter_documents(
    paths: Iterable[str] | str,
    *,
    meta_csv: str | None = None,
    allow_private: bool = False,
    max_bytes: int | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | IngestError]:
    """Cleaned articles (and errors) from files, folders, globs, ``-`` (stdin) and URLs.

    Never raises for bad input: each failure is an :class:`IngestError` and the batch goes on.
    Lines recurring across the documents of the batch are dropped as boilerplate.
    """
    if isinstance(paths, (str, Path)):
        paths = [str(paths)]  # one path given bare, not a list of its characters
    cap = max_bytes or default_max_bytes()
    csv_table: dict[str, dict[str, Any]] = {}
    if meta_csv:
        try:
            csv_table = load_meta_csv(meta_csv)
        except IngestError as exc:
            yield exc
    owns_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(allow_private=allow_private, max_bytes=cap)
    statistics = LineStatistics()
    window: list[tuple[RawDocument, dict[str, Any]]] = []
    try:
        for item in expand_inputs(paths):
            if isinstance(item, IngestError):
                yield item
                continue
            for result in _guarded(_read_input(item, fetcher, cap, csv_table), str(item)):
                if isinstance(result, IngestError):
                    yield result
                    continue
                window.append(result)
                statistics.add(result[0].text)
                if len(window) >= WINDOW:
                    yield from _finish_window(window, statistics)
        yield from _finish_window(window, statistics)
    finally:
        if owns_fetcher:
            fetcher.close()


def read_document(
    path: str | Path, metadata: dict[str, Any] | None = None, *, max_bytes: int | None = None
) -> list[Article]:
    """Articles of one file (one, or many for JSONL/WARC/feeds); ``metadata`` wins over all else.

    Raises :class:`IngestError` on the first problem.
    """
    file_path = Path(path)
    if not file_path.is_file():
        reason = "is a folder: use iter_documents for folders" if file_path.is_dir() else "no such file"
        raise IngestError(str(path), None, reason)
    overrides = {
        **load_sidecar(file_path),
        **{k: v for k, v in (metadata or {}).items() if v not in (None, "")},
    }
    if "published" in overrides and hasattr(overrides["published"], "isoformat"):
        overrides["published"] = overrides["published"].isoformat()
    articles: list[Article] = []
    for result in _read_file(file_path, file_path.name, max_bytes or default_max_bytes()):
        if isinstance(result, IngestError):
            raise result
        articles.append(build_article(result, overrides))
    return articles
