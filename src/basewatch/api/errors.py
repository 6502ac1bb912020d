"""API errors: one exception type turned into ``{"error": message}`` with a status code."""

from __future__ import annotations


class ApiError(Exception):
    """A client-facing error: ``status`` is the HTTP status, ``message`` says what to do."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def not_found(kind: str, item_id: str) -> ApiError:
    return ApiError(404, f"no {kind} with id {item_id!r}")
