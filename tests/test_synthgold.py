"""The synthetic second gold set (tests/fixtures/synthgold): it parses, it covers the spec, and the extractor
keeps its measured generalisation floors on it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from basewatch.evaluate import GoldDoc, Report, evaluate, load_gold
from basewatch.extract import Extractor
from goldset_checks import (
    check_coverage,
    check_evidence_copied,
    check_floors,
    check_no_seed_text,
    check_texts_exist,
    check_undated_articles,
)

SYNTHGOLD = Path(__file__).parent / "fixtures" / "synthgold"
GOLD = SYNTHGOLD / "gold"
TEXTS = SYNTHGOLD / "texts"
FLOORS_FILE = Path(__file__).parent / "accuracy_floors_synthgold.yaml"
FLOORS = yaml.safe_load(FLOORS_FILE.read_text(encoding="utf-8"))
# The brief of the set: 24 articles, every type at least twice, every modality at least three times.
EXPECTED_DOCUMENTS = 24
MIN_PER_TYPE = 2
MIN_PER_MODALITY = 3
MIN_NO_EVENT_DOCUMENTS = 4


@pytest.fixture(scope="module")
def gold_docs() -> list[GoldDoc]:
    return load_gold(GOLD)


@pytest.fixture(scope="module")
def report() -> Report:
    """One evaluation of the default extractor (statistical parser included) on the synthetic set."""
    return evaluate(GOLD, TEXTS, extractor=Extractor())


def test_gold_parses_with_metadata(gold_docs: list[GoldDoc]) -> None:
    check_texts_exist(gold_docs, TEXTS, EXPECTED_DOCUMENTS)
    assert check_undated_articles(gold_docs) == 0


def test_evidence_is_copied_from_the_text(gold_docs: list[GoldDoc]) -> None:
    check_evidence_copied(gold_docs, TEXTS)


def test_every_event_type_and_modality_is_covered(gold_docs: list[GoldDoc]) -> None:
    check_coverage(
        gold_docs,
        per_type=MIN_PER_TYPE,
        per_modality=MIN_PER_MODALITY,
        no_event_documents=MIN_NO_EVENT_DOCUMENTS,
    )


def test_no_seed_text_is_copied(seeds_dir: Path) -> None:
    check_no_seed_text(TEXTS, seeds_dir)


def test_floors(report: Report, gold_docs: list[GoldDoc]) -> None:
    check_floors(report, FLOORS, gold_docs)
