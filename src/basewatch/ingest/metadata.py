"""Metadata given beside the articles: ``NAME.meta.json`` / ``NAME.meta.yaml`` sidecars and
a ``--meta`` CSV mapping file names to url, outlet, published, language, title."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import yaml

from basewatch.ingest.errors import IngestError

# Fields that override what is inferred; every other key goes to Article.meta.
ARTICLE_FIELDS: tuple[str, ...] = ("url", "outlet", "published", "language", "title", "author")
SIDECAR_SUFFIXES: tuple[str, ...] = (".meta.json", ".meta.yaml", ".meta.yml")
CSV_NAME_COLUMNS: tuple[str, ...] = ("file", "filename", "path", "name", "doc")
# A date in a URL path: /2020/03/21/ or /2020-03-21/.
URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=/|$|[-_.])")


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIXES)


def sidecar_paths(path: Path) -> list[Path]:
    """Candidate sidecars of a file: ``a.txt.meta.json`` and ``a.meta.json`` (and YAML)."""
    stems = [path.name]
    if path.suffix:
        stems.append(path.name[: -len(path.suffix)])
    if path.name.lower().endswith(".warc.gz"):
        stems.append(path.name[: -len(".warc.gz")])
    return [path.with_name(stem + suffix) for stem in stems for suffix in SIDECAR_SUFFIXES]


def clean_metadata(values: dict[str, Any], where: str) -> dict[str, Any]:
    """Drop empty values and check the types of the known fields."""
    result: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key in ARTICLE_FIELDS:
            if not isinstance(value, (str, int, float)) and key != "published":
                raise IngestError(
                    where, None, f"metadata field '{key}' must be text, not {type(value).__name__}"
                )
            value = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
        result[str(key)] = value
    return result


def load_sidecar(path: Path) -> dict[str, Any]:
    """Metadata from the sidecar beside ``path`` (empty when there is none)."""
    for candidate in sidecar_paths(path):
        if not candidate.is_file():
            continue
        try:
            text = candidate.read_text(encoding="utf-8")
            data = json.loads(text) if candidate.name.lower().endswith(".json") else yaml.safe_load(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
            line = getattr(exc, "lineno", None) or getattr(getattr(exc, "problem_mark", None), "line", None)
            raise IngestError(
                str(candidate), line, f"cannot read this metadata sidecar ({exc}); fix it or remove it"
            ) from None
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise IngestError(
                str(candidate), None, "a metadata sidecar must hold one mapping of field: value"
            )
        return clean_metadata(data, str(candidate))
    return {}


def load_meta_csv(path: str) -> dict[str, dict[str, Any]]:
    """``--meta`` CSV: file name (or path) -> metadata. Raises IngestError naming the line."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip().lower() for c in reader.fieldnames or []]
            name_column = next((c for c in CSV_NAME_COLUMNS if c in columns), None)
            if name_column is None:
                raise IngestError(
                    path,
                    1,
                    f"the metadata CSV needs a column naming the file ({', '.join(CSV_NAME_COLUMNS)})",
                )
            table: dict[str, dict[str, Any]] = {}
            for row in reader:
                values = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
                name = values.pop(name_column, "")
                if not name:
                    raise IngestError(
                        path, reader.line_num, f"empty '{name_column}' value; fill it or drop the row"
                    )
                table[name] = clean_metadata(values, f"{path}:{reader.line_num}")
            return table
    except OSError as exc:
        raise IngestError(path, None, f"cannot open the metadata CSV: {exc.strerror}") from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise IngestError(path, None, f"not a readable UTF-8 CSV file ({exc})") from None


def csv_metadata(table: dict[str, dict[str, Any]], path: Path | str) -> dict[str, Any]:
    """Row of the ``--meta`` table for one input: by path as given, then by file name."""
    text = str(path)
    return table.get(text) or table.get(Path(text).name) or {}


def url_date(url: str | None) -> str | None:
    """The date written in a URL path (``/2020/03/21/``) as ``YYYY-MM-DD``, or None."""
    if not url:
        return None
    match = URL_DATE.search(url)
    if not match:
        return None
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"
