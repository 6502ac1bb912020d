"""Cleaning: white space, boilerplate, titles, captions, outlets, and the map to the original.

Public interface: :func:`clean_text` -> :class:`CleanResult`, :func:`corpus_boilerplate`,
:func:`detect_outlet`, :func:`content_hash`, :func:`is_caption`.
"""

from __future__ import annotations

from basewatch.clean.core import (
    CleanResult,
    LineStatistics,
    boilerplate_reason,
    clean_text,
    content_hash,
    corpus_boilerplate,
    is_caption,
)
from basewatch.clean.normalize import fold_text, line_key, to_original
from basewatch.clean.outlet import canonical_outlet, detect_outlet, outlet_from_text, outlet_from_url
from basewatch.clean.rules import CleanRules, RulesError, load_rules

__all__ = [
    "CleanResult",
    "CleanRules",
    "LineStatistics",
    "RulesError",
    "boilerplate_reason",
    "canonical_outlet",
    "clean_text",
    "content_hash",
    "corpus_boilerplate",
    "detect_outlet",
    "fold_text",
    "is_caption",
    "line_key",
    "load_rules",
    "outlet_from_text",
    "outlet_from_url",
    "to_original",
]
