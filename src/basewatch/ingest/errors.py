"""The one error type of ingestion: which input, which line, what went wrong and what to do."""

from __future__ import annotations


class IngestError(Exception):
    """An input that could not be read; ``str()`` gives ``path:line: message``."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(path, line, message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, str | int | None]:
        return {"path": self.path, "line": self.line, "message": self.message}
