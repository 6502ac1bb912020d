"""/api/export: the same files as ``basewatch export``, with the event filters."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from basewatch.api.errors import ApiError
from basewatch.api.filters import event_filter_params, make_event_filter
from basewatch.api.routes.deps import get_store

ExportFormat = Literal["csv", "geojson", "jsonl", "parquet"]

router = APIRouter(prefix="/api", tags=["export"])

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}


@router.get("/export", response_class=FileResponse)
def export(
    filters: Annotated[dict[str, Any], Depends(event_filter_params)],
    store: Annotated[Any, Depends(get_store)],
    format: Annotated[ExportFormat, Query(description="File format.")] = "csv",
) -> FileResponse:
    """Download the filtered events as CSV (ACLED-style columns), GeoJSON, JSONL or Parquet."""
    try:
        from basewatch.export import write_export
    except ImportError:
        raise ApiError(501, "exports are not available in this build (basewatch.export)") from None

    events = store.list_events(make_event_filter(filters))
    # Articles fill the source, URL and (for undated events) the publication date columns.
    article_ids = sorted({e.article_id for e in events if e.article_id})
    articles = {a.id: a for a in store.iter_articles(article_ids)} if article_ids else {}
    handle, name = tempfile.mkstemp(prefix="basewatch-export-", suffix=f".{format}")
    os.close(handle)
    path = Path(name)
    try:
        write_export(events, format, path, articles=articles)
    except ValueError as exc:  # ExportError: a bad mapping file or format
        path.unlink(missing_ok=True)
        raise ApiError(400, str(exc)) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[format],
        filename=f"basewatch-events.{format}",
        background=BackgroundTask(path.unlink, missing_ok=True),
    )
