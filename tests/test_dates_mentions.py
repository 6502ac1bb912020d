"""find_dates and shift: every expression kind, rollover, leap days, report cues, false positives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from basewatch.dates import TimeMention, find_dates, parse_month_day, shift
from basewatch.records import DateSpan

D = dt.date
# A Saturday: 2020-03-21.
ANCHOR = D(2020, 3, 21)


def only(text: str, anchor: dt.date | None = ANCHOR) -> TimeMention:
    mentions = find_dates(text, anchor)
    assert len(mentions) == 1, [m.text for m in mentions]
    return mentions[0]


def interval(text: str, anchor: dt.date | None = ANCHOR) -> tuple[dt.date, dt.date, str]:
    mention = only(text, anchor)
    assert mention.span is not None, mention
    return mention.span.start, mention.span.end, mention.span.precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Weekdays: the latest one on or before the anchor, the anchor itself included.
        ("Rockets hit the camp on Wednesday.", (D(2020, 3, 18), D(2020, 3, 18), "day")),
        ("The convoy left on Saturday.", (D(2020, 3, 21), D(2020, 3, 21), "day")),
        ("Early Tuesday, drones flew over the town.", (D(2020, 3, 17), D(2020, 3, 17), "day")),
        ("Tuesday morning the gates were shut.", (D(2020, 3, 17), D(2020, 3, 17), "day")),
        ("They met last Saturday.", (D(2020, 3, 14), D(2020, 3, 14), "day")),
        ("Talks resume next Monday.", (D(2020, 3, 23), D(2020, 3, 23), "day")),
        # Day and month without a year: the latest such day on or before the anchor.
        ("On March 17, the unit pulled out.", (D(2020, 3, 17), D(2020, 3, 17), "day")),
        ("The vote was held on March 25.", (D(2019, 3, 25), D(2019, 3, 25), "day")),
        ("The 5th of May saw heavy fighting.", (D(2019, 5, 5), D(2019, 5, 5), "day")),
        # Full dates.
        ("The strike came on January 3, 2020 near the airport.", (D(2020, 1, 3), D(2020, 1, 3), "day")),
        ("Troops arrived 21 March 2019 at dawn.", (D(2019, 3, 21), D(2019, 3, 21), "day")),
        ("It opened on Tuesday, March 17, 2015.", (D(2015, 3, 17), D(2015, 3, 17), "day")),
        ("Jan. 5, 2020 was the deadline.", (D(2020, 1, 5), D(2020, 1, 5), "day")),
        # Numeric dates.
        ("The order is dated 2019-05-04 in the file.", (D(2019, 5, 4), D(2019, 5, 4), "day")),
        ("The order is dated 21/03/2019 in the file.", (D(2019, 3, 21), D(2019, 3, 21), "day")),
        ("The order is dated 3/4/2019 in the file.", (D(2019, 3, 4), D(2019, 3, 4), "day")),
        ("The order is dated 04.05.2019 in the file.", (D(2019, 5, 4), D(2019, 5, 4), "day")),
        # Months.
        ("The city was retaken in December.", (D(2019, 12, 1), D(2019, 12, 31), "month")),
        ("The base was expanded in March.", (D(2020, 3, 1), D(2020, 3, 31), "month")),
        ("Militants overran it in June 2014.", (D(2014, 6, 1), D(2014, 6, 30), "month")),
        ("Fighting flared in mid-May.", (D(2019, 5, 11), D(2019, 5, 20), "range")),
        ("Patrols began in late February 2016.", (D(2016, 2, 21), D(2016, 2, 29), "range")),
        # Years and parts of years (late = Oct-Dec, early = Jan-Apr, mid = Jun-Aug).
        ("Forces were deployed in 2014.", (D(2014, 1, 1), D(2014, 12, 31), "year")),
        ("Late in 2017, the government declared victory.", (D(2017, 10, 1), D(2017, 12, 31), "range")),
        ("The camp was set up in late 2017.", (D(2017, 10, 1), D(2017, 12, 31), "range")),
        ("Work started in early 2018.", (D(2018, 1, 1), D(2018, 4, 30), "range")),
        ("The runway was finished mid-2019.", (D(2019, 6, 1), D(2019, 8, 31), "range")),
        ("Talks stalled at the end of 2019.", (D(2019, 10, 1), D(2019, 12, 31), "range")),
        ("Traffic doubled in the first half of 2019.", (D(2019, 1, 1), D(2019, 6, 30), "range")),
        ("Late May 2018 saw fighting.", (D(2018, 5, 21), D(2018, 5, 31), "range")),
        ("Since the start of the year, attacks rose.", (D(2020, 1, 1), D(2020, 3, 21), "range")),
        ("Convoys moved at the end of last month.", (D(2020, 2, 21), D(2020, 2, 29), "range")),
        ("Bases were built in the 1990s.", (D(1990, 1, 1), D(1999, 12, 31), "range")),
        # A month tied to a relative year, and parts of a month named by a noun.
        ("Lawmakers voted in June last year to end the lease.", (D(2019, 6, 1), D(2019, 6, 30), "month")),
        ("The depot opened in January this year.", (D(2020, 1, 1), D(2020, 1, 31), "month")),
        ("Crews arrived in early February of last year.", (D(2019, 2, 1), D(2019, 2, 10), "range")),
        ("The pullout ended by the end of February.", (D(2020, 2, 21), D(2020, 2, 29), "range")),
        ("Talks began at the beginning of January 2016.", (D(2016, 1, 1), D(2016, 1, 10), "range")),
        ("Drills ran in the second half of January.", (D(2020, 1, 16), D(2020, 1, 31), "range")),
        # Nights with no day named: the night before the report.
        ("Shelling went on through the night, residents said.", (D(2020, 3, 20), D(2020, 3, 21), "range")),
        ("Overnight, drones struck a fuel depot.", (D(2020, 3, 20), D(2020, 3, 21), "range")),
        ("Rockets hit the camp during the night.", (D(2020, 3, 20), D(2020, 3, 21), "range")),
        # Seasons (northern hemisphere).
        ("The outpost was abandoned last summer.", (D(2019, 6, 1), D(2019, 8, 31), "season")),
        ("They arrived in the spring of 2019.", (D(2019, 3, 1), D(2019, 5, 31), "season")),
        ("Raids grew in winter 2018.", (D(2018, 12, 1), D(2019, 2, 28), "season")),
        # Relative to publication.
        ("Strikes intensified last year.", (D(2019, 1, 1), D(2019, 12, 31), "year")),
        ("A convoy was hit last month.", (D(2020, 2, 1), D(2020, 2, 29), "month")),
        ("Drones were seen last week.", (D(2020, 3, 9), D(2020, 3, 15), "week")),
        ("The base was shelled three days ago.", (D(2020, 3, 18), D(2020, 3, 18), "day")),
        ("The base was shelled two weeks ago.", (D(2020, 3, 4), D(2020, 3, 10), "week")),
        ("Earlier this month, the camp closed.", (D(2020, 3, 1), D(2020, 3, 21), "range")),
        ("More troops will come later this year.", (D(2020, 3, 21), D(2020, 12, 31), "range")),
        ("Attacks rose in recent months.", (D(2019, 9, 1), D(2020, 3, 21), "range")),
        ("The airfield was used in the past three years.", (D(2017, 3, 21), D(2020, 3, 21), "range")),
        ("Shelling resumed yesterday.", (D(2020, 3, 20), D(2020, 3, 20), "day")),
        ("Shelling resumed today.", (D(2020, 3, 21), D(2020, 3, 21), "day")),
        ("Gunfire was heard last night.", (D(2020, 3, 20), D(2020, 3, 20), "day")),
        ("US forces will leave in the coming days.", (D(2020, 3, 21), D(2020, 3, 28), "range")),
        ("Talks are due within the next two weeks.", (D(2020, 3, 21), D(2020, 4, 4), "range")),
        ("Lawmakers voted two days after January 3.", (D(2020, 1, 5), D(2020, 1, 5), "day")),
        ("The bill came two days after the January 3, 2020 strike.", (D(2020, 1, 5), D(2020, 1, 5), "day")),
        # Ranges.
        ("Exercises ran between March 3 and 5.", (D(2020, 3, 3), D(2020, 3, 5), "range")),
        ("Talks were held on 3 and 4 March 2019.", (D(2019, 3, 3), D(2019, 3, 4), "range")),
        ("Talks were held in March of 2019.", (D(2019, 3, 1), D(2019, 3, 31), "month")),
        ("Missiles struck on the night of January 7-8.", (D(2020, 1, 7), D(2020, 1, 8), "range")),
        ("Gunmen attacked a checkpoint over the weekend.", (D(2020, 3, 21), D(2020, 3, 22), "range")),
        ("Gunmen attacked a checkpoint last weekend.", (D(2020, 3, 14), D(2020, 3, 15), "range")),
        ("The coalition fought from 2014 to 2017.", (D(2014, 1, 1), D(2017, 12, 31), "range")),
        ("The mission lasted 2003-2011.", (D(2003, 1, 1), D(2011, 12, 31), "range")),
        ("Patrols ran from January 2019 to March 2019.", (D(2019, 1, 1), D(2019, 3, 31), "range")),
        ("US troops have been there since 2003.", (D(2003, 1, 1), D(2020, 3, 21), "range")),
    ],
)
def test_expressions_resolve_against_the_anchor(text: str, expected: tuple[dt.date, dt.date, str]) -> None:
    assert interval(text) == expected


def test_mention_carries_its_words_and_absolute_offsets() -> None:
    text = "Preamble. The unit pulled out on March 17, officials said."
    mention = find_dates(text, ANCHOR, start=10)[0]
    assert text[mention.start : mention.end] == mention.text == "on March 17"
    assert mention.span is not None
    assert (mention.span.char_start, mention.span.char_end) == (mention.start, mention.end)
    assert mention.span.text == "on March 17"


def test_datetime_anchor_is_accepted() -> None:
    mention = find_dates("It was hit on March 17.", dt.datetime(2020, 3, 21, 23, 0))[0]
    assert mention.span is not None
    assert mention.span.start == D(2020, 3, 17)


def test_start_and_end_restrict_the_search() -> None:
    text = "In 2014 they came. In 2017 they left."
    mentions = find_dates(text, ANCHOR, start=19, end=len(text))
    assert [m.text for m in mentions] == ["In 2017"]


def test_year_rollover_december_in_a_january_article() -> None:
    assert interval("The attack took place on December 30.", D(2020, 1, 3))[:2] == (D(2019, 12, 30),) * 2
    assert interval("Troops arrived in December.", D(2020, 1, 3))[:2] == (D(2019, 12, 1), D(2019, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The drills will end on March 25.", D(2020, 3, 25)),
        ("Troops will leave in December.", D(2020, 12, 1)),
        ("The ministers will meet on Wednesday.", D(2020, 3, 25)),
        ("The vote is scheduled for April 2.", D(2020, 4, 2)),
        ("Officials said troops would leave on March 25.", D(2019, 3, 25)),
        # The cue may sit ten words back in the same clause.
        (
            "Troops will complete their pullout from the northern desert region by September 15.",
            D(2020, 9, 15),
        ),
        ("The airfield would be handed over later in the summer.", D(2020, 6, 1)),
        ("Crews will finish the runway at the end of January.", D(2021, 1, 21)),
        # "Later on January 9" is a step in a story told in the past, not a plan.
        ("Later on January 9, the premier called for talks.", D(2020, 1, 9)),
        # "Plans" as a noun is no plan: the collapse is past.
        ("Plans for a second front collapsed on March 1.", D(2020, 3, 1)),
        ("Plans for a second front collapsed on March 10.", D(2020, 3, 10)),
        ("The army plans to leave on April 20.", D(2020, 4, 20)),
    ],
)
def test_future_tense_points_forward(text: str, expected: dt.date) -> None:
    assert interval(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Weekdays with and without "on", possessive, day parts (anchor: Saturday 2020-03-21).
        ("Troops left Wednesday.", (D(2020, 3, 18), D(2020, 3, 18), "day")),
        ("Monday's raid killed two guards.", (D(2020, 3, 16), D(2020, 3, 16), "day")),
        ("The convoy was hit at dawn on Friday.", (D(2020, 3, 20), D(2020, 3, 20), "day")),
        ("The strike came late Friday night.", (D(2020, 3, 20), D(2020, 3, 20), "day")),
        # Relative units and their parts.
        ("Gunmen struck late last year.", (D(2019, 10, 1), D(2019, 12, 31), "range")),
        ("Troops arrived earlier this week.", (D(2020, 3, 16), D(2020, 3, 21), "range")),
        ("The depot was shelled this week.", (D(2020, 3, 16), D(2020, 3, 22), "week")),
        ("Troops withdrew early last month.", (D(2020, 2, 1), D(2020, 2, 10), "range")),
        ("Talks resumed in early 2019.", (D(2019, 1, 1), D(2019, 4, 30), "range")),
        # Ranges of months and years, ordinal days, numeric and abbreviated forms.
        ("Exercises ran between March and May 2019.", (D(2019, 3, 1), D(2019, 5, 31), "range")),
        ("Exercises ran from December to February.", (D(2019, 12, 1), D(2020, 2, 29), "range")),
        ("The raid came on the 3rd of May.", (D(2019, 5, 3), D(2019, 5, 3), "day")),
        ("Clashes erupted on Feb. 3.", (D(2020, 2, 3), D(2020, 2, 3), "day")),
        ("On 03/14/2020 the order came.", (D(2020, 3, 14), D(2020, 3, 14), "day")),
        ("KIRKUK, March 3 (Reuters) - Rockets hit a base.", (D(2020, 3, 3), D(2020, 3, 3), "day")),
        ("The camp closed last fall.", (D(2019, 9, 1), D(2019, 11, 30), "season")),
        ("Since the start of 2019 there were 40 attacks.", (D(2019, 1, 1), D(2020, 3, 21), "range")),
        ("Over the previous day, jets struck.", (D(2020, 3, 20), D(2020, 3, 21), "range")),
        # Parts of decades, quarters, a weekday of a named week, a bare day of the month.
        ("Troops arrived in the early 2000s.", (D(2000, 1, 1), D(2003, 12, 31), "range")),
        ("Attacks rose in the late 1990s.", (D(1997, 1, 1), D(1999, 12, 31), "range")),
        ("Attacks surged in the first quarter of 2019.", (D(2019, 1, 1), D(2019, 3, 31), "range")),
        ("The hangar was built in Q3 2018.", (D(2018, 7, 1), D(2018, 9, 30), "range")),
        ("Sorties doubled in the third quarter of last year.", (D(2019, 7, 1), D(2019, 9, 30), "range")),
        ("On Thursday last week, rockets fell.", (D(2020, 3, 12), D(2020, 3, 12), "day")),
        ("Troops left on the 12th.", (D(2020, 3, 12), D(2020, 3, 12), "day")),
        ("Troops left on the 25th, officials said.", (D(2020, 2, 25), D(2020, 2, 25), "day")),
        ("Troops will leave on the 25th.", (D(2020, 3, 25), D(2020, 3, 25), "day")),
        ("Exercises ran from Jan. 6 through Jan. 9.", (D(2020, 1, 6), D(2020, 1, 9), "range")),
        ("The base was shelled daily since mid-February.", (D(2020, 2, 11), D(2020, 3, 21), "range")),
    ],
)
def test_expression_table(text: str, expected: tuple[dt.date, dt.date, str]) -> None:
    assert interval(text) == expected


def test_previous_day_counts_from_the_event_told() -> None:
    mention = only("Rockets fell on the base the previous day.")
    assert (mention.kind, mention.relative_days) == ("relative_to_event", -1)


def test_a_bare_month_is_a_date_only_as_the_end_of_a_range() -> None:
    assert find_dates("He wrote to May about the base.", ANCHOR) == []
    assert [m.text for m in find_dates("An overnight push took the airport.", ANCHOR)] == []


def test_same_month_counts_for_month_names() -> None:
    assert interval("The camp was built in December.", D(2020, 12, 15))[:2] == (
        D(2020, 12, 1),
        D(2020, 12, 31),
    )


def test_leap_day_goes_back_to_the_last_leap_year() -> None:
    assert interval("The base was hit on February 29.", D(2021, 6, 1))[:2] == (D(2020, 2, 29),) * 2
    assert interval("The base was hit on February 29.", D(2024, 3, 1))[:2] == (D(2024, 2, 29),) * 2
    assert interval("The base was hit on February 29, 2016.", D(2021, 6, 1))[:2] == (D(2016, 2, 29),) * 2


def test_impossible_day_is_not_a_date() -> None:
    mentions = find_dates("The base was hit on February 30, 2016.", ANCHOR)
    assert all(m.span is None or m.span.precision != "day" for m in mentions)


@pytest.mark.parametrize(
    ("text", "days", "refers_to"),
    [
        ("Two days after the attack, lawmakers voted.", 2, "the attack"),
        ("The strike came two days earlier.", -2, None),
        ("A day before the vote, rockets fell.", -1, "the vote"),
        ("The next day, the convoy returned.", 1, None),
        ("The following week, talks resumed.", 7, None),
        ("Hours later, the base was evacuated.", 0, None),
        ("The day after the raid, troops left.", 1, "the raid"),
        ("The next morning, troops returned.", 1, None),
        ("That night, rockets fell on the base.", 0, None),
        ("Earlier in the day, jets struck a depot.", 0, None),
        ("The previous evening was calm.", -1, None),
    ],
)
def test_event_relative_offsets(text: str, days: int, refers_to: str | None) -> None:
    mention = only(text)
    assert mention.kind == "relative_to_event"
    assert mention.span is None
    assert mention.relative_days == days
    assert mention.refers_to == refers_to


def test_durations_are_not_dates_and_ages_are_ignored() -> None:
    mention = only("The siege went on for two years.")
    assert (mention.kind, mention.span) == ("duration", None)
    assert find_dates("The 78-year-old minister spoke.", ANCHOR) == []


def test_a_year_after_a_preposition_stays_a_year() -> None:
    assert interval("In 2014 troops were sent to the base.")[:2] == (D(2014, 1, 1), D(2014, 12, 31))


def test_prepositions_are_whole_words() -> None:
    texts = [m.text for m in find_dates("Part of Vision 2030 began in 2012.", None)]
    assert texts == ["2030", "in 2012"]


def test_kinds() -> None:
    assert only("It fell in June 2014.").kind == "absolute"
    assert only("It fell on Wednesday.").kind == "relative_to_publication"


def test_without_an_anchor_relative_mentions_stay_unresolved() -> None:
    mentions = find_dates("On Wednesday, the base held. It was set up in 2017.", None)
    assert [(m.text, m.span is None) for m in mentions] == [("On Wednesday", True), ("in 2017", False)]


@pytest.mark.parametrize(
    "text",
    [
        "Officials say the troops may leave soon.",
        "May God protect them, he said.",
        "Thousands joined a march on the embassy.",
        "Protesters March on Parliament Square",
        "The Sunday Times reported the deal.",
        "Crowds marked the anniversary of Bloody Sunday.",
        "Shops were closed for Good Friday.",
        "The area covers 26,238 square km.",
        "The base is 100 miles away.",
        "Two F-16 jets took off.",
        "The 1st Armored Division moved north.",
        "Washington sent 2,000 troops.",
        "Washington sent 2000 troops to the region.",
        "Washington sent 2000 US troops to the region.",
        "More than 2000 people fled the fighting.",
        "Some 2000 fighters remain.",
        "He was the fall guy.",
        "The fall of Mosul shocked the region.",
        "Flight No. 2019 was cancelled.",
        "Casualties rose 2014% in a decade?",
    ],
)
def test_false_positives(text: str) -> None:
    found = [m.text for m in find_dates(text, ANCHOR) if m.kind != "duration"]
    assert found == []


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "The officer told a radio station during a long phone interview on Saturday that troops left.",
            True,
        ),
        ("The ministry said on Wednesday that the base was closed.", True),
        ("He said in a statement on Monday.", True),
        ("The minister spoke at a news conference in the capital on Monday.", True),
        ("A source cited by the agency on Monday described the flights.", True),
        ("On March 17, troops pulled out, the source said.", False),
        ("The source said that troops pulled out on Tuesday.", False),
        ("The operation started on Wednesday morning.", False),
        ("The militia claimed responsibility for the March 12 rocket attack.", False),
        ("On Sunday, local outlets said militants clashed with the army.", False),
        ("The United States Army on Tuesday opened a garrison in the west.", False),
        ("The group claimed Sunday's drone attack on the base.", False),
        ("The troops will withdraw by December 31, 2021, the statement said.", False),
    ],
)
def test_report_cues(text: str, cue: bool) -> None:
    mentions = find_dates(text, ANCHOR)
    assert mentions, text
    assert mentions[0].is_report_cue is cue


def test_quoted_mentions_are_flagged() -> None:
    text = "The general said: \u201cOur jets started the operation today.\u201d Reporters arrived today."
    flags = [m.in_quote for m in find_dates(text, ANCHOR)]
    assert flags == [True, False]


def test_shift_moves_a_span_and_keeps_its_precision() -> None:
    base = DateSpan(D(2020, 1, 3), D(2020, 1, 3), "day", "on January 3, 2020", 10, 28)
    moved = shift(base, 2, "Two days after the attack")
    assert (moved.start, moved.end, moved.precision) == (D(2020, 1, 5), D(2020, 1, 5), "day")
    assert moved.text == "Two days after the attack"
    assert base.start == D(2020, 1, 3)  # the original is untouched
    back = shift(base, -2, "two days earlier")
    assert back.start == D(2020, 1, 1)


def test_parse_month_day() -> None:
    assert parse_month_day("On Tuesday, March 17") == (3, 17, 1)
    assert parse_month_day("on January 5") == (1, 5, None)
    assert parse_month_day("January 5, 2020") is None
    assert parse_month_day("in 2017") is None


def test_sentence_without_cue_returns_nothing() -> None:
    assert find_dates("The troops crossed the river near the town and secured the road.", ANCHOR) == []


@pytest.mark.parametrize(
    "phrase",
    [
        "on Wednesday",
        "last Saturday",
        "On March 17",
        "two days ago",
        "three weeks ago",
        "yesterday",
        "on December 30",
        "a month ago",
        "last Monday",
        "in December",
        "two years ago",
    ],
)
def test_rule_layer_agrees_with_dateparser_where_dateparser_resolves(phrase: str) -> None:
    """dateparser's day falls inside our interval (we add the precision it lacks)."""
    import dateparser

    base = dt.datetime(2020, 3, 21, 12)
    theirs = dateparser.parse(
        phrase, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    )
    assert theirs is not None
    mention = only(f"It happened {phrase}.", base.date())
    assert mention.span is not None
    assert mention.span.start <= theirs.date() <= mention.span.end


def test_weekday_of_the_anchor_is_the_anchor_unlike_dateparser() -> None:
    # The spec (and the annotated dev set) count the publication day itself; dateparser goes a week back.
    assert interval("It happened on Saturday.", D(2020, 3, 21))[:2] == (D(2020, 3, 21), D(2020, 3, 21))


def test_whole_text_and_paragraph_by_paragraph_agree(seeds_dir: Path) -> None:
    """The windowed search over a long text finds what a pass over each paragraph finds."""
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        whole = [(m.start, m.end, m.span) for m in find_dates(text, ANCHOR)]
        pieces = []
        offset = 0
        for paragraph in text.split("\n"):
            found = find_dates(text, ANCHOR, start=offset, end=offset + len(paragraph))
            pieces.extend((m.start, m.end, m.span) for m in found)
            offset += len(paragraph) + 1
        assert whole == pieces, path.name


FUZZ_WORDS = [
    "on",
    "in",
    "since",
    "from",
    "between",
    "and",
    "to",
    "the",
    "last",
    "next",
    "this",
    "early",
    "late",
    "mid",
    "of",
    "by",
    "until",
    "through",
    "a",
    "two",
    "31",
    "30",
    "29",
    "1",
    "12",
    "2019",
    "2020",
    "1999",
    "April",
    "February",
    "June",
    "September",
    "May",
    "days",
    "weeks",
    "months",
    "years",
    "ago",
    "after",
    "before",
    "earlier",
    "later",
    "week",
    "month",
    "year",
    "Monday",
    "Sunday",
    "today",
    "yesterday",
    "summer",
    "fall",
    "winter",
    "recent",
    "past",
    "coming",
    "following",
    "same",
    "night",
    "morning",
    "for",
    "-",
    "–",
    "/",
    ".",
    ",",
    "2020-02-30",
    "31/04/2020",
    "2019-2018",
    "2019-20",
    "1990s",
    "weekend",
    "anniversary",
    "first",
    "will",
    "2099",
    "1900",
    "Feb.",
    "Sept.",
    "the",
]


@pytest.mark.parametrize("anchor", [None, D(2020, 2, 29), D(2021, 1, 1), D(1900, 1, 1), D(2100, 12, 31)])
def test_word_salad_never_crashes_and_spans_are_ordered(anchor: dt.date | None) -> None:
    """Hostile input: any mix of cue words gives consistent mentions, never an exception."""
    import random

    from basewatch.dates import infer_published

    rng = random.Random(7)
    for _ in range(600):
        text = " ".join(rng.choice(FUZZ_WORDS) for _ in range(rng.randint(1, 14)))
        for mention in find_dates(text, anchor):
            assert text[mention.start : mention.end] == mention.text
            if mention.span is not None:
                assert mention.span.start <= mention.span.end, (text, mention)
        published = infer_published(text)
        if published is not None:
            assert published.start <= published.end, (text, published)
