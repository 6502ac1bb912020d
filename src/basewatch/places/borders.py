"""Land borders: a point on each shared boundary and the admin-1 areas along it (``data/borders.csv``).

Built by ``scripts/build_borders.py`` from Natural Earth outlines and the gazetteer; read once per process.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from basewatch.config import data_path

BORDERS_FILE = "borders.csv"


@dataclass(frozen=True)
class Border:
    """The land border of ``country`` with ``neighbour``."""

    country: str
    neighbour: str
    lat: float
    lon: float
    admin1_along: frozenset[str]  # GeoNames admin-1 codes of ``country`` lying along it


@lru_cache(maxsize=1)
def load_borders() -> dict[tuple[str, str], Border]:
    """Every ordered (country, neighbour) pair with a land border; empty when the file is absent."""
    path = data_path(BORDERS_FILE)
    if not path.exists():
        return {}
    out: dict[tuple[str, str], Border] = {}
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for row in rows:
            key = (row["country"], row["neighbour"])
            out[key] = Border(
                country=row["country"],
                neighbour=row["neighbour"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                admin1_along=frozenset(row["admin1_along"].split()),
            )
    return out


def border_between(country: str | None, neighbour: str | None) -> Border | None:
    """The border of ``country`` with ``neighbour``, None when they share no land border."""
    if not country or not neighbour:
        return None
    return load_borders().get((country, neighbour))
