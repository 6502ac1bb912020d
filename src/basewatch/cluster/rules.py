"""Loading and validating ``data/status.yaml``: status mapping, contradiction rules, thresholds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from basewatch.config import data_path, load_yaml
from basewatch.records import DATE_PRECISIONS, EVENT_TYPES, MODALITIES

RELATIONS = ("after", "disjoint", "overlap")


class RulesError(ValueError):
    """A status rules file is missing, unreadable or malformed (the message names file and field)."""


@dataclass(frozen=True)
class Selector:
    """Selects timeline entries by status, event type and modality (empty = any)."""

    statuses: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    modalities: frozenset[str] = frozenset()

    def matches(self, status: str, event_type: str, modality: str) -> bool:
        return (
            (not self.statuses or status in self.statuses)
            and (not self.types or event_type in self.types)
            and (not self.modalities or modality in self.modalities)
        )


@dataclass(frozen=True)
class ConflictRule:
    name: str
    description: str
    first: Selector
    second: Selector
    relation: str
    same_status: bool = False


@dataclass(frozen=True)
class StatusRules:
    """Everything in ``status.yaml``, validated."""

    status_map: dict[str, dict[str, Any]]
    statuses: tuple[str, ...]
    conflicts: tuple[ConflictRule, ...]
    max_distance_km: float = 50.0
    installation_radius_km: float = 10.0
    ignore_actor_within_km: float = 10.0
    undated_news_window_days: int = 15
    tolerance_days: dict[str, int] = field(default_factory=dict)
    cell_degrees: float = 0.5
    max_bucket_months: int = 36
    name_qualifiers: frozenset[str] = frozenset()
    name_articles: frozenset[str] = frozenset()
    modality_groups: tuple[frozenset[str], ...] = ()

    def modalities_compatible(self, a: str, b: str) -> bool:
        """Whether two modalities can describe one real-world event (a denial fits any)."""
        if a == b or "denied" in (a, b) or not self.modality_groups:
            return True
        return any(a in group and b in group for group in self.modality_groups)

    def status_for(self, event_type: str, modality: str, has_counterpart: bool = False) -> str | None:
        """Installation status an event of this type and modality implies, or None."""
        entry = self.status_map.get(event_type)
        if entry is None:
            return None
        status = str(entry.get(modality, entry.get("default")))
        if status == "withdrawn" and has_counterpart and entry.get("handed_over_when_counterpart"):
            return "handed_over"
        return status

    def status_rank(self, status: str) -> int:
        return self.statuses.index(status) if status in self.statuses else len(self.statuses)


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise RulesError(f"{where}: expected a string or a list of strings, got {value!r}")


def _selector(raw: Any, where: str, statuses: Iterable[str]) -> Selector:
    if not isinstance(raw, dict):
        raise RulesError(f"{where}: expected a mapping with status/type/modality lists")
    unknown_keys = set(raw) - {"status", "type", "modality"}
    if unknown_keys:
        raise RulesError(f"{where}: unknown keys {sorted(unknown_keys)} (use status, type, modality)")
    status_list = _strings(raw.get("status"), f"{where}.status")
    type_list = _strings(raw.get("type"), f"{where}.type")
    modality_list = _strings(raw.get("modality"), f"{where}.modality")
    for status in status_list:
        if status not in statuses:
            raise RulesError(f"{where}.status: '{status}' is not in the statuses list")
    for event_type in type_list:
        if event_type not in EVENT_TYPES:
            raise RulesError(f"{where}.type: '{event_type}' is not an event type")
    for modality in modality_list:
        if modality not in MODALITIES:
            raise RulesError(f"{where}.modality: '{modality}' is not one of {', '.join(MODALITIES)}")
    return Selector(frozenset(status_list), frozenset(type_list), frozenset(modality_list))


def parse_rules(raw: Any, source: str = "status.yaml") -> StatusRules:
    """Validate the parsed YAML of a status rules file."""
    if not isinstance(raw, dict):
        raise RulesError(f"{source}: expected a mapping at the top level")
    statuses = tuple(_strings(raw.get("statuses"), f"{source}: statuses"))
    if not statuses:
        raise RulesError(f"{source}: 'statuses' must list the status vocabulary")
    status_map_raw = raw.get("status_map") or {}
    if not isinstance(status_map_raw, dict):
        raise RulesError(f"{source}: 'status_map' must map event types to statuses")
    status_map: dict[str, dict[str, Any]] = {}
    for event_type, entry in status_map_raw.items():
        where = f"{source}: status_map.{event_type}"
        if event_type not in EVENT_TYPES:
            raise RulesError(f"{where}: unknown event type (see records.EVENT_TYPES)")
        if not isinstance(entry, dict) or "default" not in entry:
            raise RulesError(f"{where}: expected a mapping with at least a 'default' status")
        for key, value in entry.items():
            if key == "handed_over_when_counterpart":
                continue
            if key != "default" and key not in MODALITIES:
                raise RulesError(f"{where}.{key}: not a modality ({', '.join(MODALITIES)})")
            if value not in statuses:
                raise RulesError(f"{where}.{key}: status '{value}' is not in the statuses list")
        status_map[event_type] = dict(entry)
    conflicts: list[ConflictRule] = []
    for index, rule in enumerate(raw.get("conflicts") or []):
        where = f"{source}: conflicts[{index}]"
        if not isinstance(rule, dict) or "name" not in rule:
            raise RulesError(f"{where}: expected a mapping with a 'name'")
        relation = rule.get("relation")
        if relation not in RELATIONS:
            raise RulesError(f"{where}.relation: '{relation}' is not one of {', '.join(RELATIONS)}")
        conflicts.append(
            ConflictRule(
                name=str(rule["name"]),
                description=str(rule.get("description", rule["name"])),
                first=_selector(rule.get("first", {}), f"{where}.first", statuses),
                second=_selector(rule.get("second", {}), f"{where}.second", statuses),
                relation=relation,
                same_status=bool(rule.get("same_status", False)),
            )
        )
    clustering = raw.get("clustering") or {}
    sources = raw.get("sources") or {}
    groups: list[frozenset[str]] = []
    for index, group in enumerate(clustering.get("modality_groups") or []):
        members = _strings(group, f"{source}: clustering.modality_groups[{index}]")
        for modality in members:
            if modality not in MODALITIES:
                raise RulesError(
                    f"{source}: clustering.modality_groups[{index}]: '{modality}' is not a modality"
                )
        groups.append(frozenset(members))
    try:
        tolerance = {str(k): int(v) for k, v in (clustering.get("tolerance_days") or {}).items()}
        for precision in tolerance:
            if precision not in DATE_PRECISIONS:
                raise RulesError(f"{source}: clustering.tolerance_days.{precision}: not a date precision")
        return StatusRules(
            status_map=status_map,
            statuses=statuses,
            conflicts=tuple(conflicts),
            max_distance_km=float(clustering.get("max_distance_km", 50)),
            installation_radius_km=float(clustering.get("installation_radius_km", 10)),
            ignore_actor_within_km=float(clustering.get("ignore_actor_within_km", 10)),
            undated_news_window_days=int(clustering.get("undated_news_window_days", 15)),
            tolerance_days=tolerance,
            cell_degrees=float(clustering.get("cell_degrees", 0.5)),
            max_bucket_months=int(clustering.get("max_bucket_months", 36)),
            name_qualifiers=frozenset(s.lower() for s in _strings(sources.get("name_qualifiers"), source)),
            name_articles=frozenset(s.lower() for s in _strings(sources.get("articles"), source)),
            modality_groups=tuple(groups),
        )
    except (TypeError, ValueError) as exc:
        if isinstance(exc, RulesError):
            raise
        raise RulesError(f"{source}: clustering: a threshold is not a number ({exc})") from exc


def load_rules(path: str | Path | None = None) -> StatusRules:
    """Load status rules from ``path`` (default: the packaged ``data/status.yaml``)."""
    if path is None:
        return _packaged_rules()
    return _read_rules(Path(path))


def _read_rules(path: Path) -> StatusRules:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the status rules file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise RulesError(f"{path}:{line} is not valid YAML; fix the syntax") from exc
    return parse_rules(raw, str(path))


@lru_cache(maxsize=1)
def _packaged_rules() -> StatusRules:
    return _read_rules(data_path("status.yaml"))
