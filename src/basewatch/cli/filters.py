"""Event filter options shared by the commands that select events (``events``, ``export``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from basewatch.cli.app import fail

TypeFilter = Annotated[str | None, typer.Option("--type", help="Event type, or a family such as 'force'.")]
ModalityFilter = Annotated[str | None, typer.Option("--modality", help="planned|ongoing|completed|...")]
CountryFilter = Annotated[str | None, typer.Option("--country", help="ISO 3166-1 alpha-2 code.")]
Admin1Filter = Annotated[str | None, typer.Option("--admin1", help="First-order admin area.")]
InstallationFilter = Annotated[str | None, typer.Option("--installation", help="Installation id or name.")]
ActorFilter = Annotated[str | None, typer.Option("--actor", help="Actor name.")]
OutletFilter = Annotated[str | None, typer.Option("--outlet", help="Outlet name (substring).")]
SinceFilter = Annotated[str | None, typer.Option("--since", help="Events ending on or after YYYY-MM-DD.")]
UntilFilter = Annotated[str | None, typer.Option("--until", help="Events starting on or before YYYY-MM-DD.")]
ReviewedFilter = Annotated[
    bool | None, typer.Option("--reviewed/--unreviewed", help="Only reviewed / only unreviewed events.")
]
BackgroundFilter = Annotated[
    bool | None,
    typer.Option("--background/--no-background", help="Only background / only current events."),
]


def parse_date(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value, or exit 2 naming the option."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date; use YYYY-MM-DD")
