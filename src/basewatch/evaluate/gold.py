"""Read gold annotation files (the YAML format of ``../shared/devset/gold``).

Each file describes one document: its metadata and the events a careful analyst
coded from it. Gold events are turned into the same :class:`~basewatch.records.Event`
records the extractor produces, so the scorer compares like with like.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from basewatch.records import (
    DATE_PRECISIONS,
    EVENT_TYPES,
    MODALITIES,
    SOURCE_KINDS,
    Actor,
    Attribution,
    DateSpan,
    Event,
    Evidence,
    Installation,
    Place,
    Source,
)

GOLD_SUFFIXES: tuple[str, ...] = (".yaml", ".yml")


class GoldError(ValueError):
    """A gold file or folder that cannot be read; the message names the file and field."""


@dataclass
class GoldMetadata:
    """What the gold file says about the article itself (given to ingest unless withheld)."""

    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain mapping for ``basewatch.ingest.read_document(path, metadata=...)``."""
        return {
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
        }


@dataclass
class GoldEvent:
    """One annotated event: the record plus its gold id and whether it is optional."""

    id: str
    event: Event
    optional: bool = False


@dataclass
class GoldDoc:
    """One gold file: the document name, its metadata and its events."""

    doc: str
    path: Path
    metadata: GoldMetadata = field(default_factory=GoldMetadata)
    published_interval_if_unknown: tuple[dt.date, dt.date] | None = None
    events: list[GoldEvent] = field(default_factory=list)


# --------------------------------------------------------------------------- field readers


class _Reader:
    """Typed accessors that raise :class:`GoldError` naming the file and the field path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> GoldError:
        return GoldError(f"{self.path}: field '{where}': {problem}")

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, f"expected a mapping, got {type(value).__name__}")
        return value

    def optional_str(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        raise self.fail(where, f"expected text, got {type(value).__name__}")

    def required_str(self, value: Any, where: str) -> str:
        text = self.optional_str(value, where)
        if not text:
            raise self.fail(where, "is required and must be non-empty text")
        return text

    def boolean(self, value: Any, where: str, default: bool = False) -> bool:
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        raise self.fail(where, f"expected true or false, got {value!r}")

    def number(self, value: Any, where: str) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                return float(str(value))
            except ValueError:
                raise self.fail(where, f"expected a number, got {value!r}") from None
        return float(value)

    def date(self, value: Any, where: str) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise self.fail(where, f"expected an ISO date YYYY-MM-DD, got {value!r}") from None

    def choice(self, value: Any, where: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        if value is None and default is not None:
            return default
        if value not in allowed:
            raise self.fail(where, f"{value!r} is not one of {', '.join(allowed)}")
        return str(value)

    def str_list(self, value: Any, where: str) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of text, got {type(value).__name__}")
        return [self.required_str(item, f"{where}[{i}]") for i, item in enumerate(value)]


def _actor(r: _Reader, value: Any, where: str) -> Actor | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        name = r.optional_str(value.get("name"), f"{where}.name")
        text = r.optional_str(value.get("text"), f"{where}.text")
        return Actor(name=name, text=text) if (name or text) else None
    return Actor(name=r.required_str(value, where))


def _installation(r: _Reader, value: Any, where: str) -> Installation | None:
    if value is None:
        return None
    m = r.mapping(value, where)
    name = r.required_str(m.get("name"), f"{where}.name")
    return Installation(
        id=r.optional_str(m.get("id"), f"{where}.id") or "",
        name=name,
        aliases=r.str_list(m.get("aliases"), f"{where}.aliases"),
        country=r.optional_str(m.get("country"), f"{where}.country") or "",
        admin1=r.optional_str(m.get("admin1"), f"{where}.admin1"),
        lat=r.number(m.get("lat"), f"{where}.lat"),
        lon=r.number(m.get("lon"), f"{where}.lon"),
    )


def _place(r: _Reader, value: Any, where: str) -> Place | None:
    if value is None:
        return None
    m = r.mapping(value, where)
    lat = r.number(m.get("lat"), f"{where}.lat")
    lon = r.number(m.get("lon"), f"{where}.lon")
    if (lat is None) != (lon is None):
        raise r.fail(where, "give both lat and lon, or neither")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= (lon or 0) <= 180):
        raise r.fail(where, f"coordinates out of range: lat {lat}, lon {lon}")
    precision = m.get("precision", 1)
    if precision not in (1, 2, 3, 4):
        raise r.fail(f"{where}.precision", f"expected 1, 2, 3 or 4, got {precision!r}")
    name = r.optional_str(m.get("name"), f"{where}.name") or ""
    return Place(
        name=name,
        text=name,
        admin1=r.optional_str(m.get("admin1"), f"{where}.admin1"),
        country=r.optional_str(m.get("country"), f"{where}.country"),
        lat=lat,
        lon=lon,
        precision=int(precision),
        resolved=lat is not None,
    )


def _date_span(r: _Reader, value: Any, where: str) -> DateSpan | None:
    if value is None:
        return None
    m = r.mapping(value, where)
    start = r.date(m.get("start"), f"{where}.start")
    end = r.date(m.get("end"), f"{where}.end") or start
    if start is None or end is None:
        raise r.fail(f"{where}.start", "a date needs at least a start (or write `date: null`)")
    if end < start:
        raise r.fail(where, f"end {end} is before start {start}")
    precision = r.choice(m.get("precision"), f"{where}.precision", DATE_PRECISIONS, default="day")
    return DateSpan(start=start, end=end, precision=precision, text=str(m.get("text") or ""))


def _attribution(r: _Reader, value: Any, where: str) -> Attribution:
    if value is None:
        return Attribution()
    m = r.mapping(value, where)
    source_value = m.get("source")
    source = Source()
    if source_value is not None:
        sm = r.mapping(source_value, f"{where}.source")
        source = Source(
            kind=r.choice(sm.get("kind"), f"{where}.source.kind", SOURCE_KINDS, default="none"),
            text=r.optional_str(sm.get("text"), f"{where}.source.text"),
        )
    return Attribution(
        outlet=r.optional_str(m.get("outlet"), f"{where}.outlet"),
        via=r.str_list(m.get("via"), f"{where}.via"),
        source=source,
    )


def _event(r: _Reader, value: Any, index: int, doc: str) -> GoldEvent:
    where = f"events[{index}]"
    m = r.mapping(value, where)
    fatalities = m.get("fatalities")
    if fatalities is not None and (isinstance(fatalities, bool) or not isinstance(fatalities, int)):
        raise r.fail(f"{where}.fatalities", f"expected a whole number or null, got {fatalities!r}")
    evidence_text = r.optional_str(m.get("evidence"), f"{where}.evidence")
    event = Event(
        type=r.choice(m.get("type"), f"{where}.type", EVENT_TYPES),
        modality=r.choice(m.get("modality"), f"{where}.modality", MODALITIES, default="completed"),
        actor=_actor(r, m.get("actor"), f"{where}.actor"),
        counterpart=_actor(r, m.get("counterpart"), f"{where}.counterpart"),
        installation=_installation(r, m.get("installation"), f"{where}.installation"),
        location=_place(r, m.get("location"), f"{where}.location"),
        date=_date_span(r, m.get("date"), f"{where}.date"),
        reported=_date_span(r, m.get("reported"), f"{where}.reported"),
        attribution=_attribution(r, m.get("attribution"), f"{where}.attribution"),
        hedges=r.str_list(m.get("hedges"), f"{where}.hedges"),
        fatalities=fatalities,
        background=r.boolean(m.get("background"), f"{where}.background"),
        caption=r.boolean(m.get("caption"), f"{where}.caption"),
        evidence=Evidence(text=evidence_text, start=-1, end=-1) if evidence_text else None,
        confidence=1.0,
        doc=doc,
    )
    gold_id = r.optional_str(m.get("id"), f"{where}.id") or f"e{index + 1}"
    event.id = gold_id
    return GoldEvent(id=gold_id, event=event, optional=r.boolean(m.get("optional"), f"{where}.optional"))


# --------------------------------------------------------------------------- public


def load_gold_file(path: Path) -> GoldDoc:
    """Read one gold YAML file; raise :class:`GoldError` naming the file and field on bad input."""
    path = Path(path)
    r = _Reader(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise GoldError(f"{path}: not UTF-8 text; save the gold file as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise GoldError(f"{path}:{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    top = r.mapping(data, "<top level>")
    doc = r.required_str(top.get("doc"), "doc")
    meta_value = top.get("metadata")
    metadata = GoldMetadata()
    if meta_value is not None:
        meta = r.mapping(meta_value, "metadata")
        metadata = GoldMetadata(
            outlet=r.optional_str(meta.get("outlet"), "metadata.outlet"),
            published=r.date(meta.get("published"), "metadata.published"),
            url=r.optional_str(meta.get("url"), "metadata.url"),
        )
    interval_value = top.get("published_interval_if_unknown")
    interval: tuple[dt.date, dt.date] | None = None
    if interval_value is not None:
        if not isinstance(interval_value, list) or len(interval_value) != 2:
            raise r.fail("published_interval_if_unknown", "expected a list of two dates [start, end]")
        first = r.date(interval_value[0], "published_interval_if_unknown[0]")
        last = r.date(interval_value[1], "published_interval_if_unknown[1]")
        if first and last:
            interval = (first, last)
    events_value = top.get("events")
    if events_value is None:
        events_value = []
    if not isinstance(events_value, list):
        raise r.fail("events", f"expected a list of events, got {type(events_value).__name__}")
    events = [_event(r, item, i, doc) for i, item in enumerate(events_value)]
    return GoldDoc(
        doc=doc,
        path=path,
        metadata=metadata,
        published_interval_if_unknown=interval,
        events=events,
    )


def load_gold(gold_dir: Path | str) -> list[GoldDoc]:
    """Read every ``*.yaml``/``*.yml`` gold file of a folder (or one file), sorted by name."""
    gold_path = Path(gold_dir)
    if gold_path.is_file():
        return [load_gold_file(gold_path)]
    if not gold_path.is_dir():
        raise GoldError(f"{gold_path}: no such gold folder; pass a folder of gold YAML files")
    files = sorted(p for p in gold_path.iterdir() if p.suffix.lower() in GOLD_SUFFIXES and p.is_file())
    if not files:
        raise GoldError(f"{gold_path}: no gold files (*.yaml) in this folder")
    docs = [load_gold_file(p) for p in files]
    seen: dict[str, Path] = {}
    for gold in docs:
        if gold.doc in seen:
            raise GoldError(
                f"{gold.path}: field 'doc': {gold.doc!r} is already annotated in {seen[gold.doc]}"
            )
        seen[gold.doc] = gold.path
    return docs
