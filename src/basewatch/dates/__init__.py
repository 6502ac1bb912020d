"""Temporal expressions and publication dates.

Public interface: ``parse_published`` (metadata, HTML, feeds, URLs, datelines),
``find_dates`` (temporal expressions in text), ``shift`` and ``infer_published``.
"""

from __future__ import annotations

from basewatch.dates.published import parse_published

__all__ = ["parse_published"]
