"""The FastAPI application factory: routers, error handlers, security middleware, static dashboard."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from basewatch import config
from basewatch.api.errors import ApiError
from basewatch.api.middleware import DEFAULT_MAX_BODY, BodySizeLimit, SecurityHeaders, tile_origin
from basewatch.api.routes import articles, events, export, installations, meta

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"
TILES_ENV = config.SETTINGS["tiles_url"].env


def _tiles_url(value: str | None) -> str | None:
    """The configured tile URL template, or None when unset or not an http(s) ``{z}/{x}/{y}`` template."""
    url = config.get("tiles_url", value)
    if not url:
        return None
    if not tile_origin(url) or not all(part in url for part in ("{z}", "{x}", "{y}")):
        log.warning("%s ignored: expected an http(s) URL template with {z}, {x} and {y}", TILES_ENV)
        return None
    return url


def _field_name(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path")]
    return ".".join(parts) or "request"


def create_app(
    db_url: str | None = None,
    *,
    token: str | None = None,
    tiles_url: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    store: Any = None,
) -> FastAPI:
    """Build the API and dashboard over the store at ``db_url`` (``--db`` / ``BASEWATCH_DB`` rules).

    ``token`` guards write actions (reviews); None reads ``BASEWATCH_TOKEN``; an empty value makes the
    server read-only. ``tiles_url`` (or ``BASEWATCH_TILES_URL``) turns on an online tile layer.
    ``store`` lets a caller pass an already open ``Store``.
    """
    if store is None:
        from basewatch.store import Store

        store = Store(config.db_url(db_url))
    app = FastAPI(
        title="basewatch",
        summary="Sourced, geolocated, time-resolved events about military installations and force posture.",
        version="0.1.0",
        docs_url=None,  # Swagger UI loads scripts from a CDN, which the CSP (and offline use) forbid
        redoc_url=None,
    )
    app.state.store = store
    app.state.token = config.get("token") if token is None else token
    app.state.tiles_url = _tiles_url(tiles_url)
    app.state.tiles_attribution = config.get("tiles_attribution") if app.state.tiles_url else ""

    for router in (events.router, articles.router, installations.router, export.router, meta.router):
        app.include_router(router)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = "not found: see /openapi.json for the routes"
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            f"{_field_name(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}" for e in exc.errors()
        ]
        return JSONResponse({"error": "invalid request: " + "; ".join(problems)}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"error": "internal error; the server log has the details"}, status_code=500)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(SecurityHeaders, tiles_url=app.state.tiles_url)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    return app
