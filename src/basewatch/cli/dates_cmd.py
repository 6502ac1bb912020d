"""``basewatch dates``: show the temporal expressions found in a text (a debugging aid)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from basewatch.cli.app import JsonOption, app, console, fail, print_json
from basewatch.dates import TimeMention, find_dates, infer_published, parse_published
from basewatch.records import Published


def _mention_dict(mention: TimeMention) -> dict[str, Any]:
    return {
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "kind": mention.kind,
        "span": None
        if mention.span is None
        else {
            "start": mention.span.start.isoformat(),
            "end": mention.span.end.isoformat(),
            "precision": mention.span.precision,
        },
        "relative_days": mention.relative_days,
        "refers_to": mention.refers_to,
        "is_report_cue": mention.is_report_cue,
        "in_quote": mention.in_quote,
    }


@app.command("dates")
def dates_command(
    text: Annotated[str, typer.Argument(help="Text to analyse; '-' reads it from stdin.")],
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication date (YYYY-MM-DD) to resolve relative dates against."),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Article URL, used to infer the date.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Find and resolve the dates in TEXT; without --published the date is inferred (URL, then content).

    Example: basewatch dates "Troops left on Wednesday, the source said." --published 2020-02-13 --json
    """
    body = sys.stdin.read() if text == "-" else text
    pub: Published | None
    if published:
        try:
            pub = parse_published(published, "metadata")
        except ValueError as exc:
            fail(f"--published: {exc}")
    else:
        pub = infer_published(body, url=url)
    mentions = find_dates(body, pub.anchor if pub else None)
    if as_json:
        found = [_mention_dict(m) for m in mentions]
        print_json({"published": pub.to_dict() if pub else None, "mentions": found})
        return
    if pub is None:
        console.print("published: unknown (no clue in the text); relative dates stay unresolved")
    else:
        how = "inferred" if pub.inferred else "given"
        console.print(
            f"published: {pub.start} .. {pub.end} ({how}, from {pub.source}, confidence {pub.confidence})"
        )
    table = Table()
    for column in ("words", "chars", "kind", "start", "end", "precision", "rel. days", "report"):
        # Fold rather than truncate: dates must stay readable in narrow terminals.
        table.add_column(column, overflow="fold", min_width=10 if column in ("start", "end") else None)
    for m in mentions:
        table.add_row(
            escape(m.text),
            f"{m.start}-{m.end}",
            m.kind,
            str(m.span.start) if m.span else "",
            str(m.span.end) if m.span else "",
            m.span.precision if m.span else "",
            "" if m.relative_days is None else f"{m.relative_days:+d}",
            "yes" if m.is_report_cue else "",
        )
    console.print(table)
