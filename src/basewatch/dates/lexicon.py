"""The temporal lexicon (``data/temporal.yaml``): loading and validation."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from basewatch.config import data_path, load_yaml

REQUIRED_KEYS: tuple[str, ...] = (
    "months",
    "weekdays",
    "seasons",
    "year_parts",
    "month_parts",
    "part_nouns",
    "number_words",
    "ordinal_words",
    "unit_days",
    "recent",
    "day_parts",
    "report_verbs",
    "report_verbs_with_object",
    "report_breakers",
    "counted_nouns",
    "quantifiers",
    "weekday_name_followers",
    "weekday_name_leaders",
    "future_cues",
    "forward_cues",
    "landmarks",
)


class LexiconError(ValueError):
    """The temporal lexicon file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Landmark:
    """A widely known dated event; mentioning it as past bounds the publication date from below."""

    name: str
    date: dt.date
    patterns: tuple[re.Pattern[str], ...]
    # For a term of office ("President Joe Biden"): the day it ended. Mentioning the title then
    # bounds the publication date from above too.
    until: dt.date | None = None
    kind: str = "event"  # "event" | "term" (a term of office; open when `until` is missing)


@dataclass(frozen=True)
class Lexicon:
    """Typed view of ``temporal.yaml``."""

    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    year_parts: dict[str, tuple[int, int]]
    month_parts: dict[str, tuple[int, int]]
    part_nouns: dict[str, str]
    number_words: dict[str, int]
    ordinal_words: dict[str, int]
    unit_days: dict[str, int]
    recent: dict[str, dict[str, int]]
    day_parts: tuple[str, ...]
    report_verbs: tuple[str, ...]
    report_verbs_with_object: frozenset[str]
    report_breakers: frozenset[str]
    counted_nouns: frozenset[str]
    quantifiers: frozenset[str]
    weekday_name_followers: frozenset[str]
    weekday_name_leaders: frozenset[str]
    future_cues: frozenset[str]
    forward_cues: frozenset[str]
    landmarks: tuple[Landmark, ...] = ()


def _landmarks(path: Path, raw: Any) -> tuple[Landmark, ...]:
    if not isinstance(raw, list):
        raise LexiconError(f"{path}: landmarks must be a list of entries with name, date and patterns")
    out = []
    for index, entry in enumerate(raw):
        where = f"{path}: landmarks[{index}]"
        if not isinstance(entry, dict) or not {"name", "date", "patterns"} <= set(entry):
            raise LexiconError(f"{where} needs name, date and patterns")
        if not isinstance(entry["date"], dt.date):
            raise LexiconError(f"{where} ({entry['name']}): date must be YYYY-MM-DD, got {entry['date']!r}")
        until = entry.get("until")
        if until is not None and (not isinstance(until, dt.date) or until < entry["date"]):
            raise LexiconError(f"{where} ({entry['name']}): until must be a YYYY-MM-DD date after date")
        kind = str(entry.get("kind", "term" if until is not None else "event"))
        if kind not in ("event", "term"):
            raise LexiconError(f"{where} ({entry['name']}): kind must be 'event' or 'term', got {kind!r}")
        compiled = []
        for pattern in entry["patterns"]:
            try:
                compiled.append(re.compile(str(pattern), re.IGNORECASE))
            except re.error as exc:
                raise LexiconError(f"{where} ({entry['name']}): bad pattern {pattern!r}: {exc}") from None
        out.append(Landmark(str(entry["name"]), entry["date"], tuple(compiled), until, kind))
    return tuple(out)


def _pair(path: Path, key: str, name: str, value: Any) -> tuple[int, int]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise LexiconError(f"{path}: {key}.{name} must be a list of two integers, got {value!r}")
    return int(value[0]), int(value[1])


def parse_lexicon(raw: Any, path: Path) -> Lexicon:
    """Validate the loaded YAML; raise ``LexiconError`` naming the key that is wrong."""
    if not isinstance(raw, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    missing = [key for key in REQUIRED_KEYS if key not in raw]
    if missing:
        raise LexiconError(f"{path}: missing key(s) {', '.join(missing)}; see the packaged temporal.yaml")
    for key in ("months", "weekdays", "number_words", "ordinal_words", "unit_days"):
        table = raw[key]
        if not isinstance(table, dict) or not all(isinstance(v, int) for v in table.values()):
            raise LexiconError(f"{path}: {key} must map words to integers")
    for name, month in raw["months"].items():
        if not 1 <= month <= 12:
            raise LexiconError(f"{path}: months.{name} = {month} is not a month number 1-12")
    for name, day in raw["weekdays"].items():
        if not 0 <= day <= 6:
            raise LexiconError(f"{path}: weekdays.{name} = {day} must be 0 (Monday) to 6 (Sunday)")
    recent = raw["recent"]
    if not isinstance(recent, dict) or not all(
        isinstance(v, dict) and len(v) == 1 and next(iter(v)) in ("days", "months", "years")
        for v in recent.values()
    ):
        raise LexiconError(f"{path}: recent entries must look like 'months: {{months: 6}}'")
    return Lexicon(
        months={str(k): int(v) for k, v in raw["months"].items()},
        weekdays={str(k): int(v) for k, v in raw["weekdays"].items()},
        seasons={str(k): _pair(path, "seasons", k, v) for k, v in raw["seasons"].items()},
        year_parts={str(k): _pair(path, "year_parts", k, v) for k, v in raw["year_parts"].items()},
        month_parts={str(k): _pair(path, "month_parts", k, v) for k, v in raw["month_parts"].items()},
        part_nouns={str(k): str(v) for k, v in raw["part_nouns"].items()},
        number_words={str(k).lower(): int(v) for k, v in raw["number_words"].items()},
        ordinal_words={str(k).lower(): int(v) for k, v in raw["ordinal_words"].items()},
        unit_days={str(k): int(v) for k, v in raw["unit_days"].items()},
        recent={str(k): {str(a): int(b) for a, b in v.items()} for k, v in recent.items()},
        day_parts=tuple(str(v) for v in raw["day_parts"]),
        report_verbs=tuple(str(v) for v in raw["report_verbs"]),
        report_verbs_with_object=frozenset(str(v).lower() for v in raw["report_verbs_with_object"]),
        report_breakers=frozenset(str(v).lower() for v in raw["report_breakers"]),
        counted_nouns=frozenset(str(v).lower() for v in raw["counted_nouns"]),
        quantifiers=frozenset(str(v).lower() for v in raw["quantifiers"]),
        weekday_name_followers=frozenset(str(v) for v in raw["weekday_name_followers"]),
        weekday_name_leaders=frozenset(str(v) for v in raw["weekday_name_leaders"]),
        future_cues=frozenset(str(v).lower() for v in raw["future_cues"]),
        forward_cues=frozenset(str(v).lower() for v in raw["forward_cues"]),
        landmarks=_landmarks(path, raw["landmarks"]),
    )


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load and validate a temporal lexicon (the packaged one by default)."""
    path = path or data_path("temporal.yaml")
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read the temporal lexicon ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from None
    return parse_lexicon(raw, path)


@functools.cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return load_lexicon()
