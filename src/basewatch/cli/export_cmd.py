"""CLI command ``basewatch export``: stored events as CSV, GeoJSON, JSONL or Parquet."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from basewatch.cli.app import DbOption, app, err_console, fail
from basewatch.export import FORMATS, ExportError, MappingError, write_export
from basewatch.records import Article


def _date_option(value: str | None, flag: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{flag} {value!r}: give a date as YYYY-MM-DD")


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv | geojson | jsonl | parquet.")] = "csv",
    out: Annotated[str, typer.Option("--out", "-o", help="Output file, or - for stdout.")] = "-",
    type_: Annotated[
        str | None, typer.Option("--type", help="Event type, or a family such as 'force'.")
    ] = None,
    modality: Annotated[str | None, typer.Option("--modality", help="planned|ongoing|completed|...")] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO 3166-1 alpha-2 code.")] = None,
    admin1: Annotated[str | None, typer.Option("--admin1", help="First-order admin area.")] = None,
    installation: Annotated[
        str | None, typer.Option("--installation", help="Installation id or name.")
    ] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor name.")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet name (substring).")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Events ending on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Events starting on or before YYYY-MM-DD.")
    ] = None,
    reviewed: Annotated[
        bool | None, typer.Option("--reviewed/--unreviewed", help="Only reviewed / only unreviewed events.")
    ] = None,
    background: Annotated[
        bool | None,
        typer.Option("--background/--no-background", help="Only background / only current events."),
    ] = None,
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
        date_from=_date_option(since, "--since"),
        date_to=_date_option(until, "--until"),
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
