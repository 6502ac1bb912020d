"""Hedges, fatalities and subordinate context clauses."""

from __future__ import annotations

import re

from basewatch.extract.lexicon import Lexicon

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "dozens": 24, "a dozen": 12, "scores": 40, "hundreds": 200,
}  # fmt: skip
# The clause opens with words that make the trigger context told by the outlet ("after", "despite").
_SUBORDINATE = re.compile(
    r"\b(?:despite|amid|after|since|following|during|in the wake of|in retaliation for|in response to)\b",
    re.I,
)
_BREAK = re.compile(r"\b(?:that|said|says|told|added|noted)\b|[;:]")
_GERUND = re.compile(r"\s+\w+ing\b")


class HedgeReader:
    """Hedge words and fatality counts of a sentence."""

    def __init__(self, lexicon: Lexicon) -> None:
        words = sorted(set(lexicon.hedges), key=len, reverse=True)
        self._hedges = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I
        )
        number = r"(?P<n>\d[\d,]*|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
        verbs = lexicon.fatality_verbs
        self._fatal = re.compile(
            rf"(?:\b{number}\s+(?:[\w'’-]+\s+){{0,6}}?"
            rf"(?:(?:were|was|have been|had been|are|being)\s+)?{verbs}\b"
            rf"|\b(?:killing|killed|kills)\s+(?:at least\s+)?(?P<n2>\d[\d,]*|"
            + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
            + r")\b)",
            re.IGNORECASE,
        )

    def hedges(self, text: str) -> list[str]:
        """Hedge words in ``text`` (lower case, in order, without repeats)."""
        out: list[str] = []
        for match in self._hedges.finditer(text):
            word = match.group(0).lower()
            if word not in out:
                out.append(word)
        return out

    def fatalities(self, text: str) -> int | None:
        """The number of dead a sentence gives, when it gives one."""
        match = self._fatal.search(text)
        if not match:
            return None
        raw = (match.group("n") or match.group("n2") or "").lower().replace(",", "")
        if raw.isdigit():
            value = int(raw)
            return value if value < 100000 else None
        return _NUMBER_WORDS.get(raw)


def in_subordinate_context(sentence: str, start: int, window: int = 140) -> bool:
    """True when the trigger sits in an "after ..."/"despite ..." clause: context, not the source's claim."""
    before = sentence[max(0, start - window) : start]
    last = None
    for match in _SUBORDINATE.finditer(before):
        last = match
    if last is None:
        return False
    rest = re.sub(r"^\s*the fact that\b", "", before[last.end() :])
    if last.group(0).lower() in ("after", "since", "following") and _GERUND.match(
        rest + sentence[start : start + 30]
    ):
        return False  # "crossed the border after handing over the base": one actor's sequence, not context
    return not _BREAK.search(rest)
