"""Extraction on synthetic articles: every type and modality, attribution, captions, irrelevant text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from basewatch.extract import Extractor, load_lexicon, load_type_mappings
from basewatch.records import EVENT_TYPES, MODALITIES, Article, Block, Event, Published

FIXTURES = Path(__file__).parent / "fixtures" / "extract" / "articles.yaml"
DATA = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """Rules only (``blank``): the assertions must not hang on a statistical parser."""
    return Extractor("blank")


def make_article(spec: dict[str, Any]) -> Article:
    text = spec["text"]
    blocks: list[Block] = []
    if spec.get("blocks"):
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        blocks = [Block(kind=k, start=s, end=e) for k, (s, e) in zip(spec["blocks"], spans, strict=False)]
        blocks += [Block(kind="body", start=s, end=e) for s, e in spans[len(blocks) :]]
    published = None
    if spec.get("published"):
        day = dt.date.fromisoformat(spec["published"])
        published = Published(day, day)
    return Article(
        text=text,
        doc=f"{spec['id']}.txt",
        id=spec["id"],
        outlet=spec.get("outlet"),
        published=published,
        blocks=blocks,
    )


def _matches(event: Event, want: dict[str, Any]) -> bool:
    checks = {
        "type": event.type,
        "modality": event.modality,
        "actor": event.actor.name if event.actor else None,
        "source": event.attribution.source.kind,
        "background": event.background,
        "caption": event.caption,
        "fatalities": event.fatalities,
    }
    # "actor_not: Iraq" asserts the actor is anything but Iraq.
    return all(
        checks[key[: -len("_not")]] != value if key.endswith("_not") else checks[key] == value
        for key, value in want.items()
    )


def _describe(events: list[Event]) -> str:
    return "\n".join(
        f"  {e.type} {e.modality} actor={e.actor.name if e.actor else None} "
        f"source={e.attribution.source.kind} bg={e.background} caption={e.caption} fat={e.fatalities}"
        for e in events
    )


@pytest.mark.parametrize("spec", DATA["articles"], ids=[a["id"] for a in DATA["articles"]])
def test_synthetic_article_events(extractor: Extractor, spec: dict[str, Any]) -> None:
    events = extractor.extract(make_article(spec))
    for want in spec["expect"]:
        assert any(_matches(e, want) for e in events), f"missing {want} in\n{_describe(events)}"
    for absent in spec.get("absent", []):
        assert all(e.type != absent for e in events), f"unexpected {absent} in\n{_describe(events)}"


@pytest.mark.parametrize("spec", DATA["irrelevant"], ids=[a["id"] for a in DATA["irrelevant"]])
def test_irrelevant_articles_yield_nothing(extractor: Extractor, spec: dict[str, Any]) -> None:
    article = make_article(spec)
    assert extractor.extract(article) == []


def test_deployment_goes_to_its_destination(extractor: Extractor) -> None:
    spec = next(a for a in DATA["articles"] if a["id"] == "redeployment_direction")
    events = [e for e in extractor.extract(make_article(spec)) if e.type == "force.deploy"]
    assert events and events[0].location is not None
    assert events[0].location.country == "IQ", events[0].location


def test_relevance_prefilter(extractor: Extractor) -> None:
    assert extractor.is_relevant("US troops withdrew from the air base on Monday.")
    assert not extractor.is_relevant("The club's fan base grew after the training camp.")
    assert not extractor.is_relevant("")


def test_fixtures_cover_every_type_and_modality() -> None:
    wanted = [w for a in DATA["articles"] for w in a["expect"]]
    types = {w["type"] for w in wanted}
    modalities = {w["modality"] for w in wanted if "modality" in w}
    missing_types = set(EVENT_TYPES) - types
    assert len(DATA["articles"]) >= 15
    assert set(MODALITIES) <= modalities, set(MODALITIES) - modalities
    # base.withdraw is covered by the denial article; every other type by an article of its own.
    assert missing_types == set(), missing_types


def test_event_fields_and_offsets(extractor: Extractor) -> None:
    spec = next(a for a in DATA["articles"] if a["id"] == "pentagon_deploy")
    article = make_article(spec)
    events = extractor.extract(article)
    assert events
    for event in events:
        assert event.article_id == article.id
        assert event.doc == article.doc
        assert event.attribution.outlet == "Example Times"
        assert event.evidence is not None
        assert article.text[event.evidence.start : event.evidence.end].strip() == event.evidence.text
        assert 0.0 < event.confidence < 1.0
        assert event.id


def test_hedges_and_relay(extractor: Extractor) -> None:
    text = (
        "Troops reportedly leave desert base\n\n"
        "US troops have reportedly pulled out from the Tanf garrison, a local source told the Example Herald "
        "newspaper on Saturday.\n\n"
        "The source added that the so-called coalition had also evacuated two smaller outposts."
    )
    lexicon = load_lexicon()
    assert "example herald" not in lexicon.media_names  # a relay the dictionary does not know
    article = Article(
        text=text,
        id="t",
        outlet="Example Outlet",
        published=Published(dt.date(2024, 1, 8), dt.date(2024, 1, 8)),
    )
    events = extractor.extract(article)
    withdrawals = [e for e in events if e.type == "base.withdraw"]
    assert withdrawals, _describe(events)
    assert "reportedly" in withdrawals[0].hedges
    assert withdrawals[0].attribution.source.kind == "anonymous"
    assert withdrawals[0].attribution.via == ["Example Herald"]  # its name, without "the ... newspaper"


def test_known_relay_is_named_canonically(extractor: Extractor) -> None:
    text = (
        "Strike on base\n\n"
        "Drones attacked the Harir air base in Erbil overnight, a security source told Rudaw on Sunday.\n\n"
        "The source said there were no casualties."
    )
    article = Article(
        text=text, id="r", outlet="Example", published=Published(dt.date(2023, 3, 6), dt.date(2023, 3, 6))
    )
    events = [e for e in extractor.extract(article) if e.type == "base.attack"]
    assert events
    assert events[0].attribution.via == ["Rudaw"]
    assert events[0].actor is None  # the attacker is not named


def test_type_mappings_cover_every_type() -> None:
    mappings = load_type_mappings()
    assert set(mappings) == set(EVENT_TYPES)
    for etype, row in mappings.items():
        assert row["acled_event_type"] and row["plover_event_type"] and row["cameo_code"], etype


def test_bad_lexicon_file_names_file_and_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from basewatch.extract.lexicon import LexiconError, _cached

    extra = tmp_path / "mine.yaml"
    extra.write_text("triggers:\n  - id: x\n    type: base.nonsense\n    pattern: 'foo'\n", encoding="utf-8")
    monkeypatch.setenv("BASEWATCH_TRIGGERS", str(extra))
    _cached.cache_clear()
    with pytest.raises(LexiconError, match=r"mine\.yaml trigger 'x' field 'type'"):
        load_lexicon()
    extra.write_text(
        "triggers:\n  - id: y\n    type: base.attack\n    pattern: '(unclosed'\n", encoding="utf-8"
    )
    _cached.cache_clear()
    with pytest.raises(LexiconError, match=r"field 'pattern'"):
        load_lexicon()
    monkeypatch.delenv("BASEWATCH_TRIGGERS")
    _cached.cache_clear()


def test_user_trigger_file_extends_without_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from basewatch.extract.lexicon import _cached

    extra = tmp_path / "extra_triggers.yaml"
    extra.write_text(
        "triggers:\n  - id: user_mothball\n    type: base.withdraw\n"
        "    pattern: '\\bmothball(?:s|ed|ing)?\\b'\n"
        "    target: installation\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BASEWATCH_TRIGGERS", str(extra))
    _cached.cache_clear()
    try:
        custom = Extractor("blank")
        text = (
            "Navy mothballs base\n\nThe navy mothballed its northern base in March, military officials said."
        )
        events = custom.extract(Article(text=text, id="m"))
        assert any(e.type == "base.withdraw" for e in events), _describe(events)
    finally:
        monkeypatch.delenv("BASEWATCH_TRIGGERS")
        _cached.cache_clear()


class _BrokenResolver:
    """A place stage that fails on every text."""

    def find_places(self, text: str, context_countries: list[str] | None = None) -> list[object]:
        raise RuntimeError("gazetteer offline")

    def resolve(self, name: str, context_countries: list[str] | None = None) -> None:
        raise RuntimeError("gazetteer offline")


def test_failing_place_stage_keeps_the_events() -> None:
    broken = Extractor("blank", resolver=_BrokenResolver())
    spec = next(a for a in DATA["articles"] if a["id"] == "pentagon_deploy")
    events = broken.extract(make_article(spec))
    assert any(e.type == "force.deploy" and e.actor and e.actor.name == "United States" for e in events)
