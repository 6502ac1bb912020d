"""Build ``src/basewatch/data/borders.csv``: land borders between countries, for "near the X border".

For every ordered pair of countries sharing a land border (country, neighbour) the file gives a
point on the shared boundary (the boundary vertex nearest the middle of the shared stretch) and
the first-order admin areas of ``country`` that lie along it (admin-1 codes of GeoNames, as in the
gazetteer), so "near the Syrian border" in an article about one province resolves to that province
when it lies along the border, and otherwise to the border itself, not to the country's middle.

Sources (no network): Natural Earth 1:50m country outlines vendored for the dashboard
(``web/static/data/countries.geojson``, public domain; world-atlas ISC) and the packaged gazetteer
index (GeoNames cities500, CC BY 4.0): an admin area lies along a border when it holds the populated
place nearest to enough vertices of the shared boundary.

Run: ``.venv/bin/python scripts/build_borders.py`` (about 20 seconds); deterministic for the same inputs.
"""

from __future__ import annotations

import csv
import json
import math
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from basewatch.places.gazetteer import GAZETTEER_FILE, _unpacked_path, distance_km  # noqa: E402

OUT = REPO / "src" / "basewatch" / "data" / "borders.csv"
COUNTRIES = REPO / "src" / "basewatch" / "web" / "static" / "data" / "countries.geojson"
GAZETTEER = REPO / "src" / "basewatch" / "data" / GAZETTEER_FILE
# Two outlines share a boundary where their vertices lie this close (degrees; the outlines are
# rounded to 0.01 degree and share arcs, so shared vertices coincide).
SHARED_DEG = 0.011
# The populated place nearest a boundary vertex, when this close, puts its admin area "along" it.
NEAR_KM = 120.0
# Fewer shared vertices than this is a touch at a point (a tripoint), not a border.
MIN_SHARED = 3


def _code(props: dict) -> str | None:
    numeric = str(props.get("id") or "")
    country = pycountry.countries.get(numeric=numeric.zfill(3)) if numeric.isdigit() else None
    return country.alpha_2 if country else None


def _vertices() -> dict[str, set[tuple[float, float]]]:
    """Outline vertices (lat, lon) of each country, rounded to the outline's grid."""
    doc = json.loads(COUNTRIES.read_text(encoding="utf-8"))
    out: dict[str, set[tuple[float, float]]] = defaultdict(set)
    for feature in doc["features"]:
        code = _code(feature.get("properties") or {})
        geom = feature.get("geometry") or {}
        if not code or geom.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                out[code].update((round(lat, 2), round(lon, 2)) for lon, lat in ring)
    return out


def _cell(lat: float, lon: float, size: float) -> tuple[int, int]:
    return (math.floor(lat / size), math.floor(lon / size))


def shared_boundaries(vertices: dict[str, set[tuple[float, float]]]) -> dict[tuple[str, str], list]:
    """Vertices of ``a`` lying on the outline of ``b``, for each ordered pair of neighbours."""
    grid: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
    for code, points in vertices.items():
        for lat, lon in points:
            grid[_cell(lat, lon, SHARED_DEG)].append((code, lat, lon))
    shared: dict[tuple[str, str], set[tuple[float, float]]] = defaultdict(set)
    for code, points in vertices.items():
        for lat, lon in points:
            ci, cj = _cell(lat, lon, SHARED_DEG)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for other, olat, olon in grid.get((ci + di, cj + dj), ()):
                        if other != code and abs(olat - lat) <= SHARED_DEG and abs(olon - lon) <= SHARED_DEG:
                            shared[(code, other)].add((lat, lon))
    # One boundary for both directions: the union of both sides' vertices on it.
    out: dict[tuple[str, str], list] = {}
    for a, b in shared:
        points = sorted(shared[(a, b)] | shared.get((b, a), set()))
        if len(points) >= MIN_SHARED:
            out[(a, b)] = out[(b, a)] = points
    return out


def border_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The shared vertex nearest the mean of the shared stretch (a point on the border itself)."""
    mean_lat = sum(p[0] for p in points) / len(points)
    mean_lon = sum(p[1] for p in points) / len(points)
    return min(points, key=lambda p: (distance_km(mean_lat, mean_lon, p[0], p[1]), p))


def admin_areas_along(db: sqlite3.Connection, country: str, points: list[tuple[float, float]]) -> list[str]:
    """Admin-1 codes of ``country`` holding the populated place nearest to some stretch of the boundary.

    Why nearest rather than "within N km": deserts and mountains along many borders hold no town
    for 50 km or more, yet the area there is still the one along the border.
    """
    cell_deg = 1.0
    grid: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
    rows = db.execute(
        "SELECT admin1_code, lat, lon FROM feature WHERE kind = 'place' AND country = ? "
        "AND admin1_code IS NOT NULL AND lat IS NOT NULL",
        (country,),
    )
    for admin1, lat, lon in rows:
        grid[_cell(lat, lon, cell_deg)].append((admin1, lat, lon))
    votes: dict[str, int] = defaultdict(int)
    far_votes: dict[str, int] = defaultdict(int)
    for lat, lon in points:
        ci, cj = _cell(lat, lon, cell_deg)
        near = [
            p
            for di in (-2, -1, 0, 1, 2)
            for dj in (-2, -1, 0, 1, 2)
            for p in grid.get((ci + di, cj + dj), ())
        ]
        if not near:
            continue
        best = min(near, key=lambda p: (distance_km(lat, lon, p[1], p[2]), p))
        far_votes[best[0]] += 1
        if distance_km(lat, lon, best[1], best[2]) <= NEAR_KM:
            votes[best[0]] += 1
    # A vote or two is a corner of an area that reaches the border near a tripoint.
    floor = max(MIN_SHARED, len(points) // 50)
    along = sorted(code for code, n in votes.items() if n >= floor)
    if not along and far_votes:
        # An empty desert border: the area holding the nearest towns.
        along = [max(sorted(far_votes), key=lambda code: far_votes[code])]
    return along


def main() -> None:
    vertices = _vertices()
    pairs = shared_boundaries(vertices)
    db = sqlite3.connect(f"file:{_unpacked_path(GAZETTEER)}?mode=ro", uri=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# Land borders: a point on each shared boundary and the admin-1 areas (GeoNames codes) of\n"
            "# `country` along it. Made by scripts/build_borders.py from Natural Earth 1:50m outlines\n"
            "# (public domain) and GeoNames cities500 (CC BY 4.0). Do not edit by hand; rebuild.\n"
        )
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["country", "neighbour", "lat", "lon", "admin1_along"])
        for (country, neighbour), points in sorted(pairs.items()):
            lat, lon = border_point(points)
            along = admin_areas_along(db, country, points)
            writer.writerow([country, neighbour, f"{lat:.2f}", f"{lon:.2f}", " ".join(along)])
    print(f"wrote {len(pairs)} ordered country pairs to {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
