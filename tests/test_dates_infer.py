"""infer_published on synthetic articles and on the dev set with metadata withheld; gold date words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from basewatch.config import data_path
from basewatch.dates import find_dates, infer_published, load_lexicon
from basewatch.dates.infer import find_dateline, in_dateline
from basewatch.dates.lexicon import LexiconError

D = dt.date


@pytest.mark.parametrize(
    ("url", "start", "end"),
    [
        ("https://news.example.org/Detail/2020/03/21/621308/Some-story", D(2020, 3, 21), D(2020, 3, 21)),
        ("https://example.com/world/20191105/story.html", D(2019, 11, 5), D(2019, 11, 5)),
        ("https://example.com/news/troops-leave-base-2018-07-04", D(2018, 7, 4), D(2018, 7, 4)),
        ("https://example.com/2021/02/iraq-bases/", D(2021, 2, 1), D(2021, 2, 28)),
    ],
)
def test_url_dates(url: str, start: dt.date, end: dt.date) -> None:
    published = infer_published("No dates in this text.", url=url)
    assert published is not None
    assert (published.start, published.end, published.source, published.inferred) == (start, end, "url", True)


def test_url_without_a_date_falls_back_to_content() -> None:
    published = infer_published("The base opened on June 3, 2019.", url="https://example.com/en/print/76055")
    assert published is not None
    assert published.source == "content"
    assert published.start == D(2019, 6, 3)


def test_dateline_with_a_full_date() -> None:
    published = infer_published("Troops left.", dateline="BAGHDAD, March 21, 2020 (Reuters) -")
    assert published is not None
    assert (published.start, published.end, published.source) == (D(2020, 3, 21), D(2020, 3, 21), "dateline")


def test_dateline_without_a_year_takes_the_year_from_the_content() -> None:
    text = "The base was built in late 2018 and expanded on January 12, 2019."
    published = infer_published(text, dateline="ERBIL, Iraq, Feb 3 (AP) -")
    assert published is not None
    assert published.source == "dateline"
    assert published.start == D(2019, 2, 3)


def test_agency_slash_datelines_and_dateline_positions() -> None:
    text = "MOSCOW, August 21. /TASS/. Air defence units repelled a drone raid on the airbase."
    assert find_dateline(text) == "MOSCOW, August 21"
    assert in_dateline(text, 8, 17)
    assert not in_dateline("The strike, August 21 - a day of anger", 12, 21)


def test_dateline_inside_the_text_is_found() -> None:
    text = "World\n\nKABUL, August 15, 2021 \u2014 Taliban fighters entered the city."
    published = infer_published(text)
    assert published is not None
    assert (published.start, published.source) == (D(2021, 8, 15), "dateline")
    text = "BASRA, May 2 (Reuters) - Rockets hit the base, a week after the April 24, 2019 raid."
    published = infer_published(text)
    assert published is not None
    assert (published.start, published.end, published.source) == (D(2019, 5, 2), D(2019, 5, 2), "dateline")
    assert published.confidence < 0.9  # the year is inferred


def test_updated_line_in_the_text() -> None:
    published = infer_published("Friday, 21 March 2020 [ Last Update: Friday, 21 March 2020 ]\nTroops left.")
    assert published is not None
    assert published.start == D(2020, 3, 21)


def test_time_stamp_at_the_top() -> None:
    text = "Iraq\nSat Mar 21, 2020 06:33PM [Updated: Sat Mar 21, 2020 06:35PM ]\nUS troops left in 2019."
    published = infer_published(text)
    assert published is not None
    assert published.start == published.end == D(2020, 3, 21)
    # A clock time deep in the body is an event time, not a stamp.
    body = "Troops left in 2014. " * 20 + "The base was hit on June 2, 2019 at 10:30 pm."
    later = infer_published(body)
    assert later is not None
    assert later.end > D(2019, 6, 2)


def test_no_clue_gives_none() -> None:
    assert infer_published("Troops were seen near the border, a source said on Monday.") is None


def test_latest_full_date_is_the_lower_bound() -> None:
    text = "Militants took the town in June 2014. The base was handed over on November 2, 2016."
    published = infer_published(text)
    assert published is not None
    assert published.inferred and published.source == "content"
    assert published.start == D(2016, 11, 2)
    assert published.end == D(2017, 11, 2)
    assert 0 < published.confidence < 1


def test_published_line_in_the_text() -> None:
    published = infer_published("Published: March 4, 2021\nTroops moved on Tuesday.")
    assert published is not None
    assert published.start == published.end == D(2021, 3, 4)


def test_last_years_event_dated_elsewhere_puts_publication_in_the_next_year() -> None:
    text = (
        "Protests have grown since last year's killing of the activist Jane Roe in the capital.\n"
        "Roe was shot on October 2, 2018 outside her office.\n"
        "On May 14, the council met again."
    )
    published = infer_published(text)
    assert published is not None
    assert published.start == D(2019, 5, 14)
    assert published.end == D(2019, 12, 31)


def test_anniversary_of_a_dated_event() -> None:
    text = (
        "Crowds gathered for the first anniversary of the killing of the activist Jane Roe.\n"
        "Roe was shot on October 2, 2018 outside her office."
    )
    published = infer_published(text)
    assert published is not None
    assert published.start <= D(2019, 10, 2) <= published.end
    assert (published.end - published.start).days <= 31


def test_years_since_a_landmark() -> None:
    published = infer_published("It has been three years since the fall of Mosul, and troops remain.")
    assert published is not None
    assert published.start <= D(2017, 6, 10) <= published.end
    assert published.start > D(2017, 1, 1)


def test_weekday_with_a_yearless_date_picks_the_year() -> None:
    # March 17 fell on a Tuesday in 2020 (and not in 2018 or 2019).
    text = "The camp was set up in 2018. On Tuesday, March 17, the last convoy left."
    published = infer_published(text)
    assert published is not None
    assert published.start == D(2020, 3, 17)


def test_future_plans_bound_publication_from_above() -> None:
    text = "The base was hit on May 5, 2019. The coalition will withdraw by December 2019."
    published = infer_published(text)
    assert published is not None
    assert (published.start, published.end) == (D(2019, 5, 5), D(2019, 12, 31))


def test_planned_yearless_dates_are_not_lower_bounds() -> None:
    text = "The base was shelled on May 5, 2019. The coalition will hand it over on June 30."
    published = infer_published(text)
    assert published is not None
    assert published.start == D(2019, 5, 5)


def test_landmark_event_gives_a_lower_bound() -> None:
    text = "Anger grew after the fall of Kabul, when the Taliban entered the capital."
    published = infer_published(text)
    assert published is not None
    assert published.start == D(2021, 8, 15)


def test_a_title_in_office_bounds_publication_by_the_term() -> None:
    text = "Defense Secretary Lloyd Austin visited the air base and met the garrison commander."
    published = infer_published(text)
    assert published is not None
    assert (published.start, published.end) == (D(2021, 1, 22), D(2025, 2, 19))  # a month of grace


def test_a_former_title_is_not_the_term() -> None:
    assert infer_published("Former President Barack Obama praised the pilots at the airfield.") is None
    between = infer_published("Former President Donald Trump criticised the withdrawal from the base.")
    assert between is not None and between.start == D(2021, 1, 20)
    assert infer_published("Vice President Joe Biden toured the base.") is None


def test_a_former_title_with_words_between_is_not_the_term() -> None:
    text = "The strike was ordered by former US president Barack Obama, officials recalled in 2019."
    published = infer_published(text)
    assert published is not None
    assert published.start == D(2019, 1, 1)
    assert published.end > D(2019, 12, 31)  # no upper bound from the Obama years


def test_a_running_term_is_a_lower_bound_that_does_not_pin_yearless_days() -> None:
    text = "President Volodymyr Zelensky said drones hit the airfield on Aug. 28."
    published = infer_published(text)
    assert published is not None
    assert published.start == D(2019, 5, 20)
    assert published.end >= D(2024, 5, 20)  # "Aug. 28" is not placed in 2019 on the term's word alone


def test_a_plan_phrased_set_to_is_no_lower_bound() -> None:
    published = infer_published("The transfer, now set to start in the mid-2020s, was agreed in 2006.")
    assert published is not None
    assert published.start == D(2006, 1, 1)


def test_a_plan_ten_words_back_in_its_clause_is_no_lower_bound() -> None:
    text = (
        "The accord was signed in 2012. Troops will complete their pullout from the northern "
        "desert region by September 15, officials said."
    )
    published = infer_published(text)
    assert published is not None
    assert published.start == D(2012, 1, 1)
    assert published.end > D(2013, 9, 15)  # September 15 is a plan, not a past day of 2012


def test_dates_after_today_are_not_lower_bounds() -> None:
    published = infer_published("The programme, part of Vision 2090, began in 2012.")
    assert published is not None
    assert published.start == D(2012, 1, 1)


def test_never_today() -> None:
    published = infer_published("Troops arrived in 2011.")
    assert published is not None
    assert published.start == D(2011, 1, 1)
    assert published.end < dt.date.today()


# --------------------------------------------------------------------------- the dev set


def _gold_docs(gold_dir: Path, seeds_dir: Path) -> list[tuple[dict[str, Any], str]]:
    docs = []
    for path in sorted(gold_dir.glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        docs.append((gold, (seeds_dir / gold["doc"]).read_text(encoding="utf-8")))
    assert docs, f"no gold files in {gold_dir}"
    return docs


def test_inferred_interval_on_the_dev_set_without_metadata(gold_dir: Path, seeds_dir: Path) -> None:
    """Done-when of issue 6: contains gold for >= 4 of 5, no wider than a year for >= 3 of 5."""
    contains = narrow = 0
    docs = _gold_docs(gold_dir, seeds_dir)
    for gold, text in docs:
        published = infer_published(text)
        truth = D.fromisoformat(str(gold["metadata"]["published"]))
        if published is None:
            continue
        assert published.inferred and published.source == "content"
        if published.start <= truth <= published.end:
            contains += 1
            if (published.end - published.start).days <= 366:
                narrow += 1
    assert contains >= len(docs) - 1
    assert narrow >= 3


def test_gold_date_words_resolve_to_the_gold_interval(gold_dir: Path, seeds_dir: Path) -> None:
    """Each gold date or reported date written as an absolute or publication-relative phrase, judged as
    the scorer judges dates (EVENTS.md §5): the resolved start lies inside the gold interval."""
    checked = correct = 0
    for gold, text in _gold_docs(gold_dir, seeds_dir):
        anchor = D.fromisoformat(str(gold["metadata"]["published"]))
        mentions = find_dates(text, anchor)
        for event in gold["events"]:
            for field in ("date", "reported"):
                value = event.get(field)
                if not value or not value.get("text") or value["text"] not in text:
                    continue
                at = text.index(value["text"])
                hits = [m for m in mentions if m.start < at + len(value["text"]) and at < m.end]
                if hits and hits[0].kind == "relative_to_event":
                    # Resolved by the extractor against the event referred to; here the offset must exist.
                    assert hits[0].relative_days is not None
                    continue
                if any(h.in_quote for h in hits):
                    continue  # "today" in a quotation is the speaker's day, chosen by the extractor
                checked += 1
                want = (D.fromisoformat(str(value["start"])), D.fromisoformat(str(value["end"])))
                correct += any(h.span and want[0] <= h.span.start <= want[1] for h in hits)
    assert checked >= 20
    assert correct / checked >= 0.95


# --------------------------------------------------------------------------- the lexicon


def test_packaged_lexicon_loads() -> None:
    lexicon = load_lexicon()
    assert lexicon.months["March"] == 3
    assert lexicon.year_parts["late"] == (10, 12)
    assert all(landmark.patterns for landmark in lexicon.landmarks)


def test_broken_lexicon_errors_name_the_file_and_key(tmp_path: Path) -> None:
    raw = yaml.safe_load(data_path("temporal.yaml").read_text(encoding="utf-8"))
    raw["months"]["Smarch"] = 13
    bad = tmp_path / "temporal.yaml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"temporal\.yaml.*months\.Smarch"):
        load_lexicon(bad)
    del raw["months"]["Smarch"]
    raw["landmarks"][1]["until"] = "soon"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"landmarks\[1\].*until"):
        load_lexicon(bad)
    del raw["landmarks"][1]["until"]
    raw["landmarks"][1]["kind"] = "rumour"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"landmarks\[1\].*kind"):
        load_lexicon(bad)
    del raw["landmarks"][1]["kind"]
    raw["landmarks"][0]["patterns"] = ["(unclosed"]
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"landmarks\[0\].*bad pattern"):
        load_lexicon(bad)
    bad.write_text("months: [", encoding="utf-8")
    with pytest.raises(LexiconError, match="not valid YAML"):
        load_lexicon(bad)
