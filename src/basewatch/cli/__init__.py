"""Command-line interface: ``basewatch COMMAND``.

Each area registers its commands in its own module; importing them here wires
them onto the single typer ``app``.
"""

from __future__ import annotations

from basewatch.cli import (  # noqa: F401  (each module adds commands to ``app`` on import)
    cluster_cmds,
    dates_cmd,
    eval_cmd,
    export_cmd,
    places_cmds,
    serve_cmd,
    spark_cmds,
    store_cmds,
    version_cmd,
)
from basewatch.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
