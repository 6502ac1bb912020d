"""One reader per input format: bytes in, raw documents (or errors) out.

A raw document is the decoded article text before cleaning, with what its container says
about it (URL, title, date, site name, author, captions). Readers never raise for bad input
inside a container: a broken JSONL line or a truncated WARC record becomes an IngestError and
the reader goes on (JSONL) or stops keeping what it read (WARC).
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from basewatch.clean import canonical_outlet
from basewatch.ingest.decode import binary_kind, decode_bytes, html_charset, sniff_format
from basewatch.ingest.errors import IngestError
from basewatch.ingest.html import extract_html, fragment_to_text
from basewatch.ingest.metadata import ARTICLE_FIELDS, clean_metadata


@dataclass
class RawDocument:
    """A decoded article before cleaning, with the metadata its source carried."""

    text: str
    doc: str
    raw: bytes
    raw_format: str
    url: str | None = None
    title_hint: str | None = None  # page title: found in (or put in front of) the text
    sitename: str | None = None
    author: str | None = None
    page_published: str | None = None  # date the page itself states ("html")
    captions: list[str] = field(default_factory=list)
    # Explicit metadata carried by the container (a JSONL line, a feed entry): wins over inference.
    given: dict[str, Any] = field(default_factory=dict)


def read_text(data: bytes, doc: str, *, charset: str | None = None) -> RawDocument:
    """A plain text article."""
    return RawDocument(text=decode_bytes(data, doc, declared=charset), doc=doc, raw=data, raw_format="text")


def read_html(
    data: bytes, doc: str, *, url: str | None = None, raw_format: str = "html", charset: str | None = None
) -> RawDocument:
    """An HTML page: main text and metadata by trafilatura, captions by lxml."""
    html = decode_bytes(data, doc, declared=charset or html_charset(data))
    content = extract_html(html, url=url)
    if content is None:
        raise IngestError(
            doc,
            None,
            "no article text found in this HTML page: is it a full article page (not an index or a form)?",
        )
    return RawDocument(
        text=content.text,
        doc=doc,
        raw=data,
        raw_format=raw_format,
        url=url or content.url,
        title_hint=strip_site_suffix(content.title, content.sitename),
        sitename=content.sitename,
        author=content.author,
        page_published=content.published,
        captions=content.captions,
    )


def strip_site_suffix(title: str | None, sitename: str | None) -> str | None:
    """A page title without its site suffix: "Headline | Outlet" -> "Headline"."""
    if not title:
        return title
    for separator in (" | ", " - ", " – ", " — ", " :: ", " » "):
        head, found, tail = title.rpartition(separator)
        if not found or not head.strip():
            continue
        tail_key = tail.strip().casefold()
        known = canonical_outlet(tail.strip())
        if (sitename and tail_key == sitename.strip().casefold()) or known:
            return head.strip()
    return title


def _jsonl_record(record: Any, doc: str, line_number: int, raw_line: bytes) -> RawDocument:
    where = f"{doc}:{line_number}"
    if not isinstance(record, dict):
        raise IngestError(doc, line_number, "each JSONL line must be one JSON object with 'text' or 'html'")
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise IngestError(doc, line_number, "this line has no 'text' or 'html' string field; add one")
    extras = {k: v for k, v in record.items() if k not in ("text", "html", "doc", "id")}
    try:
        given = clean_metadata(extras, where)
    except IngestError as exc:
        raise IngestError(doc, line_number, exc.message) from None
    name = str(record.get("doc") or record.get("id") or where)
    url = given.get("url")
    if isinstance(text, str) and text.strip():
        return RawDocument(text=text, doc=name, raw=raw_line, raw_format="jsonl", url=url, given=given)
    content = extract_html(str(html), url=url)
    if content is None:
        raise IngestError(doc, line_number, "the 'html' field holds no article text")
    return RawDocument(
        text=content.text,
        doc=name,
        raw=raw_line,
        raw_format="jsonl",
        url=url or content.url,
        title_hint=strip_site_suffix(content.title, content.sitename),
        sitename=content.sitename,
        author=content.author,
        page_published=content.published,
        captions=content.captions,
        given=given,
    )


def _json_problem(exc: json.JSONDecodeError) -> str:
    """What the JSON parser objects to, and where on the line."""
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}"


def read_jsonl(stream: io.BufferedIOBase, doc: str, max_bytes: int) -> Iterator[RawDocument | IngestError]:
    """One article per line; a broken line is an error naming it, the rest goes on.

    Lines are read with a length limit, so one huge line never sits in memory whole.
    """
    line_number = 0
    while raw_line := stream.readline(max_bytes + 1):
        line_number += 1
        if len(raw_line) > max_bytes and not raw_line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # skip the remainder of the overlong line
            yield IngestError(doc, line_number, f"line is over the {max_bytes}-byte cap; split the article")
            continue
        if raw_line.strip():
            yield read_jsonl_line(raw_line, doc, line_number, max_bytes)


def read_jsonl_line(raw_line: bytes, doc: str, line_number: int, max_bytes: int) -> RawDocument | IngestError:
    """One JSONL line (also used by the Spark job, which reads lines itself)."""
    if len(raw_line) > max_bytes:
        return IngestError(doc, line_number, f"line is over the {max_bytes}-byte cap; split the article")
    try:
        record = json.loads(raw_line.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return IngestError(doc, line_number, "this line is not UTF-8; JSONL files must be UTF-8")
    except json.JSONDecodeError as exc:
        return IngestError(doc, line_number, f"not valid JSON ({_json_problem(exc)}); fix or delete it")
    try:
        return _jsonl_record(record, doc, line_number, raw_line)
    except IngestError as exc:
        return exc


def read_json(data: bytes, doc: str) -> Iterator[RawDocument | IngestError]:
    """A JSON document: one article object, or an array of them (errors name the item)."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        yield IngestError(doc, None, "JSON files must be UTF-8")
        return
    except json.JSONDecodeError as exc:
        yield IngestError(doc, exc.lineno, f"not valid JSON ({_json_problem(exc)}); fix the file")
        return
    items = value if isinstance(value, list) else [value]
    for number, item in enumerate(items, start=1):
        try:
            raw_doc = _jsonl_record(item, doc, number, json.dumps(item, ensure_ascii=False).encode("utf-8"))
        except IngestError as exc:
            yield IngestError(doc, None, f"item {number}: {exc.message}")
            continue
        if raw_doc.doc == f"{doc}:{number}" and len(items) == 1:
            raw_doc.doc = doc
        raw_doc.raw_format = "jsonl"
        yield raw_doc


def read_warc(stream: io.BufferedIOBase, doc: str, max_bytes: int) -> Iterator[RawDocument | IngestError]:
    """HTML and plain-text response records of a WARC(.gz); a truncated record ends the file."""
    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if not str(record.format).startswith("warc"):
                yield IngestError(
                    doc,
                    None,
                    f"record {number} is not a WARC record (an old ARC file, or not an archive at all): "
                    "convert ARC files to WARC, or check the file",
                )
                return
            if record.rec_type not in ("response", "resource"):
                continue
            headers = record.http_headers if record.rec_type == "response" else record.rec_headers
            content_type = (headers.get_header("Content-Type") if headers else None) or ""
            target = record.rec_headers.get_header("WARC-Target-URI") or f"{doc}#record{number}"
            body = record.content_stream().read(max_bytes + 1)
            if record.raw_stream.limit > 0 and len(body) <= max_bytes:
                yield IngestError(
                    doc,
                    None,
                    f"record {number} ({target}) is truncated; the {number - 1} records before it were kept. "
                    "Re-download or repair the archive to read the rest",
                )
                return
            if len(body) > max_bytes:
                yield IngestError(
                    doc, None, f"record {number} ({target}) is over the {max_bytes}-byte cap; skipped"
                )
                continue
            if record.rec_type == "response" and (
                record.http_headers is None or record.http_headers.get_statuscode() not in ("200", "203")
            ):
                continue
            kind = sniff_format(body, "", content_type)
            if kind not in ("html", "text"):
                continue
            try:
                if kind == "html":
                    yield read_html(body, target, url=target, raw_format="warc")
                else:
                    raw_doc = read_text(body, target)
                    raw_doc.url, raw_doc.raw_format = target, "warc"
                    yield raw_doc
            except IngestError as exc:
                yield IngestError(doc, None, f"record {number} ({target}): {exc.message}")
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        yield IngestError(
            doc,
            None,
            f"archive is broken after record {number} ({exc}); the records before it were kept. "
            "Check it is a WARC or WARC.gz file and re-download it",
        )


def _entry_text(entry: Any) -> tuple[str, list[str]] | None:
    """Text and captions of a feed entry: its full content, else its summary."""
    candidates: list[tuple[str, str]] = []
    for content in entry.get("content") or []:
        candidates.append((content.get("value") or "", content.get("type") or "text/html"))
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((entry["summary"], detail.get("type") or "text/html"))
    for value, kind in candidates:
        if not value.strip():
            continue
        if "html" in kind or "<" in value:
            text, captions = fragment_to_text(value)
        else:
            text, captions = value, []
        if text.strip():
            return text, captions
    return None


def read_feed(data: bytes, doc: str) -> Iterator[RawDocument | IngestError]:
    """RSS/Atom entries: content (or summary), link, title, published."""
    kind = binary_kind(data)
    if kind:
        yield IngestError(doc, None, f"this is {kind}, not an RSS/Atom feed")
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({problem})" if problem else ""
        yield IngestError(
            doc,
            None,
            f"not an RSS/Atom feed or a feed with no entries{why}: check the file is the feed's XML",
        )
        return
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link")
        found = _entry_text(entry)
        if found is None:
            yield IngestError(
                doc, None, f"entry {number} ({link or 'no link'}) has no content or summary; skipped"
            )
            continue
        text, captions = found
        given: dict[str, Any] = {}
        published = entry.get("published") or entry.get("updated")
        if published:
            given["published"] = str(published)
        extras = {k: v for k, v in entry.items() if k in ARTICLE_FIELDS and k not in ("published", "title")}
        given.update({k: str(v) for k, v in extras.items() if isinstance(v, str) and v.strip()})
        title = " ".join((entry.get("title") or "").split()) or None
        if title and title.casefold() not in text[: len(title) + 40].casefold():
            text = title + "\n" + text
        yield RawDocument(
            text=text,
            doc=link or f"{doc}#entry{number}",
            raw=json.dumps(dict(entry), default=str, ensure_ascii=False).encode("utf-8"),
            raw_format="feed",
            url=link,
            title_hint=title,
            sitename=(parsed.feed.get("title") or "").strip() or None,
            author=entry.get("author"),
            captions=captions,
            given=given,
        )
