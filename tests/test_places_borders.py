"""The land-border table (data/borders.csv) that "near the X border" resolves against."""

from __future__ import annotations

from basewatch.places import get_gazetteer
from basewatch.places.borders import border_between, load_borders


def test_borders_are_symmetric_and_share_their_point() -> None:
    borders = load_borders()
    assert len(borders) > 500
    for (country, neighbour), border in borders.items():
        other = border_between(neighbour, country)
        assert other is not None, (country, neighbour)
        assert (other.lat, other.lon) == (border.lat, border.lon)


def test_border_points_lie_in_both_countries_boxes() -> None:
    gazetteer = get_gazetteer()
    for (country, neighbour), border in load_borders().items():
        for code in (country, neighbour):
            area = gazetteer.countries.get(code)
            if area is None:
                continue
            assert area.contains(border.lat, border.lon, margin=0.5), (country, neighbour, code)


def test_admin_areas_along_a_border_belong_to_the_country() -> None:
    gazetteer = get_gazetteer()
    unknown = [
        (country, code)
        for (country, _), border in load_borders().items()
        for code in border.admin1_along
        if code in gazetteer.admin1 and gazetteer.admin1[code].country != country
    ]
    assert unknown == []
    along = border_between("IQ", "SY")
    assert along is not None
    names = {gazetteer.admin1[c].name for c in along.admin1_along}
    assert {"Anbar", "Nineveh"} <= names and "Basra" not in names


def test_no_border_between_countries_that_do_not_touch() -> None:
    assert border_between("IQ", "EG") is None
    assert border_between("IQ", None) is None


def test_the_packaged_index_was_built_from_the_current_alias_table() -> None:
    import yaml

    from basewatch.config import data_path
    from basewatch.places.gazetteer import baked_aliases_digest

    doc = yaml.safe_load(data_path("place_aliases.yaml").read_text(encoding="utf-8"))
    assert get_gazetteer().meta("aliases_digest") == baked_aliases_digest(doc), (
        "data/place_aliases.yaml changed since data/gazetteer.sqlite.gz was built: "
        "run `.venv/bin/python scripts/build_gazetteer.py` (then scripts/build_borders.py)"
    )
