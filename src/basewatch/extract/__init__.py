"""Event extraction: cleaned articles in, EVENTS.md events out.

Public interface: :class:`Extractor` (``extract(article)``, ``is_relevant(text)``),
:func:`load_lexicon` and :func:`load_type_mappings` (ACLED / PLOVER / CAMEO codes per type).
"""

from __future__ import annotations

from basewatch.extract.extractor import Extractor
from basewatch.extract.lexicon import LexiconError, load_lexicon, load_type_mappings

__all__ = ["Extractor", "LexiconError", "load_lexicon", "load_type_mappings"]
