"""Shared harness of the YAML-driven extraction tests (fixtures/extract/detect.yaml, families.yaml)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from basewatch.extract import Extractor
from basewatch.records import Article, Event, Published

PUBLISHED = dt.date(2023, 5, 10)


def extract_text(extractor: Extractor, text: str, doc: str = "case") -> list[Event]:
    """Events of ``text`` as a body paragraph under a headline, as in an article."""
    body = "Latest report\n\n" + text.strip() + "\n"
    article = Article(text=body, doc=f"{doc}.txt", id=doc, published=Published(PUBLISHED, PUBLISHED))
    return extractor.extract(article)


def describe(events: list[Event]) -> str:
    return ", ".join(f"{e.type}/{e.modality}" for e in events) or "no events"


def check_case(extractor: Extractor, case: dict[str, Any]) -> None:
    """Every ``expect`` type (and modality) found, no ``absent`` type."""
    events = extract_text(extractor, case["text"], case["id"])
    for want in case.get("expect", []):
        found = any(
            e.type == want["type"] and ("modality" not in want or e.modality == want["modality"])
            for e in events
        )
        assert found, f"missing {want} in {describe(events)}"
    for absent in case.get("absent", []):
        assert all(e.type != absent for e in events), f"unexpected {absent} in {describe(events)}"


def check_silent(extractor: Extractor, case: dict[str, Any]) -> None:
    events = extract_text(extractor, case["text"], case["id"])
    assert not events, f"expected no event, got {describe(events)}"
