"""Ingestion: text, HTML, JSONL, WARC, RSS/Atom files and URLs, with metadata sidecars.

Public interface: :func:`iter_documents` (a batch; never raises for bad input),
:func:`read_document` (one file; raises), :class:`IngestError`, :class:`Fetcher`.
"""

from __future__ import annotations

from basewatch.ingest.documents import build_article, expand_inputs, iter_documents, read_document
from basewatch.ingest.errors import IngestError
from basewatch.ingest.fetch import USER_AGENT, Fetcher, check_address

__all__ = [
    "USER_AGENT",
    "Fetcher",
    "IngestError",
    "build_article",
    "check_address",
    "expand_inputs",
    "iter_documents",
    "read_document",
]
