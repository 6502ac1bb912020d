"""Actor mentions from the actor dictionary, and choosing an event's actor and counterpart.

A mention is an alias ("Daesh", "the Pentagon"), a demonym followed by an institution noun
("Iraqi lawmakers", "American occupation forces"), a country's possessive before such a noun
("Iraq's parliament"), or a capital standing for its government ("Washington said"). Bare
country names and capitals after a preposition ("troops to Iraq") are places, not actors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from basewatch.extract.lexicon import ActorEntry, Lexicon

_PLACE_PREPOSITIONS = frozenset(
    [
        "in",
        "into",
        "to",
        "from",
        "of",
        "at",
        "across",
        "near",
        "over",
        "within",
        "throughout",
        "inside",
        "outside",
        "around",
        "toward",
        "towards",
        "via",
        "through",
        "on",
        "above",
        "below",
        "beyond",
        "along",
        "off",
        "onto",
    ]
)


# A word between a demonym and its noun ("Iraqi security forces"), but not a verb ("US deployed troops").
_MODIFIER = (
    r"(?:(?:armed|allied|occupying|fighting|ruling|remaining|special|led)"
    r"|(?![a-z][\w-]*(?:ed|ing)\b)[a-z][\w-]*)"
)
_NAME_PREFIX = re.compile(r"\b(?:Port|South|North|East|West|New|Upper|Lower|Greater|Mount|Lake|Gulf)\s+$")
_CLAUSE_OPENERS = frozenset(
    {
        "and", "or", "but", "that", "while", "as", "when", "after", "before", "despite", "although", "though",
        "because", "since", "if", "unless", "until", "once", "both", "whereas", "where", "said", "says",
        "added", "noted",
    }
)  # fmt: skip
_LISTED_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|into|to|from|across|near|at|over|via|through|between)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:,\s*|\s+(?:and|or)\s+)){1,4}$"
)
_PLACE_ADJECTIVES = frozenset(
    [
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "north",
        "south",
        "east",
        "west",
        "neighbouring",
        "neighboring",
        "nearby",
        "war-torn",
        "occupied",
        "mainland",
        "rural",
    ]
)


@dataclass(frozen=True)
class ActorMention:
    """One actor mention in the text (offsets into the text given to :meth:`ActorMatcher.find`)."""

    start: int
    end: int
    name: str
    text: str
    entry: ActorEntry


def _alternation(words: list[str]) -> str:
    """A regex matching any of ``words``, longest first, as a character trie.

    Hundreds of names in a flat alternation are tried one by one at every position; the trie
    lets the engine branch on each character instead (several times faster on article text).
    """
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group


# Country names that are also common words or places elsewhere in English news.
_AMBIGUOUS_COUNTRY_NAMES = frozenset({"Jersey", "Georgia", "Guernsey", "Dominica", "Chad", "Turkey", "Man"})


def _other_states(known: set[str]) -> list[ActorEntry]:
    """State actors for the countries the dictionary does not define, from ISO 3166 names."""
    try:
        import pycountry
    except ImportError:  # the dictionary alone still works
        return []
    out: list[ActorEntry] = []
    for country in pycountry.countries:
        if country.alpha_2 in known:
            continue
        names = [getattr(country, "common_name", None), country.name]
        aliases = tuple(
            dict.fromkeys(
                n
                for n in names
                if n and re.fullmatch(r"[A-Z][\w' -]+", n) and n not in _AMBIGUOUS_COUNTRY_NAMES
            )
        )
        if aliases:
            out.append(ActorEntry(name=aliases[0], kind="state", country=country.alpha_2, aliases=aliases))
    return out


class ActorMatcher:
    """Compiled actor dictionary: finds actor mentions in a text."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.by_alias: dict[str, ActorEntry] = {}
        self.by_exact: dict[str, ActorEntry] = {}
        self.by_demonym: dict[str, ActorEntry] = {}
        self.guarded: set[str] = set()  # lower-cased mentions that are places after a preposition
        self.by_name: dict[str, ActorEntry] = {}
        self.by_country: dict[str, ActorEntry] = {}
        for entry in lexicon.actors:
            self.by_name[entry.name] = entry
            if entry.kind == "state" and entry.country and entry.country not in self.by_country:
                self.by_country[entry.country] = entry
            for alias in entry.aliases:
                self.by_alias.setdefault(alias.lower(), entry)
                if entry.kind == "state" and " " not in alias.strip():
                    self.guarded.add(alias.lower())
            for alias in entry.case_sensitive:
                self.by_exact.setdefault(alias, entry)
            for metonym in entry.metonyms:
                self.by_exact.setdefault(metonym, entry)
                self.guarded.add(metonym.lower())
            for demonym in entry.demonyms:
                self.by_demonym.setdefault(demonym, entry)
            if entry.kind == "state":
                for alias in entry.aliases:
                    if alias[:1].isupper() and not alias.lower().startswith("the "):
                        self.by_demonym.setdefault(f"{alias}'s", entry)
                        self.by_demonym.setdefault(f"{alias}’s", entry)
        for entry in _other_states(set(self.by_country)):
            # Every other country acts as a state under its usual name ("Kyrgyzstan would not host").
            self.by_name.setdefault(entry.name, entry)
            self.by_country[entry.country or ""] = entry
            for alias in entry.aliases:
                self.by_alias.setdefault(alias.lower(), entry)
                if " " not in alias:
                    self.guarded.add(alias.lower())
                self.by_demonym.setdefault(f"{alias}'s", entry)
                self.by_demonym.setdefault(f"{alias}’s", entry)
        nouns = lexicon.institution_nouns
        edge_l, edge_r = r"(?<![\w-])", r"(?![\w-])"
        self._alias_re = re.compile(f"{edge_l}(?:{_alternation(list(self.by_alias))}){edge_r}", re.IGNORECASE)
        self._exact_re = re.compile(f"{edge_l}(?:{_alternation(list(self.by_exact))})(?![\\w-]|\\.\\w)")
        self._demonym_re = re.compile(
            f"{edge_l}(?P<dem>{_alternation(list(self.by_demonym))})"
            f"(?:\\s+(?:and\\s+[A-Z][\\w-]+\\s+)?(?:{_MODIFIER}\\s+){{0,2}}?)(?i:(?P<noun>{nouns}))\\b"
        )
        self._institution_re = re.compile(f"^\\s*(?:{nouns})\\b", re.IGNORECASE)

    def _guard(self, text: str, start: int, end: int) -> bool:
        """True when a bare country or capital is used as a place, not as an actor."""
        before = [w.lower() for w in re.findall(r"\w+", text[max(0, start - 40) : start])]
        # Skip the adjectives of a place phrase: "in eastern Syria", "to neighbouring Iraq".
        while before and (before[-1] in _PLACE_ADJECTIVES or before[-1] == "the"):
            before.pop()
        previous = before[-2:]
        if previous and (
            previous[-1] in _PLACE_PREPOSITIONS or (previous[-1] == "the" and previous[:1] == ["of"])
        ):
            return True
        # "in Niger and Chad", "to Kenya, Uganda and Burundi": the preposition governs the whole list.
        if _LISTED_AFTER_PREPOSITION.search(text[max(0, start - 80) : start]):
            return True
        # A bare country after a verb or noun is its object ("troops left Mali"); as an actor it
        # opens a clause ("Iraq declared", "despite Baghdad having announced").
        raw_before = text[max(0, start - 30) : start]
        last_word = re.search(r"([A-Za-z]+)\W*$", raw_before)
        # "renewed Damascus's demand": a possessive determines the object, it is not the object.
        possessive_of = text[end : end + 2] in ("'s", "’s")
        if last_word and not possessive_of and not re.search(r"[,;:(\"“—–-]\s*$", raw_before):
            word = last_word.group(1)
            # "urged Washington to withdraw", "accused Tehran of": still the party addressed.
            addressed = re.match(r"\s+(?:to|of|for|that)\b", text[end : end + 8])
            if word.islower() and word not in _CLAUSE_OPENERS and not addressed:
                return True
        after = text[end : end + 40]
        # "Iraq's Anbar province" is a place; "Washington's strategy", "Iraq's parliament" are actors.
        possessive = re.match(r"['’]s\s+(?:[a-z]+[\s-]+){0,2}(?P<next>\S)", after)
        return (
            bool(possessive)
            and possessive.group("next")[:1].isupper()
            and not self._institution_re.match(after[3:])
        )

    def find(self, text: str) -> list[ActorMention]:
        """Non-overlapping actor mentions in ``text``, longest first at each position."""
        found: list[tuple[int, int, ActorEntry]] = []
        for match in self._demonym_re.finditer(text):
            entry = self.by_demonym[match.group("dem")]
            found.append((match.start(), match.end(), entry))
        for match in self._alias_re.finditer(text):
            entry = self.by_alias[match.group(0).lower()]
            if _NAME_PREFIX.search(text[max(0, match.start() - 8) : match.start()]):
                continue  # "Port Sudan", "South Sudan": part of a place name
            if match.group(0).lower() in self.guarded and self._guard(text, match.start(), match.end()):
                continue
            found.append((match.start(), match.end(), entry))
        for match in self._exact_re.finditer(text):
            entry = self.by_exact[match.group(0)]
            if match.group(0).lower() in self.guarded and self._guard(text, match.start(), match.end()):
                continue
            found.append((match.start(), match.end(), entry))
        found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
        mentions: list[ActorMention] = []
        last_end = -1
        for start, end, entry in found:
            if start < last_end:
                continue
            mentions.append(ActorMention(start, end, entry.name, text[start:end], entry))
            last_end = end
        return mentions

    def states_named(self, text: str) -> list[str]:
        """ISO codes of the states ``text`` names as places ("in Kyrgyzstan"), one per mention."""
        codes: list[str] = []
        for match in self._alias_re.finditer(text):
            word = match.group(0).lower()
            entry = self.by_alias[word]
            if not (entry.kind == "state" and entry.country and word in self.guarded):
                continue
            if self._guard(text, match.start(), match.end()):
                codes.append(entry.country)
        return codes

    def country_actor(self, country: str | None) -> ActorEntry | None:
        """The state actor of an ISO country code, when the dictionary has one."""
        return self.by_country.get(country or "")
