"""Toponym recognition and resolution in running text.

Order of work in ``find_places``: installations from the register first (they win over
overlapping town names), then capitalised name runs looked up in the gazetteer and
disambiguated by context (countries named in the text, the caller's hint, places
already resolved), then relative descriptions ("near Y", "the X region northeast of
Y", "X district", "X province", "near the Syrian border") and unknown places named
after "the village of" and the like (kept, unresolved, without coordinates).
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from basewatch.config import data_path, load_yaml
from basewatch.places.borders import Border, border_between
from basewatch.places.gazetteer import Feature, Gazetteer, distance_km, get_gazetteer
from basewatch.places.normalize import ARTICLES, consonant_key, fold, normalize_name, spelling_key
from basewatch.records import Installation, Place

if TYPE_CHECKING:
    from basewatch.registry import Register

ALIASES_FILE = "place_aliases.yaml"
MAX_RUN_TOKENS = 5
# A place this large is taken as a sign of which country a text is about.
CONFIDENT_POPULATION = 100_000
# Places this large elsewhere make a name ambiguous.
AMBIGUITY_POPULATION = 20_000
# Joiners allowed inside a capitalised name run ("Deir ez-Zor", "Abu Bakr al-Baghdadi", "Bab al-Hawa").
CONNECTORS = frozenset(
    {
        "al",
        "el",
        "ad",
        "as",
        "ash",
        "ar",
        "an",
        "at",
        "az",
        "ez",
        "es",
        "ed",
        "bin",
        "ibn",
        "bani",
        "de",
        "del",
        "la",
        "le",
        "di",
        "du",
        "da",
        "van",
        "von",
        "upon",
        "am",
        "sur",
        "en",
        "of",
    }
)
DIRECTIONS = (
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
)
_DIR = "|".join(sorted((re.escape(d) for d in DIRECTIONS), key=len, reverse=True))
_NAME = r"[A-Z][\w'’ʿ-]*(?:\s+(?:al-|el-|ad-|as-|ar-|an-|at-)?[A-Z][\w'’ʿ-]*){0,3}"
# What may stand right before a name: "near", "north of", "close to the Iraqi capital,".
_NEAR_RE = re.compile(
    r"(?P<rel>close to|near(?:by)?|outside(?: of)?|on the outskirts of|in the outskirts of|"
    rf"in the vicinity of|"
    rf"around|not far from|(?:\d+\s*(?:km|kilometers|kilometres|miles)\s+)?(?P<dir>{_DIR})(?:ern)?\s+of)\s+"
    rf"(?:the\s+)?(?:(?:[A-Z]\w+\s+)?(?:city|town|village|capital|province|governorate|outskirts)(?:\s+of)?,?\s+)?$",
    re.IGNORECASE,
)
# "the Hamarah region" / "Besmaya," right before the direction phrase.
_X_BEFORE_RE = re.compile(
    rf"(?:the\s+)?(?P<x>{_NAME})(?:\s+(?P<xkind>region|area|district|village|town|valley|desert|plain))?,?\s+$"
)
_AREA_AFTER_RE = re.compile(
    r"^[\s-]+(?P<word>sub-?district|district|qada|county|province|governorate|region|state|oblast|prefecture)\b",
    re.IGNORECASE,
)
_BORDER_RE = re.compile(
    r"(?:near|along|on|at|close to|across|by|toward|towards|to|over|from|in|into|inside|within)\s+the\s+"
    r"(?P<a>[A-Z][\w]+)(?:\s*[-–/]\s*|\s+and\s+)?(?P<b>[A-Z][\w]+)?\s+border"
    r"|border\s+with\s+(?P<c>[A-Z][\w]+)",
)
_UNKNOWN_RE = re.compile(
    rf"\b(?:the\s+)?(?P<word>village|town|city|hamlet|area|region|district|neighbou?rhood|suburb)\s+of\s+"
    rf"(?P<x>{_NAME})"
    rf"|\b(?:the\s+)?(?P<y>{_NAME})\s+(?P<word2>region|area|village|province|governorate)\b"
    r"|\b(?P<nat>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+(?:Reef|Island|Islands|Atoll|Mountains?|Valley|"
    r"Strait|Peninsula|Heights|Desert|Bay|Plain|Range|Dam|Oil\s+Field|Gas\s+Field|Border\s+Crossing))\b"
    r"|\b(?P<camp>(?:Camp|Fort|FOB|Forward Operating Base|Combat Outpost|Outpost)\s+[A-Z][\w'’-]+"
    r"(?:\s+[A-Z][\w'’-]+)?)",
)
# An installation the register lacks, named before its kind: "the Kasrak base", "Mayun air base".
_UNLISTED_BASE_RE = re.compile(
    r"\b(?P<name>(?:(?:al-|el-|Al-|El-)?[A-Z][\w'’ʿ-]*\s+){1,3}?)"
    r"(?P<kind>air\s?base|air\s+field|airfield|military\s+(?:air)?base|army\s+base|naval\s+base|"
    r"naval\s+facility|air\s+station|military\s+airport|garrison|outpost|military\s+camp|base|camp)\b"
)
_LOCATED_IN_RE = re.compile(
    r"^\s*,?\s*(?:in|at|on)\s+(?:the\s+)?(?:town\s+of\s+|city\s+of\s+)?"
    r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|north-?western|"
    r"south-?eastern|south-?western)\s+)?$",
    re.IGNORECASE,
)
# "the Russian (naval) base in Tartus", "the US-led coalition's base at X": an operator, a kind, a place.
_OPERATOR_BASE_RE = re.compile(
    r"\b(?P<op>U\.S\.|US|[A-Z][a-z]+(?:-led)?)(?:\s+(?:military|army|naval|navy|air|air\s+force|drone|support|"
    r"logistics|training|coalition|forces['’])){0,2}\s+"
    r"(?P<kind>(?:air\s?)?base|airfield|facility|outpost|garrison|camp)\s+(?:in|at|near|outside)\s+(?:the\s+)?"
    r"(?:(?:town|city|village)\s+of\s+)?"
)
_SETTLEMENT_OF_RE = re.compile(
    r"\b(?:village|town|city|hamlet|district|neighbou?rhood|suburb|area)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_GENERIC_WORD_RE = re.compile(
    r"\b(?:base|air\s?base|airfield|air\s+field|camp|station|garrison|outpost|airport|facility|barracks)\b",
    re.IGNORECASE,
)
_NATIONAL_SPACES = frozenset({"airspace", "territory", "territories", "waters", "soil", "skies"})
_LIST_GAP_RE = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")
_CAMP_PREFIX_RE = re.compile(r"^(?:Camp|Fort|FOB|Forward Operating Base|Combat Outpost|Outpost)\s+")
# Kinds that mean a military site whatever the sentence; "base" and "camp" alone need one of these words
# in the sentence or a known place as the name ("fan base", "training camp" of a football club).
_MILITARY_KINDS = ("air", "airfield", "military", "army", "naval", "garrison", "outpost")
_MILITARY_CONTEXT_RE = re.compile(
    r"\b(?:troops?|forces?|military|soldiers?|army|armed|coalition|drones?|rockets?|missiles?|mortars?|"
    r"militants?|militias?|marines|airstrikes?|attack(?:ed|s)?|shell(?:ed|ing)|stationed|deployed|withdr[ae]w\w*)\b",
    re.IGNORECASE,
)
# A word (with inner apostrophes and hyphens) or a dotted abbreviation ("U.S."); a possessive "'s" is cut off.
_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'’ʿʾ-]*")
_POSSESSIVE = ("'s", "’s", "'S", "’S")
_DIRECTION_ADJ_RE = re.compile(
    r"\b(?P<adj>(?:north|south)(?:-?(?:east|west))?ern|eastern|western|central)\s+(?:the\s+)?$", re.IGNORECASE
)
_CAPITAL_RE = re.compile(r"\bthe\s+(?P<dem>[A-Z][a-z]+)\s+capital\b")
_SENTENCE_END_RE = re.compile(r"[.!?]\s+(?=[A-Z\"“])|\n")


@dataclass
class _Lexicon:
    not_places: frozenset[str]
    adjectival_followers: frozenset[str]
    locative_words: frozenset[str]
    person_followers: frozenset[str]
    person_titles: frozenset[str]
    run_modifiers: frozenset[str]


@lru_cache(maxsize=4)
def _load_lexicon(path: str) -> _Lexicon:
    with open(path, encoding="utf-8") as fh:
        doc = load_yaml(fh) or {}
    section = doc.get("resolver") or {}

    def words(name: str) -> frozenset[str]:
        values = section.get(name) or []
        odd = [w for w in values if not isinstance(w, str)]
        if odd:
            # YAML reads a bare yes/no/on/off as a boolean: the word would silently be lost.
            raise ValueError(f'{path}: resolver.{name}: {odd[0]!r} is not a word; quote it (e.g. "no")')
        return frozenset(fold(w) for w in values)

    return _Lexicon(
        not_places=words("not_places"),
        adjectival_followers=words("adjectival_followers"),
        locative_words=words("locative_words"),
        person_followers=words("person_followers"),
        person_titles=words("person_titles"),
        run_modifiers=words("run_modifiers"),
    )


@dataclass
class _Context:
    """What the text says so far: countries (with weights) and places already resolved."""

    countries: Counter[str] = field(default_factory=Counter)
    hint: tuple[str, ...] = ()
    points: list[tuple[float, float]] = field(default_factory=list)
    locative_end: int = -1  # end of the last place read with a locative cue ("in A, B and C")

    def country_weight(self, cc: str | None) -> float:
        if not cc:
            return 0.0
        weight = 0.0
        if cc in self.hint:
            weight += 30.0
        if self.countries[cc]:
            weight += 35.0 + 5.0 * min(self.countries[cc], 4)
        return weight

    def about_countries(self) -> bool:
        """The text names countries (or the caller hints some): places elsewhere need more to be read."""
        return bool(self.hint) or any(count > 0 for count in self.countries.values())

    def primary_countries(self) -> list[str]:
        ordered = [cc for cc, _ in self.countries.most_common()]
        return ordered + [cc for cc in self.hint if cc not in ordered]


@dataclass(eq=False)
class _Token:
    text: str
    start: int
    end: int
    folded: str
    cap: bool
    index: int = 0


class PlaceResolver:
    """Finds and resolves place mentions; cheap to construct once the shared data is loaded."""

    def __init__(self, register: Register | None = None, gazetteer: Gazetteer | None = None) -> None:
        if register is None:
            from basewatch.registry import load_register  # registry imports places.normalize: import late

            register = load_register()
        self.register = register
        self.gazetteer = gazetteer if gazetteer is not None else get_gazetteer()
        self.lexicon = _load_lexicon(str(data_path(ALIASES_FILE)))
        self._admin1_by_name: dict[str, dict[str, str]] = {}
        self._operators_by_id: dict[str, frozenset[str]] = {}

    # ------------------------------------------------------------------ public API

    def find_places(self, text: str, *, context_countries: Sequence[str] | None = None) -> list[Place]:
        """Every place mention in ``text``, resolved where possible, in text order."""
        if not text:
            return []
        tokens = _tokenize(text)
        ctx = _Context(hint=tuple(c.upper() for c in context_countries or ()))
        self._collect_countries(tokens, ctx)

        places: list[Place] = []
        taken: list[tuple[int, int]] = []
        for start, end, inst in self.register.match(text):
            town = self._settlement_named(text, start, end, inst)
            if town is not None:
                # "the village of Lakenheath" is the village, whatever base shares its name.
                places.append(self._feature_place(town, text[start:end], start, end))
                taken.append((start, end))
                continue
            places.append(self._installation_place(inst, text[start:end], start, end))
            taken.append((start, end))
            ctx.countries[inst.country] += 1
            if inst.lat is not None and inst.lon is not None:
                ctx.points.append((inst.lat, inst.lon))

        # "Lebanese airspace", "Syrian territory": the country itself.
        for place in self._national_spaces(text, tokens, taken):
            places.append(place)
            taken.append((place.start, place.end))

        # Names of countries in several words ("Saudi Arabia", "Trinidad and Tobago") before their parts.
        for place in self._country_names(text, tokens, taken):
            places.append(place)
            taken.append((place.start, place.end))

        # First pass: well-known places ("Fallujah", "Tripoli") tell which countries the text is about,
        # so that the second pass reads "the Hamarah region" in their light.
        runs = self._runs(text, tokens, taken)
        for cc in self._probe_countries(text, runs):
            ctx.countries[cc] += 1
        for place in self._gazetteer_mentions(text, tokens, runs, ctx):
            places.append(place)
            taken.append((place.start, place.end))

        places = self._bases_by_operator(text, places, taken)
        places = self._unlisted_installations(text, places, taken)
        places.extend(self._unknown_mentions(text, taken))
        places = [self._located_by_next(text, p, places) if not p.resolved else p for p in places]
        places.sort(key=lambda p: (p.start, -p.end))
        places = self._relative_descriptions(text, places, ctx)
        return places

    def resolve(self, name: str, *, context_countries: Sequence[str] | None = None) -> Place:
        """Resolve a single name (an installation, place, admin area or country)."""
        clean = name.strip()
        inst = self.register.find(clean, strict=True)
        if inst is not None:
            return self._installation_place(inst, clean, -1, -1)
        if "," in clean:
            country = self._country_by_spelling(clean)  # "Iran, Islamic Republic of"
            if country is not None:
                return self._feature_place(country, clean, -1, -1)
            return self._resolve_qualified(clean, context_countries)
        ctx = _Context(hint=tuple(c.upper() for c in context_countries or ()))
        area_match = re.search(
            r"\s+(district|sub-?district|qada|province|governorate|region|state|oblast)$",
            clean,
            re.IGNORECASE,
        )
        core = clean[: area_match.start()] if area_match else clean
        area_word = area_match.group(1).lower() if area_match else None
        feature = self._best_feature(core, ctx, prefer_admin1=area_word not in (None, "district", "qada"))
        if feature is not None and not self._acceptable(feature, core, True, "", ctx):
            feature = None  # a village abroad while the caller says the text is about elsewhere
        if feature is None:
            found = self.find_places(clean, context_countries=context_countries)
            resolved = [p for p in found if p.resolved]
            if len(resolved) == 1 and resolved[0].end - resolved[0].start >= len(clean) * 0.6:
                return replace(resolved[0], start=-1, end=-1)
            return Place(name=clean, text=clean, resolved=False, lat=None, lon=None, precision=1)
        place = self._feature_place(feature, clean, -1, -1)
        if area_word in ("district", "sub-district", "subdistrict", "qada") and place.feature != "admin1":
            place = replace(place, name=f"{core} District", precision=2)
        return place

    def _resolve_qualified(self, name: str, context_countries: Sequence[str] | None) -> Place:
        """ "K-1, Kirkuk province" / "Anbar, near the border": the head, read in the light of the tail."""
        head, _, tail = name.partition(",")
        tail_places = [
            p for p in self.find_places(tail.strip(), context_countries=context_countries) if p.resolved
        ]
        hint = list(context_countries or ()) + [p.country for p in tail_places if p.country]
        head_place = self.resolve(head, context_countries=hint or None)
        if head_place.resolved:
            return replace(head_place, name=name, text=name)
        if tail_places:
            best = min(tail_places, key=lambda p: p.precision)
            return replace(best, name=name, text=name, start=-1, end=-1, precision=max(2, best.precision))
        return Place(name=name, text=name, resolved=False, lat=None, lon=None, precision=head_place.precision)

    def admin1_of(self, lat: float, lon: float, country: str | None = None) -> str | None:
        """Name of the first-order admin area a point lies in (nearest populated place)."""
        return self.gazetteer.admin1_of(lat, lon, country)

    # ------------------------------------------------------------------ building Places

    def _installation_place(self, inst: Installation, mention: str, start: int, end: int) -> Place:
        admin1 = inst.admin1
        if not admin1 and inst.lat is not None and inst.lon is not None:
            admin1 = self.gazetteer.admin1_of(inst.lat, inst.lon, inst.country)
        return Place(
            name=inst.name,
            text=mention,
            start=start,
            end=end,
            admin1=admin1,
            country=inst.country or None,
            lat=inst.lat,
            lon=inst.lon,
            precision=1,
            resolved=inst.lat is not None,
            feature="installation",
            installation=inst,
            gazetteer_id=f"register:{inst.id}",
        )

    def _feature_place(self, feature: Feature, mention: str, start: int, end: int) -> Place:
        kind = feature.kind
        precision = {"country": 4, "admin1": 3, "region": 3}.get(kind, 1)
        lat, lon = feature.lat, feature.lon
        name = display_name(feature.name)
        admin1 = self.gazetteer.admin1_name(feature.admin1_code)
        if kind == "country" and feature.country in self.gazetteer.countries:
            area = self.gazetteer.countries[feature.country]
            lat, lon, name, admin1 = area.lat, area.lon, area.name, None
        elif kind == "admin1":
            admin1 = feature.name
        elif kind in ("airport", "region") and lat is not None and lon is not None and feature.country:
            # A region inside one country (a mountain range, a valley) lies in the province of its point.
            admin1 = admin1 or self.gazetteer.admin1_of(lat, lon, feature.country)
        return Place(
            name=name,
            text=mention,
            start=start,
            end=end,
            admin1=admin1,
            country=feature.country,
            lat=lat,
            lon=lon,
            precision=precision,
            resolved=lat is not None,
            feature="airport" if kind == "airport" else kind,
            gazetteer_id=feature.source,
        )

    # ------------------------------------------------------------------ context

    def _collect_countries(self, tokens: list[_Token], ctx: _Context) -> None:
        """Countries named in the text (names and demonyms), counted: the text's focus."""
        for i, tok in enumerate(tokens):
            if not tok.cap:
                continue
            cc = self.gazetteer.demonyms.get(tok.folded)
            if cc:
                # "French troops" say who acts, not where, like "US forces"; "the Syrian border" says where.
                after = tokens[i + 1].folded if i + 1 < len(tokens) else ""
                if after not in self.lexicon.adjectival_followers:
                    ctx.countries[cc] += 1
                continue
            for length in (3, 2, 1):
                if i + length > len(tokens):
                    continue
                phrase = " ".join(t.text for t in tokens[i : i + length])
                hit = self._country_feature(phrase)
                if hit:
                    after = tokens[i + length].folded if i + length < len(tokens) else ""
                    # "US forces" says who acts, not where: it does not make the text about the US.
                    if after not in self.lexicon.adjectival_followers:
                        ctx.countries[hit] += 1
                    break

    def _national_spaces(self, text: str, tokens: list[_Token], taken: list[tuple[int, int]]) -> list[Place]:
        """A nationality before "airspace", "territory", "waters" or "soil" names the country's own space."""
        out: list[Place] = []
        for i, tok in enumerate(tokens[:-1]):
            if not tok.cap or tokens[i + 1].folded not in _NATIONAL_SPACES:
                continue
            country = self.country_place(self.gazetteer.demonyms.get(tok.folded, ""))
            start, end = tok.start, tokens[i + 1].end
            if country is None or any(s < end and start < e for s, e in taken):
                continue
            out.append(replace(country, text=text[start:end], start=start, end=end))
        return out

    def country_place(self, code: str) -> Place | None:
        """A whole country as a place, at the gazetteer's point and under its common name ("Iran")."""
        area = self.gazetteer.countries.get(code)
        if area is None or area.lat is None:
            return None
        return Place(
            name=area.name,
            country=area.code,
            lat=area.lat,
            lon=area.lon,
            precision=4,
            feature="country",
            gazetteer_id=f"iso3166:{area.code}",
        )

    def _settlement_named(self, text: str, start: int, end: int, inst: Installation) -> Feature | None:
        """The populated place of "the village/town of X" where X, a bare installation name, is one too
        (the installation's country first)."""
        mention = text[start:end]
        if not _SETTLEMENT_OF_RE.search(text[max(0, start - 25) : start]) or _GENERIC_WORD_RE.search(mention):
            return None
        folded = fold(mention)
        towns = [f for f in self.gazetteer.lookup(mention) if f.kind == "place" and fold(f.name) == folded]
        return min(towns, key=lambda f: (f.country != inst.country, -f.population), default=None)

    def _country_names(self, text: str, tokens: list[_Token], taken: list[tuple[int, int]]) -> list[Place]:
        """Country names of two words or more, longest first; a country used as an adjective is skipped."""
        by_first = _multiword_country_names(self.gazetteer)
        out: list[Place] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            names = by_first.get(tok.folded) if tok.cap else None
            if not names or any(s <= tok.start < e for s, e in taken):
                i += 1
                continue
            for words, code in names:  # longest first
                length = len(words)
                if i + length > len(tokens) or not any(ch.isupper() for ch in tokens[i + length - 1].text):
                    continue
                if tuple(fold(t.text) for t in tokens[i : i + length]) != words:
                    continue
                start, end = tok.start, tokens[i + length - 1].end
                feature = self._country_by_spelling(text[start:end])
                if feature is None or feature.country != code:
                    continue
                after = tokens[i + length].folded if i + length < len(tokens) else ""
                before = tokens[i - 1].folded if i > 0 else ""
                if not self._acceptable(
                    feature, text[start:end], before in self.lexicon.locative_words, after, _Context()
                ):
                    continue
                out.append(self._feature_place(feature, text[start:end], start, end))
                i += length - 1
                break
            i += 1
        return out

    @lru_cache(maxsize=20_000)  # noqa: B019 (the resolver lives as long as the process)
    def _country_by_spelling(self, phrase: str) -> Feature | None:
        folded = fold(phrase)
        if folded in self.lexicon.not_places:
            return None
        features = self.gazetteer.lookup(phrase)
        if any(f.kind == "region" and f.spelling == folded for f in features):
            return None  # "Gaza Strip", "West Bank": a region of the alias table, not the whole country
        for feature in features:
            if feature.kind == "country" and folded == feature.spelling:
                return feature
        return None

    @lru_cache(maxsize=20_000)  # noqa: B019 (the resolver lives as long as the process)
    def _country_feature(self, phrase: str) -> str | None:
        if fold(phrase) in self.lexicon.not_places:
            return None
        for feature in self.gazetteer.lookup(phrase):
            if feature.kind == "country" and fold(phrase) == feature.spelling:
                return feature.country
        return None

    # ------------------------------------------------------------------ gazetteer mentions

    def _gazetteer_mentions(
        self,
        text: str,
        tokens: list[_Token],
        runs: list[list[_Token]],
        ctx: _Context,
    ) -> list[Place]:
        found: list[Place] = []
        for run in runs:
            i = 0
            while i < len(run):
                hit = None
                for length in range(min(MAX_RUN_TOKENS, len(run) - i), 0, -1):
                    sub = run[i : i + length]
                    if sub[0].folded in CONNECTORS and sub[0].folded not in ("al", "el"):
                        continue
                    if sub[-1].folded in CONNECTORS:
                        continue
                    if length == 1 and sub[0].folded in self.lexicon.not_places:
                        continue
                    place = self._resolve_span(text, tokens, run, i, length, ctx)
                    if place is not None:
                        hit = (place, length)
                        break
                if hit is None:
                    i += 1
                    continue
                place, length = hit
                found.append(place)
                if place.country:
                    ctx.countries[place.country] += 0  # keep order stable; counted in _collect_countries
                if place.lat is not None and place.lon is not None and place.feature != "country":
                    ctx.points.append((place.lat, place.lon))
                i += length
        return found

    def _probe_countries(self, text: str, runs: list[list[_Token]]) -> list[str]:
        """Countries of well-known places named in the text ("Fallujah", "Tripoli"): its likely focus."""
        found: list[str] = []
        for run in runs:
            for i in range(len(run)):
                for length in range(min(3, len(run) - i), 0, -1):
                    sub = run[i : i + length]
                    if length == 1 and sub[0].folded in self.lexicon.not_places:
                        continue
                    candidates = self.gazetteer.lookup(" ".join(t.text for t in sub))
                    # "Donetsk region", "Helmand province": an admin area named as such is as telling
                    # as a big city.
                    area = _AREA_AFTER_RE.match(text[sub[-1].end : sub[-1].end + 20])
                    if area and area.group("word").lower() not in ("district", "sub-district", "qada"):
                        admin = {f.country for f in candidates if f.kind in ("admin1", "region")}
                        if len(admin) == 1:
                            found.append(admin.pop() or "")
                            break
                    # Written as the place is known: "Two" is not "Tawau".
                    folded = fold(" ".join(t.text for t in sub))
                    if not any(
                        f.kind == "place" and f.population >= CONFIDENT_POPULATION and f.spelling == folded
                        for f in candidates
                    ):
                        continue
                    # Only an unambiguous name tells the focus (not Tripoli: Libya or Lebanon).
                    countries = {
                        f.country
                        for f in candidates
                        if f.kind in ("admin1", "country") or f.population >= AMBIGUITY_POPULATION
                    }
                    if len(countries) == 1:
                        found.append(countries.pop() or "")
                    break
        return [cc for cc in found if cc]

    def _runs(self, text: str, tokens: list[_Token], taken: list[tuple[int, int]]) -> list[list[_Token]]:
        """Maximal runs of capitalised tokens (with connectors inside), outside taken spans."""
        runs: list[list[_Token]] = []
        current: list[_Token] = []

        def flush() -> None:
            while current and current[-1].folded in CONNECTORS and not current[-1].cap:
                current.pop()
            if current:
                runs.append(list(current))
            current.clear()

        spans = sorted(taken)
        span_starts = [start for start, _ in spans]
        for idx, tok in enumerate(tokens):
            # Spans taken by installations never overlap each other: the one starting last before
            # the token's end is the only candidate.
            k = bisect.bisect_left(span_starts, tok.end) - 1
            if k >= 0 and spans[k][1] > tok.start:
                flush()
                continue
            if current and not text[current[-1].end : tok.start].isspace():
                flush()  # punctuation between: a new run ("Tripoli, Lebanon")
            if tok.cap and tok.folded in self.gazetteer.demonyms:
                flush()  # "Syrian", "Iraqi": adjectives, read by _collect_countries and _borders
            elif tok.cap or (
                tok.folded in CONNECTORS and current and idx + 1 < len(tokens) and tokens[idx + 1].cap
            ):
                current.append(tok)
            elif tok.folded.split("-")[0] in ARTICLES and "-" in tok.text:
                current.append(tok)  # "al-Qaim" written in lowercase article form
            else:
                flush()
        flush()
        return runs

    def _resolve_span(
        self,
        text: str,
        tokens: list[_Token],
        run: list[_Token],
        i: int,
        length: int,
        ctx: _Context,
    ) -> Place | None:
        sub = run[i : i + length]
        start, end = sub[0].start, sub[-1].end
        mention = text[start:end]
        before_idx = sub[0].index - 1
        after_idx = sub[-1].index + 1
        before = tokens[before_idx].folded if before_idx >= 0 else ""
        after = tokens[after_idx].folded if after_idx < len(tokens) else ""
        if before in self.lexicon.person_titles:
            return None
        # A name inside a capitalised run after a personal name is a surname ("Abu Bakr al-Baghdadi").
        if i > 0 and not all(
            t.folded in self.lexicon.run_modifiers or t.folded in CONNECTORS for t in run[:i]
        ):
            return None
        area_word = None
        area = _AREA_AFTER_RE.match(text[end : end + 20])
        if area:
            area_word = area.group("word").lower()
        prefer_admin1 = area_word in (
            "province", "governorate", "region", "state", "oblast", "prefecture", "county"
        )  # fmt: skip
        # Country names ("Iraq", "US") are the most frequent mentions: no scoring needed.
        locative = before in self.lexicon.locative_words or area_word is not None
        if not locative and ctx.locative_end >= 0 and _LIST_GAP_RE.fullmatch(text[ctx.locative_end : start]):
            locative = True  # "in Sinjar, Makhmour and Zummar": the list shares its preposition
        feature = None if area_word else self._country_by_spelling(mention)
        if feature is not None and not self._acceptable(feature, mention, locative, after, ctx):
            return None
        if feature is None:
            # The best-ranked reading that is a place mention here: a province the text does not
            # qualify outranks a US village of the same name that needs a country to be read.
            ranked = self._ranked_features(mention, ctx, prefer_admin1=prefer_admin1)
            feature = next(
                (f for f in ranked[:3] if self._acceptable(f, mention, locative, after, ctx)), None
            )
        if feature is None:
            return None
        if (
            prefer_admin1
            and feature.kind == "place"
            and consonant_key(feature.name) != consonant_key(mention)
        ):
            # "Cagayan province" with no province of that name: not a town known by an old name of it.
            return None
        # "Ali said" is a person; "Baghdad said" a capital speaking for its government: keep big places.
        if (
            after in self.lexicon.person_followers
            and feature.kind in ("place", "airport")
            and (
                feature.population < CONFIDENT_POPULATION
                or _name_key(feature.name) != normalize_name(mention)
            )
        ):
            return None
        # Only the head of a longer capitalised name ("Fiery" of "Fiery Cross Reef"): weak unless well known.
        if (
            i + length < len(run)
            and run[i + length].cap
            and feature.kind == "place"
            and feature.population < CONFIDENT_POPULATION
            and not (ctx.country_weight(feature.country) > 0 and feature.spelling == fold(mention))
        ):
            return None
        place = self._feature_place(feature, mention, start, end)
        if locative:
            ctx.locative_end = end
        if area_word and area is not None:
            full_end = end + area.end()
            if (
                area_word in ("district", "sub-district", "subdistrict", "qada", "county")
                and feature.kind != "admin1"
            ):
                place = replace(
                    place, name=f"{mention} District", precision=2, end=full_end, text=text[start:full_end]
                )
            elif feature.kind in ("admin1", "region"):
                place = replace(place, end=full_end, text=text[start:full_end])
        return place

    def _acceptable(self, feature: Feature, mention: str, locative: bool, after: str, ctx: _Context) -> bool:
        """Whether a gazetteer hit is a place mention at all (names of people and things look alike)."""
        if feature.kind == "country":
            return not (after in self.lexicon.adjectival_followers and not locative)
        folded = fold(mention)
        # Short alternate spellings ("Abu" for Abuja) only count when they are the place's own name.
        if (
            len(folded) <= 4
            and " " not in folded
            and _without_articles(fold(feature.name)) != _without_articles(folded)
            and feature.kind != "admin1"
        ):
            return False
        weight = ctx.country_weight(feature.country)
        words = len(mention.split())
        loose = spelling_key(mention) != spelling_key(feature.spelling) and consonant_key(
            mention
        ) != consonant_key(feature.name)
        if loose and weight == 0 and ctx.about_countries() and feature.kind in ("place", "admin1"):
            return False  # only the coarse key agrees ("Mayun" and Maturín): abroad, that is no match
        if feature.kind == "admin1":
            return locative or weight > 0 or words > 1
        if feature.kind == "airport":
            return words > 1 and (
                weight > 0 or locative or "airport" in mention.lower() or "air" in mention.lower()
            )
        if feature.kind == "region":
            return True
        pop = feature.population
        if weight > 0:
            return pop >= 1000 or locative or words > 1
        if ctx.about_countries():
            if locative and any(border_between(feature.country, cc) for cc in ctx.primary_countries()[:2]):
                # Across the border of the country the text is about ("near the Turkish border").
                return pop >= 5000 or words > 1
            # The text is about other countries: only well-known places abroad.
            return pop >= 200_000 or (locative and pop >= 50_000)
        if locative:
            return pop >= 5000 or words > 1
        return pop >= 100_000

    def _best_feature(self, mention: str, ctx: _Context, *, prefer_admin1: bool = False) -> Feature | None:
        ranked = self._ranked_features(mention, ctx, prefer_admin1=prefer_admin1)
        return ranked[0] if ranked else None

    def _ranked_features(self, mention: str, ctx: _Context, *, prefer_admin1: bool = False) -> list[Feature]:
        """Every gazetteer reading of ``mention``, the likeliest first."""
        candidates = self.gazetteer.lookup(mention)
        folded = fold(mention).replace("’", "").replace("'", "")
        if len(folded) <= 4:
            # Short words ("No", "USS") share coarse keys with too much: their own spelling only,
            # an Arabic article aside ("Kut" is "Al Kut").
            bare = _without_articles(folded)
            candidates = [
                f
                for f in candidates
                if bare in (_without_articles(f.spelling), _without_articles(fold(f.name)))
            ]
        if any(f.kind == "region" and f.spelling == folded for f in candidates):
            candidates = [f for f in candidates if f.kind != "country"]
        if not candidates:
            return []
        key = normalize_name(mention)

        def score(f: Feature) -> float:
            s = 0.0
            if f.kind == "country":
                s += 100
            elif f.kind == "admin1":
                s += 100 if prefer_admin1 else 40
            elif f.kind == "region":
                s += 100 if prefer_admin1 else 50  # seas, straits, deserts: above a province of the name
            elif f.kind == "airport":
                s += 5
            else:
                s += min(60.0, 8.0 * math.log10(f.population + 1))
            s += ctx.country_weight(f.country)
            if f.lat is not None and f.lon is not None and ctx.points and len(candidates) <= 40:
                nearest = min(distance_km(f.lat, f.lon, la, lo) for la, lo in ctx.points[-8:])
                s += 20 if nearest < 150 else 10 if nearest < 400 else 0
            if f.spelling == folded:
                s += 8
                if fold(f.name) == folded:
                    s += 10  # its own name, not an old or foreign one ("Islamabad" of Chattogram)
            elif _name_key(f.name) == key:
                s += 4
            return s

        ranked = sorted(candidates, key=lambda f: (-score(f), -f.population, f.id))
        if ranked[0].kind == "admin1" and not prefer_admin1:
            # "in Kidal" is the town more often than the province named after it.
            town = next(
                (
                    f
                    for f in ranked
                    if f.kind == "place" and f.admin1_code == ranked[0].admin1_code and f.population >= 1000
                ),
                None,
            )
            if town is not None:
                ranked.remove(town)
                ranked.insert(0, town)
        return ranked

    # ------------------------------------------------------------------ unknown places

    def _bases_by_operator(self, text: str, places: list[Place], taken: list[tuple[int, int]]) -> list[Place]:
        """ "the Russian base in Tartus", "the US base at Erbil": the register installation that forces
        of that country use there, when there is exactly one (within 60 km of a town, in a province,
        or in a country)."""
        out = list(places)
        for m in _OPERATOR_BASE_RE.finditer(text):
            operator = self._operator_country(m.group("op"))
            if operator is None:
                continue
            host = next(
                (
                    p
                    for p in sorted(out, key=lambda p: p.start)
                    if p.start >= m.end() and p.resolved and p.installation is None
                ),
                None,
            )
            if host is None or host.start - m.end() > 6 or not host.country:
                continue
            found = [i for i in self.register.installations if self._fits(i, operator, host)]
            qualifier = m.group(0).lower()
            for word, kinds in (
                ("naval", ("naval base",)),
                ("navy", ("naval base",)),
                ("air", ("air base", "airfield")),
            ):
                if re.search(rf"\b{word}\b", qualifier):
                    found = [i for i in found if i.kind in kinds] or found
            found = self._nearest_clearly(found, host)
            if len(found) != 1:
                continue
            start, end = m.start("kind"), host.end
            if any(s < end and start < e for s, e in taken if not _inside(s, e, host.start, host.end)):
                continue
            place = self._installation_place(found[0], text[start:end], start, end)
            out = [p for p in out if p is not host]
            out.append(place)
            taken.append((start, end))
        return out

    @staticmethod
    def _nearest_clearly(found: list[Installation], host: Place) -> list[Installation]:
        """Several candidates around a town: the one at the town (25 km) when the next is 40 km away."""
        if len(found) < 2 or host.precision > 2 or host.lat is None or host.lon is None:
            return found
        by_distance = sorted(
            (
                distance_km(host.lat, host.lon, i.lat, i.lon)
                if i.lat is not None and i.lon is not None
                else 1e9,
                n,
            )
            for n, i in enumerate(found)
        )
        (first, index), (second, _) = by_distance[:2]
        return [found[index]] if first <= 25 and second >= 40 else found

    def _operator_country(self, word: str) -> str | None:
        folded = fold(word).removesuffix("-led")
        if folded in ("us", "u.s", "u.s.", "american"):
            return "US"
        return self.gazetteer.demonyms.get(folded) or self._country_feature(word)

    def _fits(self, inst: Installation, operator: str, host: Place) -> bool:
        if inst.country != host.country or operator not in self._operator_codes(inst):
            return False
        if host.precision <= 2 and host.lat is not None and inst.lat is not None:
            return distance_km(host.lat, host.lon, inst.lat, inst.lon) <= 60  # type: ignore[arg-type]
        if host.precision == 3:
            return bool(host.admin1) and fold(inst.admin1 or "") == fold(host.admin1 or "")
        return host.precision >= 4

    def _operator_codes(self, inst: Installation) -> frozenset[str]:
        cached = self._operators_by_id.get(inst.id)
        if cached is None:
            codes = set()
            for name in inst.operators:
                code = self._country_feature(name) or self.gazetteer.demonyms.get(fold(name.split()[0]))
                if code is None and name.lower().startswith(("us-led", "u.s.-led")):
                    code = "US"
                if code:
                    codes.add(code)
            cached = frozenset(codes)
            self._operators_by_id[inst.id] = cached
        return cached

    def _unlisted_installations(
        self, text: str, places: list[Place], taken: list[tuple[int, int]]
    ) -> list[Place]:
        """Installations the register lacks, named with their kind ("the Kasrak base", "X air base").

        They become installations of their own (id ``unlisted:<key>``) so events and timelines keep
        them; a name that is a known town lends its point (precision 2, near the town), else the
        installation stays without coordinates.
        """
        out = list(places)
        for m in _UNLISTED_BASE_RE.finditer(text):
            name = m.group("name").strip()
            start, end = m.start("name"), m.end("kind")
            if any(
                s < end and start < e for s, e in taken if not _inside(s, e, m.start("name"), m.end("name"))
            ):
                continue
            words = [w for w in re.split(r"[\s-]+", name) if w]
            if all(
                fold(w) in self.lexicon.not_places
                or fold(w) in self.gazetteer.demonyms
                or fold(w) in ARTICLES
                or (w.isupper() and len(w) <= 5)
                or self._country_feature(w)
                for w in words
            ):
                continue  # "the US base", "the Russian airbase", "the NATO camp"
            kind_words = m.group("kind").lower()
            town = next(
                (p for p in out if p.start == m.start("name") and p.end <= m.end("name") and p.resolved),
                None,
            )
            if town is not None and town.feature in ("country", "admin1", "region", "installation"):
                continue
            sentence_start, sentence_end = _sentence_bounds(text, m.start())
            if (
                not kind_words.startswith(_MILITARY_KINDS)
                and town is None
                and not _MILITARY_CONTEXT_RE.search(text, sentence_start, sentence_end)
            ):
                continue
            mention = text[start:end]
            kind = "air base" if "air" in kind_words else "camp" if "camp" in kind_words else "base"
            inst = Installation(
                id=unlisted_id(name),
                name=mention,
                kind=kind,
                country=town.country or "" if town else "",
                admin1=town.admin1 if town else None,
                lat=town.lat if town else None,
                lon=town.lon if town else None,
                coord_source=f"near {town.gazetteer_id or town.name}" if town else "",
            )
            # Not in the register (no gazetteer id); near the town it is named after when there is one.
            place = replace(
                self._installation_place(inst, mention, start, end),
                precision=2 if town is not None else 1,
                gazetteer_id=None,
            )
            out = [p for p in out if not (p.start < end and start < p.end)]
            out.append(place)
            taken.append((start, end))
        return out

    @staticmethod
    def _located_by_next(text: str, place: Place, places: list[Place]) -> Place:
        """An unresolved place or installation followed by "in/at X": located in X at X's precision.

        An installation keeps no coordinates of its own; the event's place is the area that holds it.
        """
        container = next(
            (
                p
                for p in sorted(places, key=lambda p: p.start)
                if p.start >= place.end
                and p.resolved
                and p.installation is None
                and _LOCATED_IN_RE.match(text[place.end : p.start])
            ),
            None,
        )
        if container is None:
            return place
        return replace(
            place,
            name=f"{place.name}, {container.name}",
            admin1=container.admin1,
            country=container.country,
            lat=container.lat,
            lon=container.lon,
            precision=max(2, container.precision),
            resolved=True,
            installation=replace(place.installation, country=container.country or "")
            if place.installation
            else None,
        )

    def _unknown_mentions(self, text: str, taken: list[tuple[int, int]]) -> list[Place]:
        """Names given as places ("the village of X") that nothing resolves: kept without coordinates."""
        out: list[Place] = []
        for m in _UNKNOWN_RE.finditer(text):
            group = next(g for g in ("x", "y", "camp", "nat") if m.group(g))
            name = m.group(group)
            start, end = m.start(group), m.end(group)
            if any(s < end and start < e for s, e in taken):
                continue
            word = (m.group("word") or m.group("word2") or "").lower()
            if group in ("x", "y") and all(fold(w) in self.lexicon.not_places for w in name.split()):
                continue
            if group == "y" and fold(name) in self.gazetteer.demonyms:
                continue  # "the Iraqi province" is no name
            precision = (
                3
                if word in ("region", "province", "governorate")
                else 2
                if word in ("area", "district")
                else 1
            )
            if group == "nat":
                known = next(
                    (
                        f
                        for f in self.gazetteer.lookup(name)
                        if f.kind in ("region", "admin1", "place") and f.spelling == fold(name)
                    ),
                    None,
                )
                if known is not None:
                    # "the Korean Peninsula": a demonym starts the name, so the scan of names missed it.
                    out.append(self._feature_place(known, name, start, end))
                    taken.append((start, end))
                    continue
                precision = 2
            # "Camp X", "FOB X": an installation the register lacks, kept under its own id.
            inst = (
                Installation(id=unlisted_id(_CAMP_PREFIX_RE.sub("", name)), name=name, kind="camp")
                if group == "camp"
                else None
            )
            out.append(
                Place(
                    name=name,
                    text=name,
                    start=start,
                    end=end,
                    resolved=False,
                    precision=1 if inst else precision,
                    feature="installation" if inst else "region" if word in ("region", "area") else "place",
                    installation=inst,
                )
            )
            taken.append((start, end))
        return out

    # ------------------------------------------------------------------ relative descriptions

    def _relative_descriptions(self, text: str, places: list[Place], ctx: _Context) -> list[Place]:
        out: list[Place] = []
        consumed: set[int] = set()
        for idx, place in enumerate(places):
            if idx in consumed or place.start < 0:
                continue
            window = text[max(0, place.start - 80) : place.start]
            near = _NEAR_RE.search(window)
            if near and place.resolved:
                rel_start = place.start - len(window) + near.start()
                direction = near.group("dir")
                x_match = _X_BEFORE_RE.search(window[: near.start()])
                x_place = None
                gap = text[out[-1].end : rel_start] if out else ""
                if (
                    out
                    and out[-1].end <= rel_start
                    and out[-1].feature not in ("country", "admin1")
                    and re.fullmatch(r"[\s,]*(?:base|camp|air base)?[\s,]*", gap)
                ):
                    x_place = out.pop()  # "Besmaya, southeast of Baghdad", "Camp Zulu near Kandahar"
                    relation = f"{direction.lower()} of" if direction else "near"
                    label = f"{x_place.name}, {relation} {place.name}"
                    span = text[x_place.start : place.end]
                    if x_place.resolved:
                        out.append(replace(x_place, name=label, text=span, end=place.end))
                    else:  # an unknown place near a known one: the known one, less precise
                        # An unlisted installation stays one ("the X base near Y"), placed near Y.
                        unlisted = x_place.installation
                        out.append(
                            replace(
                                place,
                                name=label,
                                text=span,
                                start=x_place.start,
                                precision=max(2, place.precision),
                                installation=replace(unlisted, country=place.country or "")
                                if unlisted
                                else None,
                                feature="installation" if unlisted else "place",
                                gazetteer_id=None if unlisted else place.gazetteer_id,
                            )
                        )
                    continue
                if x_match and direction:
                    x_start = place.start - len(window) + x_match.start("x")
                    x_idx = next(
                        (j for j, p in enumerate(out) if p.start == x_start or (p.start <= x_start < p.end)),
                        None,
                    )
                    x_name = x_match.group("x")
                    xkind = (x_match.group("xkind") or "").lower()
                    if x_idx is not None:
                        x_place = out.pop(x_idx)
                    elif len(x_name.split()) > 1 or fold(x_name) not in self.lexicon.not_places:
                        x_place = Place(
                            name=x_name,
                            text=x_name,
                            start=x_start,
                            end=x_start + len(x_name),
                            resolved=False,
                            lat=None,
                            lon=None,
                        )
                    if x_place is not None:
                        x_label = x_place.name if x_place.resolved else x_name
                        label = f"{x_label}, {direction.lower()} of {place.name}"
                        span = text[x_place.start : place.end]
                        if x_place.resolved:
                            precision = (
                                2
                                if xkind in ("region", "area", "valley", "desert", "plain")
                                else x_place.precision
                            )
                            out.append(
                                replace(x_place, name=label, text=span, end=place.end, precision=precision)
                            )
                        else:
                            out.append(
                                replace(
                                    place,
                                    name=label,
                                    text=span,
                                    start=x_place.start,
                                    precision=max(2, place.precision),
                                    feature="place" if place.feature != "installation" else place.feature,
                                )
                            )
                        continue
                rel = near.group("rel").strip().lower()
                label = f"{direction.lower()} of {place.name}" if direction else f"near {place.name}"
                if rel.startswith("outside") or "outskirts" in rel:
                    label = f"outside {place.name}"
                if place.precision <= 2:
                    out.append(
                        replace(
                            place,
                            name=label,
                            text=text[rel_start : place.end],
                            start=rel_start,
                            precision=2,
                            installation=place.installation,
                        )
                    )
                    continue
            out.append(place)
        out = [self._with_direction_adjective(text, p) for p in out]
        out.extend(self._capitals(text, out))
        out.extend(self._borders(text, out, ctx))
        out.sort(key=lambda p: (p.start, -p.end))
        return out

    @staticmethod
    def _with_direction_adjective(text: str, place: Place) -> Place:
        """ "western Anbar", "northern Syria": the area's name with its part (same point and precision)."""
        if place.feature not in ("country", "admin1") or place.start < 0:
            return place
        m = _DIRECTION_ADJ_RE.search(text, max(0, place.start - 25), place.start)
        if m is None:
            return place
        adjective = m.group("adj").lower()
        return replace(
            place,
            name=f"{adjective} {place.name}",
            text=text[m.start("adj") : place.end],
            start=m.start("adj"),
        )

    def _capitals(self, text: str, places: list[Place]) -> list[Place]:
        """ "the Syrian capital" with no name after it: the capital city of that country."""
        out: list[Place] = []
        for m in _CAPITAL_RE.finditer(text):
            if any(m.end() <= p.start <= m.end() + 3 for p in places):
                continue  # "the Iraqi capital, Baghdad": the name itself is already resolved
            if any(p.start <= m.start() < p.end for p in places):
                continue
            cc = self.gazetteer.demonyms.get(fold(m.group("dem")))
            capital = self.gazetteer.capital(cc) if cc else None
            if capital is None:
                continue
            place = self._feature_place(capital, m.group(), m.start(), m.end())
            out.append(place)
        return out

    def _borders(self, text: str, places: list[Place], ctx: _Context) -> list[Place]:
        """ "near the Syrian border" / "on the Iraq-Syria border": a region, precision 3."""
        out: list[Place] = []
        ordered = sorted(places, key=lambda p: p.start)
        starts = [p.start for p in ordered]
        for m in _BORDER_RE.finditer(text):
            names = [n for n in (m.group("a"), m.group("b"), m.group("c")) if n]
            codes = [self._country_code(n) for n in names]
            codes = [c for c in codes if c]
            if not codes:
                continue
            sent_start, sent_end = _sentence_bounds(text, m.start())
            lo, hi = bisect.bisect_left(starts, sent_start), bisect.bisect_left(starts, sent_end)
            in_sentence = [p for p in ordered[lo:hi] if p.resolved]
            admin = next((p for p in in_sentence if p.feature == "admin1"), None)
            own = [c for c in ctx.primary_countries() if c not in codes or len(codes) > 1]
            # Countries named in the sentence, nearest to the border phrase first.
            mentioned = [
                p.country
                for p in sorted(in_sentence, key=lambda p: abs(p.start - m.start()))
                if p.country and p.feature in ("country", "place", "installation")
            ]
            if admin is not None:
                base_country = admin.country
            elif len(codes) >= 2:
                base_country = next((c for c in mentioned + own if c in codes), codes[0])
            else:
                base_country = next((c for c in mentioned + own if c not in codes), codes[0])
            pair = (
                codes
                if len(codes) >= 2
                else sorted({base_country or codes[0], codes[0]}, key=lambda c: c != base_country)
            )
            border = "-".join(self.gazetteer.countries[c].name for c in pair if c in self.gazetteer.countries)
            border_label = f"the {border} border" if len(set(pair)) > 1 else f"the {names[0]} border"
            shared = border_between(pair[0], pair[1]) if len(set(pair)) > 1 else None
            if admin is None and shared is not None:
                # The province the article is about, when it lies along this border.
                admin = self._area_along(ordered, shared, m.start())
            if admin is None and shared is not None:
                out.append(self._border_place(shared, border_label, text, m.start(), m.end()))
                continue
            if admin is not None:
                out.append(
                    replace(
                        admin,
                        name=f"{admin.name}, near {border_label}",
                        text=text[m.start() : m.end()],
                        start=m.start(),
                        end=m.end(),
                        precision=3,
                        feature="region",
                    )
                )
                continue
            area = self.gazetteer.countries.get(base_country or "")
            if area is None:
                continue
            out.append(
                Place(
                    name=f"{area.name}, near {border_label}",
                    text=text[m.start() : m.end()],
                    start=m.start(),
                    end=m.end(),
                    country=area.code,
                    lat=area.lat,
                    lon=area.lon,
                    precision=3,
                    resolved=area.lat is not None,
                    feature="region",
                    gazetteer_id=f"iso3166:{area.code}",
                )
            )
        return out

    def admin1_place(self, country: str, name: str) -> Place | None:
        """The first-order admin area ``name`` of ``country`` as a place (precision 3), None if unknown."""
        code = self._admin1_codes(country).get(name)
        area = self.gazetteer.admin1.get(code or "")
        if area is None or area.lat is None:
            return None
        return Place(
            name=area.name,
            admin1=area.name,
            country=area.country,
            lat=area.lat,
            lon=area.lon,
            precision=3,
            feature="admin1",
            gazetteer_id=f"admin1:{area.code}",
        )

    def _area_along(self, places: list[Place], border: Border, position: int) -> Place | None:
        """The admin-1 area named in the text (or holding a town it names) that lies along ``border``,
        the mention nearest before ``position`` first."""
        codes = self._admin1_codes(border.country)
        along = [
            p
            for p in places
            if p.resolved
            and p.country == border.country
            and p.admin1
            and p.precision <= 3
            and codes.get(p.admin1) in border.admin1_along
        ]
        if not along:
            return None
        chosen = min(along, key=lambda p: (p.start > position, abs(p.start - position)))
        if chosen.feature == "admin1":
            return chosen
        return self.admin1_place(border.country, chosen.admin1 or "")

    def _admin1_codes(self, country: str) -> dict[str, str]:
        """Admin-1 names of a country to their codes (built once per country)."""
        cached = self._admin1_by_name.get(country)
        if cached is None:
            cached = {a.name: code for code, a in self.gazetteer.admin1.items() if a.country == country}
            self._admin1_by_name[country] = cached
        return cached

    def _border_place(self, border: Border, label: str, text: str, start: int, end: int) -> Place:
        """A point on the border itself, in the admin-1 area of ``border.country`` there."""
        return Place(
            name=f"near {label}",
            text=text[start:end],
            start=start,
            end=end,
            admin1=self.gazetteer.admin1_of(border.lat, border.lon, border.country),
            country=border.country,
            lat=border.lat,
            lon=border.lon,
            precision=3,
            feature="region",
            gazetteer_id=f"border:{border.country}-{border.neighbour}",
        )

    def _country_code(self, word: str) -> str | None:
        cc = self.gazetteer.demonyms.get(fold(word))
        return cc or self._country_feature(word)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for m in _TOKEN_RE.finditer(text):
        word, start = m.group(), m.start()
        word = word.rstrip("-'’ʿʾ")
        if word.endswith(_POSSESSIVE):
            word = word[:-2]
        if not word:
            continue
        tokens.append(
            _Token(word, start, start + len(word), _fold_word(word), word[0].isupper(), len(tokens))
        )
    return tokens


@lru_cache(maxsize=100_000)
def _name_key(name: str) -> str:
    return normalize_name(name)


@lru_cache(maxsize=100_000)
@lru_cache(maxsize=4)
def _multiword_country_names(gazetteer: Gazetteer) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Country names of two words or more, by their first word: (all words, country code), longest first."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for spelling, code in gazetteer.country_spellings():
        if " " in spelling and "(" not in spelling:
            words = tuple(spelling.split())
            out.setdefault(words[0], []).append((words, code))
    for names in out.values():
        names.sort(key=lambda item: -len(item[0]))
    return out


def _fold_word(word: str) -> str:
    return word.lower() if word.isascii() else fold(word)


def display_name(name: str) -> str:
    """A gazetteer name as the press writes it: no diacritics or ʿayn marks ("Tikrīt" -> "Tikrit")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[ʿʾ‘’]", "", plain) if plain.isascii() or re.search(r"[ʿʾ‘’]", plain) else plain


def unlisted_id(name: str) -> str:
    """The id of an installation the register lacks: its transliteration key as a slug, so that
    "Tal Baydar base" and "Tall Baidar base" of two articles are one installation."""
    return "unlisted:" + normalize_name(name).replace(" ", "-")


def _without_articles(folded: str) -> str:
    """A folded spelling without its Arabic articles and separators ("al kut" -> "kut")."""
    return " ".join(t for t in re.split(r"[\s-]+", folded) if t and t not in ARTICLES)


def _inside(start: int, end: int, outer_start: int, outer_end: int) -> bool:
    """True when [start, end) lies within [outer_start, outer_end)."""
    return outer_start <= start and end <= outer_end


def _sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    """The sentence around ``offset`` (looks back at most 2,000 characters: long texts stay linear)."""
    floor = max(0, offset - 2000)
    start = floor
    for m in _SENTENCE_END_RE.finditer(text, floor, offset):
        start = m.end()
    nxt = _SENTENCE_END_RE.search(text, offset)
    return start, nxt.start() + 1 if nxt else len(text)
