"""Calendar arithmetic behind the resolution rules (documented in docs/dates.md)."""

from __future__ import annotations

import calendar
import datetime as dt


def possible_day(month: int, day: int) -> bool:
    """Whether ``day`` exists in ``month`` in some year (February 29 does, April 31 never)."""
    return 1 <= day <= calendar.monthrange(2000, month)[1]  # 2000 is a leap year


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clipped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_weekday(anchor: dt.date, weekday: int) -> dt.date:
    """The latest ``weekday`` (Monday = 0) on or before ``anchor``; the anchor itself counts."""
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def next_weekday(anchor: dt.date, weekday: int) -> dt.date:
    """The first ``weekday`` strictly after ``anchor``."""
    return anchor + dt.timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)


def latest_month_day(anchor: dt.date, month: int, day: int) -> dt.date:
    """The latest ``month``/``day`` on or before ``anchor`` (year rollover; Feb 29 goes to a leap year)."""
    year = anchor.year
    while True:
        if day <= calendar.monthrange(year, month)[1]:
            candidate = dt.date(year, month, day)
            if candidate <= anchor:
                return candidate
        year -= 1
        if year < anchor.year - 8:
            raise ValueError(f"no {month}/{day} in the eight years before {anchor}")


def next_month_day(anchor: dt.date, month: int, day: int) -> dt.date:
    """The first ``month``/``day`` on or after ``anchor`` (for dates in the future tense)."""
    year = anchor.year
    while True:
        if day <= calendar.monthrange(year, month)[1]:
            candidate = dt.date(year, month, day)
            if candidate >= anchor:
                return candidate
        year += 1
        if year > anchor.year + 8:
            raise ValueError(f"no {month}/{day} in the eight years after {anchor}")


def latest_month(anchor: dt.date, month: int) -> int:
    """Year of the latest ``month`` not after the anchor's month (the same month counts)."""
    return anchor.year if month <= anchor.month else anchor.year - 1


def week_span(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of the week holding ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def season_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """A season of ``year``; a season crossing the new year (winter) ends in the following year."""
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), month_end(end_year, last)


def latest_season(anchor: dt.date, first: int, last: int) -> int:
    """Year of the latest season that has started by the anchor."""
    year = anchor.year
    while dt.date(year, first, 1) > anchor:
        year -= 1
    return year
