"""Extraction on synthetic articles from many outlets and regions: places named after the
lede, counterparts, denials, speculation and relays (fixtures/extract/round2.yaml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from basewatch.extract import Extractor
from basewatch.records import Article, Event, Published

FIXTURES = Path(__file__).parent / "fixtures" / "extract" / "round2.yaml"
DATA = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """The product's extractor (default spaCy model), loaded once for the module."""
    return Extractor()


def make_article(spec: dict[str, Any]) -> Article:
    day = dt.date.fromisoformat(spec["published"])
    return Article(
        text=spec["text"],
        doc=f"{spec['id']}.txt",
        id=spec["id"],
        outlet=spec.get("outlet"),
        published=Published(day, day),
    )


def _field(event: Event, key: str) -> Any:
    if key == "actor":
        return event.actor.name if event.actor else None
    if key == "counterpart":
        return event.counterpart.name if event.counterpart else None
    if key == "source":
        return event.attribution.source.kind
    if key == "via":
        return event.attribution.via
    if key == "place":
        return (event.location.name if event.location else "").lower()
    return getattr(event, key)


def _matches(event: Event, want: dict[str, Any]) -> bool:
    for key, value in want.items():
        got = _field(event, key)
        if key == "place" and value not in got:
            return False
        if key == "via" and (value not in got if isinstance(value, str) else got != value):
            return False
        if key not in ("place", "via") and got != value:
            return False
    return True


def _describe(events: list[Event]) -> str:
    return "\n".join(
        f"  {e.type} {e.modality} actor={_field(e, 'actor')} counterpart={_field(e, 'counterpart')} "
        f"source={_field(e, 'source')} via={e.attribution.via} place={_field(e, 'place')}"
        for e in events
    )


@pytest.mark.parametrize("spec", DATA["articles"], ids=[a["id"] for a in DATA["articles"]])
def test_round2_article_events(extractor: Extractor, spec: dict[str, Any]) -> None:
    events = extractor.extract(make_article(spec))
    for want in spec["expect"]:
        assert any(_matches(e, want) for e in events), f"missing {want} in\n{_describe(events)}"
    for absent in spec.get("absent", []):
        assert all(e.type != absent for e in events), f"unexpected {absent} in\n{_describe(events)}"


def test_fixtures_are_many_styles() -> None:
    styles = {a["style"] for a in DATA["articles"]}
    assert len(DATA["articles"]) >= 10 and len(styles) >= 10


def test_lede_region_refined_by_next_sentence(extractor: Extractor) -> None:
    """The region of the lede gives way to the district where the next sentence puts "the new
    base", but not to a town a sentence names without referring to the site."""
    text = (
        "Army builds outpost\n\n"
        "Troops from Ruritania are setting up a new military outpost in the west of Iraq "
        "close to the Syrian border, "
        "officials said on Monday.\n\n"
        "{sentence}\n"
    )
    near = extractor.extract(
        make_article(
            {
                "id": "a",
                "published": "2021-02-01",
                "text": text.format(sentence="The new base lies in al-Qaim District."),
            }
        )
    )
    far = extractor.extract(
        make_article(
            {
                "id": "b",
                "published": "2021-02-01",
                "text": text.format(sentence="Officials said trucks were seen in Basra."),
            }
        )
    )
    built_near = [e for e in near if e.type == "base.construct"]
    built_far = [e for e in far if e.type == "base.construct"]
    assert built_near and "qa" in built_near[0].location.name.lower()
    assert built_far and "basra" not in (built_far[0].location.name or "").lower()


def test_strike_on_a_named_installation_is_an_attack(extractor: Extractor) -> None:
    text = (
        "Missiles hit airfield\n\n"
        "Russian forces delivered a strike with long-range missiles on the Starokostiantyniv airfield "
        "overnight, the ministry said on Friday.\n"
    )
    events = extractor.extract(make_article({"id": "c", "published": "2024-05-03", "text": text}))
    attacks = [e for e in events if e.type == "base.attack"]
    assert attacks and not [e for e in events if e.type == "force.strike"]
    assert attacks[0].counterpart is not None and attacks[0].counterpart.name == "Ukraine"
