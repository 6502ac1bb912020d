"""Temporal expressions and publication dates.

Public interface: ``parse_published`` (metadata, HTML, feeds, URLs, datelines),
``find_dates`` (temporal expressions in text), ``shift`` and ``infer_published``.
"""

from __future__ import annotations

from basewatch.dates.infer import find_dateline, infer_published, published_from_content, published_from_url
from basewatch.dates.lexicon import LexiconError, load_lexicon
from basewatch.dates.mentions import TimeMention, find_dates, parse_month_day, shift
from basewatch.dates.published import parse_published

__all__ = [
    "LexiconError",
    "TimeMention",
    "find_dateline",
    "find_dates",
    "infer_published",
    "load_lexicon",
    "parse_month_day",
    "parse_published",
    "published_from_content",
    "published_from_url",
    "shift",
]
