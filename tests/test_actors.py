"""Who acts: canonical actor names across regions, places that are not actors, and the
counterparts of withdrawals, plans and host-country politics. Sentences written for this test."""

from __future__ import annotations

import datetime as dt

import pytest

from basewatch.extract import Extractor
from basewatch.extract.actors import ActorMatcher
from basewatch.records import Article, Event, Published


@pytest.fixture(scope="module")
def matcher() -> ActorMatcher:
    return Extractor(model="blank").actors


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Africa Corps instructors arrived at the airport.", "Africa Corps"),
        ("Wagner fighters left the mining town.", "Wagner Group"),
        ("JNIM militants attacked the army post.", "JNIM"),
        ("Fighters of Jamaat Nusrat al-Islam wal-Muslimin ambushed a convoy.", "JNIM"),
        ("Ansar Allah fired a missile at the ship.", "Houthis"),
        ("The Islamic Resistance in Iraq claimed the drone attack.", "Islamic Resistance in Iraq"),
        ("Iraqi resistance groups warned the embassy.", "Iraqi resistance groups"),
        ("Kata'ib Hezbollah denied any role.", "Kataib Hezbollah"),
        ("Hay'at Tahrir al-Sham shelled the village.", "Hayat Tahrir al-Sham"),
        ("HTS fighters entered the town.", "Hayat Tahrir al-Sham"),
        ("Al Shabab gunmen stormed the camp.", "al-Shabaab"),
        ("ISWAP fighters overran the barracks.", "Islamic State West Africa Province"),
        ("AUSSOM troops took over the base.", "African Union"),
        ("MINUSMA peacekeepers left the camp.", "United Nations"),
        ("The PKK/KCK claimed the attack.", "PKK"),
        ("Kenyan troops crossed the border.", "Kenya"),
        ("Chadian soldiers were deployed to the north.", "Chad"),
        ("Ivorian forces reinforced the border posts.", "Côte d'Ivoire"),
        ("The Philippine Navy said the ship was spotted.", "Philippines"),
        ("Congolese army units retook the town.", "Democratic Republic of the Congo"),
        ("Syrian Foreign Minister Omar Haddad renewed the demand.", "Syria"),
    ],
)
def test_canonical_names(matcher: ActorMatcher, text: str, name: str) -> None:
    assert name in [m.name for m in matcher.find(text)]


def test_countries_listed_after_a_preposition_are_places(matcher: ActorMatcher) -> None:
    text = "About 2,000 soldiers will remain in the region, mostly in Niger and Chad."
    assert [m.name for m in matcher.find(text)] == []
    assert matcher.states_named(text) == ["NE", "TD"]


def test_a_possessive_country_after_a_verb_is_an_actor(matcher: ActorMatcher) -> None:
    names = [m.name for m in matcher.find("The minister renewed Damascus's demand that the troops leave.")]
    assert names == ["Syria"]


def _extract(extractor: Extractor, text: str) -> list[Event]:
    day = dt.date(2024, 5, 6)
    article = Article(text=text, doc="t.txt", id="t", outlet="Example Times", published=Published(day, day))
    return extractor.extract(article)


def test_completed_withdrawal_is_from_the_host_state(extractor: Extractor) -> None:
    events = _extract(
        extractor,
        "Troops leave\n\nThe last French soldiers left their camp in Gao in northern Mali on Monday, "
        "the army said.\n\n"
        "American troops will leave Niger by September, officials said.",
    )
    done = [e for e in events if e.modality == "completed" and e.type.endswith("withdraw")]
    planned = [e for e in events if e.modality == "planned" and e.type.endswith("withdraw")]
    assert done and done[0].actor and done[0].actor.name == "France"
    assert done[0].counterpart and done[0].counterpart.name == "Mali"
    assert planned and planned[0].counterpart is None


def test_unknown_attackers_are_no_actor(extractor: Extractor) -> None:
    events = _extract(
        extractor,
        "Rockets hit base\n\nUnknown attackers fired three rockets at the Victory base near Baghdad airport "
        "late on Sunday, the Iraqi military said.",
    )
    attacks = [e for e in events if e.type == "base.attack"]
    assert attacks and attacks[0].actor is None


def test_a_parliament_demand_is_the_host_states(extractor: Extractor) -> None:
    events = _extract(
        extractor,
        "Lawmakers vote\n\nUS troops have used the Manas air base in Kyrgyzstan since 2001.\n\n"
        "Parliament voted on Wednesday to demand the withdrawal of foreign forces from the air base.",
    )
    demands = [e for e in events if e.type == "politics.demand_withdrawal"]
    assert demands and demands[0].actor and demands[0].actor.name == "Kyrgyzstan"
    assert demands[0].counterpart and demands[0].counterpart.name == "United States"


def test_a_plan_has_no_counterpart(extractor: Extractor) -> None:
    events = _extract(
        extractor,
        "New bases\n\nThe United States has decided to build two new military bases in Syria's Hasakah "
        "province to counter Islamic State cells, a local source said.",
    )
    plans = [e for e in events if e.type == "base.plan"]
    assert plans and plans[0].actor and plans[0].actor.name == "United States"
    assert plans[0].counterpart is None


def test_fighting_without_a_named_other_side_is_against_the_main_opponent(extractor: Extractor) -> None:
    events = _extract(
        extractor,
        "Front line\n\nThe Russian army launched drones at the airbase overnight, and Russian troops "
        "shelled the city.\n\n"
        "Ukrainian forces recaptured the village of Novodarivka on Monday, the general staff said.",
    )
    taken = [e for e in events if e.type == "territory.change"]
    assert taken and taken[0].actor and taken[0].actor.name == "Ukraine"
    assert taken[0].counterpart and taken[0].counterpart.name == "Russia"


def test_a_strike_in_support_of_forces_attacked_by_a_group_targets_the_group(extractor: Extractor) -> None:
    events = _extract(
        extractor,
        "Airstrike\n\nUS Africa Command said it had carried out an airstrike near the town of Jilib in "
        "support of Somali forces who came under attack by al-Shabaab.",
    )
    strikes = [e for e in events if e.type == "force.strike"]
    assert strikes and strikes[0].counterpart and strikes[0].counterpart.name == "al-Shabaab"


def test_every_state_in_the_dictionary_has_a_two_letter_country_code(matcher: ActorMatcher) -> None:
    # A bare YAML NO (Norway) reads as false; every code must stay a string.
    bad = {
        entry.name: entry.country
        for entry in matcher.by_name.values()
        if entry.country is not None and not (isinstance(entry.country, str) and len(entry.country) == 2)
    }
    assert bad == {}
    assert matcher.states_named("Allied jets flew from an air base in Norway.") == ["NO"]
