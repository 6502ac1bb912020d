"""Bytes to text: refuse binaries, detect the encoding, and guess the input format."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from basewatch.ingest.errors import IngestError

# Magic numbers of files that are certainly not articles (gzip is allowed: .warc.gz).
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"SQLite format 3", "an SQLite database"),
    (b"RIFF", "a media file"),
    (b"\x00\x00\x00", "a binary file"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
GZIP_MAGIC = b"\x1f\x8b"

FORMAT_BY_SUFFIX: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{2,40})", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(!doctype html|html|head|body|article|p|div)\b", re.IGNORECASE)


def binary_kind(data: bytes) -> str | None:
    """What a binary input looks like ("a PDF document"), or None for text."""
    if any(data.startswith(bom) for bom, _ in BOMS):
        return None  # UTF-16/32 text legitimately holds NUL bytes
    for magic, kind in MAGIC_NUMBERS:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:8192]:
        return "a binary file (it contains NUL bytes)"
    return None


def decode_bytes(data: bytes, where: str, *, declared: str | None = None) -> str:
    """Decode article bytes: BOM, UTF-8, the declared charset, then charset detection.

    UTF-8 goes before the declared charset because a clean UTF-8 decode is strong evidence and
    declarations are often wrong; a single-byte declaration would never fail and give mojibake.
    """
    if not data.strip():
        raise IngestError(where, None, "the input is empty: nothing to ingest (remove it or fill it)")
    kind = binary_kind(data)
    if kind:
        raise IngestError(
            where, None, f"this is {kind}, not an article: convert it to text, HTML, JSONL, WARC or RSS first"
        )
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    where, None, f"broken {encoding} text ({exc}): re-save it as UTF-8"
                ) from None
    for encoding in ("utf-8", declared):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(
            where, None, "cannot tell which text encoding this uses: re-save it as UTF-8 and ingest again"
        )
    return str(best)


def html_charset(data: bytes) -> str | None:
    """Charset declared in an HTML page's ``<meta>`` (first 4 KiB), or None."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def suffix_format(name: str) -> str | None:
    """Format named by a file name's suffix, or None when the suffix says nothing."""
    lower = name.lower()
    for suffix in sorted(FORMAT_BY_SUFFIX, key=len, reverse=True):
        if lower.endswith(suffix):
            return FORMAT_BY_SUFFIX[suffix]
    return None


def sniff_format(data: bytes, name: str = "", content_type: str | None = None) -> str:
    """The input format: from the content type, the suffix, then the first bytes."""
    if content_type:
        kind = content_type.split(";")[0].strip().lower()
        if kind in ("text/html", "application/xhtml+xml"):
            return "html"
        if kind in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
            return "feed"
        if kind in ("application/x-ndjson", "application/jsonl", "application/jsonlines"):
            return "jsonl"
        if kind == "application/warc":
            return "warc"
    head = data[:2048].lstrip()
    by_suffix = suffix_format(name)
    if by_suffix == "text" and head[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"  # a saved web page named .txt
    if by_suffix:
        return by_suffix
    if head.startswith(b"WARC/") or data.startswith(GZIP_MAGIC):
        return "warc"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        # One object per line is JSONL; one object spread over lines is a JSON document.
        first_line = head.split(b"\n", 1)[0].strip()
        return "jsonl" if first_line.endswith(b"}") else "json"
    if head.startswith(b"<"):
        if _FEED_ROOT.search(data[:4096]):
            return "feed"
        if _HTML_ROOT.search(data[:4096]):
            return "html"
    if content_type and ("xml" in content_type):
        return "feed"
    return "text"
