"""Shared request dependencies: the store and the write token check."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import Request

from basewatch.api.errors import ApiError


def get_store(request: Request) -> Any:
    """The application's ``Store`` (opened once by ``create_app``)."""
    return request.app.state.store


def require_token(request: Request) -> None:
    """Allow writes only with ``Authorization: Bearer <BASEWATCH_TOKEN>`` (constant-time compare)."""
    expected: str | None = request.app.state.token
    if not expected:
        raise ApiError(403, "this server is read-only: start it with BASEWATCH_TOKEN set to allow reviews")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(401, "missing token: send the header 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ApiError(401, "wrong token")
