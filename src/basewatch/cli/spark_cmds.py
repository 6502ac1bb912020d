"""CLI commands for corpus-size batches: ``spark`` and ``load-parquet``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from basewatch.cli.app import EXIT_FAILED_INPUTS, DbOption, JsonOption, app, console, fail, print_json


@app.command()
def spark(
    inputs: Annotated[list[str], typer.Argument(help="JSONL, Parquet or WARC paths (local or Hadoop URIs).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (articles/, events/, clusters/).")],
    master: Annotated[
        str | None, typer.Option("--master", help="Spark master URL (default local[*]).")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline for extraction.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Run the pipeline on Apache Spark and write partitioned Parquet.

    Example: basewatch spark crawl/*.jsonl.gz --out out/ --master local[2]
    """
    from basewatch.spark import SparkJobError, run_job

    try:
        summary = run_job(inputs, out, master=master, model=model)
    except SparkJobError as exc:
        fail(str(exc))
    if as_json:
        print_json(summary.to_dict())
    else:
        console.print(
            f"{summary.articles} articles, {summary.events} events, {summary.clusters} clusters → {out}"
        )
        for failure in summary.failed:
            console.print(f"[red]failed[/] {failure['path']}:{failure.get('line') or ''} {failure['error']}")
    if summary.failed:
        raise typer.Exit(EXIT_FAILED_INPUTS)


@app.command("load-parquet")
def load_parquet_cmd(
    folder: Annotated[Path, typer.Argument(help="The --out folder of a `basewatch spark` run.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Load the Spark job's Parquet output into the store (SQLite or PostgreSQL).

    Example: basewatch load-parquet out/ --db postgresql+psycopg://analyst@db/basewatch
    """
    from basewatch.spark.load import LoadError, load_parquet
    from basewatch.store import Store

    try:
        counts = load_parquet(folder, Store(db))
    except LoadError as exc:
        fail(str(exc))
    if as_json:
        print_json(counts)
    else:
        console.print(
            f"{counts['stored']} articles stored ({counts['duplicates']} already there), "
            f"{counts['events']} events"
        )
