"""The typer application and conventions every command follows.

Commands live in sibling modules (one per area) that register on ``app``;
each is a thin shell over a library function. Exit codes: 0 success, 1 some
inputs failed, 2 usage errors. ``--json`` prints only JSON on stdout.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

app = typer.Typer(
    name="basewatch",
    help="Turn news reports into a sourced, geolocated, time-resolved record of military installations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or SQLAlchemy URL (env BASEWATCH_DB, default ./basewatch.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print only JSON on stdout.")]

EXIT_OK = 0
EXIT_FAILED_INPUTS = 1
EXIT_USAGE = 2


def print_json(value: Any) -> None:
    """Write JSON to stdout (bypassing rich so pipes get plain bytes)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a clear error on stderr and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@app.callback()
def _root() -> None:
    """basewatch: news reports to a sourced, geolocated, time-resolved record of military installations."""
