"""Exports that fit analysts' tools: ACLED-style CSV, GeoJSON for QGIS, JSONL and Parquet."""

from __future__ import annotations

from basewatch.export.mappings import MappingError, TypeMapping, load_type_mappings
from basewatch.export.rows import ACLED_COLUMNS, BASEWATCH_COLUMNS, COLUMNS, DETAIL_COLUMNS, event_row
from basewatch.export.writers import (
    CONTENT_TYPES,
    EXTENSIONS,
    FORMATS,
    PARQUET_SCHEMA,
    ExportError,
    neutralise_formula,
    write_export,
)

__all__ = [
    "ACLED_COLUMNS",
    "BASEWATCH_COLUMNS",
    "COLUMNS",
    "CONTENT_TYPES",
    "DETAIL_COLUMNS",
    "EXTENSIONS",
    "FORMATS",
    "PARQUET_SCHEMA",
    "ExportError",
    "MappingError",
    "TypeMapping",
    "event_row",
    "load_type_mappings",
    "neutralise_formula",
    "write_export",
]
