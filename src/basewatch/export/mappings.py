"""Event type crosswalk to ACLED, PLOVER and CAMEO (``data/type_mappings.csv``).

Users extend or override rows with their own CSV of the same columns.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from basewatch.config import data_path
from basewatch.records import EVENT_TYPES

MAPPING_FILE = "type_mappings.csv"
REQUIRED_COLUMNS: tuple[str, ...] = ("type", "acled_event_type", "acled_sub_event_type", "cameo_code")
# The PLOVER column goes by either name.
PLOVER_COLUMNS: tuple[str, ...] = ("plover_type", "plover_event_type")


class MappingError(ValueError):
    """A type mapping file that cannot be used; the message names the file, line and column."""


@dataclass(frozen=True)
class TypeMapping:
    """One basewatch type in the vocabularies of ACLED, PLOVER and CAMEO."""

    type: str
    acled_event_type: str
    acled_sub_event_type: str
    plover_type: str
    cameo_code: str


def read_mapping_file(path: Path) -> dict[str, TypeMapping]:
    """Rows of one mapping CSV, keyed by basewatch type."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if not any(c in header for c in PLOVER_COLUMNS):
                missing.append(" or ".join(PLOVER_COLUMNS))
            if missing:
                raise MappingError(f"{path}: line 1: missing column(s) {', '.join(missing)}")
            rows: dict[str, TypeMapping] = {}
            for line, row in enumerate(reader, start=2):
                event_type = (row.get("type") or "").strip()
                if event_type not in EVENT_TYPES:
                    raise MappingError(
                        f"{path}: line {line}: column 'type': {event_type!r} is not a basewatch event type"
                    )
                plover = next((row[c] for c in PLOVER_COLUMNS if row.get(c)), "")
                # CAMEO codes stay text: leading zeros matter ("057").
                rows[event_type] = TypeMapping(
                    type=event_type,
                    acled_event_type=(row.get("acled_event_type") or "").strip(),
                    acled_sub_event_type=(row.get("acled_sub_event_type") or "").strip(),
                    plover_type=plover.strip(),
                    cameo_code=(row.get("cameo_code") or "").strip(),
                )
            return rows
    except OSError as exc:
        raise MappingError(f"{path}: cannot read ({exc.strerror or exc})") from None


@lru_cache(maxsize=8)
def _load(paths: tuple[Path, ...]) -> dict[str, TypeMapping]:
    merged: dict[str, TypeMapping] = {}
    for path in paths:
        merged.update(read_mapping_file(path))
    return merged


def load_type_mappings(extra_paths: Iterable[Path | str] = ()) -> dict[str, TypeMapping]:
    """The packaged crosswalk, overridden row by row by ``extra_paths`` (later files win)."""
    packaged = data_path(MAPPING_FILE)
    paths = ([packaged] if packaged.is_file() else []) + [Path(p) for p in extra_paths]
    return dict(_load(tuple(paths)))
