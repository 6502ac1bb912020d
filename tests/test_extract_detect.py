"""Event detection, typing and modality on short texts written for these tests
(fixtures/extract/detect.yaml): politics told in many wordings, plans and speculation,
country-level deployments and withdrawals, presence versus change, and look-alikes that
must not become events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from basewatch.extract import Extractor
from basewatch.records import Article, Published
from extract_cases import check_case, check_silent, extract_text

FIXTURES = Path(__file__).parent / "fixtures" / "extract" / "detect.yaml"
DATA = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """Rules only: detection and typing must not depend on the statistical parser."""
    return Extractor("blank")


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["id"] for c in DATA["cases"]])
def test_detects_type_and_modality(extractor: Extractor, case: dict[str, Any]) -> None:
    check_case(extractor, case)


@pytest.mark.parametrize("case", DATA["negatives"], ids=[c["id"] for c in DATA["negatives"]])
def test_look_alikes_yield_nothing(extractor: Extractor, case: dict[str, Any]) -> None:
    check_silent(extractor, case)


def test_every_politics_type_has_several_wordings() -> None:
    wanted = [w["type"] for c in DATA["cases"] for w in c.get("expect", [])]
    for etype in ("politics.agreement", "politics.demand_withdrawal", "politics.threat", "politics.reject"):
        assert wanted.count(etype) >= 4, etype


def test_dated_file_photo_is_its_own_event(extractor: Extractor) -> None:
    """A caption restating the body is dropped like a headline, but a file photo dated another day
    shows another flight: it stays as a caption event with its own date."""
    text = (
        "Bombers over the peninsula\n\n"
        "US strategic bombers have flown over the Korean Peninsula several times this year, officials "
        "in Seoul said on Thursday.\n\n"
        "(Photo) In this file photo taken March 3, 2021, a US B-52 bomber flies over the Korean "
        "Peninsula during a drill.\n"
    )
    day = dt.date(2021, 6, 10)
    events = extractor.extract(Article(text=text, doc="p.txt", id="p", published=Published(day, day)))
    captions = [e for e in events if e.type == "force.air" and e.caption]
    assert captions and captions[0].date is not None and captions[0].date.start == dt.date(2021, 3, 3)
    assert any(e.type == "force.air" and not e.caption for e in events)


def test_the_stage_of_an_operation_is_no_sports_stage(extractor: Extractor) -> None:
    text = (
        "The first stage of operations to clear the desert of militants started on Wednesday, the army said."
    )
    assert [e.type for e in extract_text(extractor, text)] == ["force.operation"]


@pytest.mark.parametrize(
    "text",
    [
        "The Iraqi government refused to grant immunity to US troops, officials said.",
        "The junta refused to allow French forces to remain in the country, state television said.",
        "The government declined to renew the lease on the air base used by US forces.",
    ],
)
def test_refusing_the_terms_of_a_presence_is_a_rejection(extractor: Extractor, text: str) -> None:
    assert "politics.reject" in [e.type for e in extract_text(extractor, text)]


@pytest.mark.parametrize(
    "text",
    ["The club declined to renew the lease on its stadium.", "The company refused to renew the contract."],
)
def test_refusing_civilian_terms_is_no_rejection(extractor: Extractor, text: str) -> None:
    assert extract_text(extractor, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The militia threatened to target US bases if Washington does not withdraw its forces.",
        "The group warned it would attack foreign forces unless they withdraw by the end of the year.",
    ],
)
def test_the_condition_of_a_threat_is_no_withdrawal(extractor: Extractor, text: str) -> None:
    types = [e.type for e in extract_text(extractor, text)]
    assert "politics.threat" in types and "force.withdraw" not in types


@pytest.mark.parametrize(
    "text",
    [
        "A convoy carrying logistics equipment for US forces was targeted by a roadside bomb in Diwaniyah.",
        "Militants attacked a US military convoy near Nasiriyah on Monday.",
        "A bomb exploded as a convoy carrying supplies for US troops passed through Babil.",
    ],
)
def test_an_attack_on_a_military_convoy_is_a_strike(extractor: Extractor, text: str) -> None:
    strikes = [e for e in extract_text(extractor, text) if e.type == "force.strike"]
    assert strikes and strikes[0].location is not None and strikes[0].location.country == "IQ"


def test_a_civilian_convoy_is_no_strike(extractor: Extractor) -> None:
    text = "The presidential convoy was attacked by protesters in the capital."
    assert extract_text(extractor, text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "The United States has reduced its troop numbers in Iraq to 2,500, the Pentagon said.",
            "force.withdraw",
        ),
        ("The prime minister said foreign combat troops are no longer needed in Iraq.", "politics.reject"),
        ("Iraq no longer needs foreign combat forces, the prime minister said.", "politics.reject"),
    ],
)
def test_troop_levels_and_forces_no_longer_needed(extractor: Extractor, text: str, kind: str) -> None:
    assert kind in [e.type for e in extract_text(extractor, text)]
