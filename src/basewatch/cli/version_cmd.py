"""``basewatch version``."""

from __future__ import annotations

import basewatch
from basewatch.cli.app import app, console


@app.command()
def version() -> None:
    """Print the basewatch version.

    Example: basewatch version
    """
    console.print(basewatch.__version__)
