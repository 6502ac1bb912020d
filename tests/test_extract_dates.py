"""Which date belongs to which event (docs/dates.md, "Which date an event gets").

Short invented articles; each test names the association rule it checks.
"""

from __future__ import annotations

import datetime as dt

import pytest

from basewatch.extract import Extractor
from basewatch.records import Article, Event, Published

PUBLISHED = dt.date(2022, 10, 12)  # a Wednesday


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def extract(extractor: Extractor, text: str) -> list[Event]:
    article = Article(text=text, doc="t.txt", id="t", published=Published(PUBLISHED, PUBLISHED))
    return extractor.extract(article)


def one(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, [(e.type, e.evidence.text) for e in events]
    return found[0]


def test_a_statement_event_is_dated_by_the_day_it_was_said(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Kenya and Ethiopia sign border pact\n\nNAIROBI - Kenya and Ethiopia have agreed to open two joint "
        "military posts along their shared border, the two defence ministries said in a joint statement "
        "on Tuesday.",
    )
    agreement = one(events, "politics.agreement")
    assert agreement.reported is not None and agreement.reported.start == dt.date(2022, 10, 11)
    assert agreement.date is not None and agreement.date.start == dt.date(2022, 10, 11)


def test_a_report_day_does_not_date_a_planned_event(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Base plan\n\nThe ministry said on Monday that the army will build a new air base near Garissa.",
    )
    assert events
    for event in events:
        assert event.date is None, event
        assert event.reported is not None and event.reported.start == dt.date(2022, 10, 10)


def test_the_sentence_after_the_lede_keeps_the_lede_day(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Rebels shell army camp\n\nRebel gunners shelled an army camp outside Goma early on Monday, a "
        "military spokesman said.\n\nArmy helicopters then struck rebel positions in the hills north of "
        "Goma, the spokesman added.",
    )
    strike = one(events, "force.strike")
    assert strike.date is not None and strike.date.start == dt.date(2022, 10, 10)


def test_a_date_of_its_own_beats_the_lede_day(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Rebels shell army camp\n\nRebel gunners shelled an army camp outside Goma early on Monday, a "
        "military spokesman said.\n\nArmy helicopters struck rebel positions in the hills north of Goma "
        "in 2019, the spokesman added.",
    )
    strike = one(events, "force.strike")
    assert strike.date is not None and strike.date.precision == "year"
    assert strike.background


def test_an_opening_phrase_dates_the_main_clause(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Pact recalled\n\nThe navy said little.\n\nUnder a 2016 defence accord, Greece and the United "
        "States agreed to expand the Souda Bay naval base.",
    )
    agreement = one(events, "politics.agreement")
    assert agreement.date is not None and agreement.date.start == dt.date(2016, 1, 1)


def test_a_date_opening_the_next_coordinated_verb_is_that_verbs(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Army advances\n\nGovernment troops continued their offensive near Sirte and on Sunday captured "
        "the town of Harawa, state media reported.",
    )
    operation = one(events, "force.operation")
    assert operation.date is None
    capture = one(events, "territory.change")
    assert capture.date is not None and capture.date.start == dt.date(2022, 10, 9)


def test_a_quoted_today_is_the_day_of_the_story(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Army opens offensive\n\nThe army began an offensive against militants in the Lake Chad basin "
        "on Monday, a spokesman said.\n\nThe general said more units joined it.\n\n"
        "\u201cOur jets started bombing militant hideouts today,\u201d the general added.",
    )
    strike = one(events, "force.strike")
    assert strike.date is not None and strike.date.start == dt.date(2022, 10, 10)


def test_a_quoted_today_said_on_a_given_day_is_that_day(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Army opens offensive\n\nThe army began an offensive against militants in the Lake Chad basin "
        "on Monday, a spokesman said.\n\n\u201cOur jets bombed militant hideouts near the lake today,\u201d "
        "the general told reporters on Tuesday.",
    )
    strike = one(events, "force.strike")
    assert strike.date is not None and strike.date.start == dt.date(2022, 10, 11)


def test_a_recap_of_the_main_clause_takes_its_day_not_the_count_window(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Drones hit airfield again\n\nBlasts were heard near the Morozovsk airfield in the Rostov region "
        "overnight on Oct. 10, local residents wrote on social media, marking at least the third attack "
        "on the air base since July.",
    )
    attack = one(events, "base.attack")
    assert attack.date is not None and attack.date.start == dt.date(2022, 10, 10)


def test_a_since_range_reaches_across_a_long_object(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Coalition keeps striking\n\nNavy jets have struck rebel radar sites, drone workshops, fuel depots "
        "and missile launchers around the ports of the western coast and the hills above them dozens of "
        "times since August 2, officials said.",
    )
    strike = one(events, "force.strike")
    assert strike.date is not None
    assert (strike.date.start, strike.date.end) == (dt.date(2022, 8, 2), PUBLISHED)


def test_a_wire_dateline_day_yields_to_the_day_in_the_lede(extractor: Extractor) -> None:
    lede = (
        "KIRKUK, Oct 12 (Reuters) - Three rockets struck the K1 air base in northern Iraq{when}, police said."
    )
    dated = one(extract(extractor, "Rockets hit base\n\n" + lede.format(when=" on Tuesday")), "base.attack")
    assert dated.date is not None and dated.date.start == dt.date(2022, 10, 11)
    only_dateline = one(extract(extractor, "Rockets hit base\n\n" + lede.format(when="")), "base.attack")
    assert only_dateline.date is not None and only_dateline.date.start == dt.date(2022, 10, 12)


def test_the_event_after_n_days_after_is_the_earlier_one(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Rockets hit base\n\nThree rockets struck the K1 air base in northern Iraq on Tuesday, police "
        "said.\n\nThe rocket fire came two days after US jets bombed militia depots near the Syrian border.",
    )
    strike = one(events, "force.strike")
    assert strike.date is not None and strike.date.start == dt.date(2022, 10, 9)


@pytest.mark.parametrize(
    "follower",
    [
        "The base was set up by the coalition to fight the Islamic State group.",
        "The coalition had built the base after capturing the oil field from militants.",
    ],
)
def test_a_background_sentence_after_the_lede_keeps_no_date(extractor: Extractor, follower: str) -> None:
    events = extract(
        extractor,
        "Troops leave base\n\nUS troops withdrew from the al-Omar base in eastern Syria on Monday, local "
        f"sources said.\n\n{follower}",
    )
    assert one(events, "base.withdraw").date is not None
    assert one(events, "base.construct").date is None


def test_a_when_clause_after_a_date_happens_on_that_date(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Front collapses\n\nPlans for a second front collapsed on October 3, when the Ruritanian parliament "
        "voted down a request to let foreign troops use its bases.",
    )
    rejection = one(events, "politics.reject")
    assert rejection.date is not None and rejection.date.start == dt.date(2022, 10, 3)


def test_a_year_naming_an_accord_is_not_the_day_it_was_revoked(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Junta ends accord\n\nThe military government that seized power in May last year announced in "
        "September that it was revoking, with immediate effect, a 2014 military cooperation accord that "
        "allowed French troops to operate in the country.",
    )
    demand = one(events, "politics.demand_withdrawal")
    assert demand.date is not None and (demand.date.start, demand.date.end) == (
        dt.date(2022, 9, 1),
        dt.date(2022, 9, 30),
    )


def test_a_year_naming_a_pact_after_the_trigger_leaves_the_report_day(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Access deal\n\nManila has agreed to give US forces access to two more bases under the 2014 defence "
        "pact, the two governments said on Tuesday.",
    )
    agreement = one(events, "politics.agreement")
    assert agreement.date is not None and agreement.date.start == dt.date(2022, 10, 11)


def test_n_days_earlier_counts_from_the_report_day_of_its_sentence(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Convoy enters\n\nState media reported on Monday that a convoy of 40 US military trucks entered "
        "Syria from Iraq two days earlier and headed to the Conoco gas field base.",
    )
    deploy = one(events, "force.deploy")
    assert deploy.reported is not None and deploy.reported.start == dt.date(2022, 10, 10)
    assert deploy.date is not None and deploy.date.start == dt.date(2022, 10, 8)


def test_a_date_before_an_after_clause_is_the_main_verbs(extractor: Extractor) -> None:
    events = extract(
        extractor,
        "Pullout\n\nUS troops withdrew from the Tal Baydar base on Monday after rockets hit it twice last "
        "week, a monitor said.",
    )
    withdrawal = one(events, "base.withdraw")
    assert withdrawal.date is not None and withdrawal.date.start == dt.date(2022, 10, 10)
    attack = one(events, "base.attack")
    assert attack.date is not None and attack.date.precision == "week"
