"""CLI command ``basewatch eval``: score the pipeline against a folder of gold annotations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from basewatch.cli.app import EXIT_FAILED_INPUTS, EXIT_USAGE, JsonOption, app, console, fail, print_json
from basewatch.evaluate import EvalError, ExtractionFailed, GoldError, Report, evaluate


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _counts_row(name: str, counts: dict[str, Any]) -> list[str]:
    return [
        name,
        str(counts["tp"]),
        str(counts["fp"]),
        str(counts["fn"]),
        _pct(counts["precision"]),
        _pct(counts["recall"]),
        _pct(counts["f1"]),
    ]


def _print_report(report: Report, verbose: bool) -> None:
    data = report.to_dict()
    console.print(
        f"[bold]{data['documents']}[/] documents, {data['gold_events']} gold events "
        f"(+{data['optional_gold_events']} optional), {data['predicted_events']} predicted"
    )
    prf = Table(title="Events (EVENTS.md §5)")
    for column in ("", "tp", "fp", "fn", "precision", "recall", "F1"):
        prf.add_column(column, justify="left" if not column else "right")
    prf.add_row(*_counts_row("overall", data["overall"]), style="bold")
    prf.add_row(*_counts_row("core (not background)", data["core"]), style="bold")
    for event_type, counts in data["per_type"].items():
        prf.add_row(*_counts_row(event_type, counts))
    console.print(prf)

    acc = Table(title="Accuracy")
    for column in ("measure", "correct", "total", "accuracy"):
        acc.add_column(column, justify="left" if column == "measure" else "right")
    rows = [(f"{name} (matched pairs)", value) for name, value in data["attributes"].items()]
    rows += [
        ("place within 25 km", data["place_25km"]),
        ("place within 161 km", data["place_161km"]),
        ("place within 25 km, points only", data["place_points_25km"]),
        ("place within 161 km, points only", data["place_points_161km"]),
        ("date resolution (matched)", data["date_resolution"]),
        ("date resolution (all dated gold)", data["date_resolution_all"]),
    ]
    for name, value in rows:
        acc.add_row(name, str(value["correct"]), str(value["total"]), _pct(value["accuracy"]))
    console.print(acc)

    if data["published"] is not None:
        pub = Table(title="Publication date inferred without metadata")
        for column in ("doc", "gold", "inferred", "contains", "width (days)"):
            pub.add_column(column)
        for doc in data["docs"]:
            check = doc.get("published") or {}
            inferred = check.get("inferred")
            span = f"{inferred['start']} .. {inferred['end']}" if inferred else "none"
            pub.add_row(
                escape(doc["doc"]),
                str(check.get("gold")),
                span,
                str(check.get("contains")),
                str(check.get("width_days")),
            )
        console.print(pub)
        summary = data["published"]
        console.print(
            f"contains the true date: {summary['contains']}/{summary['documents']}; "
            f"no wider than a year: {summary['within_one_year']}/{summary['documents']}"
        )

    if verbose:
        for doc in data["docs"]:
            console.print(
                f"\n[bold]{escape(doc['doc'])}[/]  tp {doc['tp']}  fp {doc['fp']}  fn {doc['fn']}",
                highlight=False,
            )
            for fp in doc["false_positives"]:
                where = escape(str(fp["location"] or fp["installation"]))
                said = escape(str(fp["evidence"]))
                console.print(
                    f"  [red]false positive[/] {fp['type']} {fp['modality']} at {where}: {said}",
                    highlight=False,
                )
            for miss in doc["misses"]:
                where = escape(str(miss["location"] or miss["installation"]))
                said = escape(str(miss["evidence"]))
                label = f"{escape(miss['gold_id'])} {miss['type']} {miss['modality']}"
                console.print(f"  [yellow]miss[/] {label} at {where}: {said}", highlight=False)


@app.command("eval")
def eval_command(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold YAML files (or one file).")],
    texts: Annotated[
        Path | None, typer.Option("--texts", help="Folder holding the documents the gold files name.")
    ] = None,
    no_metadata: Annotated[
        bool,
        typer.Option("--no-metadata", help="Withhold gold metadata; infer publication dates from the text."),
    ] = False,
    strict_places: Annotated[
        bool,
        typer.Option(
            "--strict-places",
            help="Province/country-level predictions never match site-level gold by distance.",
        ),
    ] = False,
    as_json: JsonOption = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List false positives and misses per doc.")
    ] = False,
) -> None:
    """Score extraction against gold annotations (precision, recall, F1, attribute, place and date accuracy).

    Exit 0 with a report; 1 when the extractor fails on a document; 2 on a bad gold folder, file or text.

    Example:
        basewatch eval ../shared/devset/gold --texts ../shared/seeds --verbose
    """
    try:
        report = evaluate(gold_dir, texts, use_metadata=not no_metadata, strict_places=strict_places)
    except ExtractionFailed as exc:
        fail(f"{exc}; please report it with the document", EXIT_FAILED_INPUTS)
    except (GoldError, EvalError) as exc:
        fail(str(exc), EXIT_USAGE)
    if as_json:
        print_json(report.to_dict())
    else:
        _print_report(report, verbose)
