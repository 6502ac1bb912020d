"""Command-line interface: ``basewatch COMMAND``.

Each area registers its commands in its own module; importing them here wires
them onto the single typer ``app``.
"""

from __future__ import annotations

from basewatch.cli.app import app

# Command modules (each adds commands to ``app`` on import).
from basewatch.cli import version_cmd  # noqa: F401,E402


def main() -> None:
    app()


__all__ = ["app", "main"]
