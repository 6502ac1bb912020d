"""Plain typed records that flow between the pipeline stages.

Every stage takes and returns these dataclasses; none of them knows about the
database, the CLI or the web layer. ``to_dict`` gives the JSON shape of
``../shared/spec/EVENTS.md`` (dates as ISO strings).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

EVENT_TYPES: tuple[str, ...] = (
    "base.plan",
    "base.construct",
    "base.expand",
    "base.withdraw",
    "base.attack",
    "force.presence",
    "force.deploy",
    "force.withdraw",
    "force.operation",
    "force.air",
    "force.strike",
    "force.clash",
    "territory.change",
    "politics.demand_withdrawal",
    "politics.agreement",
    "politics.threat",
    "politics.reject",
)
MODALITIES: tuple[str, ...] = ("planned", "ongoing", "completed", "speculative", "denied")
SOURCE_KINDS: tuple[str, ...] = ("anonymous", "named", "official_statement", "media", "none")
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "season", "year", "range")
PUBLISHED_FROM: tuple[str, ...] = ("metadata", "html", "url", "dateline", "content")

BlockKind = Literal["title", "body", "caption"]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


class Record:
    """Mixin: JSON-ready dict of a dataclass (dates as ISO strings)."""

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(dataclasses.asdict(self))  # type: ignore[call-overload]


# --------------------------------------------------------------------------- articles


@dataclass
class Block(Record):
    """A span of the cleaned text: the title, a body paragraph, or a photo caption."""

    kind: BlockKind
    start: int
    end: int


@dataclass
class Published(Record):
    """Publication date as an interval; ``inferred`` when no page or sidecar gave it."""

    start: dt.date
    end: dt.date
    inferred: bool = False
    confidence: float = 1.0
    source: str = "metadata"  # one of PUBLISHED_FROM; serialised as "from"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "inferred": self.inferred,
            "confidence": self.confidence,
            "from": self.source,
        }

    @property
    def anchor(self) -> dt.date:
        """The single day relative expressions are resolved against."""
        return self.end


@dataclass
class Article(Record):
    """One cleaned news article, ready for extraction.

    ``text`` is the cleaned text; every offset in the system (blocks, evidence)
    points into it. ``offset_map`` maps cleaned offsets back to the decoded
    original: a list of ``(clean_start, raw_start, length)`` runs.
    """

    text: str
    doc: str = ""  # source file name (or URL) the article came from
    id: str | None = None  # stable id, derived from the content hash by the store
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    language: str | None = None
    published: Published | None = None
    blocks: list[Block] = field(default_factory=list)
    content_hash: str = ""
    raw: bytes = b""
    raw_format: str = "text"  # text | html | jsonl | warc | feed | url
    offset_map: list[tuple[int, int, int]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # extra metadata, e.g. {"synthetic": true}

    def summary(self) -> dict[str, Any]:
        """The JSON shape of an article in listings (CLI and API): metadata, no text, no raw bytes."""
        return {
            "id": self.id,
            "doc": self.doc,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "author": self.author,
            "language": self.language,
            "published": self.published.to_dict() if self.published else None,
            "chars": len(self.text),
            "captions": len(self.captions()),
            "raw_format": self.raw_format,
        }

    def captions(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "caption"]

    def block_at(self, offset: int) -> Block | None:
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block
        return None


# --------------------------------------------------------------------------- places and dates


@dataclass
class Installation(Record):
    """A military installation from the register (``data/installations.yaml``)."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "base"
    country: str = ""  # ISO 3166-1 alpha-2
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    operators: list[str] = field(default_factory=list)
    coord_source: str = ""


@dataclass
class Place(Record):
    """A resolved (or unresolved) place mention.

    precision: 1 = the site, town or installation itself; 2 = near a named place
    or a district; 3 = a province or region; 4 = a whole country.
    ``lat``/``lon`` stay None when ``resolved`` is False: never invent coordinates.
    """

    name: str
    text: str = ""  # the mention as written
    start: int = -1  # offsets of the mention in the text, when known
    end: int = -1
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int = 1
    resolved: bool = True
    feature: str = "place"  # place | admin1 | country | airport | installation | region
    installation: Installation | None = None
    gazetteer_id: str | None = None


@dataclass
class DateSpan(Record):
    """A resolved time expression: an interval, its precision and its words."""

    start: dt.date
    end: dt.date
    precision: str  # one of DATE_PRECISIONS
    text: str = ""
    char_start: int = -1
    char_end: int = -1


# --------------------------------------------------------------------------- events


@dataclass
class Actor(Record):
    name: str | None  # canonical name from the actor dictionary, None when unknown
    text: str | None = None  # the mention as written


@dataclass
class Source(Record):
    kind: str = "none"  # one of SOURCE_KINDS
    text: str | None = None


@dataclass
class Attribution(Record):
    outlet: str | None = None
    via: list[str] = field(default_factory=list)
    source: Source = field(default_factory=Source)


@dataclass
class Evidence(Record):
    text: str
    start: int
    end: int


@dataclass
class Event(Record):
    """One event as one article tells it (see ../shared/spec/EVENTS.md)."""

    type: str
    modality: str = "completed"
    actor: Actor | None = None
    counterpart: Actor | None = None
    installation: Installation | None = None
    location: Place | None = None
    date: DateSpan | None = None
    reported: DateSpan | None = None
    attribution: Attribution = field(default_factory=Attribution)
    hedges: list[str] = field(default_factory=list)
    fatalities: int | None = None
    background: bool = False
    caption: bool = False
    evidence: Evidence | None = None
    confidence: float = 0.5
    article_id: str | None = None
    doc: str | None = None
    id: str | None = None
    # Filled by the store from the human review table, never by extraction.
    reviewed: bool = False
    review_status: str | None = None  # accepted | rejected | corrected
