"""Event detection, typing and modality on short texts written for these tests
(fixtures/extract/families.yaml): leaving an installation without the word "withdraw", presence
in relative clauses and back-references, denials, construction in progress, air activity,
operations, territory, movements of forces and weapons, and look-alikes that must stay silent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from basewatch.extract import Extractor
from basewatch.records import Article, Event, Published

FIXTURES = Path(__file__).parent / "fixtures" / "extract" / "families.yaml"
DATA = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))
PUBLISHED = dt.date(2023, 5, 10)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """Rules only: detection and typing must not depend on the statistical parser."""
    return Extractor("blank")


def extract(extractor: Extractor, case: dict[str, Any]) -> list[Event]:
    # A headline first: the text under test is a body paragraph, as in an article.
    text = "Latest report\n\n" + case["text"].strip() + "\n"
    article = Article(
        text=text, doc=f"{case['id']}.txt", id=case["id"], published=Published(PUBLISHED, PUBLISHED)
    )
    return extractor.extract(article)


def _describe(events: list[Event]) -> str:
    return ", ".join(f"{e.type}/{e.modality}" for e in events) or "no events"


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["id"] for c in DATA["cases"]])
def test_detects_type_and_modality(extractor: Extractor, case: dict[str, Any]) -> None:
    events = extract(extractor, case)
    for want in case.get("expect", []):
        found = any(
            e.type == want["type"] and ("modality" not in want or e.modality == want["modality"])
            for e in events
        )
        assert found, f"missing {want} in {_describe(events)}"
    for absent in case.get("absent", []):
        assert all(e.type != absent for e in events), f"unexpected {absent} in {_describe(events)}"


@pytest.mark.parametrize("case", DATA["negatives"], ids=[c["id"] for c in DATA["negatives"]])
def test_look_alikes_yield_nothing(extractor: Extractor, case: dict[str, Any]) -> None:
    events = extract(extractor, case)
    assert not events, f"expected no event, got {_describe(events)}"
