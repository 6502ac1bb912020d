"""Export events as CSV (ACLED-style), GeoJSON, JSONL or Parquet.

All writers stream: events are consumed one at a time (Parquet in row groups),
so an export of a large store does not hold every event in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from basewatch.export.mappings import TypeMapping, load_type_mappings
from basewatch.export.rows import (
    BOOL_COLUMNS,
    COLUMNS,
    DATE_COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    LIST_COLUMNS,
    event_row,
)
from basewatch.records import Article, Event

FORMATS: tuple[str, ...] = ("csv", "geojson", "jsonl", "parquet")
# For HTTP responses and file names (the API's /api/export uses these).
CONTENT_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}
EXTENSIONS: dict[str, str] = {"csv": ".csv", "geojson": ".geojson", "jsonl": ".jsonl", "parquet": ".parquet"}
LIST_SEPARATOR = "; "
# Spreadsheet apps run cells that start with these as formulas (CSV injection); see docs/exports.md.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PARQUET_ROW_GROUP = 10_000


class ExportError(ValueError):
    """An export that cannot be written (unknown format, unwritable file)."""


def _parquet_type(column: str) -> pa.DataType:
    if column in DATE_COLUMNS:
        return pa.date32()
    if column in INT_COLUMNS:
        return pa.int32()
    if column in FLOAT_COLUMNS:
        return pa.float64()
    if column in BOOL_COLUMNS:
        return pa.bool_()
    if column in LIST_COLUMNS:
        return pa.list_(pa.string())
    return pa.string()


PARQUET_SCHEMA: pa.Schema = pa.schema([pa.field(c, _parquet_type(c)) for c in COLUMNS])


# --------------------------------------------------------------------------- cell encoders


def neutralise_formula(text: str) -> str:
    """Prefix a quote to text a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(column: str, value: Any) -> str:
    """A row value as CSV text: ISO dates, true/false, lists joined by '; ', formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    return neutralise_formula(str(value))


def flat_property(column: str, value: Any) -> Any:
    """A row value as a flat GeoJSON property (QGIS reads strings, numbers and booleans)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


# --------------------------------------------------------------------------- writers


def _rows(
    events: Iterable[Event], articles: Mapping[str, Article] | None, mappings: Mapping[str, TypeMapping]
) -> Iterator[tuple[Event, dict[str, Any]]]:
    for event in events:
        article = articles.get(event.article_id) if articles and event.article_id else None
        yield event, event_row(event, article, mappings)


def _write_csv(rows: Iterable[tuple[Event, dict[str, Any]]], out: BinaryIO) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        count = 0
        for _, row in rows:
            writer.writerow([csv_cell(c, row[c]) for c in COLUMNS])
            count += 1
        text.flush()
        return count
    finally:
        text.detach()  # leave the caller's stream open


def _write_jsonl(rows: Iterable[tuple[Event, dict[str, Any]]], out: BinaryIO) -> int:
    count = 0
    for event, row in rows:
        record = event.to_dict()
        # The EVENTS.md record, plus where it came from and its review state.
        record["id"] = row["event_id"]
        record["doc"] = row["doc"]
        record["article_id"] = row["article_id"]
        record["reviewed"] = event.reviewed
        record["review_status"] = event.review_status
        out.write(json.dumps(record, ensure_ascii=False, default=str).encode("utf-8") + b"\n")
        count += 1
    return count


def _write_geojson(rows: Iterable[tuple[Event, dict[str, Any]]], out: BinaryIO) -> int:
    out.write(b'{"type": "FeatureCollection", "features": [\n')
    count = 0
    for _, row in rows:
        lat, lon = row["latitude"], row["longitude"]
        geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
        feature = {
            "type": "Feature",
            "id": row["event_id"],
            "geometry": geometry,
            "properties": {c: flat_property(c, row[c]) for c in COLUMNS},
        }
        if count:
            out.write(b",\n")
        out.write(json.dumps(feature, ensure_ascii=False).encode("utf-8"))
        count += 1
    out.write(b"\n]}\n")
    return count


def _write_parquet(rows: Iterable[tuple[Event, dict[str, Any]]], out: BinaryIO) -> int:
    count = 0
    batch: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    with pq.ParquetWriter(out, PARQUET_SCHEMA, compression="zstd") as writer:

        def flush() -> None:
            writer.write_table(pa.table(batch, schema=PARQUET_SCHEMA))
            for values in batch.values():
                values.clear()

        for _, row in rows:
            for c in COLUMNS:
                batch[c].append(row[c])
            count += 1
            if count % PARQUET_ROW_GROUP == 0:
                flush()
        if count % PARQUET_ROW_GROUP or count == 0:
            flush()
    return count


_WRITERS: dict[str, Callable[[Iterable[tuple[Event, dict[str, Any]]], BinaryIO], int]] = {
    "csv": _write_csv,
    "geojson": _write_geojson,
    "jsonl": _write_jsonl,
    "parquet": _write_parquet,
}


@contextmanager
def _binary_target(out: BinaryIO | Path | str) -> Iterator[BinaryIO]:
    if isinstance(out, (str, Path)):
        path = Path(out)
        try:
            handle = path.open("wb")
        except OSError as exc:
            raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from None
        with handle:
            yield handle
    else:
        yield out


def write_export(
    events: Iterable[Event],
    fmt: str,
    out: BinaryIO | Path | str,
    *,
    articles: Mapping[str, Article] | None = None,
    mapping_paths: Iterable[Path | str] = (),
) -> int:
    """Write ``events`` in ``fmt`` (csv | geojson | jsonl | parquet) to a binary stream or a path.

    ``articles`` (article id -> Article) fills the source, URL and, when an event has
    no date of its own, the publication date. Returns the number of events written.
    """
    fmt = fmt.lower().strip()
    if fmt not in _WRITERS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    mappings = load_type_mappings(mapping_paths)
    with _binary_target(out) as stream:
        return _WRITERS[fmt](_rows(events, articles, mappings), stream)
