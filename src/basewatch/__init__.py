"""basewatch: news reports to a sourced, geolocated, time-resolved record of military installations.

The public Python API re-exports the records and the library functions the
CLI and the REST API are thin layers over.
"""

from __future__ import annotations

__version__ = "0.1.0"

from basewatch.records import (
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

# Library functions, imported on first use so ``import basewatch`` stays light (no spaCy, no Spark).
_LAZY: dict[str, str] = {
    "Store": "basewatch.store",
    "EventFilter": "basewatch.store",
    "ingest": "basewatch.pipeline",
    "run": "basewatch.pipeline",
    "reextract": "basewatch.pipeline",
    "RunSummary": "basewatch.pipeline",
    "iter_documents": "basewatch.ingest",
    "read_document": "basewatch.ingest",
    "clean_text": "basewatch.clean",
    "Extractor": "basewatch.extract",
    "PlaceResolver": "basewatch.places",
    "normalize_name": "basewatch.places",
    "load_register": "basewatch.registry",
    "find_dates": "basewatch.dates",
    "infer_published": "basewatch.dates",
    "cluster_events": "basewatch.cluster",
    "installation_timeline": "basewatch.cluster",
    "evaluate": "basewatch.evaluate",
    "write_export": "basewatch.export",
    "create_app": "basewatch.api",
    "run_job": "basewatch.spark",
}


def __getattr__(name: str) -> object:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'basewatch' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


__all__ = [
    *sorted(_LAZY),
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
