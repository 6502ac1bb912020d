"""The rule layer: patterns built from ``data/temporal.yaml`` and the handlers that resolve them.

Each pattern has a name, trigger words (so it only runs near them) and a handler that turns a
match into an interval against the anchor. ``find_dates`` in ``mentions`` drives them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from basewatch.dates import calendar_math as cm
from basewatch.dates.lexicon import Lexicon, default_lexicon

MentionKind = Literal["absolute", "relative_to_publication", "relative_to_event", "duration"]

MIN_YEAR = 1900
MAX_YEAR = 2100

SENTENCE_BREAK = re.compile(r"[.!?;\n](?=\s|$)|\n")


@dataclass
class Resolved:
    """What a pattern handler returns: the interval (or None) and how it was anchored."""

    kind: MentionKind
    start: dt.date | None = None
    end: dt.date | None = None
    precision: str = "day"
    relative_days: int | None = None
    refers_to: str | None = None


Handler = Callable[[re.Match[str], dt.date | None, str], "Resolved | None"]


def _alternation(words: list[str]) -> str:
    """Regex alternation, longest first so "September" wins over "Sep"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class Rules:
    """Compiled patterns and their handlers for one lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        full_months = [m for m in lex.months if len(m) > 3 or m == "May"]
        short_months = [m for m in lex.months if m not in full_months]
        month_any = rf"(?:(?:{_alternation(full_months)})\b|(?:{_alternation(short_months)})\b\.?)"
        month_full = rf"(?:{_alternation(full_months)})\b"
        weekday = rf"(?:{_alternation(list(lex.weekdays))})\b"
        number = rf"(?:\d{{1,3}}|{_alternation(list(lex.number_words))})"
        units = r"(?:day|week|fortnight|month|year)s?"
        day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
        year = r"(?:19|20)\d{2}\b"
        season = _alternation(list(lex.seasons))
        parts = _alternation(list(lex.year_parts))
        month_parts = _alternation(list(lex.month_parts))
        part_nouns = _alternation(list(lex.part_nouns))
        day_parts = _alternation(list(lex.day_parts))
        prep = r"(?:\b(?P<prep>(?i:on|in|during|since|from|between|until|till|by|through|of))\s+)?"
        self.month_any, self.weekday_re = month_any, weekday
        self._range_second = re.compile(rf"{month_any}\s+(?:to|and)\s+$")  # "from March to" before a month

        def g(name: str, pattern: str) -> str:
            return f"(?P<{name}>{pattern})"

        # (name, pattern, handler) in priority order: on equal length the earlier one wins.
        specs: list[tuple[str, str, Handler]] = [
            (
                "iso_date",
                rf"{prep}(?<![\w/.-])(?P<y>(?:19|20)\d{{2}})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\w/-])",
                self._numeric_date,
            ),
            (
                "numeric_date",
                rf"{prep}(?<![\w/.-])(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>(?:19|20)\d{{2}})"
                r"(?![\w/-]|\.\d)",
                self._numeric_date,
            ),
            (
                "month_day_range",
                rf"{prep}{g('m', month_any)}\s+{g('d', day)}\s*"
                rf"(?:-|–|(?i:to|and|through|until))\s*{g('d2', day)}(?!\s*{month_any})"
                rf"(?:,?\s+{g('y', year)})?",
                self._month_day_range,
            ),
            (
                "day_range_month",
                rf"{prep}(?<![\w-]){g('d', day)}\s*(?:-|–|(?i:to|and|through|until))\s*{g('d2', day)}\s+"
                rf"(?:(?i:of)\s+)?{g('m', month_any)}(?:,?\s+{g('y', year)})?",
                self._month_day_range,
            ),
            (
                "month_day",
                rf"{prep}(?:{g('wd', weekday)},?\s+)?(?:(?i:the)\s+)?{g('m', month_any)}\s+{g('d', day)}"
                rf"(?![\d:])(?:,?\s+{g('y', year)})?",
                self._month_day,
            ),
            (
                "day_month",
                rf"{prep}(?:{g('wd', weekday)},?\s+)?(?:(?i:the)\s+)?(?<![\w-]){g('d', day)}"
                rf"(?:\s+(?i:of))?\s+{g('m', month_any)}(?:,?\s+{g('y', year)})?",
                self._month_day,
            ),
            (
                "month_year",
                rf"{prep}(?:(?i:{g('part', month_parts)}[\s-]+(?:in\s+)?))?{g('m', month_any)},?\s+"
                rf"(?:(?i:of)\s+)?{g('y', year)}",
                self._month_year,
            ),
            (
                "month_part",
                rf"{prep}(?i:{g('part', month_parts)})[\s-]+{g('m', month_full)}(?!\s+\d)",
                self._month_part,
            ),
            (
                "month_rel_year",
                rf"{prep}(?:(?i:{g('part', month_parts)})[\s-]+)?{g('m', month_full)}\s+(?i:of\s+)?"
                r"(?P<rel>(?i:last|this|next|previous))\s+(?i:year)\b",
                self._month_rel_year,
            ),
            (
                "month_part_noun",
                rf"{prep}(?i:the\s+(?P<noun>{part_nouns})\s+of\s+){g('m', month_full)}"
                rf"(?:,?\s+{g('y', year)})?(?!\s+\d)",
                self._month_part_noun,
            ),
            (
                "month_bare",
                rf"(?:(?P<rel>(?i:last|next|this|early|late|mid))\s+|{prep}|(?<=\bto\s)|(?<=\band\s))"
                rf"{g('m', month_full)}(?!\s+\d)(?!\s+(?i:on|against|toward|towards|into)\b)",
                self._month_bare,
            ),
            (
                "year_part",
                rf"{prep}(?i:{g('part', parts)})(?i:[\s-]+in)?[\s-]+{g('y', year)}",
                self._year_part,
            ),
            (
                "year_part_noun",
                rf"{prep}(?i:the\s+{g('noun', part_nouns)}\s+of\s+){g('y', year)}",
                self._year_part,
            ),
            (
                "season",
                rf"{prep}(?:(?i:the)\s+)?(?:(?P<rel>(?i:last|this|next|past))\s+)?(?P<s>(?i:{season}))\b"
                rf"(?:(?:\s+(?i:of))?\s+{g('y', year)})?",
                self._season,
            ),
            (
                "decade",
                rf"{prep}(?:(?i:the)\s+)(?:(?P<part>(?i:early|mid|late))[\s-]+)?(?P<dec>(?:19|20)\d0)s\b",
                self._decade,
            ),
            (
                "year_range",
                rf"(?:(?P<lead>(?i:from|between))\s+)?(?<![\w$€£#./-]){g('y', year)}\s*"
                rf"(?P<join>-|–|(?i:to|and|through|until))\s*(?P<y2>(?:19|20)?\d{{2}})\b(?![\d,.]\d)",
                self._year_range,
            ),
            ("year", rf"{prep}(?<![\w$€£#./,-]){g('y', year)}(?![\d,]\d|%|-\d|:\d)", self._year),
            (
                "weekday",
                rf"{prep}(?:(?P<rel>(?i:last|this past|this|next|early|late|coming))\s+)?{g('wd', weekday)}"
                rf"(?:'s)?(?:\s+(?P<dp>(?i:{day_parts})))?(?:\s+(?P<wk>(?i:last|this|next))\s+(?i:week)\b)?",
                self._weekday,
            ),
            (
                "day_only",
                r"(?i:\bon\s+the\s+)(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?=\s*(?:[,.;:)]|and\b|when\b|$))",
                self._day_only,
            ),
            (
                "deictic",
                r"(?i:\b(?P<w>the\s+day\s+before\s+yesterday|today|tonight|yesterday|tomorrow|last\s+night|"
                rf"this\s+(?:{day_parts})))(?:\s+(?P<dp>(?i:{day_parts})))?\b",
                self._deictic,
            ),
            (
                "night",
                r"(?i:\b(?<!an\s)(?<!the\s)(?P<w>overnight|(?:through|during|in)\s+the\s+night))\b"
                r"(?!\s+(?i:of|on|into|to|before|after|between|from)\b)(?![-\w])",
                self._night,
            ),
            (
                "weekend",
                r"(?i:\b(?:(?P<rel>last|past|this|next)|(?:over|during|at)\s+the)\s+weekend)\b",
                self._weekend,
            ),
            (
                "event_next",
                r"(?i:\b(?:the|a)\s+(?P<which>next|following|previous|preceding|same)\s+(?P<u>day|week|month|year))\b",
                self._event_next,
            ),
            (
                "rolling",
                rf"(?i:\b(?:(?:in|over|during|for)\s+)?the\s+(?:past|last|previous)\s+(?:(?P<n>{number})\s+)?"
                rf"(?P<u>{units}))\b",
                self._rolling,
            ),
            (
                "relative_unit",
                rf"{prep}(?i:\b(?P<rel>last|past|previous|this|next|coming|current)\s+(?P<u>week|month|year))"
                r"(?:'s)?\b",
                self._relative_unit,
            ),
            (
                "ago",
                rf"(?i:\b(?P<n>{number})\s+(?P<u>{units})\s+ago)\b",
                self._ago,
            ),
            (
                "recent",
                r"(?i:\b(?:(?:in|over|during)\s+)?(?:the\s+)?recent\s+(?P<u>days|weeks|months|years))\b",
                self._recent,
            ),
            (
                "part_of_unit",
                r"(?i:\b(?P<w>earlier|later|early|late)\s+(?:in\s+)?(?P<rel>this|last|next)\s+(?P<u>week|month|year))\b",
                self._part_of_unit,
            ),
            (
                "part_of_unit_noun",
                rf"{prep}(?i:the\s+(?P<noun>{part_nouns})\s+of\s+(?P<rel>the|this|last|next|current)\s+"
                r"(?P<u>year|month))\b",
                self._part_of_unit_noun,
            ),
            (
                "event_offset",
                rf"(?i:\b(?P<n>{number})\s+(?P<u>{units})\s+(?P<dir>after|later|before|earlier|prior))\b"
                rf"(?:(?i:\s+to)?\s+(?P<ref>(?i:the|this|that|his|her|their|its)\s+(?!{month_any}|\d)[\w-]+))?",
                self._event_offset,
            ),
            (
                "event_day_part",
                rf"(?i:\b(?:(?:the|a)\s+(?P<which>next|following|previous|preceding|same)|that)\s+(?P<dp>{day_parts}))\b",
                self._event_day_part,
            ),
            (
                "coming",
                rf"(?i:\b(?:in|over|during|within)\s+the\s+(?:coming|next)\s+(?:(?P<n>{number})\s+)?(?P<u>{units}))\b",
                self._coming,
            ),
            (
                "event_day",
                r"(?i:\b(?:the\s+day\s+(?P<dir>before|after)|(?P<same>later\s+that\s+day|that\s+same\s+day|"
                r"(?:earlier|later)\s+in\s+the\s+day|(?:hours|minutes)\s+(?:later|after|earlier|before))))\b"
                rf"(?:(?i:\s+)(?P<ref>(?i:the|this|that|his|her|their|its)\s+(?!{month_any}|\d)[\w-]+))?",
                self._event_day,
            ),
            (
                "duration",
                rf"(?i:\b(?:for\s+(?:more\s+than\s+|nearly\s+|almost\s+|about\s+|over\s+)?(?P<n>{number})\s+"
                rf"(?P<u>{units})|(?P<n2>\d{{1,3}})-(?P<u2>day|week|month|year)(?P<old>-old)?))\b",
                self._duration,
            ),
        ]
        self.patterns = [(name, re.compile(p), h) for name, p, h in specs]
        # Cheap gates: a pattern only runs when one of its trigger words (or a year) is in the text.
        months = {w.lower() for w in lex.months}
        weekdays = {w.lower() for w in lex.weekdays}
        unit_words = {"day", "week", "month", "year", "fortnight"}
        year_gate = "YEAR"
        triggers: dict[str, set[str]] = {
            "iso_date": {year_gate},
            "numeric_date": {year_gate},
            "month_day_range": months,
            "day_range_month": months,
            "month_day": months,
            "day_month": months,
            "month_year": months,
            "month_part": months,
            "month_bare": months,
            "month_rel_year": months,
            "month_part_noun": months,
            "night": {"overnight", "night"},
            "year_part": {year_gate},
            "year_part_noun": {year_gate},
            "season": set(lex.seasons),
            "decade": {year_gate},
            "day_only": {"st", "nd", "rd", "th"},
            "year_range": {year_gate},
            "year": {year_gate},
            "weekday": weekdays,
            "deictic": {"today", "tonight", "yesterday", "tomorrow", "night", "this"},
            "rolling": {"past", "last", "previous"},
            "weekend": {"weekend"},
            "relative_unit": {"last", "past", "previous", "this", "next", "coming", "current"},
            "ago": {"ago"},
            "recent": {"recent"},
            "part_of_unit": {"earlier", "later", "early", "late"},
            "part_of_unit_noun": {"year", "month"},
            "event_offset": {"after", "later", "before", "earlier", "prior"},
            "event_next": {"next", "following", "previous", "preceding", "same"},
            "event_day_part": {"next", "following", "previous", "preceding", "same", "that"},
            "coming": {"coming", "next"},
            "event_day": {"day", "hours", "minutes"},
            "duration": {"for"} | unit_words,
        }
        self.triggers = {name: frozenset(words) for name, words in triggers.items()}
        self.cue_words = frozenset().union(*self.triggers.values()) - {year_gate}
        self.year_gate = year_gate
        self.report_verb_re = re.compile(rf"(?i:\b(?:{_alternation(list(lex.report_verbs))})\b)")

    # ------------------------------------------------------------------ helpers

    def number(self, word: str) -> int:
        word = word.lower()
        return int(word) if word.isdigit() else self.lex.number_words.get(word, 1)

    def month(self, word: str) -> int:
        return self.lex.months[word.rstrip(".")]

    @staticmethod
    def unit(word: str) -> str:
        return word.lower().removesuffix("s")

    @staticmethod
    def day_of(word: str) -> int:
        return int(re.sub(r"\D", "", word))

    def _forward(self, text: str, offset: int) -> bool:
        """True when the clause before ``offset`` speaks of the future ("will leave on March 5").

        The clause runs back to the last comma or sentence break (at most 14 words, so "troops will
        complete their withdrawal from the country by September 15" counts); "later in the summer"
        and "later in May" point forward by themselves (not "later on May 5", a step in a story).
        """
        before = SENTENCE_BREAK.split(text[max(0, offset - 160) : offset])[-1]
        words = re.findall(r"[A-Za-z']+", re.split(r"[,:(\u2014]", before)[-1].lower())
        later_in = words[-2:] == ["later", "in"] or (
            words[-1:] == ["later"] and re.match(r"(?i)in\b", text[offset:])
        )
        if later_in:
            return True
        recent = words[-14:]
        # "plans"/"intends" speak of the future only as verbs ("plans to leave"), not "Plans for a
        # front collapsed on March 1".
        return any(
            word in self.lex.forward_cues
            and (word not in ("plans", "intends") or recent[i + 1 : i + 2] == ["to"])
            for i, word in enumerate(recent)
        )

    # ------------------------------------------------------------------ handlers

    def _with_since(self, m: re.Match[str], anchor: dt.date | None, r: Resolved) -> Resolved:
        """ "since 2003" = from the start of 2003 to the anchor."""
        prep = (m.groupdict().get("prep") or "").lower()
        if prep != "since" or r.start is None:
            return r
        if anchor is None or anchor < r.start:
            return Resolved("relative_to_publication")
        return Resolved("relative_to_publication", r.start, anchor, "range")

    def _numeric_date(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        """ISO 2020-03-21, 21/03/2020, 03/21/2020: a part above 12 decides, else "/" is US, "." day-first."""
        year = int(m["y"])
        if "a" in m.groupdict():
            a, b = int(m["a"]), int(m["b"])
            if a > 12 or (b <= 12 and m["sep"] == "."):
                day, month = a, b
            else:
                month, day = a, b
        else:
            month, day = int(m["m"]), int(m["d"])
        try:
            when = dt.date(year, month, day)
        except ValueError:
            return None
        return self._with_since(m, anchor, Resolved("absolute", when, when, "day"))

    def _month_day_range(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        month, d1, d2 = self.month(m["m"]), self.day_of(m["d"]), self.day_of(m["d2"])
        if d2 <= d1 or not cm.possible_day(month, d2):
            return None
        if m["y"]:
            year = int(m["y"])
            kind: MentionKind = "absolute"
        elif anchor is not None:
            year = cm.latest_month_day(anchor, month, d1).year
            kind = "relative_to_publication"
        else:
            return Resolved("relative_to_publication")
        try:
            return Resolved(kind, dt.date(year, month, d1), dt.date(year, month, d2), "range")
        except ValueError:
            return None

    def _month_day(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        month, day = self.month(m["m"]), self.day_of(m["d"])
        if m["y"]:
            try:
                when = dt.date(int(m["y"]), month, day)
            except ValueError:
                return None
            return self._with_since(m, anchor, Resolved("absolute", when, when, "day"))
        if not cm.possible_day(month, day):
            return None
        if anchor is None:
            return Resolved("relative_to_publication")
        if self._forward(text, m.start()):
            when = cm.next_month_day(anchor, month, day)
        else:
            when = cm.latest_month_day(anchor, month, day)
        return self._with_since(m, anchor, Resolved("relative_to_publication", when, when, "day"))

    def _month_year(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        return self._month_of_year(m, anchor, int(m["y"]), "absolute")

    def _month_of_year(
        self, m: re.Match[str], anchor: dt.date | None, year: int, kind: MentionKind
    ) -> Resolved:
        """The month of ``year`` the match names, or the part of it ("early May") when it names one."""
        month = self.month(m["m"])
        start, end = dt.date(year, month, 1), cm.month_end(year, month)
        if m["part"]:
            first, last = self.lex.month_parts[m["part"].lower()]  # the regex matched a lexicon key
            start, end = start.replace(day=first), end.replace(day=min(last, end.day))
            return self._with_since(m, anchor, Resolved(kind, start, end, "range"))
        return self._with_since(m, anchor, Resolved(kind, start, end, "month"))

    def _month_part(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        if anchor is None:
            return Resolved("relative_to_publication")
        month = self.month(m["m"])
        year = cm.latest_month(anchor, month)
        first, last = self.lex.month_parts[m["part"].lower()]
        end = cm.month_end(year, month)
        r = Resolved(
            "relative_to_publication",
            dt.date(year, month, first),
            end.replace(day=min(last, end.day)),
            "range",
        )
        return self._with_since(m, anchor, r)  # "since mid-February": from the 11th to the anchor

    def _month_bare(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        rel = (m["rel"] or "").lower()
        if rel in ("early", "late", "mid"):
            return self._month_part(_PartMatch(m, rel), anchor, text)
        # Only the second month of "from March to May" / "between March and May" stands bare.
        if not (rel or m["prep"] or self._range_second.search(text[max(0, m.start() - 16) : m.start()])):
            return None
        if anchor is None:
            return Resolved("relative_to_publication")
        month = self.month(m["m"])
        year = cm.latest_month(anchor, month)
        if rel == "last" and month == anchor.month:
            year -= 1
        elif rel == "next":
            year = anchor.year if month > anchor.month else anchor.year + 1
        elif not rel and self._forward(text, m.start()):
            year = anchor.year if month >= anchor.month else anchor.year + 1
        start, end = dt.date(year, month, 1), cm.month_end(year, month)
        return self._with_since(m, anchor, Resolved("relative_to_publication", start, end, "month"))

    def _month_rel_year(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        """ "in June last year", "March of this year", "early May next year": that month of that year."""
        if anchor is None:
            return Resolved("relative_to_publication")
        step = {"last": -1, "previous": -1, "next": 1}.get(m["rel"].lower(), 0)
        return self._month_of_year(m, anchor, anchor.year + step, "relative_to_publication")

    def _month_part_noun(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        """ "by the end of May", "the beginning of March 2019": the part of that month."""
        part = self.lex.part_nouns[re.sub(r"\s+", " ", m["noun"].lower())]
        first, last = self.lex.month_parts.get(part, (1, 31))
        month = self.month(m["m"])
        if m["y"]:
            year = int(m["y"])
            kind: MentionKind = "absolute"
        elif anchor is None:
            return Resolved("relative_to_publication")
        else:
            kind = "relative_to_publication"
            year = cm.latest_month(anchor, month)
            if self._forward(text, m.start()):
                year = anchor.year if month >= anchor.month else anchor.year + 1
        end = cm.month_end(year, month)
        start, end = dt.date(year, month, first), end.replace(day=min(last, end.day))
        return self._with_since(m, anchor, Resolved(kind, start, end, "range"))

    def _year_part(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        year = int(m["y"])
        written = m.groupdict().get("part")
        part = written or self.lex.part_nouns[re.sub(r"\s+", " ", m["noun"].lower())]
        first, last = self.lex.year_parts[re.sub(r"\s+", " ", part.lower())]
        r = Resolved("absolute", dt.date(year, first, 1), cm.month_end(year, last), "range")
        return self._with_since(m, anchor, r)

    def _season(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        word, rel = m["s"].lower(), (m["rel"] or "").lower()
        before = text[max(0, m.start() - 12) : m.start()].lower()
        has_article = bool(re.search(r"\bthe\s*$", before)) or "the " in m.group(0).lower()
        if not (m["y"] or rel or (m["prep"] and has_article)):
            return None  # "spring water", "a fall": not a season reference
        if not m["y"] and re.match(r"\s+of\s+(?!(?:19|20)\d\d)", text[m.end() : m.end() + 12]):
            return None  # "the fall of Mosul"
        first, last = self.lex.seasons[word]
        if m["y"]:
            start, end = cm.season_span(int(m["y"]), first, last)
            return self._with_since(m, anchor, Resolved("absolute", start, end, "season"))
        if anchor is None:
            return Resolved("relative_to_publication")
        year = cm.latest_season(anchor, first, last)
        start, end = cm.season_span(year, first, last)
        if not rel and end < anchor and self._forward(text, m.start()):
            start, end = cm.season_span(year + 1, first, last)  # "will leave in the summer" said in May
        if rel in ("last", "past") and start <= anchor <= end:
            start, end = cm.season_span(year - 1, first, last)  # "last summer" said in summer: the one before
        elif rel == "next":
            start, end = cm.season_span(year + 1, first, last)
        return self._with_since(m, anchor, Resolved("relative_to_publication", start, end, "season"))

    def _decade(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        """ "the 1990s"; "the early / mid / late 2000s" = years 0-3 / 4-6 / 7-9 of the decade."""
        first = int(m["dec"])
        low, high = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get((m["part"] or "").lower(), (0, 9))
        return Resolved("absolute", dt.date(first + low, 1, 1), dt.date(first + high, 12, 31), "range")

    def _day_only(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        """ "on the 12th": the latest 12th of a month on or before the anchor (forward for plans)."""
        if anchor is None:
            return Resolved("relative_to_publication")
        day = int(m["d"])
        forward = self._forward(text, m.start())
        month_start = anchor.replace(day=1)
        for step in range(0, 3):
            first = cm.add_months(month_start, step if forward else -step)
            if day > cm.month_end(first.year, first.month).day:
                continue
            when = first.replace(day=day)
            if (forward and when >= anchor) or (not forward and when <= anchor):
                return Resolved("relative_to_publication", when, when, "day")
        return None

    def _year_range(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        join, lead = m["join"].lower(), (m["lead"] or "").lower()
        if join == "and" and lead != "between":
            return None  # "in 2014 and 2017": two years, not a range
        y1, y2_text = int(m["y"]), m["y2"]
        y2 = int(y2_text) if len(y2_text) == 4 else (y1 // 100) * 100 + int(y2_text)
        if not y1 < y2 <= MAX_YEAR:
            return None
        return Resolved("absolute", dt.date(y1, 1, 1), dt.date(y2, 12, 31), "range")

    def _year(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        year = int(m["y"])
        # "2000 troops", "2000 US troops"; after a preposition it is a year ("In 2014 troops were sent").
        following = re.findall(r"[A-Za-z]+", re.split(r"[.,;:!?()\n]", text[m.end() : m.end() + 40])[0])
        look = [] if m["prep"] else following[:3]
        if any(word.lower() in self.lex.counted_nouns for word in look):
            return None
        before = text[max(0, m.start("y") - 16) : m.start("y")]
        if re.search(r"\b(?:No|no|Nos|number|Number)\.?\s*$|#\s*$", before):
            return None
        previous = re.findall(r"[A-Za-z]+", before)
        if not m["prep"] and previous and previous[-1].lower() in self.lex.quantifiers:
            return None  # "more than 2000", "some 2000"
        if anchor is not None and year > anchor.year + 30:
            return None
        r = Resolved("absolute", dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        return self._with_since(m, anchor, r)

    def _weekday(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        following = re.match(r"\s+([A-Z][a-z]+)", text[m.end() : m.end() + 20])
        if following and following.group(1) in self.lex.weekday_name_followers:
            return None  # "Sunday Times"
        leading = re.search(r"([A-Z][a-z]+)\s+$", text[max(0, m.start("wd") - 20) : m.start("wd")])
        if leading and leading.group(1) in self.lex.weekday_name_leaders:
            return None  # "Bloody Sunday", "Good Friday"
        if anchor is None:
            return Resolved("relative_to_publication")
        weekday = self.lex.weekdays[m["wd"]]
        rel = (m["rel"] or "").lower()
        if rel == "next" or rel == "coming":
            when = cm.next_weekday(anchor, weekday)
        elif rel in ("last", "this past"):
            when = cm.latest_weekday(anchor - dt.timedelta(days=1), weekday)
        elif not rel and self._forward(text, m.start()):
            when = cm.next_weekday(anchor - dt.timedelta(days=1), weekday)  # on or after the anchor
        else:
            when = cm.latest_weekday(anchor, weekday)
        if m["wk"] and not rel:
            # "Thursday last week": that weekday of the previous (this, next) Monday-Sunday week.
            step = {"last": -1, "this": 0, "next": 1}[m["wk"].lower()]
            monday, _sunday = cm.week_span(anchor + dt.timedelta(days=7 * step))
            when = monday + dt.timedelta(days=weekday)
        return self._with_since(m, anchor, Resolved("relative_to_publication", when, when, "day"))

    def _deictic(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        if anchor is None:
            return Resolved("relative_to_publication")
        word = re.sub(r"\s+", " ", m["w"].lower())
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2}.get(
            word, 0
        )
        when = anchor + dt.timedelta(days=offset)
        return Resolved("relative_to_publication", when, when, "day")

    def _night(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        """ "overnight", "through the night" with no day named: the night before the report."""
        if anchor is None:
            return Resolved("relative_to_publication")
        return Resolved("relative_to_publication", anchor - dt.timedelta(days=1), anchor, "range")

    def _weekend(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        """Saturday and Sunday of the latest weekend begun by the anchor ("over the weekend")."""
        if anchor is None:
            return Resolved("relative_to_publication")
        rel = (m["rel"] or "").lower()
        saturday = cm.latest_weekday(anchor, 5)
        if rel in ("last", "past") and anchor - saturday <= dt.timedelta(days=1):
            saturday -= dt.timedelta(days=7)
        elif rel == "next":
            saturday = cm.next_weekday(anchor, 5)
        return Resolved("relative_to_publication", saturday, saturday + dt.timedelta(days=1), "range")

    def _rolling(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        if anchor is None:
            return Resolved("relative_to_publication")
        n = self.number(m["n"]) if m["n"] else 1
        start = _go_back(anchor, n, self.unit(m["u"]))
        return Resolved("relative_to_publication", start, anchor, "range")

    def _relative_unit(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        if anchor is None:
            return Resolved("relative_to_publication")
        rel, unit = m["rel"].lower(), m["u"].lower()
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
        if unit == "week":
            start, end = cm.week_span(anchor + dt.timedelta(days=7 * step))
        elif unit == "month":
            first = cm.add_months(anchor.replace(day=1), step)
            start, end = first, cm.month_end(first.year, first.month)
        else:
            start, end = dt.date(anchor.year + step, 1, 1), dt.date(anchor.year + step, 12, 31)
        return self._with_since(m, anchor, Resolved("relative_to_publication", start, end, unit))

    def _ago(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        if anchor is None:
            return Resolved("relative_to_publication")
        n, unit = self.number(m["n"]), self.unit(m["u"])
        when = _go_back(anchor, n, unit)
        if unit == "day":
            return Resolved("relative_to_publication", when, when, "day")
        if unit in ("week", "fortnight"):
            return Resolved(
                "relative_to_publication", when - dt.timedelta(days=3), when + dt.timedelta(days=3), "week"
            )
        if unit == "month":
            start = when.replace(day=1)
            return Resolved("relative_to_publication", start, cm.month_end(start.year, start.month), "month")
        return Resolved(
            "relative_to_publication", dt.date(when.year, 1, 1), dt.date(when.year, 12, 31), "year"
        )

    def _recent(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        if anchor is None:
            return Resolved("relative_to_publication")
        (unit, n), *_ = self.lex.recent[m["u"].lower()].items()
        start = _go_back(anchor, n, unit.removesuffix("s"))
        if unit == "months":
            start = start.replace(day=1)
        elif unit == "years":
            start = dt.date(start.year, 1, 1)
        return Resolved("relative_to_publication", start, anchor, "range")

    def _part_of_unit(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        if anchor is None:
            return Resolved("relative_to_publication")
        w, rel, unit = m["w"].lower(), m["rel"].lower(), m["u"].lower()
        step = {"last": -1, "next": 1}.get(rel, 0)
        if unit == "week":
            start, end = cm.week_span(anchor + dt.timedelta(days=7 * step))
        elif unit == "month":
            start = cm.add_months(anchor.replace(day=1), step)
            end = cm.month_end(start.year, start.month)
        else:
            start, end = dt.date(anchor.year + step, 1, 1), dt.date(anchor.year + step, 12, 31)
        if step == 0 and w == "earlier":
            return Resolved("relative_to_publication", start, anchor, "range")
        if step == 0 and w == "later":
            return Resolved("relative_to_publication", anchor, end, "range")
        part = "early" if w in ("early", "earlier") else "late"
        if unit == "year":
            first, last = self.lex.year_parts[part]
            start, end = dt.date(start.year, first, 1), cm.month_end(start.year, last)
        elif unit == "month":
            first, last = self.lex.month_parts[part]
            start, end = start.replace(day=first), end.replace(day=min(last, end.day))
        return Resolved("relative_to_publication", start, end, "range")

    def _part_of_unit_noun(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        """ "the end of the year", "the beginning of last month"; with "since", up to the anchor."""
        if anchor is None:
            return Resolved("relative_to_publication")
        part = self.lex.part_nouns[re.sub(r"\s+", " ", m["noun"].lower())]
        step = {"last": -1, "next": 1}.get(m["rel"].lower(), 0)
        if m["u"].lower() == "year":
            year = anchor.year + step
            first, last = self.lex.year_parts[part]
            start, end = dt.date(year, first, 1), cm.month_end(year, last)
        else:
            month_start = cm.add_months(anchor.replace(day=1), step)
            first, last = self.lex.month_parts.get(part, self.lex.month_parts["early"])
            month_end = cm.month_end(month_start.year, month_start.month)
            start, end = month_start.replace(day=first), month_end.replace(day=min(last, month_end.day))
        return self._with_since(m, anchor, Resolved("relative_to_publication", start, end, "range"))

    def _event_offset(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        n, unit = self.number(m["n"]), self.unit(m["u"])
        sign = 1 if m["dir"].lower() in ("after", "later") else -1
        return Resolved(
            "relative_to_event",
            relative_days=sign * n * self.lex.unit_days.get(unit, 1),
            refers_to=m["ref"],
        )

    def _event_next(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        which, unit = m["which"].lower(), self.unit(m["u"])
        sign = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "same": 0}[which]
        return Resolved("relative_to_event", relative_days=sign * self.lex.unit_days.get(unit, 1))

    def _event_day_part(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        """ "the next morning" = +1, "the previous night" = -1, "that evening" = 0 (from the event)."""
        which = (m["which"] or "same").lower()
        sign = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "same": 0}[which]
        return Resolved("relative_to_event", relative_days=sign)

    def _coming(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        """ "in the coming days" / "within the next two weeks": from the anchor forward."""
        if anchor is None:
            return Resolved("relative_to_publication")
        unit = self.unit(m["u"])
        if m["n"]:
            n = self.number(m["n"])
        else:
            (recent_unit, n), *_ = self.lex.recent[unit + "s"].items()
            unit = recent_unit.removesuffix("s")
        end = _go_forward(anchor, n, unit)
        return Resolved("relative_to_publication", anchor, end, "range")

    def _event_day(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        if m["same"]:
            return Resolved("relative_to_event", relative_days=0, refers_to=m["ref"])
        return Resolved(
            "relative_to_event", relative_days=1 if m["dir"].lower() == "after" else -1, refers_to=m["ref"]
        )

    def _duration(self, m: re.Match[str], anchor: dt.date | None, text: str) -> Resolved | None:
        if m["old"]:
            return None  # "78-year-old": an age
        return Resolved("duration")


class _PartMatch:
    """Adapter so ``_month_part`` can serve "late December" matched by the bare-month pattern."""

    def __init__(self, match: re.Match[str], part: str) -> None:
        self._match, self._part = match, part

    def __getitem__(self, key: str) -> str | None:
        return self._part if key == "part" else self._match[key]

    def groupdict(self) -> dict[str, str | None]:
        return {**self._match.groupdict(), "part": self._part}


def _go_forward(anchor: dt.date, n: int, unit: str) -> dt.date:
    if unit in ("month", "year"):
        return cm.add_months(anchor, n * (12 if unit == "year" else 1))
    return anchor + dt.timedelta(days=n * {"day": 1, "week": 7, "fortnight": 14}[unit])


def _go_back(anchor: dt.date, n: int, unit: str) -> dt.date:
    if unit == "day":
        return anchor - dt.timedelta(days=n)
    if unit == "week":
        return anchor - dt.timedelta(days=7 * n)
    if unit == "fortnight":
        return anchor - dt.timedelta(days=14 * n)
    if unit == "month":
        return cm.add_months(anchor, -n)
    return cm.add_months(anchor, -12 * n)


@functools.cache
def compiled_rules() -> Rules:
    return Rules(default_lexicon())
