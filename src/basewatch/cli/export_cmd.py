"""CLI command ``basewatch export``: stored events as CSV, GeoJSON, JSONL or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from basewatch.cli.app import DbOption, app, err_console, fail
from basewatch.cli.filters import (
    ActorFilter,
    Admin1Filter,
    BackgroundFilter,
    CountryFilter,
    InstallationFilter,
    ModalityFilter,
    OutletFilter,
    ReviewedFilter,
    SinceFilter,
    TypeFilter,
    UntilFilter,
    parse_date,
)
from basewatch.export import FORMATS, ExportError, MappingError, write_export
from basewatch.records import Article


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv | geojson | jsonl | parquet.")] = "csv",
    out: Annotated[str, typer.Option("--out", "-o", help="Output file, or - for stdout.")] = "-",
    type_: TypeFilter = None,
    modality: ModalityFilter = None,
    country: CountryFilter = None,
    admin1: Admin1Filter = None,
    installation: InstallationFilter = None,
    actor: ActorFilter = None,
    outlet: OutletFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    reviewed: ReviewedFilter = None,
    background: BackgroundFilter = None,
    db: DbOption = None,
) -> None:
    """Export stored events (reviews applied) for QGIS, pandas, R, Excel or ACLED-style scripts.

    CSV has ACLED-style columns first, then basewatch's own (see docs/exports.md).

    Example:
        basewatch export --format geojson --country IQ --since 2020-01-01 --out events.geojson
    """
    from basewatch.store import EventFilter, Store, StoreError

    fmt = fmt.lower()
    if fmt not in FORMATS:
        fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "parquet" and out == "-" and sys.stdout.isatty():
        fail("Parquet is binary: give --out FILE.parquet or pipe stdout to a file")
    filters = EventFilter(
        type=type_,
        modality=modality,
        country=country,
        admin1=admin1,
        installation=installation,
        actor=actor,
        outlet=outlet,
        date_from=parse_date(since, "--since"),
        date_to=parse_date(until, "--until"),
        reviewed=reviewed,
        background=background,
    )
    try:
        store = Store(db)
    except StoreError as exc:
        fail(str(exc))
    try:
        events = store.list_events(filters)
        # Articles fill the source, URL and (for undated events) the publication date columns.
        article_ids = sorted({e.article_id for e in events if e.article_id})
        articles: dict[str, Article] = (
            {a.id: a for a in store.iter_articles(article_ids) if a.id} if article_ids else {}
        )
    finally:
        store.close()
    try:
        if out == "-":
            count = write_export(events, fmt, sys.stdout.buffer, articles=articles)
            sys.stdout.flush()
        else:
            count = write_export(events, fmt, Path(out), articles=articles)
    except (ExportError, MappingError) as exc:
        fail(str(exc))
    if out != "-":
        err_console.print(f"{count} events written to {out} ({fmt})", highlight=False, markup=False)
