"""From sentences to candidate events: trigger hits, targets, places, actors, dates.

A candidate is one trigger reading tied to one place; a trigger with coordinated places
("bases in Kirkuk and Nineveh") gives one candidate per place, all in the same ``group``
so the merge step never folds them into each other.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from basewatch.extract.actors import ActorMention
from basewatch.extract.attribution import SentenceSource
from basewatch.extract.lexicon import Lexicon, Trigger
from basewatch.extract.segments import Sentence
from basewatch.records import DateSpan, Place

# Words before "base"/"camp" that make it something else ("fan base", "refugee camp").
_NON_MILITARY_BEFORE = frozenset(
    [
        "fan",
        "customer",
        "user",
        "voter",
        "power",
        "tax",
        "support",
        "data",
        "knowledge",
        "client",
        "subscriber",
        "installed",
        "player",
        "donor",
        "manufacturing",
        "industrial",
        "production",
        "export",
        "revenue",
        "asset",
        "capital",
        "cost",
        "rate",
        "salary",
        "pay",
        "wage",
        "political",
        "electoral",
        "money",
        "member",
        "membership",
        "home",
        "refugee",
        "summer",
        "boot",
        "holiday",
        "displacement",
        "idp",
        "detention",
        "migrant",
        "football",
        "soccer",
        "training",
        "pre-season",
        "preseason",
        "team's",
        "sports",
        "medical",
        "nuclear",
        "storage",
        "production",
        "manufacturing",
        "research",
        "health",
        "care",
        "treatment",
        "water",
        "development",
        "engineering",
        "sales",
        "software",
        "business",
        "commercial",
        "technology",
        "innovation",
        "distribution",
        "retail",
        "service",
        "ski",
        "hiking",
        "tourist",
    ]
)
# Words after "base"/"camp" that make it something else ("base rate", "camp site").
_NON_MILITARY_AFTER = frozenset(
    [
        "rate",
        "rates",
        "salary",
        "salaries",
        "pay",
        "price",
        "prices",
        "metal",
        "metals",
        "model",
        "models",
        "year",
        "layer",
        "coat",
        "case",
        "pair",
        "pairs",
        "level",
        "levels",
        "line",
        "lines",
        "station",
        "stations",
        "camp",
        "site",
        "sites",
        "fire",
        "fires",
        "director",
        "directors",
        "counselor",
    ]
)
# "support", "logistics", "training" before "base" or "facility" are military when a military
# word qualifies the phrase ("the PLA support base", "a naval logistics facility").
_MILITARY_WHEN_QUALIFIED = frozenset(["support", "logistics", "training", "storage", "supply"])
_MILITARY_QUALIFIER = re.compile(
    r"\b(?:military|army|navy|naval|air force|marines?|PLA|NATO|defen[cs]e|forces|troops|armed|(?:US|U\.S\.|"
    r"American|Russian|Chinese|French|British|Turkish|Iranian|Israeli|Indian) (?:navy|army|air))",
    re.IGNORECASE,
)
# Words before "facility", "installation" or "compound" that make it military.
_MILITARY_FACILITY_BEFORE = frozenset(["military", "army", "air", "naval", "navy", "defence", "defense"])
_WEAK_BASE_NOUNS = re.compile(r"^(?:facilit(?:y|ies)|installations?|compound)$", re.IGNORECASE)
# Nouns that on their own name a military installation: a sentence holding one is about forces
# even without a military word ("the last personnel left the base at X").
_STRONG_BASE_NOUNS = re.compile(
    r"^(?:air ?bases?|airbases?|outposts?|garrisons?|barracks|airfields?|airstrips?"
    r"|military (?:towns?|airports?))$",
    re.IGNORECASE,
)
# A bare "base" is an installation only where it is given a place: "the base at Manas".
_BASE_AT_PLACE = re.compile(r"^\s+(?:at|in|near|outside)\s+(?:al-|el-)?(?-i:[A-Z])")
_COREF = re.compile(
    r"\b(?:the|that|this)\s+(?:same\s+)?(?:(?:air|military|army|naval|new|US|American|sprawling|coalition)\s+)?"
    r"(?P<noun>air ?base|airbase|base|facility|airfield|outpost|garrison|camp|installation|"
    r"transit (?:cent(?:er|re)|hub)|logistics (?:cent(?:er|re)|hub))\b",
    re.IGNORECASE,
)
# "the airfield at Kandahar", "the base in Gao": a base noun that names its place is no back-reference.
_NAMED_BY_PLACE = re.compile(
    r"^\s+(?:at|in|near|outside|of)\s+(?:the\s+)?(?:(?:town|city|village|port)\s+of\s+)?(?:al-|el-)?(?-i:[A-Z])"
)


def refers_back(window: str) -> bool:
    """True when ``window`` holds "the base", "that facility"... pointing back to one named before."""
    return any(not _NAMED_BY_PLACE.match(window[m.end() : m.end() + 40]) for m in _COREF.finditer(window))


# "there" pointing back to a place, not the expletive "there are talks".
_THERE = re.compile(
    r"\bthere\b(?!\s+(?:is|are|was|were|have|has|had|will|would|may|might|could|seems?|appears?|remains?)\b)",
    re.IGNORECASE,
)
_CITY_COREF = re.compile(r"\bthe (?:city|town|village)\b(?! of)", re.IGNORECASE)
_COUNTRY_COREF = re.compile(
    r"\b(?:the|their|its) (?:country|kingdom|emirate|sultanate|republic|island nation)\b", re.IGNORECASE
)
_BORDER_BEFORE = re.compile(
    r"border\w*\s+(?:areas?\s+|regions?\s+|crossings?\s+)?(?:with|between|of)\s+(?:[\w'’-]+\s+(?:and|,)\s+){0,3}"
    r"(?:(?:the|neighbou?ring)\s+)*$",
    re.IGNORECASE,
)
_BORDER_AFTER = re.compile(r"^(?:[-–][\w'’-]+)?\s+(?:border|frontier)\b", re.IGNORECASE)
_COORDINATION = re.compile(
    r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s+as well as\s+)"
    r"(?:(?:in|at|near|to|from|the|its|their)\s+)*"
    r"(?:[\w'’-]+\s+){0,3}?$",
    re.IGNORECASE,
)
_MORE_AREAS = re.compile(
    r"^\s*,?\s*(?:and|or)\s+(?:in\s+|at\s+|near\s+|to\s+)?(?:the\s+)?(?:other\s+)?"
    r"(?:areas?|parts?|regions?|villages?|towns?|positions?|locations?|sites?)\b",
    re.IGNORECASE,
)


@dataclass
class Hit:
    """A trigger occurrence (absolute offsets)."""

    trigger: Trigger
    sentence: Sentence
    start: int
    end: int


@dataclass
class Candidate:
    """One event reading before merging."""

    type: str
    hit: Hit
    group: int
    modality: str
    place: Place | None = None
    fallback: str | None = None  # how to locate it later: "region" (border areas) or None
    actor: ActorMention | None = None
    counterpart: ActorMention | None = None
    date: DateSpan | None = None
    reported: DateSpan | None = None
    source: SentenceSource = field(default_factory=SentenceSource)
    hedges: list[str] = field(default_factory=list)
    fatalities: int | None = None
    nominal: bool = False
    subordinate: bool = False
    strength: float = 0.7
    coref: bool = False
    actor_fallback: bool = False
    reaction: bool = False  # the object of "condemned", "blamed ... for": told as a reaction
    own_place: bool = False  # the place was named in the event's own sentence

    @property
    def merge_place(self) -> Place | None:
        """The place that identifies the event when merging (not a country guessed from context)."""
        if self.own_place or self.coref or self.fallback == "region":
            return self.place
        return None

    @property
    def sentence(self) -> Sentence:
        return self.hit.sentence

    @property
    def caption(self) -> bool:
        return self.hit.sentence.block_kind == "caption"

    @property
    def title(self) -> bool:
        return self.hit.sentence.block_kind == "title"


class TargetFinder:
    """Base nouns, forces nouns and installations near a trigger."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.base_noun = re.compile(rf"\b{lexicon.macros['BASE']}\b", re.IGNORECASE)
        self.forces_noun = re.compile(rf"\b{lexicon.macros['FORCES']}\b", re.IGNORECASE)
        self.military = re.compile(rf"\b{lexicon.macros['MIL']}\b", re.IGNORECASE)

    def base_nouns(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Military base nouns in ``text[start:end]`` (relative offsets)."""
        out = []
        for match in self.base_noun.finditer(text, max(0, start), max(0, end)):
            before = re.findall(r"[\w'’-]+", text[max(0, match.start() - 25) : match.start()])
            previous = before[-1].lower() if before else ""
            if previous in _MILITARY_WHEN_QUALIFIED and _MILITARY_QUALIFIER.search(
                text[max(0, match.start() - 40) : match.start()]
            ):
                previous = "military"  # "the navy's new support base", "a military logistics facility"
            if previous in _NON_MILITARY_BEFORE or previous.endswith("-based"):
                continue
            following = re.match(r"\s*([\w-]+)", text[match.end() : match.end() + 20])
            if following and following.group(1).lower() in _NON_MILITARY_AFTER:
                continue
            if _WEAK_BASE_NOUNS.match(match.group(0)) and previous not in _MILITARY_FACILITY_BEFORE:
                continue
            out.append((match.start(), match.end()))
        return out

    def names_installation(self, text: str) -> bool:
        """True when ``text`` holds a noun that by itself names a military installation."""
        return any(
            _STRONG_BASE_NOUNS.match(text[s:e])
            or (text[s:e].lower() in ("base", "bases") and _BASE_AT_PLACE.match(text[e : e + 30]))
            for s, e in self.base_nouns(text, 0, len(text))
        )


def place_is_border(text: str, place: Place) -> bool:
    """True when a place only qualifies a border ("the border with Syria", "the Iraq-Syria border")."""
    return bool(_BORDER_BEFORE.search(text[max(0, place.start - 60) : place.start])) or bool(
        _BORDER_AFTER.match(text[place.end : place.end + 30])
    )


def contains(outer: Place, inner: Place) -> bool:
    """True when ``outer`` is a country or region that holds ``inner``."""
    if outer is inner or outer.precision <= inner.precision:
        return False
    if outer.precision >= 4:
        return bool(outer.country) and outer.country == inner.country
    if outer.precision == 3:
        names = {n.lower() for n in (outer.admin1, outer.name) if n}
        inner_admin = (inner.admin1 or "").lower()
        return (bool(inner_admin) and inner_admin in names) or (
            inner.precision >= 3 and outer.country == inner.country and outer.name == inner.name
        )
    return False


def coordinated(text: str, places: list[Place]) -> list[Place]:
    """The first place and those joined to it by "and", "or" or commas."""
    if not places:
        return []
    chosen = [places[0]]
    for place in places[1:]:
        gap = text[chosen[-1].end : place.start]
        if len(gap) <= 45 and _COORDINATION.match(gap) and not re.search(r"\bof\b", gap):
            chosen.append(place)
            continue
        # "Anbar's Habbaniyah": a place right after a containing one continues the phrase.
        if len(gap) <= 60 and re.match(
            r"^(?:['’]s)?\s+(?:(?:[A-Z][\w'’-]+\s+)+(?:and|or|,)\s+)?$|^['’]s\s*$", gap
        ):
            chosen.append(place)
            continue
        break
    return chosen


_NAME_IN_GAP = re.compile(r"\b(?:al-|el-)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*")


def names_between(text: str, places: list[Place]) -> list[tuple[int, int]]:
    """Capitalised names between coordinated places that the resolver did not give (offsets)."""
    out: list[tuple[int, int]] = []
    for left, right in itertools.pairwise(places):
        for match in _NAME_IN_GAP.finditer(text, left.end, right.start):
            out.append((match.start(), match.end()))
    return out


def prune_containers(places: list[Place]) -> list[Place]:
    """Drop countries and regions that contain another chosen place."""
    return [p for p in places if not any(contains(p, q) for q in places if q is not p)]


def more_areas_follow(text: str, place: Place) -> bool:
    """True when "and (in) areas ..." follows the place: another, vaguer location of the same event."""
    return bool(_MORE_AREAS.match(text[place.end : place.end + 40]))
