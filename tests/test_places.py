"""Toponym normalisation and resolution (synthetic sentences; the gold devset only for its locations)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from basewatch.cli import app
from basewatch.places import PlaceResolver, distance_km, normalize_name
from basewatch.records import Place


@pytest.fixture(scope="module")
def resolver() -> PlaceResolver:
    return PlaceResolver()


def _only(places: list[Place], text: str) -> Place:
    matching = [p for p in places if p.text == text]
    assert len(matching) == 1, [(p.text, p.name) for p in places]
    return matching[0]


# --------------------------------------------------------------------------- normalize_name


@pytest.mark.parametrize(
    "variants",
    [
        ["Ain al-Asad", "Ayn al-Asad", "Ayan al-Assad", "Ain al-Assad", "ʿAyn al-Asad", "AIN AL ASAD"],
        ["al-Qa'im", "Al Qaim", "Qaim", "al-Qa’im", "Al-Qāʾim"],
        ["Qayyarah", "Qayyara"],
        ["K1", "K-1", "K 1"],
        ["Q-West", "Q West"],
        ["Tal Afar", "Tall Afar", "Tel Afar"],
        ["Deir ez-Zor", "Deir ez Zor", "Dayr az Zawr"],
        ["Baiji", "Bayji", "Beiji"],
        ["Fallujah", "Falluja", "Fallouja"],
        ["Tarmiyah", "Tarmia"],
        ["Al Udeid", "al-Udaid", "Udeid"],
        ["Kyiv", "Kiev"],
    ],
)
def test_spelling_variants_share_a_key(variants: list[str]) -> None:
    keys = {normalize_name(v) for v in variants}
    assert len(keys) == 1, dict(zip(variants, [normalize_name(v) for v in variants], strict=True))


@pytest.mark.parametrize(
    ("a", "b"), [("Bashar", "Bashur"), ("Baghdad", "Basra"), ("Homs", "Hama"), ("K1", "K2")]
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert normalize_name(a) != normalize_name(b)


def test_key_ignores_case_hyphens_and_possessives() -> None:
    assert normalize_name("AL-ANBAR") == normalize_name("Anbar")
    assert normalize_name("") == ""


# --------------------------------------------------------------------------- resolution


def test_installation_wins_over_the_town(resolver: PlaceResolver) -> None:
    places = resolver.find_places("Mortars fell on Balad air base, north of the capital.")
    base = _only(places, "Balad air base")
    assert base.feature == "installation" and base.installation is not None
    assert base.installation.id == "iq-balad" and base.precision == 1
    assert distance_km(base.lat, base.lon, 33.94, 44.36) < 5


def test_installation_spellings_resolve_to_one_base(resolver: PlaceResolver) -> None:
    text = "Sirens sounded at Ayan al-Assad and later at the Al Asad Airbase."
    ids = {p.installation.id for p in resolver.find_places(text) if p.installation}
    assert ids == {"iq-ain-al-asad"}


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Gunmen clashed in Tripoli, the largest city of northern Lebanon, near Beirut's road.", "LB"),
        ("Militias in Tripoli, Libya, shelled the airport as Benghazi watched.", "LY"),
    ],
)
def test_ambiguous_name_follows_the_text_context(resolver: PlaceResolver, text: str, country: str) -> None:
    tripoli = _only(resolver.find_places(text), "Tripoli")
    assert tripoli.country == country and tripoli.precision == 1


def test_context_hint_breaks_ties(resolver: PlaceResolver) -> None:
    assert resolver.resolve("Tripoli", context_countries=["LB"]).country == "LB"
    assert resolver.resolve("Tripoli", context_countries=["LY"]).country == "LY"


def test_near_a_city_is_precision_2(resolver: PlaceResolver) -> None:
    places = resolver.find_places("A rocket landed close to the Iraqi capital, Baghdad, late on Tuesday.")
    near = next(p for p in places if p.name == "near Baghdad")
    assert near.precision == 2 and near.country == "IQ"
    assert distance_km(near.lat, near.lon, 33.34, 44.40) < 10


def test_outside_a_city_is_precision_2(resolver: PlaceResolver) -> None:
    places = resolver.find_places("Fighters regrouped outside Mosul in the spring.")
    outside = _only(places, "outside Mosul")
    assert outside.precision == 2 and outside.name == "outside Mosul"


def test_unknown_region_relative_to_a_city_falls_back_on_the_city(resolver: PlaceResolver) -> None:
    text = "Soldiers swept the Zubaydiyat region northeast of the city of Fallujah at dawn."
    place = next(p for p in resolver.find_places(text) if "northeast of" in p.name)
    assert place.name.startswith("Zubaydiyat, northeast of") and place.precision == 2
    assert place.resolved and distance_km(place.lat, place.lon, 33.35, 43.78) < 10


def test_known_place_relative_to_a_city_keeps_its_own_point(resolver: PlaceResolver) -> None:
    place = next(p for p in resolver.find_places("Recruits trained at Taji, north of Baghdad.") if p.resolved)
    assert place.name.endswith("north of Baghdad")
    assert distance_km(place.lat, place.lon, 33.52, 44.26) < 10


def test_border_is_a_region_in_the_named_province(resolver: PlaceResolver) -> None:
    text = "Patrols in Anbar province moved near the Syrian border on Monday."
    border = next(p for p in resolver.find_places(text) if p.feature == "region")
    assert border.precision == 3 and border.admin1 == "Anbar" and border.country == "IQ"
    assert "border" in border.name


def test_border_without_province_is_a_point_on_the_border(resolver: PlaceResolver) -> None:
    text = "Iraq says drones were seen along the Iraq-Syria border this week."
    border = next(p for p in resolver.find_places(text) if p.feature == "region")
    assert border.precision == 3 and border.country == "IQ" and border.admin1
    # On the border itself: towns of both countries lie close by; the country's middle does not.
    gazetteer = resolver.gazetteer
    assert gazetteer.nearest_place(border.lat, border.lon, "SY", radius_deg=1.0) is not None
    assert gazetteer.nearest_place(border.lat, border.lon, "IQ", radius_deg=1.0) is not None
    iraq = gazetteer.countries["IQ"]
    assert distance_km(border.lat, border.lon, iraq.lat, iraq.lon) > 200


@pytest.mark.parametrize(
    ("text", "country", "neighbour"),
    [
        ("Clashes erupted near the Afghan-Pakistani border.", "AF", "PK"),
        ("The army sent troops to the Turkish-Syrian border.", "TR", "SY"),
        ("The garrison in Niger lies near the border with Mali.", "NE", "ML"),
    ],
)
def test_borders_abroad_are_points_on_the_border(
    resolver: PlaceResolver, text: str, country: str, neighbour: str
) -> None:
    border = next(p for p in resolver.find_places(text) if p.feature == "region")
    assert border.country == country and border.precision == 3
    assert resolver.gazetteer.nearest_place(border.lat, border.lon, neighbour, radius_deg=1.5) is not None


def test_border_takes_the_province_of_the_article_that_lies_along_it(resolver: PlaceResolver) -> None:
    text = "Fighting in Nineveh went on. Troops were deployed close to the Iraq-Syria border."
    border = next(p for p in resolver.find_places(text) if p.feature == "region")
    assert border.admin1 == "Nineveh" and border.precision == 3
    # A province away from that border is not used: the border point instead.
    text = "Fighting in Basra went on. Troops were deployed close to the Iraq-Syria border."
    border = next(p for p in resolver.find_places(text) if p.feature == "region")
    assert border.admin1 != "Basra"


def test_border_with_a_neighbour_is_on_the_side_of_the_province_named(resolver: PlaceResolver) -> None:
    text = "Drones flew along the border with Jordan, officials in Anbar said."
    border = next(p for p in resolver.find_places(text) if p.feature == "region")
    assert border.country == "IQ" and border.admin1 == "Anbar"


def test_a_province_outranks_a_small_namesake_abroad(resolver: PlaceResolver) -> None:
    place = _only(resolver.find_places("Fighting in Nineveh went on for a week."), "Nineveh")
    assert place.country == "IQ" and place.feature == "admin1" and place.precision == 3


def test_a_town_outranks_the_province_named_after_it(resolver: PlaceResolver) -> None:
    place = _only(resolver.find_places("Troops left Kidal in Mali on Sunday."), "Kidal")
    assert place.country == "ML" and place.feature == "place" and place.precision == 1
    area = _only(resolver.find_places("Troops left Kidal region in Mali on Sunday."), "Kidal region")
    assert area.feature == "admin1" and area.precision == 3


def test_district_and_province(resolver: PlaceResolver) -> None:
    places = resolver.find_places(
        "Overflights above the Tikrit district alarmed residents of Diyala province."
    )
    district = _only(places, "Tikrit district")
    assert district.precision == 2 and district.name == "Tikrit District"
    province = _only(places, "Diyala province")
    assert province.precision == 3 and province.feature == "admin1" and province.admin1 == "Diyala"


def test_country_alone_is_precision_4(resolver: PlaceResolver) -> None:
    places = resolver.find_places("The talks covered troops stationed in Jordan.")
    jordan = _only(places, "Jordan")
    assert jordan.precision == 4 and jordan.feature == "country" and jordan.country == "JO"
    assert jordan.lat is not None and 29 < jordan.lat < 33.5


def test_country_used_as_adjective_is_not_a_place(resolver: PlaceResolver) -> None:
    places = resolver.find_places("US forces left; Iraq welcomed the move.")
    assert [p.text for p in places] == ["Iraq"]


def test_unknown_village_is_kept_unresolved(resolver: PlaceResolver) -> None:
    places = resolver.find_places("Shells hit the village of Qarqoshiyah south of the river.")
    village = _only(places, "Qarqoshiyah")
    assert village.resolved is False and village.lat is None and village.lon is None


def test_unknown_named_features_are_kept_unresolved(resolver: PlaceResolver) -> None:
    places = resolver.find_places("Boats massed off Quixote Shoal Reef; rebels hold Upper Zembla province.")
    reef = _only(places, "Quixote Shoal Reef")
    province = _only(places, "Upper Zembla")
    assert not reef.resolved and not province.resolved and province.precision == 3


def test_seas_and_straits_are_regions(resolver: PlaceResolver) -> None:
    strait = _only(resolver.find_places("Tankers crossed the Strait of Hormuz."), "Strait of Hormuz")
    assert strait.feature == "region" and strait.precision == 3 and strait.resolved


def test_unknown_single_name_resolves_to_nothing(resolver: PlaceResolver) -> None:
    place = resolver.resolve("Xqzvillex")
    assert place.resolved is False and place.lat is None


def test_capital_without_its_name_is_the_capital(resolver: PlaceResolver) -> None:
    capital = _only(
        resolver.find_places("Jets circled over the Syrian capital at night."), "the Syrian capital"
    )
    assert capital.country == "SY" and capital.precision == 1
    assert distance_km(capital.lat, capital.lon, 33.51, 36.29) < 15


def test_direction_adjective_names_part_of_an_area(resolver: PlaceResolver) -> None:
    place = _only(resolver.find_places("Raids continued in northern Syria."), "northern Syria")
    assert place.name == "northern Syria" and place.country == "SY" and place.precision == 4


def test_unknown_camp_near_a_known_town(resolver: PlaceResolver) -> None:
    place = _only(
        resolver.find_places("They moved to Camp Quillfeather near Kandahar."),
        "Camp Quillfeather near Kandahar",
    )
    assert place.name == "Camp Quillfeather, near Kandahar" and place.precision == 2 and place.country == "AF"


def test_resolve_country_official_names(resolver: PlaceResolver) -> None:
    assert resolver.resolve("Iran, Islamic Republic of").country == "IR"
    assert resolver.resolve("Syrian Arab Republic").precision == 4


def test_person_names_are_not_places(resolver: PlaceResolver) -> None:
    places = resolver.find_places("Abu Bakr al-Baghdadi praised Ali Hassan, who said nothing.")
    assert places == []


def test_a_capital_speaking_is_still_a_place_but_a_person_is_not(resolver: PlaceResolver) -> None:
    places = resolver.find_places("Officials in Erbil and Baghdad said so; Rashid said nothing.")
    assert [p.text for p in places] == ["Erbil", "Baghdad"]


def test_offsets_point_into_the_text(resolver: PlaceResolver) -> None:
    text = "Convoys moved from Erbil to Kirkuk and on to Sulaymaniyah."
    places = resolver.find_places(text)
    assert [p.text for p in places] == ["Erbil", "Kirkuk", "Sulaymaniyah"]
    for p in places:
        assert text[p.start : p.end] == p.text and p.admin1 and p.country == "IQ"


def test_resolve_qualified_names(resolver: PlaceResolver) -> None:
    place = resolver.resolve("K-1, Kirkuk province")
    assert place.installation is not None and place.installation.id == "iq-k1"
    place = resolver.resolve("Hit district", context_countries=["IQ"])
    assert place.precision == 2 and place.country == "IQ"


def test_admin1_of_a_point(resolver: PlaceResolver) -> None:
    assert resolver.admin1_of(33.42, 43.30, "IQ") == "Anbar"


# --------------------------------------------------------------------------- devset gold locations


def _gold_locations(gold_dir: Path) -> list[dict]:
    locations = []
    for path in sorted(gold_dir.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        locations += [ev["location"] for ev in doc.get("events") or [] if ev.get("location")]
    return locations


def test_gold_locations_resolve_within_distance(resolver: PlaceResolver, gold_dir: Path) -> None:
    locations = _gold_locations(gold_dir)
    assert len(locations) >= 20
    within_25 = within_161 = 0
    for loc in locations:
        place = resolver.resolve(
            loc["name"], context_countries=[loc["country"]] if loc.get("country") else None
        )
        assert place.resolved, loc["name"]
        dist = distance_km(place.lat, place.lon, loc["lat"], loc["lon"])
        within_25 += dist <= 25
        within_161 += dist <= 161
        assert place.country == loc["country"], loc["name"]
    assert within_161 / len(locations) >= 0.97
    assert within_25 / len(locations) >= 0.80


# --------------------------------------------------------------------------- CLI


def test_cli_places_json() -> None:
    result = CliRunner().invoke(
        app, ["places", "Rockets hit Ain al-Asad air base in Anbar province.", "--json"]
    )
    assert result.exit_code == 0
    import json

    data = json.loads(result.output)
    assert data[0]["feature"] == "installation" and data[0]["installation"]["id"] == "iq-ain-al-asad"
    assert data[1]["admin1"] == "Anbar" and data[1]["precision"] == 3


# --------------------------------------------------------------------------- pitfalls found by probing


@pytest.mark.parametrize(
    ("text", "mention", "country"),
    [
        ("Saudi Arabia said it would host more troops.", "Saudi Arabia", "SA"),
        ("Trinidad and Tobago denied reports of a radar site.", "Trinidad and Tobago", "TT"),
        ("Bosnia and Herzegovina hosts peacekeepers near Sarajevo.", "Bosnia and Herzegovina", "BA"),
        (
            "The Democratic Republic of the Congo asked the mission to leave.",
            "Democratic Republic of the Congo",
            "CD",
        ),
        ("Côte d'Ivoire will keep the base, officials said.", "Côte d'Ivoire", "CI"),
    ],
)
def test_country_names_of_several_words(
    resolver: PlaceResolver, text: str, mention: str, country: str
) -> None:
    place = _only(resolver.find_places(text), mention)
    assert place.country == country and place.precision == 4


@pytest.mark.parametrize(
    "text",
    [
        "No casualties were reported on Friday.",
        "The USS Carney shot down drones over the sea.",
        "Hamas fighters fired rockets on Tuesday.",
        "The ministry summoned the Swiss envoy.",
        "Defense Secretary Lloyd Austin said the deployment was temporary.",
        "Gov. Denny Tamaki said the vote was clear.",
        "Ambassador Dorothy Shea met the minister.",
    ],
)
def test_words_that_are_not_places_here(resolver: PlaceResolver, text: str) -> None:
    assert resolver.find_places(text) == [], [(p.text, p.name) for p in resolver.find_places(text)]


def test_a_place_is_read_under_its_own_name_before_an_old_one(resolver: PlaceResolver) -> None:
    # GeoNames lists "Islamabad" among the old names of Chattogram (Bangladesh).
    place = _only(resolver.find_places("Officials met in Islamabad on Monday."), "Islamabad")
    assert place.country == "PK"


def test_a_town_of_similar_letters_is_not_a_bare_installation_name(resolver: PlaceResolver) -> None:
    place = _only(resolver.find_places("Jets struck targets near Baalbek in Lebanon."), "near Baalbek")
    assert place.installation is None and place.country == "LB"
    base = _only(resolver.find_places("Drones were shot down over Belbek in Crimea."), "Belbek")
    assert base.installation is not None


def test_a_sea_outranks_a_province_named_after_it(resolver: PlaceResolver) -> None:
    place = _only(resolver.find_places("The carrier group entered the Red Sea."), "Red Sea")
    assert place.feature == "region" and place.precision == 3


def test_a_province_named_as_such_tells_the_country_of_its_towns(resolver: PlaceResolver) -> None:
    places = resolver.find_places("Russian forces took control of Avdiivka in Donetsk region.")
    town = _only(places, "Avdiivka")
    assert town.country == "UA" and town.admin1 == "Donetsk"
    assert _only(places, "Donetsk region").country == "UA"


def test_a_town_across_the_border_of_the_text_country(resolver: PlaceResolver) -> None:
    places = resolver.find_places("Two soldiers were killed in Tal Abyad near the Turkish border.")
    town = _only(places, "Tal Abyad")
    assert town.country == "SY"
    border = next(p for p in places if p.feature == "region")
    assert border.country == "SY" and "Türkiye" in border.name


def test_sentence_initial_words_do_not_tell_the_country(resolver: PlaceResolver) -> None:
    # "Two" shares a coarse key with a large town abroad; it must not make the text about it.
    places = resolver.find_places("Two patrols were seen near the Syrian border in Anbar province.")
    border = next(p for p in places if p.feature == "region")
    assert border.country == "IQ" and border.admin1 == "Anbar"


def test_a_region_named_like_a_country_alias_stays_a_region(resolver: PlaceResolver) -> None:
    place = _only(resolver.find_places("Artillery shelled the Gaza Strip overnight."), "Gaza Strip")
    assert place.feature == "region" and place.precision == 3 and place.country == "PS"


def test_nationality_words_are_not_towns(resolver: PlaceResolver) -> None:
    places = resolver.find_places("South Korean and Thai officers met at Pocheon near the DMZ.")
    assert [p.text for p in places] == ["Pocheon"] and places[0].country == "KR"


def test_an_installation_the_register_lacks_is_kept_as_one(resolver: PlaceResolver) -> None:
    place = _only(
        resolver.find_places("US forces withdrew from the Kasrak base in northern Syria."), "Kasrak base"
    )
    assert place.feature == "installation" and place.installation is not None
    assert place.installation.id == "unlisted:kasrak"
    # No point of its own: the event is placed in the area that holds it, at that area's precision.
    assert place.installation.lat is None and place.country == "SY" and place.precision == 4


def test_an_unlisted_installation_named_after_a_town_is_near_it(resolver: PlaceResolver) -> None:
    place = _only(
        resolver.find_places("The army handed over the Abu Ghraib military base to the police."),
        "Abu Ghraib military base",
    )
    assert place.installation is not None and place.installation.lat is not None
    assert place.country == "IQ" and place.precision == 2


def test_an_unlisted_camp_takes_the_town_it_is_in(resolver: PlaceResolver) -> None:
    place = _only(
        resolver.find_places("Militants stormed Forward Operating Base Fenty in Jalalabad."),
        "Forward Operating Base Fenty",
    )
    assert place.installation is not None and place.country == "AF" and place.precision == 2


@pytest.mark.parametrize(
    "text",
    [
        "The club opened its Doha training camp on Monday.",
        "The senator energized his Republican base in Ohio.",
        "Rockets hit the US base on Tuesday.",
        "Analysts said the Russian airbase was busy.",
    ],
)
def test_not_every_base_is_an_unlisted_installation(resolver: PlaceResolver, text: str) -> None:
    assert not [p for p in resolver.find_places(text) if p.installation is not None]


def test_a_loose_spelling_abroad_is_no_match(resolver: PlaceResolver) -> None:
    places = resolver.find_places("A new runway on Mayun island in Yemen was spotted.")
    assert all(p.country in (None, "YE") for p in places), [(p.text, p.name, p.country) for p in places]


def test_a_list_of_places_shares_its_preposition(resolver: PlaceResolver) -> None:
    places = resolver.find_places("Turkish drones struck positions in Sinjar, Makhmour and Zummar on Sunday.")
    assert {p.text for p in places} >= {"Sinjar", "Makhmour", "Zummar"}
    assert all(p.country == "IQ" for p in places if p.text in ("Sinjar", "Makhmour", "Zummar"))


def test_a_transliteration_abroad_is_still_a_match(resolver: PlaceResolver) -> None:
    place = _only(
        resolver.find_places("Iranian missiles fell near Sulaimaniyah overnight."), "near Sulaimaniyah"
    )
    assert place.country == "IQ" and place.precision == 2


def test_a_bare_yaml_boolean_in_a_word_list_is_a_clear_error(tmp_path: Path) -> None:
    from basewatch.places.resolver import _load_lexicon

    path = tmp_path / "aliases.yaml"
    path.write_text("resolver:\n  not_places: [the, no, yes]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="quote it"):
        _load_lexicon(str(path))


def test_sentence_initial_function_words_are_not_places(resolver: PlaceResolver) -> None:
    assert resolver.find_places("No casualties were reported. On Sunday the convoy left.") == []


@pytest.mark.parametrize(("name", "expected"), [("Kut", "Al-Kut"), ("Faw", "Al Faw"), ("Qaim", "Al Qaim")])
def test_short_names_without_their_article(resolver: PlaceResolver, name: str, expected: str) -> None:
    place = _only(resolver.find_places(f"Fighting was reported in {name} in Iraq."), name)
    assert place.name == expected and place.country == "IQ"


@pytest.mark.parametrize(
    ("text", "installation_id"),
    [
        ("Drones hit the Russian naval base in Tartus overnight.", "sy-tartus"),
        ("Rockets targeted the US base in Erbil on Monday.", "iq-erbil-air-base"),
        ("Officials opened the Chinese support base in Djibouti.", "dj-pla-base"),
    ],
)
def test_a_base_named_by_its_operator_and_town(
    resolver: PlaceResolver, text: str, installation_id: str
) -> None:
    bases = [p for p in resolver.find_places(text) if p.installation is not None]
    assert [b.installation.id for b in bases] == [installation_id]


def test_an_operator_with_several_bases_around_a_place_names_none(resolver: PlaceResolver) -> None:
    places = resolver.find_places("The American base in Baghdad was quiet on Friday.")
    assert not [p for p in places if p.installation is not None]


def test_a_named_feature_that_starts_with_a_demonym(resolver: PlaceResolver) -> None:
    place = _only(resolver.find_places("A bomber flew over the Korean Peninsula."), "Korean Peninsula")
    assert place.resolved and place.feature == "region" and place.precision == 3


def test_a_region_named_as_such_beats_a_province_abroad(resolver: PlaceResolver) -> None:
    place = _only(
        resolver.find_places("Drones hit Erbil, the capital of Iraq's Kurdistan region."), "Kurdistan region"
    )
    assert place.country == "IQ" and place.feature == "region"


def test_a_border_crossed_over_is_a_border(resolver: PlaceResolver) -> None:
    border = next(
        p
        for p in resolver.find_places("Jets flew over the Iraqi-Syrian border on Monday.")
        if p.feature == "region"
    )
    assert border.country == "IQ" and "border" in border.name


def test_the_village_of_a_base_name_is_the_village(resolver: PlaceResolver) -> None:
    village = _only(resolver.find_places("Shells fell on the village of Lakenheath overnight."), "Lakenheath")
    assert village.installation is None and village.country == "GB"
    base = _only(resolver.find_places("Jets left Lakenheath overnight."), "Lakenheath")
    assert base.installation is not None and base.installation.id == "gb-lakenheath"


def test_a_province_the_gazetteer_lacks_is_not_a_town_known_by_another_name(resolver: PlaceResolver) -> None:
    # GeoNames lists "Cagayan" among the names of a town far from the province of Cagayan.
    place = _only(resolver.find_places("Two new sites are likely in Cagayan province."), "Cagayan")
    assert not place.resolved and place.lat is None and place.precision == 3


def test_an_unknown_village_in_a_known_place_is_located_there(resolver: PlaceResolver) -> None:
    place = _only(
        resolver.find_places("Clashes erupted in the village of Qarqoosh in Kirkuk on Monday."), "Qarqoosh"
    )
    assert place.resolved and place.country == "IQ" and place.precision == 2
    assert "Qarqoosh" in place.name and "Kirkuk" in place.name


def test_a_nationality_of_the_actor_does_not_make_the_text_about_its_country(resolver: PlaceResolver) -> None:
    # "French troops" say who acts; the towns they leave are read as towns, not France's business only.
    places = resolver.find_places("French troops withdrew from Kidal and Timbuktu last year.")
    kidal = _only(places, "Kidal")
    assert kidal.country == "ML" and kidal.precision == 1
