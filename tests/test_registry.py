"""The installations register: contents, validation, lookup and matching."""

from __future__ import annotations

from pathlib import Path

import airportsdata
import pytest
from typer.testing import CliRunner

from basewatch.cli import app
from basewatch.config import data_path
from basewatch.places import distance_km, get_gazetteer
from basewatch.registry import Register, RegisterError, load_register, validate_register
from basewatch.registry.register import KINDS, REQUIRED_FIELDS


@pytest.fixture(scope="module")
def register() -> Register:
    return load_register()


@pytest.fixture(scope="module")
def airports() -> dict[str, dict]:
    return airportsdata.load()


def test_register_has_at_least_150_installations(register: Register) -> None:
    assert len(register.installations) >= 150
    assert len({i.id for i in register.installations}) == len(register.installations)


def test_packaged_register_validates_clean() -> None:
    assert validate_register(data_path("installations.yaml")) == []


def test_every_entry_has_required_fields(register: Register) -> None:
    for inst in register.installations:
        for fld in REQUIRED_FIELDS:
            assert getattr(inst, fld) not in (None, ""), (inst.id, fld)
        assert inst.kind in KINDS, inst.id
        assert inst.operators, inst.id


def test_every_entry_lies_inside_its_country(register: Register) -> None:
    gaz = get_gazetteer()
    outside = []
    for inst in register.installations:
        assert inst.lat is not None and inst.lon is not None
        area = gaz.countries.get(inst.country)
        if area is None:  # Kosovo (XK) is not in ISO 3166: check against its neighbour's box instead
            area = gaz.countries["RS"]
        if not area.contains(inst.lat, inst.lon, margin=0.5):
            outside.append(inst.id)
    assert outside == []


def test_icao_sourced_coordinates_match_airportsdata(register: Register, airports: dict[str, dict]) -> None:
    checked = 0
    for inst in register.installations:
        if not inst.coord_source.startswith("icao:"):
            continue
        code = inst.coord_source.split()[0].removeprefix("icao:")
        entry = airports[code]
        assert entry["country"] == inst.country, inst.id
        assert distance_km(inst.lat, inst.lon, entry["lat"], entry["lon"]) < 1.0, inst.id
        checked += 1
    assert checked >= 100


def test_every_coordinate_names_its_source(register: Register) -> None:
    for inst in register.installations:
        assert inst.coord_source.split(":")[0] in ("icao", "geonames", "approx"), inst.id


@pytest.mark.parametrize(
    ("text", "expected_mention"),
    [
        ("Rockets struck Ain al-Asad air base overnight.", "Ain al-Asad air base"),
        ("A convoy reached Ain al-Asad base on Sunday.", "Ain al-Asad base"),
        ("Drones targeted the Ain al-Assad Airbase again.", "Ain al-Assad Airbase"),
        ("Troops at Al Asad Airbase were on alert.", "Al Asad Airbase"),
        ("Troops at Ayn al-Asad were on alert.", "Ayn al-Asad"),
        ("Personnel left the K1 camps near the city.", "K1 camps"),
        ("Engineers repaired the runway at Q-West last year.", "Q-West"),
    ],
)
def test_match_finds_ain_al_asad_style_mentions(register: Register, text: str, expected_mention: str) -> None:
    hits = register.match(text)
    assert [text[s:e] for s, e, _ in hits] == [expected_mention]


def test_match_resolves_the_right_installation(register: Register) -> None:
    text = "Planes flew from Al Asad Airbase to the K-1 base and then to Q-West."
    ids = [inst.id for _, _, inst in register.match(text)]
    assert ids == ["iq-ain-al-asad", "iq-k1", "iq-qayyarah-west"]


def test_person_and_town_names_need_a_generic_word(register: Register) -> None:
    assert register.match("Bashar al-Assad met the delegation.") == []
    assert register.match("Protesters gathered in Balad on Friday.") == []
    hits = register.match("Mortars hit Balad air base on Friday.")
    assert [inst.id for _, _, inst in hits] == ["iq-balad"]


def test_lowercase_words_do_not_match(register: Register) -> None:
    assert register.match("the victory base of the team was tanf") == []


def test_find_is_spelling_insensitive(register: Register) -> None:
    for spelling in (
        "Ain al-Asad",
        "Ayn al Assad",
        "Ayan al-Assad",
        "AIN AL-ASAD AIR BASE",
        "Al Asad Air Base",
    ):
        inst = register.find(spelling)
        assert inst is not None and inst.id == "iq-ain-al-asad", spelling
    assert register.find("Qayyara West").id == "iq-qayyarah-west"
    assert register.find("Incirlik", country="TR").id == "tr-incirlik"
    assert register.find("Incirlik", country="IQ") is None
    assert register.find("Nowhere Special Base") is None


def test_aliases_do_not_collide_between_entries(register: Register) -> None:
    from basewatch.places import normalize_name

    owner: dict[str, str] = {}
    for inst in register.installations:
        for name in {normalize_name(n) for n in [inst.name, *inst.aliases]}:
            assert owner.setdefault(name, inst.id) == inst.id, (name, owner[name], inst.id)


BAD_REGISTER = """installations:
  - id: good-one
    name: Camp Example
    kind: camp
    country: IQ
    lat: 33.0
    lon: 44.0
    coord_source: approx
  - id: bad-one
    name: Camp Broken
    kind: fortress
    country: Iraq
    lat: 133.0
    coord_source: approx
"""


def test_malformed_file_problems_name_entry_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_REGISTER, encoding="utf-8")
    problems = validate_register(path)
    fields = {p.field for p in problems}
    assert {"kind", "country", "lat", "lon"} <= fields
    assert all(p.entry_id == "bad-one" and p.index == 1 for p in problems)
    message = str(problems[0])
    assert str(path) in message and "bad-one" in message and ":9 " in message


def test_load_register_raises_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_REGISTER, encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        load_register([path])
    assert "bad-one" in str(info.value) and "'kind'" in str(info.value)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("installations:\n  - id: x\n    name: [unclosed\n", encoding="utf-8")
    problems = validate_register(path)
    assert len(problems) == 1 and problems[0].line is not None and "YAML" in problems[0].message


def test_duplicate_alias_between_entries_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(
        "- {id: a, name: Camp Alpha, aliases: [Alpha Site], kind: camp, country: IQ, lat: 33, lon: 44,"
        " coord_source: approx}\n"
        "- {id: b, name: Camp Beta, aliases: [Alpha-site], kind: camp, country: IQ, lat: 33, lon: 44,"
        " coord_source: approx}\n",
        encoding="utf-8",
    )
    problems = validate_register(path)
    assert [(p.entry_id, p.field) for p in problems] == [("b", "aliases")]


def test_user_file_from_environment_adds_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "installations:\n"
        "  - {id: test-zz-outpost, name: Outpost Zebulon, kind: outpost, country: IQ, lat: 34.1, lon: 42.2,"
        " operators: [Nobody], coord_source: approx}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BASEWATCH_REGISTER", str(path))
    reg = load_register()
    assert reg.find("Outpost Zebulon").id == "test-zz-outpost"
    assert reg.get("iq-ain-al-asad") is not None  # the packaged entries stay


def test_cli_registry_validate_and_list(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["registry", "validate"])
    assert ok.exit_code == 0 and "OK" in ok.output
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_REGISTER, encoding="utf-8")
    bad = runner.invoke(app, ["registry", "validate", str(path)])
    assert bad.exit_code == 1 and "bad-one" in bad.output
    listed = runner.invoke(app, ["registry", "list", "--country", "QA", "--json"])
    assert listed.exit_code == 0 and "qa-al-udeid" in listed.output


def test_an_id_with_a_colon_is_refused(tmp_path: Path) -> None:
    # "unlisted:<key>" names installations the register lacks; a register id must never look like one.
    path = tmp_path / "colon.yaml"
    path.write_text(
        "installations:\n"
        "- id: 'unlisted:kasrak'\n"
        "  name: Kasrak base\n"
        "  kind: base\n"
        "  country: SY\n"
        "  lat: 36.5\n"
        "  lon: 40.9\n"
        "  coord_source: 'approx: a test'\n",
        encoding="utf-8",
    )
    problems = validate_register(path)
    assert [p.field for p in problems] == ["id"] and "unlisted:kasrak" in str(problems[0])


def test_a_town_name_with_a_generic_word_means_the_installation(register: Register) -> None:
    text = "A tanker stood at the Manas transit centre in March."
    assert [inst.id for _, _, inst in register.match(text)] == ["kg-manas"]
    assert register.match("Manas is a village in the valley.") == []


def test_no_bare_alias_is_the_name_of_a_town(register: Register) -> None:
    """A town's own name alone ("Aviano", "Harir") means the town; it belongs in ``place_names``, where
    it means the installation only next to "air base", "camp" ..."""
    from basewatch.places import get_gazetteer
    from basewatch.places.normalize import fold

    gazetteer = get_gazetteer()
    generic = {
        "base",
        "air",
        "airbase",
        "airfield",
        "camp",
        "station",
        "naval",
        "field",
        "airport",
        "barracks",
    }
    towns = []
    for inst in register.installations:
        for alias in (inst.name, *inst.aliases):
            words = fold(alias).replace("-", " ").split()
            if generic & set(words):
                continue
            towns += [
                (inst.id, alias, f.country)
                for f in gazetteer.lookup(alias)
                if f.kind == "place"
                and f.population >= 5000
                and fold(f.name).replace("-", " ").split() == words
            ]
    assert towns == []
