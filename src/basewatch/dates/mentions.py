"""Temporal expressions in text: find them, resolve them against an anchor date.

The rule layer (``rules``, patterns from ``data/temporal.yaml``) covers what dateparser misses
("late in 2017", "earlier this month", "early Tuesday", "two days after the attack") and keeps
exact character offsets, which a search over dateparser does not. Patterns only run in windows
around their trigger words, so a sentence without any temporal cue costs microseconds. This
module picks the longest non-overlapping matches, joins ranges, and marks report cues and quotes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from basewatch.dates import calendar_math as cm
from basewatch.dates.rules import SENTENCE_BREAK, MentionKind, Resolved, Rules, compiled_rules
from basewatch.records import DateSpan


@dataclass
class TimeMention:
    """One temporal expression with absolute character offsets into the text given to find_dates.

    ``span`` is None when the expression needs an event anchor ("two days after the attack"),
    is a duration, or needs a publication anchor that was not given. ``relative_days`` is the
    offset to the event referred to (``refers_to`` holds its words when the text names it).
    """

    text: str
    start: int
    end: int
    span: DateSpan | None
    kind: MentionKind
    relative_days: int | None = None
    is_report_cue: bool = False
    refers_to: str | None = None
    in_quote: bool = False  # inside quotation marks: "today" is then the speaker's day, not the article's


_WORD = re.compile(r"[A-Za-z]+")
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|to|and|until|through|till)\s*$", re.IGNORECASE)


def _is_report_cue(rules: Rules, text: str, start: int, end: int) -> bool:
    """True when a speech verb governs the date ("told X on Saturday", "said on Wednesday that")."""
    if re.search(r"['\u2019]s$", text[start:end]):
        return False  # "claimed Sunday's attack": a possessive date names the thing, not the saying
    window_start = max(0, start - 160)
    before = text[window_start:start]
    breaks = list(SENTENCE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    after = text[end : end + 40]
    # Speech verbs are written in lower case inside a sentence: a capitalised "States" or "Reports"
    # after another capitalised word is a name ("the United States Army on Tuesday").
    verbs = [
        v
        for v in rules.report_verb_re.finditer(before)
        if not (v.group(0)[0].isupper() and re.search(r"[A-Z][\w.'-]*\s+$", before[: v.start()]))
    ]
    if verbs:
        between = before[verbs[-1].end() :]
        words = re.findall(r"[A-Za-z']+", between)
        verb = re.sub(r"\s+", " ", verbs[-1].group(0).lower())
        limit = 12 if verb in rules.lex.report_verbs_with_object else 1
        if (
            len(words) <= limit
            and "," not in between
            and not any(w.lower() in rules.lex.report_breakers for w in words)
        ):
            return True
        if re.match(r"\s*,?\s*that\b", after):
            return True
    # A speech verb after the date ("On Sunday, outlets said ...") is left alone on purpose: the date
    # then usually belongs to the reported event.
    return False


def find_dates(
    text: str, anchor: dt.date | None, *, start: int = 0, end: int | None = None
) -> list[TimeMention]:
    """Every temporal expression in ``text[start:end]``, resolved against ``anchor``.

    Offsets are absolute (into ``text``). Example::

        find_dates("Troops left on Wednesday.", date(2020, 2, 13))[0].span.start == date(2020, 2, 12)
    """
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()  # a datetime does not compare with dates
    end = len(text) if end is None else end
    segment_start, segment_end = max(0, start), min(len(text), end)
    rules = compiled_rules()
    # Where each trigger word occurs: patterns then run only in small windows around their triggers,
    # so the cost grows with the number of cues, not with the length of the text.
    positions: dict[str, list[int]] = {}
    for word in _WORD.finditer(text, segment_start, segment_end):
        key = word.group().lower()
        if key in rules.cue_words:
            positions.setdefault(key, []).append(word.start())
    years = [m.start() for m in _YEAR_LIKE.finditer(text, segment_start, segment_end)]
    if years:
        positions[rules.year_gate] = years
    if not positions:
        return []
    candidates: list[tuple[int, int, int, Resolved]] = []
    for order, (name, pattern, handler) in enumerate(rules.patterns):
        triggers = rules.triggers[name]
        hits = [word for word in positions if word in triggers]
        if not hits:
            continue
        if segment_end - segment_start <= _WINDOW_BEFORE + _WINDOW_AFTER:
            windows = [(segment_start, segment_end)]  # a sentence: one pass over it
        else:
            starts = sorted(p for word in hits for p in positions[word])
            windows = _windows(starts, segment_start, segment_end)
        for window_start, window_end in windows:
            for m in pattern.finditer(text, window_start, window_end):
                if m.end() == m.start():
                    continue
                resolved = handler(m, anchor, text)
                if resolved is not None:
                    candidates.append((m.start(), m.end(), order, resolved))
    chosen: list[tuple[int, int, Resolved]] = []
    # Longest match wins; a byte per character marks what is taken (linear in the text length).
    taken = bytearray(segment_end - segment_start)
    for s, e, _order, resolved in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        if taken.find(1, s - segment_start, e - segment_start) != -1:
            continue
        taken[s - segment_start : e - segment_start] = b"\x01" * (e - s)
        chosen.append((s, e, resolved))
    chosen.sort(key=lambda c: c[0])
    chosen = _anchor_offsets_on_dates(text, _merge_ranges(text, chosen))
    mentions = []
    for s, e, r in chosen:
        words = text[s:e]
        span = None
        if r.start is not None and r.end is not None:
            span = DateSpan(
                start=r.start, end=r.end, precision=r.precision, text=words, char_start=s, char_end=e
            )
        mentions.append(
            TimeMention(
                text=words,
                start=s,
                end=e,
                span=span,
                kind=r.kind,
                relative_days=r.relative_days,
                is_report_cue=r.kind != "duration" and _is_report_cue(rules, text, s, e),
                refers_to=r.refers_to,
                in_quote=_inside_quote(text, s),
            )
        )
    return mentions


# Characters a match may reach before / after its trigger word ("since the beginning of the year").
_WINDOW_BEFORE = 64
_WINDOW_AFTER = 80


def _windows(starts: list[int], low: int, high: int) -> list[tuple[int, int]]:
    """Merged, non-overlapping search windows around sorted trigger positions."""
    merged: list[tuple[int, int]] = []
    for position in starts:
        window = (max(low, position - _WINDOW_BEFORE), min(high, position + _WINDOW_AFTER))
        if merged and window[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], window[1]))
        else:
            merged.append(window)
    return merged


def _inside_quote(text: str, offset: int) -> bool:
    """True when ``offset`` sits inside an open quotation in its paragraph."""
    paragraph = text[text.rfind("\n", 0, offset) + 1 : offset]
    opened, closed = paragraph.count("\u201c"), paragraph.count("\u201d")
    return opened > closed or paragraph.count('"') % 2 == 1


def _merge_ranges(text: str, chosen: list[tuple[int, int, Resolved]]) -> list[tuple[int, int, Resolved]]:
    """Join "from March 3 to April 5" / "between 2014 and 2017" style pairs into one range."""
    merged: list[tuple[int, int, Resolved]] = []
    i = 0
    while i < len(chosen):
        s, e, r = chosen[i]
        if i + 1 < len(chosen):
            s2, e2, r2 = chosen[i + 1]
            joiner = text[e:s2]
            lead = re.search(r"(?i:\b(from|between)\s*)$", text[max(0, s - 9) : s]) or re.match(
                r"(?i:from|between)\b", text[s:e]
            )
            start_day = r.start
            if start_day is not None and r2.end is not None and start_day > r2.end and r.kind != "absolute":
                start_day = cm.add_months(start_day, -12)  # "from December to February 2020": a year earlier
            # "from Jan. 6 through Jan. 9": the joining word was read as the second date's preposition.
            joined_by_prep = bool(
                lead and not joiner.strip() and re.match(r"(?i:to|until|through|till)\b", text[s2:e2])
            )
            if (
                (_RANGE_JOIN.match(joiner) or joined_by_prep)
                and (lead or joiner.strip() in ("-", "–", "to", "until", "through"))
                and start_day is not None
                and r2.end is not None
                and start_day <= r2.end
                and r.kind != "duration"
                and r2.kind != "duration"
                and (joiner.strip().lower() != "and" or lead)
            ):
                kind: MentionKind = "absolute" if "absolute" in (r.kind, r2.kind) else r.kind
                if r.kind != r2.kind:
                    kind = (
                        "relative_to_publication" if "relative_to_publication" in (r.kind, r2.kind) else kind
                    )
                merged.append((s, e2, Resolved(kind, start_day, r2.end, "range")))
                i += 2
                continue
        merged.append((s, e, r))
        i += 1
    return merged


def _anchor_offsets_on_dates(
    text: str, chosen: list[tuple[int, int, Resolved]]
) -> list[tuple[int, int, Resolved]]:
    """ "two days after January 3": an event offset right before a resolved date is resolved on it."""
    out: list[tuple[int, int, Resolved]] = []
    i = 0
    while i < len(chosen):
        s, e, r = chosen[i]
        if (
            r.kind == "relative_to_event"
            and r.relative_days is not None
            and r.refers_to is None
            and i + 1 < len(chosen)
        ):
            s2, e2, r2 = chosen[i + 1]
            if r2.start is not None and r2.end is not None and re.fullmatch(r"\s*", text[e:s2]):
                delta = dt.timedelta(days=r.relative_days)
                out.append((s, e2, Resolved(r2.kind, r2.start + delta, r2.end + delta, r2.precision)))
                i += 2
                continue
        out.append((s, e, r))
        i += 1
    return out


def shift(span: DateSpan, days: int, text: str) -> DateSpan:
    """``span`` moved by ``days`` ("two days after the attack"), carrying the words that moved it."""
    delta = dt.timedelta(days=days)
    return replace(
        span, start=span.start + delta, end=span.end + delta, text=text, char_start=-1, char_end=-1
    )


def parse_month_day(words: str) -> tuple[int, int, int | None] | None:
    """(month, day, weekday or None) for a day and month written without a year ("On Tuesday, March 17")."""
    rules = compiled_rules()
    for name, pattern, _handler in rules.patterns:
        if name not in ("month_day", "day_month"):
            continue
        m = pattern.fullmatch(words.strip())
        if m is None or m["y"]:
            continue
        month, day = rules.month(m["m"]), rules.day_of(m["d"])
        if not cm.possible_day(month, day):
            return None
        weekday = rules.lex.weekdays[m["wd"]] if m["wd"] else None
        return month, day, weekday
    return None
