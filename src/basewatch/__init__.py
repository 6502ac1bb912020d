"""basewatch: news reports to a sourced, geolocated, time-resolved record of military installations.

The public Python API re-exports the records and the library functions the
CLI and the REST API are thin layers over.
"""

from __future__ import annotations

__version__ = "0.1.0"

from basewatch.records import (  # noqa: E402
    Actor,
    Article,
    Attribution,
    Block,
    DateSpan,
    Event,
    Evidence,
    Installation,
    Place,
    Published,
    Source,
)

__all__ = [
    "__version__",
    "Actor",
    "Article",
    "Attribution",
    "Block",
    "DateSpan",
    "Event",
    "Evidence",
    "Installation",
    "Place",
    "Published",
    "Source",
]
