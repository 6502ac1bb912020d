"""CLI commands over canonical events and installation timelines: installations, installation, clusters."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError

from basewatch.cli.app import EXIT_FAILED_INPUTS, DbOption, JsonOption, app, console, fail, print_json
from basewatch.cli.store_cmds import open_store
from basewatch.cluster import Cluster, RulesError, Timeline, TimelineEntry, name_key
from basewatch.cluster.persist import (
    installations_overview,
    load_clusters,
    summarise_timeline,
    timeline_from_store,
)
from basewatch.records import Installation
from basewatch.store import Store, StoreError


@contextmanager
def _opened_store(db: str | None) -> Iterator[Store]:
    """The store for one command; rule and database errors become one-line messages, no traceback."""
    store = open_store(db)
    try:
        yield store
    except RulesError as exc:
        fail(str(exc))
    except (StoreError, SQLAlchemyError) as exc:
        detail = getattr(exc, "orig", None) or exc
        fail(f"store {store.display_url}: {detail}; check the database and try again", EXIT_FAILED_INPUTS)
    finally:
        store.close()


def _register() -> Any:
    # Imported here: the register (and the gazetteer behind it) is only needed by two commands.
    from basewatch.registry import RegisterError, load_register

    try:
        return load_register()
    except RegisterError as exc:
        fail(f"installations register: {exc}")


def _find_installation(name: str, store: Store, register: Any) -> Installation | None:
    """The register entry matching ``name`` (any alias, spelling-insensitively), else one named by events."""
    found = register.find(name)
    if found is not None:
        return found
    wanted = name_key(name)
    for timeline in installations_overview(store, register):
        if wanted in {name_key(n) for n in [timeline.name, *timeline.aliases]}:
            return Installation(
                id=timeline.id or "",
                name=timeline.name,
                aliases=timeline.aliases,
                country=timeline.country or "",
                lat=timeline.lat,
                lon=timeline.lon,
            )
    return None


def _date_text(date: dict[str, Any] | Any) -> str:
    start, end = date.start, date.end
    if date.basis == "before" and end:
        return f"before {end}"
    text = f"{start} – {end}" if start and end and start != end else (start or end or "undated")
    return f"{text} (reported)" if date.basis == "reported" else text


def _sources_text(entry: TimelineEntry) -> str:
    """Every source of an entry: outlet, via, cited source, background flag and evidence."""
    return "\n".join(
        f"{s.outlet or 'unknown outlet'}"
        + (f" via {', '.join(s.via)}" if s.via else "")
        + (f" ({s.source.kind}: {s.source.text})" if s.source.text else f" ({s.source.kind})")
        + (" [background]" if s.background else "")
        + (f"\n  “{s.evidence.text[:160]}”" if s.evidence else "")
        for s in entry.sources
    )


def _print_timeline(timeline: Timeline) -> None:
    place = ", ".join(p for p in [timeline.country or "", f"{timeline.lat}, {timeline.lon}"] if p)
    console.print(Text(f"{timeline.name}  ({place})", style="bold"))
    if timeline.aliases:
        console.print(Text("aliases: " + "; ".join(timeline.aliases), style="dim"))
    table = Table(show_lines=True)
    for column in ("entry", "date", "status", "modality", "sources", "conflicts with"):
        table.add_column(column)
    for entry in timeline.timeline:
        sources = _sources_text(entry)
        table.add_row(
            Text(entry.id),
            Text(_date_text(entry.date)),
            Text(entry.status.replace("_", " ")),
            Text(entry.modality),
            Text(f"{entry.independent_sources} independent\n{sources}"),
            Text("\n".join(f"{c.entry_id} ({c.rule})" for c in entry.conflicts)),
        )
    console.print(table)
    for left, right in timeline.conflicting:
        rules = ", ".join(sorted({c.rule for c in left.conflicts if c.entry_id == right.id}))
        side_by_side = Table(title=Text(f"conflict ({rules})", style="bold yellow"), show_lines=True)
        side_by_side.add_column(Text(f"{left.status.replace('_', ' ')}, {_date_text(left.date)}"))
        side_by_side.add_column(Text(f"{right.status.replace('_', ' ')}, {_date_text(right.date)}"))
        side_by_side.add_row(Text(_sources_text(left)), Text(_sources_text(right)))
        console.print(side_by_side)


@app.command("installation")
def installation_cmd(
    name: Annotated[str, typer.Argument(help="Installation name or any alias (spelling-insensitive).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """An installation's status timeline, every claim with its sources, contradictions flagged.

    Example:
        basewatch installation "Ain al-Assad" --json
    """
    with _opened_store(db) as store:
        installation = _find_installation(name, store, _register())
        if installation is None:
            fail(
                f"no installation matches {name!r}; list them with `basewatch installations`",
                EXIT_FAILED_INPUTS,
            )
        timeline = timeline_from_store(store, installation)
    if as_json:
        print_json(timeline.to_dict())
    else:
        _print_timeline(timeline)


@app.command("installations")
def installations_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Installations the stored events mention: country, last status, last report, number of sources.

    Example:
        basewatch installations --db my.db
    """
    with _opened_store(db) as store:
        rows = [summarise_timeline(t) for t in installations_overview(store, _register())]
    if as_json:
        print_json([r.to_dict() for r in rows])
        return
    table = Table()
    for column in ("name", "country", "last status", "last report", "sources", "entries", "conflicts"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            Text(row.name),
            Text(row.country or ""),
            Text((row.last_status or "").replace("_", " ")),
            Text(row.last_report or ""),
            str(row.sources),
            str(row.entries),
            str(row.conflicts),
        )
    console.print(table)


def _cluster_json(cluster: Cluster) -> dict[str, Any]:
    data = cluster.to_dict()
    # The short shape the issue asks for first, then everything else.
    head = {k: data[k] for k in ("id", "type", "date", "location", "installation", "reports")}
    head["independent_sources"] = data["independent_sources"]
    return {**head, **data}


@app.command("clusters")
def clusters_cmd(
    db: DbOption = None,
    as_json: JsonOption = False,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Only canonical events of this type.")
    ] = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Recompute every cluster from the events.")
    ] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Show at most this many.")] = None,
) -> None:
    """Canonical events: one real-world event told by several articles, with independent sources counted.

    Example:
        basewatch clusters --type force.strike --json
    """
    with _opened_store(db) as store:
        clusters = load_clusters(store, type=event_type, refresh=refresh, limit=limit)
    if as_json:
        print_json([_cluster_json(c) for c in clusters])
        return
    table = Table()
    for column in ("id", "type", "date", "location", "installation", "reports", "independent sources"):
        table.add_column(column)
    for cluster in clusters:
        date = ""
        if cluster.date is not None:
            date = cluster.date.start.isoformat()
            if cluster.date.end != cluster.date.start:
                date += f" – {cluster.date.end.isoformat()}"
        table.add_row(
            Text(cluster.id),
            Text(cluster.type),
            Text(date or "undated"),
            Text(cluster.location.name if cluster.location else ""),
            Text(cluster.installation.name if cluster.installation else ""),
            str(len(cluster.reports)),
            str(cluster.independent_sources),
        )
    console.print(table)
