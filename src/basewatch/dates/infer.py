"""Publication dates when no metadata gives one: from the URL, a dateline, or the content.

Content inference collects lower and upper bounds and returns the interval between them:

- lower bounds: the latest full date the article states as past, the start of the latest month,
  season or year it names, landmark events it mentions (``temporal.yaml``), and dates without a
  year ("On April 8"), which are placed in the earliest year the other bounds allow;
- upper bounds: dated plans in the future tense, one year after the earliest date written without
  a year (news gives the year for anything older), "last year's X" where X is dated elsewhere;
- a default window when nothing closes the interval: a year after a full date, three years after
  a landmark, five calendar years after a bare year.

The result is never today's date and always says ``inferred=True`` with a confidence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from basewatch.dates import calendar_math as cm
from basewatch.dates.lexicon import default_lexicon
from basewatch.dates.mentions import TimeMention, find_dates, parse_month_day
from basewatch.records import Published

_URL_DAY = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?=/|$|[-_.])"),
    re.compile(r"(?<![\d])(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<=[/_-])(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"),
)
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])(?=/)")
_PUBLISHED_LINE = re.compile(
    r"(?i:\b(?:published|posted|first published|last updated?|updated)\b\s*(?:on|:)?\s*(?:[A-Za-z]+,?\s+)?)$"
)
_LAST_YEARS = re.compile(r"(?i:\blast\s+year'?s\s+)(?P<noun>[\w-]+)(?:\s+of\s+(?P<obj>[^.;\n]{0,120}))?")
_COUNT = r"(?:\d{1,2}(?:st|nd|rd|th)?|[a-z]+)"
_ANNIVERSARY = re.compile(rf"(?i:\b(?P<n>{_COUNT})(?:-year)?\s+anniversary\s+of\s+)(?P<obj>[^.;\n]{{0,120}})")
_YEARS_SINCE = re.compile(rf"(?i:\b(?P<n>{_COUNT})\s+years?\s+since\s+)(?P<obj>[^.;\n]{{0,120}})")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_CAPITALISED = re.compile(r"\b[A-Z][a-z][\w'-]+")

# Datelines: an upper-case place (and optional region) before the date, an optional agency in
# brackets and a dash after it.
_DATELINE_BEFORE = re.compile(r"^\s*[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][A-Za-z .'-]{1,30})?,?\s*$")
_DATELINE_AFTER = re.compile(
    r"^,?\s*(?:\d{4}\s*)?(?:\([^)\n]{1,40}\))?\s*[-\u2013\u2014:]"
    r"|^\.?\s*/[A-Za-z-]{2,15}/\.?"  # "MOSCOW, August 21. /TASS/."
)
DATELINE_SEARCH_CHARS = 600
STAMP_SEARCH_CHARS = 300
_CLOCK_AFTER = re.compile(r",?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?")

CONFIDENCE_URL_DAY = 0.9
CONFIDENCE_URL_MONTH = 0.8
CONFIDENCE_DATELINE = 0.9
CONFIDENCE_PUBLISHED_LINE = 0.85
CONFIDENCE_DATELINE_NO_YEAR = 0.5
# Articles written in the weeks after a term of office ends may still use the title.
TERM_GRACE = dt.timedelta(days=30)


@dataclass
class _Bound:
    day: dt.date
    why: str  # "full" | "partial" | "landmark" | "term" | "yearless" | "last_year" | "plan" | "window"


def published_from_url(url: str) -> Published | None:
    """A date in the URL path (/2020/03/21/, /20200321/, 2020-03-21 in a slug, /2020/03/)."""
    path = urlsplit(url).path
    for pattern in _URL_DAY:
        if m := pattern.search(path):
            try:
                day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
            return Published(day, day, inferred=True, confidence=CONFIDENCE_URL_DAY, source="url")
    if m := _URL_MONTH.search(path):
        year, month = int(m["y"]), int(m["m"])
        return Published(
            dt.date(year, month, 1),
            cm.month_end(year, month),
            inferred=True,
            confidence=CONFIDENCE_URL_MONTH,
            source="url",
        )
    return None


def _full_day(mentions: list[TimeMention]) -> dt.date | None:
    for mention in mentions:
        if mention.kind == "absolute" and mention.span and mention.span.precision == "day":
            return mention.span.start
    return None


def _is_future(text: str, mention: TimeMention, future_cues: frozenset[str]) -> bool:
    """A dated plan ("will withdraw by December 2021"): bounds publication from above, not below."""
    before = text[max(0, mention.start - 160) : mention.start]
    before = re.split(r"[.!?;,\n]", before)[-1]  # the clause: "will complete their pullout ... by May 5"
    words = re.findall(r"[A-Za-z']+", before.lower())[-14:]
    clause = " " + " ".join(words) + " "
    # Single words ("will") match words; phrases ("set to") match inside the clause.
    return any(word in future_cues for word in words) or any(
        f" {cue} " in clause for cue in future_cues if " " in cue
    )


def _event_date(
    text: str, phrase: str, obj: str, at: int, mentions: list[TimeMention], sentences: list[tuple[int, int]]
) -> dt.date | None:
    """Date of the event a phrase names: a landmark it matches, else a dated sentence naming it."""
    lex = default_lexicon()
    landmark_dates = [lm.date for lm in lex.landmarks if any(p.search(phrase) for p in lm.patterns)]
    if landmark_dates:
        return max(landmark_dates)
    names = [w for w in _CAPITALISED.findall(obj) if w not in lex.months and w not in lex.weekdays]
    if not names:
        return None
    # The surname or last proper word identifies the event elsewhere in the article.
    key = names[-1]
    for s, e in sentences:
        if s <= at < e or key not in text[s:e]:
            continue
        dated = [
            m.span.start
            for m in mentions
            if s <= m.start < e and m.kind == "absolute" and m.span and m.span.precision in ("day", "month")
        ]
        if dated:
            return max(dated)
    return None


def _count(word: str) -> int | None:
    lex = default_lexicon()
    word = word.lower().removesuffix("-year")
    if word.isdigit():
        return int(word)
    digits = re.sub(r"(?:st|nd|rd|th)$", "", word)
    if digits.isdigit():
        return int(digits)
    return lex.ordinal_words.get(word) or lex.number_words.get(word)


def _event_bounds(text: str, mentions: list[TimeMention]) -> tuple[list[_Bound], list[_Bound]]:
    """Bounds from phrases that date the article against a dated event.

    "last year's <event> of <Name>": published in the next calendar year; "the second anniversary
    of <event>": within two weeks of that day two years on; "two years since <event>": from about
    two years after it (less a quarter) to a year later.
    """
    lower: list[_Bound] = []
    upper: list[_Bound] = []
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
    for found in _LAST_YEARS.finditer(text):
        when = _event_date(text, found.group(0), found["obj"] or "", found.start(), mentions, sentences)
        if when is not None:
            lower.append(_Bound(dt.date(when.year + 1, 1, 1), "last_year"))
            upper.append(_Bound(dt.date(when.year + 1, 12, 31), "last_year"))
    for found in _ANNIVERSARY.finditer(text):
        years = _count(found["n"])
        when = _event_date(text, found.group(0), found["obj"], found.start(), mentions, sentences)
        if years and when is not None:
            day = cm.add_months(when, 12 * years)
            lower.append(_Bound(day - dt.timedelta(days=14), "anniversary"))
            upper.append(_Bound(day + dt.timedelta(days=14), "anniversary"))
    for found in _YEARS_SINCE.finditer(text):
        years = _count(found["n"])
        when = _event_date(text, found.group(0), found["obj"], found.start(), mentions, sentences)
        if years and when is not None:
            day = cm.add_months(when, 12 * years)
            lower.append(_Bound(day - dt.timedelta(days=92), "years_since"))
            upper.append(_Bound(day + dt.timedelta(days=365), "years_since"))
    return lower, upper


def published_from_content(text: str, *, hint: str | None = None) -> Published | None:
    """Infer the publication interval from what the article says; None when it gives no clue.

    ``hint`` is a dateline or other short text whose date without a year is the publication day.
    """
    lex = default_lexicon()
    mentions = find_dates(text, None)
    for mention in mentions:
        if not (mention.span and mention.span.precision == "day" and mention.kind == "absolute"):
            continue
        before = text[max(0, mention.start - 40) : mention.start]
        # "Published: March 4, 2021", or a time stamp near the top ("Sat Mar 21, 2020 06:33PM").
        stamped = mention.start < STAMP_SEARCH_CHARS and _CLOCK_AFTER.match(text, mention.end)
        if _PUBLISHED_LINE.search(before) or stamped:
            day = mention.span.start
            return Published(day, day, inferred=True, confidence=CONFIDENCE_PUBLISHED_LINE, source="content")

    lower: list[_Bound] = []
    upper: list[_Bound] = []
    for mention in mentions:
        if mention.kind != "absolute" or mention.span is None:
            continue
        if _is_future(text, mention, lex.future_cues):
            upper.append(_Bound(mention.span.end, "plan"))
        elif mention.span.precision == "day":
            lower.append(_Bound(mention.span.start, "full"))
        else:
            lower.append(_Bound(mention.span.start, "partial"))
    for landmark in lex.landmarks:
        if any(_mentions_landmark(pattern, text, landmark.kind) for pattern in landmark.patterns):
            lower.append(_Bound(landmark.date, "term" if landmark.kind == "term" else "landmark"))
            if landmark.until is not None:
                # A title in office ("President Joe Biden"): written during the term, or just after it.
                upper.append(_Bound(landmark.until + TERM_GRACE, "term"))
    event_lower, event_upper = _event_bounds(text, mentions)
    lower.extend(event_lower)
    upper.extend(event_upper)
    # Nothing is published in the future: a later "lower bound" is a plan or a name ("Vision 2030").
    # The clock is only a sanity cap here, never the answer.
    today = dt.date.today()
    lower = [b for b in lower if b.day <= today]
    if not lower:
        return None

    base = max(lower, key=lambda b: b.day)
    yearless = [
        md
        for m in mentions
        if m.kind == "relative_to_publication"
        and not _is_future(text, m, lex.future_cues)  # "will leave on March 5" is after publication
        and (md := parse_month_day(m.text))
    ]
    hinted = [md for m in find_dates(hint, None) if (md := parse_month_day(m.text))] if hint else []
    # A term of office only says "not before"; placing "Aug. 28" in its first year would pin the
    # article to that year with nothing else for it.
    yearless = hinted if base.why == "term" else hinted + yearless
    placed: list[dt.date] = []
    for month, day, weekday in yearless:
        year = base.day.year
        if weekday is not None:
            # "Tuesday, March 17": the first year from the lower bound where the weekday fits.
            for candidate_year in range(base.day.year, base.day.year + 8):
                if (
                    _valid(candidate_year, month, day)
                    and dt.date(candidate_year, month, day).weekday() == weekday
                ):
                    year = candidate_year
                    break
        if _valid(year, month, day):
            placed.append(dt.date(year, month, day))
    if hinted:
        # The dateline's day is the publication day; only its year is inferred.
        month, day, _weekday = hinted[0]
        floor = max(b.day for b in lower)
        for year in range(floor.year, floor.year + 2):
            if _valid(year, month, day) and dt.date(year, month, day) >= floor:
                published = dt.date(year, month, day)
                return Published(
                    published,
                    published,
                    inferred=True,
                    confidence=CONFIDENCE_DATELINE_NO_YEAR,
                    source="content",
                )
    if placed:
        latest = max(placed)
        if latest > base.day:
            lower.append(_Bound(latest, "yearless"))
        earliest = min(placed)
        upper.append(_Bound(cm.add_months(earliest, 12) - dt.timedelta(days=1), "yearless"))

    start_bound = max(lower, key=lambda b: b.day)
    start = start_bound.day
    window = {
        "full": dt.timedelta(days=365),
        "yearless": dt.timedelta(days=365),
        "landmark": dt.timedelta(days=3 * 365),
    }
    default_end = (
        start + window[start_bound.why]
        if start_bound.why in window
        else dt.date(min(start.year + 5, 2100), 12, 31)
    )
    closing = [b.day for b in upper if b.day >= start]
    end = min(closing) if closing else default_end
    conflicted = any(b.day < start for b in upper)
    width = (end - start).days
    confidence = 0.6 if width <= 31 else 0.45 if width <= 366 else 0.25
    if conflicted:
        confidence -= 0.1
    return Published(start, end, inferred=True, confidence=round(confidence, 2), source="content")


# "former US president X", "the late President X", "then-President X": not written during the term.
_NOT_IN_OFFICE = re.compile(r"(?i)\b(?:former|late|ex|then|erstwhile)[- ](?:[\w.]+\s+){0,2}$")


def _mentions_landmark(pattern: re.Pattern[str], text: str, kind: str) -> bool:
    """Whether ``text`` names the landmark; a term's title counts only while in office.

    A term pattern that itself says "former" (a holder between two terms) is taken as written.
    """
    for found in pattern.finditer(text):
        if kind != "term" or "former" in found.group(0).lower():
            return True
        if not _NOT_IN_OFFICE.search(text[max(0, found.start() - 40) : found.start()]):
            return True
    return False


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def infer_published(text: str, *, url: str | None = None, dateline: str | None = None) -> Published | None:
    """Publication date from the URL, else a dated dateline, else the content; None without any clue.

    Example: ``infer_published("...", url="https://example.org/news/2020/03/21/story")`` gives
    2020-03-21 with ``source="url"``. The result always has ``inferred=True``.
    """
    if url:
        from_url = published_from_url(url)
        if from_url is not None:
            return from_url
    dateline = dateline or find_dateline(text)
    if dateline:
        day = _full_day(find_dates(dateline, None))
        if day is not None:
            return Published(day, day, inferred=True, confidence=CONFIDENCE_DATELINE, source="dateline")
    inferred = published_from_content(text, hint=dateline)
    if inferred is not None and dateline and parse_month_day_in(dateline):
        inferred.source = "dateline"
    return inferred


def find_dateline(text: str) -> str | None:
    """A wire-style dateline opening a paragraph near the top ("BAGHDAD, March 21 (Reuters) -")."""
    head = text[:DATELINE_SEARCH_CHARS]
    for mention in find_dates(head, None):
        if in_dateline(head, mention.start, mention.end):
            return head[head.rfind("\n", 0, mention.start) + 1 : mention.end]
    return None


def in_dateline(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is the date of a wire dateline ("KIRKUK, May 2 (Reuters) -")."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(
        _DATELINE_BEFORE.match(text[line_start:start]) and _DATELINE_AFTER.match(text[end : end + 60])
    )


def parse_month_day_in(text: str) -> bool:
    """True when ``text`` holds a day and month without a year."""
    return any(parse_month_day(m.text) for m in find_dates(text, None))
