"""parse_published: metadata, HTML meta, feed and written publication dates."""

from __future__ import annotations

import datetime as dt

import pytest

from basewatch.dates import parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-03-21", dt.date(2020, 3, 21)),
        # Late evening in New York is already the next day in UTC: keep the local day as written.
        ("2020-03-21T23:30:00-05:00", dt.date(2020, 3, 21)),
        ("2020-03-22T01:30:00+03:00", dt.date(2020, 3, 22)),
        ("2020-03-21T10:00:00Z", dt.date(2020, 3, 21)),
        ("2020-03-21T10:00:00.000+0300", dt.date(2020, 3, 21)),
        ("Sat, 21 Mar 2020 23:30:00 -0500", dt.date(2020, 3, 21)),
        ("Sun, 22 Mar 2020 02:10:00 GMT", dt.date(2020, 3, 22)),
        ("March 21, 2020", dt.date(2020, 3, 21)),
        ("21 March 2020", dt.date(2020, 3, 21)),
        ("Saturday 21 March 2020 10:00 GMT", dt.date(2020, 3, 21)),
        ("2020/03/21", dt.date(2020, 3, 21)),
        ("20200321", dt.date(2020, 3, 21)),
        ("21/03/2020", dt.date(2020, 3, 21)),
        ("03/21/2020", dt.date(2020, 3, 21)),
        ("21.03.2020 10:00", dt.date(2020, 3, 21)),
        ("2020-03-21 23:30:00 UTC", dt.date(2020, 3, 21)),
        ("Sat Mar 21 2020 23:30:00 GMT-0500 (EST)", dt.date(2020, 3, 21)),
        ("1584748800", dt.date(2020, 3, 21)),
        ("1584748800000", dt.date(2020, 3, 21)),
    ],
)
def test_day_values_keep_the_publishers_local_day(value: str, expected: dt.date) -> None:
    published = parse_published(value, "html")
    assert (published.start, published.end) == (expected, expected)
    assert published.inferred is False
    assert published.source == "html"


def test_datetime_with_zone_is_not_converted_to_utc() -> None:
    tokyo = dt.timezone(dt.timedelta(hours=9))
    value = dt.datetime(2021, 1, 1, 2, 0, tzinfo=tokyo)  # still 2020-12-31 in UTC
    assert parse_published(value, "metadata").start == dt.date(2021, 1, 1)


def test_date_object_and_confidence_are_kept() -> None:
    published = parse_published(dt.date(2019, 7, 4), "dateline", confidence=0.8)
    assert published.start == published.end == dt.date(2019, 7, 4)
    assert published.confidence == 0.8
    assert published.to_dict()["from"] == "dateline"


def test_month_and_year_values_become_intervals() -> None:
    month = parse_published("2020-02", "url")
    assert (month.start, month.end) == (dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    written = parse_published("March 2020", "dateline")
    assert (written.start, written.end) == (dt.date(2020, 3, 1), dt.date(2020, 3, 31))
    year = parse_published("2019", "url")
    assert (year.start, year.end) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("not a date at all", "cannot read"),
        ("", "empty"),
        ("2020-13-01", "not a real calendar day"),
        ("2021-02-29", "not a real calendar day"),
        ("31/02/2020", "not a real calendar day"),
        ("0001-01-01", "outside"),
        ("2020-03-21Tnoon", "malformed"),
    ],
)
def test_garbage_raises_a_clear_value_error(value: str, words: str) -> None:
    with pytest.raises(ValueError, match=words) as info:
        parse_published(value, "metadata")
    assert "metadata" in str(info.value)


def test_unknown_source_and_bad_confidence_are_rejected() -> None:
    with pytest.raises(ValueError, match="source"):
        parse_published("2020-03-21", "rumour")
    with pytest.raises(ValueError, match="confidence"):
        parse_published("2020-03-21", "html", confidence=1.5)
