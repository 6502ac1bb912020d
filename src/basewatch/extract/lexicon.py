"""Loading the extraction lexicons (triggers, actors, attribution, hedges, modality, type mappings).

Every lexicon is a data file under ``basewatch/data/``; a user adds entries with a file of
their own named by an environment variable (same format), without touching code. Problems
are reported as :class:`LexiconError` naming the file, the entry and the field.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from basewatch.config import data_path, load_yaml
from basewatch.records import EVENT_TYPES, MODALITIES

TRIGGERS_ENV = "BASEWATCH_TRIGGERS"
ACTORS_ENV = "BASEWATCH_ACTORS"
ATTRIBUTION_ENV = "BASEWATCH_ATTRIBUTION"
HEDGES_ENV = "BASEWATCH_HEDGES"
MODALITY_ENV = "BASEWATCH_MODALITY"
TARGETS = ("installation", "named_installation", "not_installation", "forces", "territory", "any")
SIDES = ("after", "before", "both")


class LexiconError(ValueError):
    """A lexicon file cannot be used; the message says where and what to fix."""


@dataclass(frozen=True)
class Trigger:
    """One trigger entry of ``triggers.yaml``."""

    id: str
    type: str
    regex: re.Pattern[str]
    target: str = "any"
    side: str = "both"
    window: int = 70
    modality: str | None = None
    recent_modality: str | None = None
    recent_days: int | None = None
    default_modality: str | None = None
    plan_type: str | None = None
    strength: float = 0.7
    priority: int = 0
    nominal: bool = False
    context: re.Pattern[str] | None = None
    forbid: re.Pattern[str] | None = None
    forbid_near: re.Pattern[str] | None = None
    forbid_after: re.Pattern[str] | None = None
    caption_only: bool = False
    no_actor: bool = False
    needs_context_before: re.Pattern[str] | None = None
    suppresses: tuple[str, ...] = ()
    suppress_reach: int = 60


@dataclass(frozen=True)
class ActorEntry:
    """One actor of ``actors.yaml``."""

    name: str
    kind: str = "state"
    country: str | None = None
    aliases: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()


@dataclass
class Lexicon:
    """All the compiled lexicons the extractor needs."""

    triggers: list[Trigger]
    macros: dict[str, str]
    actors: list[ActorEntry]
    institution_nouns: str
    attribution: dict[str, Any]
    media_names: dict[str, str]  # variant (lower case) -> canonical name
    hedges: list[str]
    fatality_verbs: str
    modality: dict[str, re.Pattern[str]]
    type_mappings: dict[str, dict[str, str]] = field(default_factory=dict)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return load_yaml(handle)
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read the file ({exc.strerror}); check the path") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise LexiconError(f"{path}{where}: not valid YAML ({exc}); fix the syntax") from exc


def _files(default: str, env: str) -> list[Path]:
    paths = [data_path(default)]
    extra = os.environ.get(env, "")
    paths += [Path(p) for p in extra.split(os.pathsep) if p.strip()]
    return paths


def _compile(pattern: str, where: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise LexiconError(f"{where}: invalid regular expression ({exc}); fix the pattern") from exc


def _expand(pattern: str, macros: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z_]+)\}", lambda m: macros.get(m.group(1), m.group(0)), pattern)


def _load_triggers() -> tuple[list[Trigger], dict[str, str]]:
    triggers: list[Trigger] = []
    macros: dict[str, str] = {}
    seen: set[str] = set()
    for path in _files("triggers.yaml", TRIGGERS_ENV):
        data = _read_yaml(path) or {}
        if not isinstance(data, dict):
            raise LexiconError(f"{path}: expected a mapping with 'macros' and 'triggers'")
        macros.update({str(k): str(v) for k, v in (data.get("macros") or {}).items()})
        for index, raw in enumerate(data.get("triggers") or []):
            where = f"{path} trigger #{index}"
            if not isinstance(raw, dict):
                raise LexiconError(f"{where}: expected a mapping of fields")
            trig_id = str(raw.get("id") or f"{path.stem}_{index}")
            where = f"{path} trigger '{trig_id}'"
            if trig_id in seen:
                raise LexiconError(f"{where} field 'id': duplicate id; give each trigger its own id")
            seen.add(trig_id)
            etype = raw.get("type")
            if etype not in EVENT_TYPES:
                raise LexiconError(f"{where} field 'type': {etype!r} is not one of {', '.join(EVENT_TYPES)}")
            for key in ("modality", "recent_modality", "default_modality"):
                if raw.get(key) is not None and raw[key] not in MODALITIES:
                    raise LexiconError(f"{where} field '{key}': {raw[key]!r} is not one of {MODALITIES}")
            if raw.get("plan_type") is not None and raw["plan_type"] not in EVENT_TYPES:
                raise LexiconError(f"{where} field 'plan_type': {raw['plan_type']!r} is not an event type")
            target = raw.get("target", "any")
            if target not in TARGETS:
                raise LexiconError(f"{where} field 'target': {target!r} is not one of {TARGETS}")
            side = raw.get("side", "both")
            if side not in SIDES:
                raise LexiconError(f"{where} field 'side': {side!r} is not one of {SIDES}")
            if not raw.get("pattern"):
                raise LexiconError(f"{where} field 'pattern': missing; give the trigger regex")

            def opt(key: str, where: str = where, raw: dict[str, Any] = raw) -> re.Pattern[str] | None:
                value = raw.get(key)
                return _compile(_expand(str(value), macros), f"{where} field '{key}'") if value else None

            triggers.append(
                Trigger(
                    id=trig_id,
                    type=str(etype),
                    regex=_compile(_expand(str(raw["pattern"]), macros), f"{where} field 'pattern'"),
                    target=str(target),
                    side=str(side),
                    window=int(raw.get("window", 70)),
                    modality=raw.get("modality"),
                    recent_modality=raw.get("recent_modality"),
                    recent_days=int(raw["recent_days"]) if raw.get("recent_days") is not None else None,
                    default_modality=raw.get("default_modality"),
                    plan_type=raw.get("plan_type"),
                    strength=float(raw.get("strength", 0.7)),
                    priority=int(raw.get("priority", 0)),
                    nominal=bool(raw.get("nominal", False)),
                    context=opt("context"),
                    forbid=opt("forbid"),
                    forbid_near=opt("forbid_near"),
                    forbid_after=opt("forbid_after"),
                    caption_only=bool(raw.get("caption_only", False)),
                    no_actor=bool(raw.get("no_actor", False)),
                    needs_context_before=opt("needs_context_before"),
                    suppresses=tuple(raw.get("suppresses") or ()),
                    suppress_reach=int(raw.get("suppress_reach", 60)),
                )
            )
    if not triggers:
        raise LexiconError("no triggers loaded: triggers.yaml is empty; restore the packaged file")
    return triggers, macros


def _as_tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise LexiconError(f"{where}: expected a list of strings")
    return tuple(str(v) for v in value)


def _load_actors() -> tuple[list[ActorEntry], str]:
    actors: list[ActorEntry] = []
    nouns = ""
    for path in _files("actors.yaml", ACTORS_ENV):
        data = _read_yaml(path) or {}
        if not isinstance(data, dict):
            raise LexiconError(f"{path}: expected a mapping with 'actors'")
        if data.get("institution_nouns"):
            extra = "|".join(p.strip() for p in str(data["institution_nouns"]).split("|") if p.strip())
            nouns = f"{nouns}|{extra}" if nouns else extra
        for index, raw in enumerate(data.get("actors") or []):
            where = f"{path} actor #{index}"
            if not isinstance(raw, dict) or not raw.get("name"):
                raise LexiconError(f"{where} field 'name': missing; every actor needs a canonical name")
            where = f"{path} actor '{raw['name']}'"
            actors.append(
                ActorEntry(
                    name=str(raw["name"]),
                    kind=str(raw.get("kind", "state")),
                    country=raw.get("country"),
                    aliases=_as_tuple(raw.get("aliases"), f"{where} field 'aliases'"),
                    case_sensitive=_as_tuple(raw.get("case_sensitive"), f"{where} field 'case_sensitive'"),
                    demonyms=_as_tuple(raw.get("demonyms"), f"{where} field 'demonyms'"),
                    metonyms=_as_tuple(raw.get("metonyms"), f"{where} field 'metonyms'"),
                )
            )
    return actors, nouns


def _load_attribution() -> tuple[dict[str, Any], dict[str, str]]:
    merged: dict[str, Any] = {}
    media: dict[str, str] = {}
    for path in _files("attribution.yaml", ATTRIBUTION_ENV):
        data = _read_yaml(path) or {}
        if not isinstance(data, dict):
            raise LexiconError(f"{path}: expected a mapping of attribution lists")
        for key, value in data.items():
            if key == "media_names":
                for index, entry in enumerate(value or []):
                    if not isinstance(entry, dict) or not entry.get("name"):
                        raise LexiconError(f"{path} media_names #{index} field 'name': missing")
                    for variant in [entry["name"], *(entry.get("variants") or [])]:
                        media[str(variant).lower()] = str(entry["name"])
            elif key == "speech_verbs":
                merged.setdefault(key, [])
                merged[key] += [str(v) for v in value or []]
            else:
                if not isinstance(value, str):
                    raise LexiconError(f"{path} field '{key}': expected a regular expression string")
                _compile(value, f"{path} field '{key}'")
                merged[key] = f"{merged[key]}|{value}" if key in merged else value
    for key in ("speech_verbs", "continuation", "anonymous", "official", "media_nouns", "photo_credit"):
        if key not in merged:
            raise LexiconError(f"attribution.yaml field '{key}': missing; restore the packaged file")
    return merged, media


def _load_hedges() -> tuple[list[str], str]:
    hedges: list[str] = []
    fatality = ""
    for path in _files("hedges.yaml", HEDGES_ENV):
        data = _read_yaml(path) or {}
        if not isinstance(data, dict):
            raise LexiconError(f"{path}: expected a mapping with 'hedges'")
        hedges += list(_as_tuple(data.get("hedges"), f"{path} field 'hedges'"))
        if data.get("fatality_verbs"):
            fatality = str(data["fatality_verbs"])
    return hedges, fatality or "(?:killed|dead)"


def _load_modality() -> dict[str, re.Pattern[str]]:
    merged: dict[str, str] = {}
    for path in _files("modality.yaml", MODALITY_ENV):
        data = _read_yaml(path) or {}
        if not isinstance(data, dict):
            raise LexiconError(f"{path}: expected a mapping of modality regexes")
        for key, value in data.items():
            merged[key] = f"{merged[key]}|{value}" if key in merged else str(value)
    needed = ("denied", "speculative", "planned", "ongoing", "nominal_after_planned", "nominal_after_ongoing")
    for key in needed:
        if key not in merged:
            raise LexiconError(f"modality.yaml field '{key}': missing; restore the packaged file")
    return {k: _compile(v, f"modality.yaml field '{k}'") for k, v in merged.items()}


def load_type_mappings(path: Path | None = None) -> dict[str, dict[str, str]]:
    """Each event type's ACLED, PLOVER and CAMEO codes, from ``data/type_mappings.csv``."""
    path = path or data_path("type_mappings.csv")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read the file ({exc.strerror})") from exc
    out: dict[str, dict[str, str]] = {}
    for line, row in enumerate(rows, start=2):
        etype = row.get("type", "")
        if etype not in EVENT_TYPES:
            raise LexiconError(f"{path}:{line} field 'type': {etype!r} is not an event type")
        out[etype] = {k: v for k, v in row.items() if k != "type"}
    return out


@lru_cache(maxsize=4)
def _cached(_env_key: tuple[str, ...]) -> Lexicon:
    triggers, macros = _load_triggers()
    actors, nouns = _load_actors()
    attribution, media = _load_attribution()
    hedges, fatality = _load_hedges()
    return Lexicon(
        triggers=triggers,
        macros=macros,
        actors=actors,
        institution_nouns=nouns,
        attribution=attribution,
        media_names=media,
        hedges=hedges,
        fatality_verbs=fatality,
        modality=_load_modality(),
        type_mappings=load_type_mappings(),
    )


def load_lexicon() -> Lexicon:
    """The packaged lexicons plus the user's extra files (cached per set of extra files)."""
    key = tuple(
        os.environ.get(env, "")
        for env in (TRIGGERS_ENV, ACTORS_ENV, ATTRIBUTION_ENV, HEDGES_ENV, MODALITY_ENV)
    )
    return _cached(key)
