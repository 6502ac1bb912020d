"""Read access to the packaged gazetteer index (built by ``scripts/build_gazetteer.py``).

The index ships gzipped (``data/gazetteer.sqlite.gz``); on first use it is unpacked
once into the user's cache folder (``$BASEWATCH_CACHE``, else ``$XDG_CACHE_HOME/basewatch``,
else ``~/.cache/basewatch``) under a name carrying the archive's hash, and opened
read-only from there.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from basewatch.config import data_path
from basewatch.places.normalize import fold, normalize_name

GAZETTEER_FILE = "gazetteer.sqlite.gz"
CACHE_ENV = "BASEWATCH_CACHE"


class GazetteerError(RuntimeError):
    """The gazetteer index is missing or unreadable."""


@dataclass(frozen=True)
class Feature:
    """One gazetteer entry: a populated place, admin area, country or airfield."""

    id: int
    name: str
    kind: str  # place | admin1 | country | airport | region
    country: str | None
    admin1_code: str | None
    lat: float | None
    lon: float | None
    population: int
    source: str
    spelling: str = ""  # the folded spelling that matched


@dataclass(frozen=True)
class Area:
    """A country or first-order admin area with its representative point and bounding box."""

    code: str
    country: str
    name: str
    lat: float | None
    lon: float | None
    south: float | None
    west: float | None
    north: float | None
    east: float | None

    def contains(self, lat: float, lon: float, margin: float = 0.0) -> bool:
        """True when the point lies in the bounding box (grown by ``margin`` degrees)."""
        if None in (self.south, self.west, self.north, self.east):
            return False
        assert self.south is not None and self.north is not None
        assert self.west is not None and self.east is not None
        return (
            self.south - margin <= lat <= self.north + margin
            and self.west - margin <= lon <= self.east + margin
        )


# Sections of data/place_aliases.yaml baked into the index (the resolver's word lists are read at run time).
BAKED_ALIAS_SECTIONS = (
    "places",
    "extra_names",
    "admin1_aliases",
    "country_aliases",
    "demonyms",
    "country_points",
)


def baked_aliases_digest(doc: dict) -> str:
    """A digest of the alias-table sections the index was built from: tells a stale index."""
    baked = {key: doc.get(key) for key in BAKED_ALIAS_SECTIONS}
    return hashlib.sha256(json.dumps(baked, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def cache_dir() -> Path:
    """Where unpacked data lives."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "basewatch"


def _unpacked_path(archive: Path) -> Path:
    """Unpack the archive once (atomically) and return the SQLite file."""
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:16]
    target = cache_dir() / f"gazetteer-{digest}.sqlite"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, gzip.open(archive, "rb") as src:
            shutil.copyfileobj(src, out, length=1 << 20)
        os.replace(tmp_name, target)  # atomic: parallel test workers never see half a file
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return target


class Gazetteer:
    """Name lookups and area data over the SQLite index (thread-safe, read-only)."""

    def __init__(self, path: Path | str | None = None) -> None:
        source = Path(path) if path else data_path(GAZETTEER_FILE)
        if not source.exists():
            raise GazetteerError(
                f"gazetteer index not found at {source}; build it with "
                "`.venv/bin/python scripts/build_gazetteer.py`"
            )
        db_path = _unpacked_path(source) if source.suffix == ".gz" else source
        try:
            self._db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
            self._lock = threading.Lock()
            self.countries: dict[str, Area] = {}
            self.country_population: dict[str, int] = {}
            self.capitals: dict[str, int] = {}
            rows = self._db.execute(
                "SELECT code, name, lat, lon, south, west, north, east, population, capital_id FROM country"
            )
            for code, name, lat, lon, s, w, n, e, pop, capital_id in rows:
                self.countries[code] = Area(code, code, name, lat, lon, s, w, n, e)
                self.country_population[code] = pop or 0
                if capital_id:
                    self.capitals[code] = capital_id
            self.admin1: dict[str, Area] = {
                code: Area(code, country, name, lat, lon, s, w, n, e)
                for code, country, name, _iso, lat, lon, s, w, n, e in self._db.execute(
                    "SELECT * FROM admin1"
                )
            }
            self.demonyms: dict[str, str] = dict(self._db.execute("SELECT word, country FROM demonym"))
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"gazetteer index {db_path} is unreadable ({exc}); rebuild it") from exc
        self._lookup = lru_cache(maxsize=200_000)(self._lookup_uncached)
        self._admin1_of_cache: dict[tuple[float, float, str | None], str | None] = {}

    def lookup(self, name: str) -> list[Feature]:
        """Every feature one of whose spellings has the same key as ``name``."""
        key = normalize_name(name)
        return list(self._lookup(key)) if key else []

    def lookup_key(self, key: str) -> list[Feature]:
        return list(self._lookup(key)) if key else []

    def _lookup_uncached(self, key: str) -> tuple[Feature, ...]:
        with self._lock:
            rows = self._db.execute(
                "SELECT f.id, f.name, f.kind, f.country, f.admin1_code, f.lat, f.lon, f.population, "
                "f.source, n.spelling FROM name n JOIN feature f ON f.id = n.feature_id WHERE n.key = ?",
                (key,),
            ).fetchall()
        return tuple(Feature(*row) for row in rows)

    def feature(self, feature_id: int) -> Feature | None:
        """One feature by id."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, kind, country, admin1_code, lat, lon, population, source, '' FROM feature "
                "WHERE id = ?",
                (feature_id,),
            ).fetchone()
        return Feature(*row) if row else None

    def capital(self, country: str) -> Feature | None:
        """The capital city of a country, when the index knows it."""
        capital_id = self.capitals.get(country)
        return self.feature(capital_id) if capital_id else None

    def admin1_name(self, code: str | None) -> str | None:
        area = self.admin1.get(code or "")
        return area.name if area else None

    def nearest_place(
        self, lat: float, lon: float, country: str | None = None, radius_deg: float = 0.5
    ) -> Feature | None:
        """The nearest populated place to a point (within ``radius_deg``), optionally in one country."""
        sql = (
            "SELECT id, name, kind, country, admin1_code, lat, lon, population, source, '' FROM feature "
            "WHERE kind = 'place' AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
        )
        args: list[object] = [lat - radius_deg, lat + radius_deg, lon - radius_deg, lon + radius_deg]
        if country:
            sql += " AND country = ?"
            args.append(country)
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        if not rows:
            return None
        best = min(rows, key=lambda r: distance_km(lat, lon, r[5], r[6]))
        return Feature(*best)

    def admin1_of(self, lat: float, lon: float, country: str | None = None) -> str | None:
        """Name of the first-order admin area a point lies in (from the nearest populated place)."""
        key = (round(lat, 4), round(lon, 4), country)
        if key not in self._admin1_of_cache:  # the same region points come back in every article
            found = None
            for radius in (0.3, 1.0, 3.0):
                place = self.nearest_place(lat, lon, country, radius)
                if place is not None:
                    found = self.admin1_name(place.admin1_code)
                    break
            self._admin1_of_cache[key] = found
        return self._admin1_of_cache[key]

    def country_by_name(self, name: str) -> Area | None:
        for feature in self.lookup(name):
            if feature.kind == "country" and feature.country in self.countries:
                return self.countries[feature.country]
        return None

    def country_spellings(self) -> list[tuple[str, str]]:
        """(folded spelling, country code) of every name of every country."""
        with self._lock:
            return self._db.execute(
                "SELECT n.spelling, f.country FROM name n JOIN feature f ON f.id = n.feature_id "
                "WHERE f.kind = 'country' ORDER BY n.spelling"
            ).fetchall()

    def meta(self, key: str) -> str | None:
        """A value the build recorded (``counts``, ``sources``, ``aliases_digest``)."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def demonym_country(self, word: str) -> str | None:
        return self.demonyms.get(fold(word))


_shared: Gazetteer | None = None
_shared_lock = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = Gazetteer()
    return _shared
