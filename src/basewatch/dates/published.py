"""Publication dates given by metadata, HTML meta tags, feeds, URLs and datelines.

``parse_published`` turns one written value into a :class:`Published` interval. Dates with a
time zone keep the publisher's local calendar day as written: an article stamped
``2020-03-21T23:30:00-05:00`` was published on the 21st where it was written, even though it
was already the 22nd in UTC.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re

from basewatch.records import PUBLISHED_FROM, Published

# Years outside this window are almost always parsing accidents (epoch 0, "0001-01-01" defaults).
MIN_YEAR = 1900
MAX_YEAR = 2100

_ISO_YEAR = re.compile(r"^(\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ISO_DAY_PREFIX = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T\s])")
_SLASH_DAY = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EPOCH = re.compile(r"^(?:\d{9,10}|\d{13})(\.\d+)?$")
_NUMERIC_DAY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)\d{2})(?:[T\s,]+\d{1,2}:\d{2}.*)?$")
_MONTH_YEAR = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+((?:19|20)\d{2})$", re.IGNORECASE
)
_MONTHS = {
    name: index
    for index, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_HAS_LETTER_MONTH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)


def _checked(year: int, month: int, day: int, raw: str, source: str) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(
            f"publication date {raw!r} (from {source}) has year {year}, outside {MIN_YEAR}-{MAX_YEAR}; "
            "fix the value or leave it empty so the date is inferred"
        )
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(
            f"publication date {raw!r} (from {source}) is not a real calendar day: {exc}"
        ) from None


def _month_interval(year: int, month: int, raw: str, source: str) -> tuple[dt.date, dt.date]:
    first = _checked(year, month, 1, raw, source)
    return first, first.replace(day=calendar.monthrange(year, month)[1])


def _parse_string(raw: str, source: str) -> tuple[dt.date, dt.date]:
    """Interval (start, end) of one written date; raises ValueError when it is not a date."""
    text = raw.strip()
    if not text:
        raise ValueError(f"publication date from {source} is empty; leave the field out to infer it")
    if m := _ISO_YEAR.match(text):
        year = int(m.group(1))
        return _checked(year, 1, 1, raw, source), _checked(year, 12, 31, raw, source)
    if m := _ISO_MONTH.match(text):
        return _month_interval(int(m.group(1)), int(m.group(2)), raw, source)
    if m := _ISO_DAY_PREFIX.match(text):
        # Datetimes with offsets: the calendar part as written is the publisher's local day.
        if len(text) > m.end():
            try:
                dt.datetime.fromisoformat(text.replace("z", "Z"))
            except ValueError:
                time_ok = _parse_with_dateparser(text, raw, source) is not None  # "... 23:30:00 UTC"
            else:
                time_ok = True
            if not time_ok:
                raise ValueError(
                    f"publication date {raw!r} (from {source}) starts like ISO 8601 but its time part "
                    "is malformed; use e.g. 2020-03-21 or 2020-03-21T10:00:00+03:00"
                ) from None
        day = _checked(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw, source)
        return day, day
    if m := _NUMERIC_DAY.match(text):
        a, sep, b = int(m.group(1)), m.group(2), int(m.group(3))
        # A part above 12 decides; otherwise "/" is read month first (US), "." and "-" day first.
        if a > 12 or (b <= 12 and sep != "/"):
            day_part, month_part = a, b
        else:
            month_part, day_part = a, b
        day = _checked(int(m.group(4)), month_part, day_part, raw, source)
        return day, day
    if m := _MONTH_YEAR.match(text):
        return _month_interval(int(m.group(2)), _MONTHS[m.group(1).lower()[:3]], raw, source)
    for pattern in (_SLASH_DAY, _COMPACT_DAY):
        if m := pattern.match(text):
            day = _checked(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw, source)
            return day, day
    if _EPOCH.match(text):
        # Unix timestamps carry no zone: UTC is the only honest reading. 13 digits are milliseconds.
        seconds = float(text) / 1000 if len(text.split(".")[0]) == 13 else float(text)
        stamp = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        day = _checked(stamp.year, stamp.month, stamp.day, raw, source)
        return day, day
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        day = _checked(parsed.year, parsed.month, parsed.day, raw, source)
        return day, day
    if _HAS_LETTER_MONTH.search(text):
        day = _parse_with_dateparser(text, raw, source)
        if day is not None:
            return day, day
    raise ValueError(
        f"cannot read publication date {raw!r} (from {source}); expected ISO 8601 (2020-03-21, "
        "2020-03-21T10:00:00+03:00), an RFC 2822 feed date (Sat, 21 Mar 2020 10:00:00 +0300) "
        "or a written date (March 21, 2020)"
    )


def _parse_with_dateparser(text: str, raw: str, source: str) -> dt.date | None:
    """Written dates ("March 21, 2020", "Saturday 21 March 2020 10:00 GMT"): all three parts required."""
    import dateparser  # imported lazily: it costs ~0.3 s and most values are ISO

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
    )
    if parsed is None:
        return None
    return _checked(parsed.year, parsed.month, parsed.day, raw, source)


def parse_published(value: str | dt.date | dt.datetime, source: str, confidence: float = 1.0) -> Published:
    """A publication date as written in metadata, HTML, a feed, a URL or a dateline.

    Accepts ``date``/``datetime`` objects, ISO 8601 dates and datetimes (with or without a zone),
    ``YYYY-MM`` and ``YYYY`` (month and year intervals), ``YYYY/MM/DD``, ``YYYYMMDD``, RFC 2822
    feed dates and written dates such as "March 21, 2020". The publisher's local day is kept as
    written, never converted to UTC. Raises ``ValueError`` with a readable message otherwise.

    Example: ``parse_published("2020-03-21T23:30:00-05:00", "html").start == date(2020, 3, 21)``
    """
    if source not in PUBLISHED_FROM:
        known = ", ".join(PUBLISHED_FROM)
        raise ValueError(f"unknown publication date source {source!r}; use one of {known}")
    if not 0.0 <= confidence <= 1.0:
        raise ValueError(f"publication date confidence must be between 0 and 1, got {confidence}")
    if isinstance(value, dt.date):  # datetime is a date subclass: its calendar part is the local day
        start = end = _checked(value.year, value.month, value.day, value.isoformat(), source)
    elif isinstance(value, str):
        start, end = _parse_string(value, source)
    else:
        raise ValueError(
            f"publication date from {source} must be a string, date or datetime, got {type(value).__name__}"
        )
    return Published(start=start, end=end, inferred=False, confidence=confidence, source=source)
