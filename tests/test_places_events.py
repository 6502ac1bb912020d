"""Where extracted events are placed (synthetic sentences written for the project)."""

from __future__ import annotations

import datetime as dt

import pytest

from basewatch.extract import Extractor
from basewatch.places import spelling_key
from basewatch.records import Article, Event, Published


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor("blank")


def _events(extractor: Extractor, text: str, kind: str) -> list[Event]:
    day = dt.date(2022, 6, 1)
    article = Article(text=text, doc="t.txt", id="t", outlet="Example Wire", published=Published(day, day))
    return [e for e in extractor.extract(article) if e.type == kind]


def test_politics_event_skips_a_province_in_an_earlier_clause(extractor: Extractor) -> None:
    text = (
        "Engineers are enlarging a depot in Syria's northeastern province of Hasakah, despite "
        "protests from Syrian lawmakers demanding that American troops withdraw from the country."
    )
    demands = _events(extractor, text, "politics.demand_withdrawal")
    assert demands, "the demand was not extracted"
    loc = demands[0].location
    assert loc is not None and loc.country == "SY" and loc.precision == 4, loc


def test_politics_event_keeps_a_place_in_its_own_clause(extractor: Extractor) -> None:
    text = "Protesters in Basra demanded the withdrawal of foreign troops on Friday."
    demands = _events(extractor, text, "politics.demand_withdrawal")
    assert demands and demands[0].location is not None
    loc = demands[0].location
    assert spelling_key(loc.name) == spelling_key("Basra") and loc.country == "IQ" and loc.precision == 1


@pytest.mark.parametrize(("a", "b"), [("Basra", "Basrah"), ("Fallujah", "Falluja"), ("al-Qa'im", "Qaim")])
def test_spelling_key_folds_variants(a: str, b: str) -> None:
    assert spelling_key(a) == spelling_key(b)


def test_spelling_key_keeps_vowels_apart() -> None:
    assert spelling_key("Metina") != spelling_key("Madinah")


def test_second_place_of_an_event_by_a_border_stays_by_the_border(extractor: Extractor) -> None:
    text = (
        "Officials in Diyala province said on Monday that the army plans to build two new bases in the "
        "Qara Tapa area east of the town of Baqubah and in areas close to the Iraqi-Iranian border.\n\n"
        "Security forces retook the town of Muqdadiyah in March after weeks of fighting."
    )
    plans = _events(extractor, text, "base.plan")
    places = [e.location for e in plans if e.location is not None]
    border = [p for p in places if "border" in p.name]
    assert border, [p.name for p in places]
    assert border[0].admin1 == "Diyala" and border[0].precision == 3
    # The town retaken in the next paragraph is not where the outposts go.
    assert not any("Muqdadiyah" in p.name for p in places)


def test_an_event_at_an_installation_the_register_lacks_keeps_it(extractor: Extractor) -> None:
    text = "Rockets struck the Tal Baydar base near Hasakah overnight, the coalition said on Monday."
    attacks = _events(extractor, text, "base.attack")
    assert attacks and attacks[0].installation is not None
    assert attacks[0].installation.id.startswith("unlisted:")
    loc = attacks[0].location
    assert loc is not None and loc.country == "SY" and loc.precision == 2 and loc.lat is not None


def test_a_capital_standing_for_its_government_is_not_the_place(extractor: Extractor) -> None:
    text = "Washington deployed 2,000 more troops to Poland on Monday, officials said."
    deploys = _events(extractor, text, "force.deploy")
    assert deploys and deploys[0].location is not None and deploys[0].location.country == "PL"
    text = "The junta gave Paris one month to pull its troops out of Niger, state television said."
    withdrawals = _events(extractor, text, "force.withdraw")
    assert withdrawals and withdrawals[0].location is not None
    assert withdrawals[0].location.country == "NE", withdrawals[0].location


def test_a_capital_with_a_locative_word_is_a_place(extractor: Extractor) -> None:
    text = "US troops were sent to Baghdad last week, the Pentagon said."
    deploys = _events(extractor, text, "force.deploy")
    assert deploys and deploys[0].location is not None
    assert deploys[0].location.country == "IQ" and deploys[0].location.precision == 1


def test_one_strike_event_per_place_of_a_list(extractor: Extractor) -> None:
    text = "Turkish drones struck militant positions in Sinjar, Makhmour and Zummar on Sunday."
    strikes = _events(extractor, text, "force.strike")
    names = sorted(spelling_key(e.location.name) for e in strikes if e.location is not None)
    assert names == sorted(spelling_key(n) for n in ("Sinjar", "Makhmour", "Zummar"))


def test_the_province_refers_back_to_the_province_of_the_last_place(extractor: Extractor) -> None:
    text = (
        "Voters in Nago rejected the new runway on Sunday.\n\n"
        "The governor demanded that the two governments reduce the foreign military footprint in the "
        "prefecture, officials said."
    )
    demands = _events(extractor, text, "politics.demand_withdrawal")
    assert demands and demands[0].location is not None
    assert demands[0].location.precision == 3 and demands[0].location.country == "JP"


def test_a_threat_without_a_target_is_placed_where_it_is_made(extractor: Extractor) -> None:
    text = (
        "Saudi Arabia agreed to host more US troops on Monday.\n\n"
        "The Iranian army threatened to strike American bases in the region."
    )
    threats = _events(extractor, text, "politics.threat")
    assert threats and threats[0].location is not None and threats[0].location.country == "IR"


def test_an_event_at_sea_is_coded_to_the_coastal_state_of_the_article(extractor: Extractor) -> None:
    text = (
        "Houthi forces in Yemen said on Tuesday they had fired missiles at a destroyer in the Gulf of Aden, "
        "a spokesman told reporters in Sanaa."
    )
    strikes = [
        e for e in extractor.extract(_article(text)) if e.location and e.location.name == "Gulf of Aden"
    ]
    assert strikes and all(e.location.country == "YE" for e in strikes)


def _article(text: str) -> Article:
    day = dt.date(2024, 1, 10)
    return Article(text=text, doc="t.txt", id="t", outlet="Example Wire", published=Published(day, day))


def test_the_region_is_not_a_province_reference(extractor: Extractor) -> None:
    text = (
        "Kuwait hosts thousands of US troops at Camp Arifjan south of Kuwait City.\n\n"
        "An Iranian spokesman warned that American bases in the region would be hit in case of aggression."
    )
    threats = _events(extractor, text, "politics.threat")
    assert threats, "the threat was not extracted"
    assert threats[0].location is None or threats[0].location.precision == 4


def test_the_town_refers_back_to_the_last_place_called_a_town(extractor: Extractor) -> None:
    text = (
        "Russian jets bombed the town of Maarat al-Numan in Idlib on Friday.\n\n"
        "Government forces later captured the town, the ministry said."
    )
    captures = _events(extractor, text, "territory.change")
    assert captures and captures[0].location is not None
    assert spelling_key(captures[0].location.name) != spelling_key("Idlib")
    assert captures[0].location.precision == 1


def test_control_changing_hands_twice_is_two_events(extractor: Extractor) -> None:
    text = "Rebels seized Saraqib in Idlib province.\n\nThe Syrian army retook the city on Sunday."
    captures = _events(extractor, text, "territory.change")
    assert len(captures) == 2
    assert {e.actor.name for e in captures if e.actor} >= {"Syria"}


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Israeli drones violated Lebanese airspace over the south on Sunday, the army said.", "LB"),
        ("Turkish surveillance drones were seen over Sinjar on Friday, residents said.", "IQ"),
        ("Coalition aircraft carried out 12 sorties over Anbar on Wednesday, the coalition said.", "IQ"),
    ],
)
def test_air_activity_is_placed_where_it_flies(extractor: Extractor, text: str, country: str) -> None:
    flights = _events(extractor, text, "force.air")
    assert flights and flights[0].location is not None and flights[0].location.country == country
