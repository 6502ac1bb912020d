"""CLI command ``basewatch serve``: the REST API and the offline dashboard, served by uvicorn."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from basewatch import config
from basewatch.cli.app import DbOption, app, console, err_console, fail


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to bind; keep loopback unless proxied.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    db: DbOption = None,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "warning",
) -> None:
    """Serve the API (/api, /openapi.json) and the dashboard (/) over the store.

    Reviews need BASEWATCH_TOKEN set in the environment; without it the server is read-only.
    Online map tiles only when BASEWATCH_TILES_URL is set (e.g. https://tile.example/{z}/{x}/{y}.png).

    Example:
        BASEWATCH_TOKEN=s3cret basewatch serve --db basewatch.db --port 8000
    """
    import uvicorn

    from basewatch.api import create_app
    from basewatch.store import StoreError

    try:
        application = create_app(db)
    except StoreError as exc:
        fail(str(exc))
    if not _is_loopback(host):
        err_console.print(f"[yellow]warning:[/] listening on {host}: anyone reaching it reads the store")
    mode = "reviews enabled (token set)" if application.state.token else "read-only (BASEWATCH_TOKEN unset)"
    console.print(f"basewatch on http://{host}:{port}/ ({config.db_url(db)}, {mode})", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level=log_level, server_header=False)
