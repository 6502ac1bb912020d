"""CLI commands over the store and the pipeline: ingest, run, extract, articles, show, events."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from basewatch.cli.app import (
    EXIT_FAILED_INPUTS,
    EXIT_OK,
    DbOption,
    JsonOption,
    app,
    console,
    err_console,
    fail,
    print_json,
)
from basewatch.cli.filters import (
    BackgroundFilter,
    CountryFilter,
    InstallationFilter,
    ModalityFilter,
    OutletFilter,
    SinceFilter,
    TypeFilter,
    UntilFilter,
    parse_date,
)
from basewatch.pipeline import PipelineError, ProgressCallback, RunSummary
from basewatch.records import Article, Event
from basewatch.store import EventFilter, Store, StoreError

PathsArgument = Annotated[
    list[str], typer.Argument(help="Files, folders, globs, URLs or - for stdin.", show_default=False)
]
MetaOption = Annotated[
    Path | None,
    typer.Option("--meta", help="CSV mapping file names to url, outlet, published, language, title."),
]
AllowPrivateOption = Annotated[
    bool, typer.Option("--allow-private", help="Allow fetching URLs on private and loopback addresses.")
]
ModelOption = Annotated[
    str | None, typer.Option("--model", help="spaCy pipeline for extraction (env BASEWATCH_SPACY_MODEL).")
]


def _table_console() -> Console:
    """The terminal console, or (in a pipe, where rich assumes 80 columns) a 160-column one."""
    return console if console.is_terminal else Console(file=sys.stdout, width=160)


def open_store(db: str | None) -> Store:
    """Open (and migrate) the store named by ``--db`` / BASEWATCH_DB, or exit 2 with a clear message."""
    try:
        return Store(db)
    except StoreError as exc:
        fail(str(exc))


@contextmanager
def _progress(enabled: bool, title: str) -> Iterator[ProgressCallback | None]:
    """A live counter on a terminal; nothing in pipes or with --json."""
    if not enabled or not err_console.is_terminal:
        yield None
        return
    counts = {"stored": 0, "duplicate": 0, "failed": 0, "extracted": 0}
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task(title, counts="")

        def update(label: str, outcome: str) -> None:
            counts[outcome] = counts.get(outcome, 0) + 1
            shown = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
            progress.update(task, counts=f"{shown}  {escape(Path(label).name)[:40]}")

        yield update


def _print_failures(failed: list[dict[str, Any]]) -> None:
    """One unwrapped ``failed: FILE:LINE: what went wrong`` line per failure on stderr."""
    for failure in failed:
        where = str(failure.get("path") or "?")
        if failure.get("line") is not None:
            where = f"{where}:{failure['line']}"
        err_console.print(
            f"[bold red]failed:[/] {escape(where)}: {escape(str(failure['error']))}",
            highlight=False,
            soft_wrap=True,
        )


def _report(summary: RunSummary, as_json: bool, what: str) -> None:
    """Failures on stderr, then the summary (JSON on stdout with --json); exit 1 when inputs failed."""
    _print_failures(summary.failed)
    if as_json:
        print_json(summary.to_dict())
    else:
        parts = [
            f"{summary.stored} stored",
            f"{summary.duplicates} already stored",
            f"{len(summary.failed)} failed",
        ]
        if what == "run":
            parts += [f"{summary.extracted} extracted", f"{summary.events} events"]
        console.print("Summary: " + ", ".join(parts), highlight=False)
    if summary.failed:
        err_console.print(
            "Fix or remove the inputs listed above and run the command again; "
            "everything already stored is kept and will not be stored twice.",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_FAILED_INPUTS)
    raise typer.Exit(EXIT_OK)


def _check_meta(meta: Path | None) -> None:
    if meta is not None and not meta.is_file():
        fail(
            f"--meta {meta}: no such file; give a CSV with columns "
            "file, url, outlet, published, language, title"
        )


@app.command()
def ingest(
    paths: PathsArgument,
    meta: MetaOption = None,
    allow_private: AllowPrivateOption = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Store articles from files, folders, globs, URLs or stdin (each article once).

    Formats: plain text, HTML, JSONL, WARC(.gz), RSS/Atom, URLs; NAME.meta.json/.yaml sidecars.
    Exit 1 when some inputs failed (each is named on stderr), 2 on usage errors.

    Example: basewatch ingest articles/ --meta meta.csv --db news.db --json
    """
    from basewatch import pipeline

    _check_meta(meta)
    store = open_store(db)
    try:
        with _progress(not as_json, "ingest") as progress:
            summary = pipeline.ingest(
                paths, store, meta_csv=meta, allow_private=allow_private, progress=progress
            )
    except PipelineError as exc:
        fail(str(exc))
    finally:
        store.close()
    _report(summary, as_json, "ingest")


@app.command()
def run(
    paths: PathsArgument,
    meta: MetaOption = None,
    allow_private: AllowPrivateOption = False,
    model: ModelOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest articles and extract their events into the store (the main job).

    Articles stored earlier but never extracted (an interrupted run) are extracted too.

    Example: basewatch run samples/ --db demo.db
    """
    from basewatch import pipeline

    _check_meta(meta)
    store = open_store(db)
    try:
        with _progress(not as_json, "run") as progress:
            summary = pipeline.run(
                paths, store, model=model, meta_csv=meta, allow_private=allow_private, progress=progress
            )
    except PipelineError as exc:
        fail(str(exc))
    finally:
        store.close()
    _report(summary, as_json, "run")


@app.command()
def extract(
    article: Annotated[
        list[str] | None,
        typer.Option("--article", help="Article id to re-extract (repeatable; default all)."),
    ] = None,
    model: ModelOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Recompute the events of stored articles (reviews are never touched).

    Example: basewatch extract --article 3f2a9c0d1e4b5a6c --db news.db
    """
    from basewatch import pipeline

    store = open_store(db)
    try:
        with _progress(not as_json, "extract") as progress:
            summary = pipeline.reextract(store, article_ids=article or None, model=model, progress=progress)
    except PipelineError as exc:
        fail(str(exc))
    finally:
        store.close()
    _print_failures(summary.failed)
    if as_json:
        print_json({"extracted": summary.extracted, "events": summary.events, "failed": summary.failed})
    else:
        console.print(
            f"Summary: {summary.extracted} articles extracted, {summary.events} events, "
            f"{len(summary.failed)} failed",
            highlight=False,
        )
    raise typer.Exit(EXIT_FAILED_INPUTS if summary.failed else EXIT_OK)


def article_detail(article: Article) -> dict[str, Any]:
    """The JSON shape of one article: metadata, cleaned text, blocks, caption texts."""
    data = article.summary()
    data.update(
        {
            "content_hash": article.content_hash,
            "text": article.text,
            "blocks": [b.to_dict() for b in article.blocks],
            "caption_texts": [article.text[b.start : b.end] for b in article.captions()],
            "raw_bytes": len(article.raw),
            "meta": article.meta,
        }
    )
    return data


@app.command()
def articles(
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many to list.")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many first.")] = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, newest first.

    Example: basewatch articles --limit 20 --json
    """
    store = open_store(db)
    try:
        found = store.list_articles(limit=limit, offset=offset)
        total = store.count_articles()
    finally:
        store.close()
    if as_json:
        print_json([a.summary() for a in found])
        return
    table = Table(title=f"{len(found)} of {total} articles")
    for column in ("id", "published", "outlet", "title", "doc"):
        table.add_column(column, overflow="fold")
    for a in found:
        published = a.published.start.isoformat() if a.published else "-"
        if a.published and a.published.inferred:
            published += " (inferred)"
        table.add_row(
            a.id or "", published, escape(a.outlet or "-"), escape(a.title or "-"), escape(a.doc or "")
        )
    _table_console().print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (see `basewatch articles`).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print one article: metadata, cleaned text, caption blocks marked.

    Example: basewatch show 3f2a9c0d1e4b5a6c
    """
    store = open_store(db)
    try:
        article = store.get_article(article_id)
    finally:
        store.close()
    if article is None:
        fail(f"no article {article_id!r} in the store; list ids with `basewatch articles`")
    if as_json:
        print_json(article_detail(article))
        return
    meta = Table.grid(padding=(0, 2))
    for key, value in article.summary().items():
        if key == "published" and article.published:
            p = article.published
            value = f"{p.start} – {p.end} (from {p.source}, confidence {p.confidence:.2f}"
            value += ", inferred)" if p.inferred else ")"
        meta.add_row(Text(key, style="bold"), Text("-" if value is None else str(value)))
    console.print(meta)
    console.print()
    console.print(_marked_text(article))


def _marked_text(article: Article) -> Text:
    """The cleaned text with caption blocks flagged (text is untrusted: never parsed as markup)."""
    text = Text()
    cursor = 0
    for block in sorted(article.captions(), key=lambda b: b.start):
        text.append(article.text[cursor : block.start])
        text.append("[caption] ", style="bold magenta")
        text.append(article.text[block.start : block.end], style="italic magenta")
        cursor = block.end
    text.append(article.text[cursor:])
    return text


EVIDENCE_CHARS = 160


def _event_row(ev: Event) -> list[str]:
    """One table row; every text from the article is escaped (never read as markup)."""
    date = ev.date or ev.reported
    when = "-"
    if date is not None:
        when = str(date.start) if date.start == date.end else f"{date.start} – {date.end}"
    where = ev.installation.name if ev.installation else (ev.location.name if ev.location else "-")
    country = (ev.location.country if ev.location else None) or (
        ev.installation.country if ev.installation else None
    )
    if country:
        where += f" ({country})"
    notes = [n for n, on in (("background", ev.background), ("caption", ev.caption)) if on]
    if ev.review_status:
        notes.append(f"review: {ev.review_status}")
    evidence = ev.evidence.text if ev.evidence else ""
    if len(evidence) > EVIDENCE_CHARS:
        evidence = evidence[: EVIDENCE_CHARS - 1] + "…"
    return [
        ev.id or "",
        f"{ev.type}\n[dim]{ev.modality}[/]",
        when,
        escape(where),
        escape(ev.actor.name or ev.actor.text or "-") if ev.actor else "-",
        escape(evidence) + (f"\n[dim]{escape(', '.join(notes))}[/]" if notes else ""),
    ]


@app.command()
def events(
    type_: TypeFilter = None,
    modality: ModalityFilter = None,
    country: CountryFilter = None,
    installation: InstallationFilter = None,
    outlet: OutletFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    background: BackgroundFilter = None,
    article: Annotated[str | None, typer.Option("--article", help="Only events of this article id.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many to list.")] = 100,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List stored events (reviews applied) as a table, or JSON with --json.

    Example: basewatch events --type force --country IQ --since 2016-01-01 --limit 20
    """
    filters = EventFilter(
        type=type_,
        modality=modality,
        country=country,
        installation=installation,
        outlet=outlet,
        date_from=parse_date(since, "--since"),
        date_to=parse_date(until, "--until"),
        background=background,
        article_id=article,
    )
    store = open_store(db)
    try:
        found = store.list_events(filters, limit=limit)
        total = store.count_events(filters)
    finally:
        store.close()
    if as_json:
        print_json([ev.to_dict() for ev in found])
        return
    table = Table(title=f"{len(found)} of {total} events", show_lines=True)
    table.add_column("id", no_wrap=True)
    table.add_column("type / modality", no_wrap=True)
    table.add_column("date", min_width=10)
    table.add_column("where")
    table.add_column("actor")
    table.add_column("evidence", ratio=1, min_width=30)
    for ev in found:
        table.add_row(*_event_row(ev))
    _table_console().print(table)
